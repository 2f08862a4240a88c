"""The Matches tab and a match's page (issue #14): ranked, explained matches in both languages;
decisions with their kept score; referrals (consent-gated) and placements; refusals of bad
input; scope (foreign cases and entries, read-only roles); timeline, audit, subject record and
erasure."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.enterprise.models import Enterprise, EnterpriseStage
from returnsvc.extensions import db
from returnsvc.matching import contributions
from returnsvc.matching.models import DecisionStatus, MatchDecision, Placement
from returnsvc.matching.services import save_weights
from returnsvc.partners.models import Referral
from returnsvc.partners.services import create_partner
from returnsvc.skills.models import WorkExperience, WorkPlace
from tests.cases.helpers import other_client
from tests.guide_factories import ensure_isco
from tests.helpers import audit_actions

ES_BRICKLAYER = "7112"
NURSE = "2221"


def _worked(app, returnee_id, isco, years):
    with app.app_context():
        ensure_isco(isco)
        db.session.add(
            WorkExperience(
                returnee_id=returnee_id,
                isco_code=isco,
                years_experience=Decimal(years),
                place=WorkPlace.ABROAD,
            )
        )
        db.session.commit()


@pytest.fixture
def world(app, make, sign_in):
    """An Ecuadorian office, its counsellor (English pages), a case of a bricklayer with six
    years, and the current labour and business guides of Ecuador."""

    class World:
        pass

    w = World()
    w.office = make.office("EC")
    w.me = sign_in("counsellor", office_id=w.office.id, locale="en")
    w.returnee_id = make.returnee(origin_country="EC")
    w.case = make.case(office_id=w.office.id, counsellor_id=w.me.id, returnee_id=w.returnee_id)
    _worked(app, w.returnee_id, ES_BRICKLAYER, "6")
    labour = make.edition("EC", "labour_market")
    w.bricks = make.demand_entry(labour, isco_code=ES_BRICKLAYER, experience_years=4)
    w.nursing = make.demand_entry(labour, isco_code=NURSE, demand_level="medium")
    business = make.edition("EC", "business")
    w.shop = make.opportunity(business, occupations=(ES_BRICKLAYER,))
    return w


def _decide(client, w, entry_id, kind="demand", **data):
    page = f"/cases/{w.case.id}/matches/{kind}/{entry_id}"
    with client.application.app_context():
        latest = db.session.scalar(
            select(MatchDecision.id)
            .where(MatchDecision.case_id == w.case.id, MatchDecision.entry_id == entry_id)
            .order_by(MatchDecision.id.desc())
            .limit(1)
        )
    form = {"seen": str(latest or 0), "wage_period": "month"} | data
    return client.post(page, data=form)


def _decisions(app, case_id):
    with app.app_context():
        rows = db.session.scalars(
            select(MatchDecision).where(MatchDecision.case_id == case_id).order_by(MatchDecision.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def test_the_tab_ranks_and_explains_in_both_languages(app, client, make, world):
    page = client.get(f"/cases/{world.case.id}/matches").get_data(as_text=True)
    assert page.index(f"match-demand-{world.bricks}") < page.index(f"match-demand-{world.nursing}")
    assert "Same occupation" in page and "What is missing" in page
    assert "Needs a recognised qualification: start the recognition procedure" in page
    assert f"match-opportunity-{world.shop}" in page
    colleague = make.user("counsellor", office_id=world.office.id, locale="es")
    spanish = other_client(app, colleague)
    page = spanish.get(f"/cases/{world.case.id}/matches").get_data(as_text=True)
    assert "Misma ocupación" in page and "Qué falta" in page


def test_filters_and_bad_filter_values(client, world):
    only_business = client.get(f"/cases/{world.case.id}/matches?kind=opportunity")
    text = only_business.get_data(as_text=True)
    assert f"match-opportunity-{world.shop}" in text and "match-demand-" not in text
    high = client.get(f"/cases/{world.case.id}/matches?min_score=99").get_data(as_text=True)
    assert "match-demand-" not in high
    for odd in ("101", "-1", "²", "2147483648", "abc"):
        response = client.get(f"/cases/{world.case.id}/matches?min_score={odd}")
        assert response.status_code == 200, odd
    odd_region = client.get(f"/cases/{world.case.id}/matches?region=XX-99&kind=nothing")
    assert odd_region.status_code == 200
    assert "Not a valid choice" in odd_region.get_data(as_text=True)


def test_a_decision_flow_to_a_placement_with_the_score_kept(app, client, world):
    assert _decide(client, world, world.bricks, status="shortlisted").status_code == 302
    first = _decisions(app, world.case.id)[0]
    assert first.status is DecisionStatus.SHORTLISTED and first.weights_version == "2026-12-default"
    assert {c["name"] for c in first.components} >= {"occupation", "experience"}
    with app.test_request_context():
        values = {"occupation": 40, "skills": 10, "experience": 10, "education": 10,
                  "certifications": 5, "region": 10, "demand_level": 5,
                  "recognition": 10}  # fmt: skip
        save_weights("demand", values, "", None)
        db.session.commit()
    assert _decide(client, world, world.bricks, status="applied").status_code == 302
    assert _decide(client, world, world.bricks, status="interview").status_code == 302
    response = _decide(
        client, world, world.bricks, status="hired", employer_name="Constructora Andina",
        job_title="Oficial albañil", start_date="2026-12-14", wage="650.50", currency="USD",
        contract_type="fixed_term", is_formal="y", hours_per_week="40",
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    rows = _decisions(app, world.case.id)
    assert [r.status.value for r in rows] == ["shortlisted", "applied", "interview", "hired"]
    assert rows[0].weights_version == "2026-12-default" and rows[-1].weights_version == "1"
    with app.app_context():
        placement = db.session.scalar(select(Placement).where(Placement.case_id == world.case.id))
        assert placement.wage == Decimal("650.50") and placement.currency == "USD"
        assert placement.is_formal and placement.hours_per_week == 40
    assert {"match.decided", "placement.recorded"} <= set(audit_actions(app))
    timeline = client.get(f"/cases/{world.case.id}").get_data(as_text=True)
    assert "Hired:" in timeline and "Constructora Andina" in timeline
    assert "Working at Constructora Andina" in timeline  # the summary panel
    # Hired is final.
    again = _decide(client, world, world.bricks, status="dismissed", note="changed my mind")
    assert again.status_code == 200 and len(_decisions(app, world.case.id)) == 4


def test_refusals_keep_nothing_half_written(app, client, world):
    url_case = world.case.id
    no_reason = _decide(client, world, world.bricks, status="dismissed")
    assert "Say why the match is dismissed." in no_reason.get_data(as_text=True)
    for wage in ("-5", "²", "1e400", "abc", "99999999999999"):
        response = _decide(
            client, world, world.bricks, status="hired", employer_name="X",
            start_date="2026-12-14", wage=wage, currency="USD", contract_type="permanent",
        )  # fmt: skip
        assert response.status_code == 200, wage
    for hours in ("0", "99", "2147483648", "٣"):
        response = _decide(
            client, world, world.bricks, status="hired", employer_name="X",
            start_date="2026-12-14", contract_type="permanent", hours_per_week=hours,
        )  # fmt: skip
        assert response.status_code == 200, hours
    no_employer = _decide(
        client, world, world.bricks, status="hired", start_date="2026-12-14",
        contract_type="permanent",
    )  # fmt: skip
    assert "write its name" in no_employer.get_data(as_text=True)
    unknown = _decide(client, world, world.bricks, status="promoted")
    assert unknown.status_code == 200
    stale = client.post(
        f"/cases/{url_case}/matches/demand/{world.bricks}",
        data={"seen": "0", "status": "shortlisted"},
    )
    assert stale.status_code == 302
    twice = client.post(
        f"/cases/{url_case}/matches/demand/{world.bricks}",
        data={"seen": "0", "status": "applied"},
    )
    assert "after you opened the page" in twice.get_data(as_text=True)
    assert [d.status.value for d in _decisions(app, url_case)] == ["shortlisted"]
    with app.app_context():
        assert db.session.scalar(select(Placement.id)) is None


def test_a_referral_needs_the_sharing_consent(app, client, make, world):
    with app.test_request_context():
        partner = create_partner(
            {"name": "SECAP Quito", "kind": "training", "country": "EC"}, actor=None
        )
        db.session.commit()
        partner_id = partner.id
    make_refusal = _decide(
        client, world, world.bricks, status="referred", partner_id=str(partner_id),
        purpose="Curso de albañilería",
    )  # fmt: skip
    assert make_refusal.status_code == 302  # consented (the factory's default)
    with app.app_context():
        referral = db.session.scalar(select(Referral).where(Referral.case_id == world.case.id))
        assert referral is not None
    assert _decisions(app, world.case.id)[0].referral_id == referral.id

    shy = make.returnee(origin_country="EC", consents=("service",))
    case = make.case(office_id=world.office.id, counsellor_id=world.me.id, returnee_id=shy)
    _worked(app, shy, ES_BRICKLAYER, "2")
    response = client.post(
        f"/cases/{case.id}/matches/demand/{world.bricks}",
        data={"seen": "0", "status": "referred", "partner_id": str(partner_id), "purpose": "x"},
    )
    assert "not consented to sharing" in response.get_data(as_text=True)
    assert _decisions(app, case.id) == []


def test_scope_foreign_cases_and_entries(app, client, make, world):
    other_office = make.office("EC")
    foreign = make.case(office_id=other_office.id)
    assert client.get(f"/cases/{foreign.id}/matches").status_code == 404
    foreign_post = client.post(
        f"/cases/{foreign.id}/matches/demand/{world.bricks}", data={"status": "shortlisted"}
    )
    assert foreign_post.status_code == 404
    peru = make.demand_entry(make.edition("PE", "labour_market"), isco_code=ES_BRICKLAYER)
    draft = make.demand_entry(make.edition("EC", "labour_market", published=False))
    for entry in (peru, draft, 2147483647):
        assert client.get(f"/cases/{world.case.id}/matches/demand/{entry}").status_code == 404
    assert client.get(f"/cases/{world.case.id}/matches/demand/2147483648").status_code == 404
    assert client.get(f"/cases/{world.case.id}/matches/job/{world.bricks}").status_code == 404
    manager = other_client(app, make.user("manager", office_id=world.office.id))
    assert manager.get(f"/cases/{world.case.id}/matches/demand/{world.bricks}").status_code == 200
    read_only = manager.post(
        f"/cases/{world.case.id}/matches/demand/{world.bricks}", data={"status": "shortlisted"}
    )
    assert read_only.status_code == 403


def test_markup_in_decisions_stays_text(app, client, world):
    markup = '"><img src=x onerror=alert(1)><meta http-equiv=refresh content=0>'
    _decide(client, world, world.bricks, status="dismissed", note=markup)
    for url in (
        f"/cases/{world.case.id}",
        f"/cases/{world.case.id}/matches/demand/{world.bricks}",
        f"/cases/{world.case.id}/matches",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in page and "<meta http-equiv=refresh" not in page


def test_subject_record_and_erasure(app, client, world):
    _decide(client, world, world.bricks, status="dismissed", note="No quiere trabajar de noche")
    with app.test_request_context():
        returnee = db.session.get(Case, world.case.id).returnee
        [record] = contributions._record(returnee, [world.case.id], None)
        assert record["note"] == "No quiere trabajar de noche" and record["score"] > 0
        contributions._erase(returnee.id, [world.case.id])
        db.session.commit()
    assert _decisions(app, world.case.id)[0].note == ""


def test_business_started_opens_the_enterprise_record(app, client, world):
    shortlisted = _decide(client, world, world.shop, kind="opportunity", status="shortlisted")
    assert shortlisted.status_code == 302
    response = _decide(client, world, world.shop, kind="opportunity", status="business_started")
    assert response.status_code == 302
    with app.app_context():
        [enterprise] = db.session.scalars(
            select(Enterprise).where(Enterprise.case_id == world.case.id)
        ).all()
        assert enterprise.opportunity_id == world.shop and enterprise.stage is EnterpriseStage.IDEA
    assert "enterprise.created" in audit_actions(app)
