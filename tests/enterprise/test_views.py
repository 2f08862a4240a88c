"""The Enterprise tab as a counsellor uses it: a business from idea to operating with a plan,
training, funding, a micro-loan and its repayments, and a follow-up visit, in English and in
Spanish; refusals next to their field with nothing written; ids of other cases answered 404;
managers read (and write off loans), never write; the timeline tells what happened; markup
stays text."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.enterprise import funding, services
from returnsvc.enterprise.models import (
    BusinessPlan,
    Enterprise,
    EnterpriseStage,
    FollowUpVisit,
    FundingSource,
    FundingStatus,
    Loan,
    Repayment,
)
from returnsvc.extensions import db
from returnsvc.partners.services import create_partner
from tests.cases.helpers import other_client
from tests.helpers import audit_actions

MARKUP = '<img src=x onerror="alert(1)">'


def _text(response) -> str:
    return response.get_data(as_text=True)


def _setup(make, sign_in, locale="en"):
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id, locale=locale)
    case = make.case(office_id=office.id, counsellor_id=me.id)
    return office, me, case


def _row(app, model, ident):
    with app.app_context():
        row = db.session.get(model, ident)
        db.session.expunge(row)
        return row


def _enterprise_of(app, case_id) -> Enterprise:
    with app.app_context():
        row = db.session.scalar(select(Enterprise).where(Enterprise.case_id == case_id))
        db.session.expunge(row)
        return row


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _partner(app, name="Cooperativa Jardín Azuayo") -> int:
    with app.test_request_context():
        partner = create_partner({"name": name, "kind": "other", "country": "EC"}, actor=None)
        db.session.commit()
        return partner.id


def _move(client, case_id, enterprise_id, app, stage, **dates):
    version = _row(app, Enterprise, enterprise_id).version
    response = client.post(
        f"/cases/{case_id}/enterprise/{enterprise_id}/stage",
        data={"stage": stage, "version": version, **dates},
    )
    assert response.status_code == 302, _text(response)[:2000]
    assert _row(app, Enterprise, enterprise_id).stage == EnterpriseStage(stage)


def _business(app, case_id, *, launched=True, loan=True, name="Panadería") -> dict:
    """A business built through the services, with a micro-loan and a repayment."""
    today = local_today()
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        enterprise = services.create_enterprise(case, {"name": name, "sector": "C"}, actor=None)
        ids = {"enterprise": enterprise.id}
        if launched:
            for stage in ("plan", "financing"):
                services.move_enterprise(
                    enterprise, stage, {}, version=enterprise.version, actor=None
                )
            services.move_enterprise(
                enterprise, "launched", {"launched_on": today - timedelta(days=100)},
                version=enterprise.version, actor=None,
            )  # fmt: skip
        if loan:
            source = funding.add_funding(
                enterprise,
                {"kind": "micro_loan", "amount": Decimal("1200"), "currency": "USD",
                 "status": "approved"},
                actor=None,
            )  # fmt: skip
            terms = funding.add_loan(
                source,
                {"annual_rate": Decimal("12"), "term_months": 12, "method": "flat",
                 "disbursed_on": today - timedelta(days=90)},
                actor=None,
            )  # fmt: skip
            repayment = funding.record_repayment(
                terms, {"amount": Decimal("50"), "paid_on": today - timedelta(days=40)}, actor=None
            )
            ids.update(funding=source.id, loan=terms.id, repayment=repayment.id)
        db.session.commit()
    return ids


# --- the journey -------------------------------------------------------------------------------


def test_a_counsellor_takes_a_business_from_idea_to_operating(app, client, make, sign_in):
    _office, me, case = _setup(make, sign_in)
    programme = make.programme("EC", kind="training")
    partner = _partner(app)
    base = f"/cases/{case.id}/enterprise"
    today = local_today()

    empty = client.get(base)
    assert empty.status_code == 200 and "No business yet." in _text(empty)

    response = client.post(
        f"{base}/new",
        data={"name": "Panadería Loja", "sector": "C", "region_code": "EC-L", "jobs_owner": "1",
              "jobs_family_women": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    enterprise = _enterprise_of(app, case.id)
    assert enterprise.stage is EnterpriseStage.IDEA and enterprise.jobs == 2
    eid = enterprise.id

    _move(client, case.id, eid, app, "plan")
    plan = {
        "description": "Bread and cakes for the neighbourhood",
        "currency": "USD",
        "total_investment": "5,000.00",
        "own_contribution": "1000",
        "monthly_revenue": "1500",
        "monthly_costs": "1000",
    }
    assert client.post(f"{base}/{eid}/plan/new", data=plan).status_code == 302
    # A revision adds a version and keeps the first.
    revised = client.get(f"{base}/{eid}/plan/new")
    assert "Bread and cakes" in _text(revised)  # the revision starts from the latest version
    assert (
        client.post(f"{base}/{eid}/plan/new", data=plan | {"monthly_costs": "900"}).status_code
        == 302
    )
    with app.app_context():
        versions = db.session.scalars(
            select(BusinessPlan.monthly_costs).where(BusinessPlan.enterprise_id == eid)
            .order_by(BusinessPlan.version)
        ).all()  # fmt: skip
    assert versions == [Decimal("1000.00"), Decimal("900.00")]

    response = client.post(
        f"{base}/{eid}/training/new",
        data={"programme_id": programme, "attended_on": str(today - timedelta(days=30)),
              "is_completed": "y"},
    )  # fmt: skip
    assert response.status_code == 302
    _move(client, case.id, eid, app, "training")
    _move(client, case.id, eid, app, "financing")

    response = client.post(
        f"{base}/{eid}/funding/new",
        data={"kind": "micro_loan", "amount": "3000", "currency": "USD", "partner_id": partner,
              "programme_id": "", "status": "approved", "note": "BanEcuador line"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        fid = db.session.scalar(select(FundingSource.id).where(FundingSource.enterprise_id == eid))
    disbursed_on = today - timedelta(days=75)
    response = client.post(
        f"{base}/funding/{fid}/disbursements/new",
        data={"disbursed_on": str(disbursed_on), "amount": "3000", "paid_by": "BanEcuador"},
    )
    assert response.status_code == 302
    assert _row(app, FundingSource, fid).status is FundingStatus.DISBURSED
    response = client.post(
        f"{base}/funding/{fid}/loan",
        data={"principal": "3000", "annual_rate": "24", "term_months": "12", "grace_months": "1",
              "method": "declining", "disbursed_on": str(disbursed_on)},
    )  # fmt: skip
    assert response.status_code == 302, _text(response)[:3000]
    with app.app_context():
        lid = db.session.scalar(select(Loan.id).where(Loan.funding_id == fid))

    _move(client, case.id, eid, app, "launched", launched_on=str(today - timedelta(days=70)))
    for amount, days in (("60.00", 40), ("100", 10)):
        response = client.post(
            f"{base}/loans/{lid}/repayments/new",
            data={"amount": amount, "paid_on": str(today - timedelta(days=days))},
        )
        assert response.status_code == 302
    with app.app_context():
        second = db.session.scalar(
            select(Repayment.id).where(Repayment.loan_id == lid).order_by(Repayment.id.desc())
        )
    assert client.post(f"{base}/repayments/{second}/reverse").status_code == 302
    _move(client, case.id, eid, app, "operating")
    response = client.post(
        f"{base}/{eid}/visits/new",
        data={"due_month": "", "visited_on": str(today), "is_operating": "y",
              "monthly_revenue": "1400", "currency": "USD", "jobs": "3",
              "problems": "Flour prices", "next_steps": "Look for a second oven"},
    )  # fmt: skip
    assert response.status_code == 302

    page = _text(client.get(base))
    for shown in (
        "Panadería Loja", "Operating", "Bread and cakes", "$5,000.00", "$3,000.00",
        "Repayment schedule", "Reversed", "Reversal", "Flour prices", "Look for a second oven",
        "3-month visit due", "Disbursed", "Declining balance", "in month 8",
    ):  # fmt: skip
        assert shown in page, shown
    # Funded vs needed: the approved loan against the plan's investment.
    assert "$3,000.00 funded of $5,000.00 needed" in page

    # The case page: the panel and the timeline tell the story.
    summary = _text(client.get(f"/cases/{case.id}"))
    assert "Businesses" in summary and "Operating: 1" in summary
    timeline = _text(client.get(f"/cases/{case.id}/timeline"))
    for event in (
        "Business added: Panadería Loja",
        "Business “Panadería Loja”: Idea → Business plan",
        "Business plan of “Panadería Loja”, version 2",
        "Funding for “Panadería Loja”: Micro-loan, $3,000.00",
        "Funding paid out for “Panadería Loja”",
        "Micro-loan for “Panadería Loja”: $3,000.00",
        "Loan repayment for “Panadería Loja”: $60.00",
        "Repayment reversed on the loan of “Panadería Loja”: $100.00",
        "Follow-up visit to “Panadería Loja”: operating",
    ):
        assert event in timeline or event in summary, event

    actions = set(audit_actions(app))
    assert {
        "enterprise.created", "enterprise.stage_changed", "business_plan.saved",
        "enterprise.training_added", "funding.added", "funding.disbursed", "loan.added",
        "loan.repaid", "loan.repayment_reversed", "enterprise.visit_recorded",
    } <= actions  # fmt: skip

    export = client.get(f"/cases/{case.id}/person/export.json").get_json()
    [business] = export["enterprise"]
    assert business["name"] == "Panadería Loja" and business["stage"] == "operating"
    assert len(business["plans"]) == 2 and business["funding"][0]["loan"]["method"] == "declining"


def test_spanish_pages_read_and_write_amounts_the_spanish_way(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in, locale="es")
    ids = _business(app, case.id)
    base = f"/cases/{case.id}/enterprise"
    response = client.post(
        f"{base}/{ids['enterprise']}/plan/new",
        data={"currency": "USD", "total_investment": "2.500,50", "own_contribution": "500",
              "monthly_revenue": "1.000", "monthly_costs": "700,25"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.scalar(
            select(BusinessPlan).where(BusinessPlan.enterprise_id == ids["enterprise"])
        )
        assert plan.total_investment == Decimal("2500.50")
        assert plan.monthly_costs == Decimal("700.25")
    page = _text(client.get(base))
    assert '<html lang="es"' in page
    assert "2.500,50\xa0US$" in page and "1.200,00\xa0US$" in page
    form = _text(client.get(f"{base}/loans/{ids['loan']}/repayments/new"))
    assert response.status_code == 302 and 'inputmode="decimal"' in form
    assert (
        client.post(
            f"{base}/loans/{ids['loan']}/repayments/new",
            data={"amount": "10,50", "paid_on": str(local_today())},
        ).status_code
        == 302
    )
    with app.app_context():
        amounts = db.session.scalars(
            select(Repayment.amount).where(Repayment.loan_id == ids["loan"]).order_by(Repayment.id)
        ).all()
    assert amounts == [Decimal("50.00"), Decimal("10.50")]


# --- refusals ------------------------------------------------------------------------------------


def _refused(response, field: str):
    html = _text(response)
    assert response.status_code == 200, response.status_code
    assert (
        f'id="{field}"' in html and 'aria-invalid="true"' in html and "There is a problem" in html
    )
    return html


def test_refusals_are_shown_next_to_the_field_and_write_nothing(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in)
    ids = _business(app, case.id)
    base = f"/cases/{case.id}/enterprise"
    plans, repayments = _count(app, BusinessPlan), _count(app, Repayment)

    html = _refused(
        client.post(
            f"{base}/{ids['enterprise']}/plan/new",
            data={
                "currency": "USD",
                "total_investment": "100",
                "own_contribution": "200",
                "monthly_revenue": "10",
                "monthly_costs": "5",
            },
        ),  # fmt: skip
        "own_contribution",
    )
    assert "cannot be more than the total investment" in html
    _refused(
        client.post(
            f"{base}/{ids['enterprise']}/plan/new",
            data={
                "currency": "USD",
                "total_investment": "lots",
                "monthly_revenue": "1",
                "monthly_costs": "1",
            },
        ),  # fmt: skip
        "total_investment",
    )
    html = _refused(
        client.post(
            f"{base}/loans/{ids['loan']}/repayments/new",
            data={"amount": "999999", "paid_on": str(local_today())},
        ),
        "amount",
    )
    assert "more than the loan still owes" in html
    _refused(
        client.post(
            f"{base}/loans/{ids['loan']}/repayments/new",
            data={"amount": "10", "paid_on": str(local_today() + timedelta(days=3))},
        ),
        "paid_on",
    )
    # Only the next stages are offered; another one is refused with the reason.
    stage_page = _text(client.get(f"{base}/{ids['enterprise']}/stage"))
    assert 'value="operating"' in stage_page and 'value="idea"' not in stage_page
    version = _row(app, Enterprise, ids["enterprise"]).version
    html = _refused(
        client.post(
            f"{base}/{ids['enterprise']}/stage", data={"stage": "idea", "version": version}
        ),
        "stage",
    )
    assert "cannot move to" in html
    _refused(
        client.post(
            f"{base}/{ids['enterprise']}/stage",
            data={"stage": "closed", "version": version, "closed_on": ""},
        ),
        "closed_on",
    )
    # A form loaded before another change answers the conflict page.
    assert (
        client.post(
            f"{base}/{ids['enterprise']}/stage", data={"stage": "operating", "version": version - 1}
        ).status_code
        == 409
    )
    # Odd numbers are refused by the forms.
    _refused(
        client.post(f"{base}/new", data={"name": "X", "sector": "C", "jobs_owner": "²"}),
        "jobs_owner",
    )
    assert _count(app, BusinessPlan) == plans and _count(app, Repayment) == repayments
    assert _row(app, Enterprise, ids["enterprise"]).stage is EnterpriseStage.LAUNCHED
    # A reversal is not reversed, and a repayment is reversed once.
    assert client.post(f"{base}/repayments/{ids['repayment']}/reverse").status_code == 302
    with app.app_context():
        reversal = db.session.scalar(select(Repayment.id).where(Repayment.reverses_id.is_not(None)))
    before = _count(app, Repayment)
    assert client.post(f"{base}/repayments/{reversal}/reverse").status_code == 302
    assert client.post(f"{base}/repayments/{ids['repayment']}/reverse").status_code == 302
    assert _count(app, Repayment) == before


# --- access --------------------------------------------------------------------------------------


def test_ids_of_other_cases_and_offices_answer_404(app, client, make, sign_in):
    office, me, case = _setup(make, sign_in)
    mine = _business(app, case.id)
    other_case = make.case(office_id=office.id, counsellor_id=me.id)
    theirs = _business(app, other_case.id, name="Other")
    base = f"/cases/{case.id}/enterprise"
    for url in (
        f"{base}/{theirs['enterprise']}",
        f"{base}/{theirs['enterprise']}/stage",
        f"{base}/{theirs['enterprise']}/plan/new",
        f"{base}/{theirs['enterprise']}/visits/new",
        f"{base}/funding/{theirs['funding']}/status",
        f"{base}/funding/{theirs['funding']}/loan",
        f"{base}/loans/{theirs['loan']}/repayments/new",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data={"amount": "1"}).status_code == 404, url
    assert client.post(f"{base}/repayments/{theirs['repayment']}/reverse").status_code == 404
    # Another office's case: its tab and its pages are not there at all.
    foreign = make.case(office_id=make.office("ES").id)
    elsewhere = _business(app, foreign.id, name="Elsewhere")
    assert client.get(f"/cases/{foreign.id}/enterprise").status_code == 404
    assert (
        client.get(f"/cases/{foreign.id}/enterprise/{elsewhere['enterprise']}").status_code == 404
    )
    assert client.get(f"{base}/{mine['enterprise']}").status_code == 200
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Repayment)
                .where(Repayment.loan_id == theirs["loan"])
            )
            == 1
        )


def test_managers_read_and_write_off_but_never_write(app, client, make, sign_in):
    office, _me, case = _setup(make, sign_in)
    ids = _business(app, case.id)
    manager = other_client(app, make.user("manager", office_id=office.id, locale="en"))
    base = f"/cases/{case.id}/enterprise"
    page = _text(manager.get(base))
    assert "Panadería" in page and "Write off the loan" in page
    assert "Record a repayment" not in page and "Add a business" not in page
    for url in (
        f"{base}/new",
        f"{base}/{ids['enterprise']}/stage",
        f"{base}/loans/{ids['loan']}/repayments/new",
        f"{base}/funding/{ids['funding']}/status",
    ):
        assert manager.get(url).status_code == 403, url
        assert manager.post(url, data={"amount": "10"}).status_code == 403, url
    assert manager.post(f"{base}/repayments/{ids['repayment']}/reverse").status_code == 403

    write_off = f"{base}/loans/{ids['loan']}/write-off"
    version = _row(app, Loan, ids["loan"]).version
    _refused(manager.post(write_off, data={"reason": "", "version": version}), "reason")
    done = manager.post(write_off, data={"reason": "The business closed", "version": version})
    assert done.status_code == 302
    loan = _row(app, Loan, ids["loan"])
    assert loan.written_off_on == local_today() and loan.write_off_reason == "The business closed"
    assert "loan.written_off" in audit_actions(app)
    timeline = _text(manager.get(f"/cases/{case.id}"))
    assert "Micro-loan of “Panadería" in timeline and "written off" in timeline
    # Counsellors and administrators may not write off; a manager of another country's cases
    # does not see the case at all.
    assert client.get(write_off).status_code == 403
    admin = other_client(app, make.user("admin"))
    assert admin.get(write_off).status_code == 403
    assert admin.get(base).status_code == 200
    elsewhere = other_client(app, make.user("manager", office_id=make.office("PE").id))
    assert elsewhere.get(write_off).status_code == 404
    # No more repayments on a written-off loan.
    refused = client.post(
        f"{base}/loans/{ids['loan']}/repayments/new",
        data={"amount": "10", "paid_on": str(local_today())},
    )
    html = _text(refused)
    assert refused.status_code == 200 and "There is a problem" in html
    assert "This loan was written off." in html


def test_markup_is_shown_as_text(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in)
    base = f"/cases/{case.id}/enterprise"
    assert (
        client.post(
            f"{base}/new", data={"name": MARKUP, "sector": "C", "tax_number": MARKUP[:40]}
        ).status_code
        == 302
    )
    eid = _enterprise_of(app, case.id).id
    assert client.post(
        f"{base}/{eid}/plan/new",
        data={"description": MARKUP, "currency": "USD", "total_investment": "10",
              "monthly_revenue": "5", "monthly_costs": "1"},
    ).status_code == 302  # fmt: skip
    for url in (base, f"/cases/{case.id}", f"/cases/{case.id}/timeline", f"{base}/{eid}/stage",
                f"/cases/{case.id}/person/record"):  # fmt: skip
        html = _text(client.get(url))
        assert "<img src=x" not in html, url
    assert "&lt;img src=x" in _text(client.get(base))


def test_erasure_blanks_free_text_and_keeps_figures(app, make, sign_in):
    office, _me, case = _setup(make, sign_in)
    ids = _business(app, case.id)
    today = local_today()
    with app.test_request_context():
        enterprise = db.session.get(Enterprise, ids["enterprise"])
        services.add_plan_version(
            enterprise,
            {"description": "Secret plan", "currency": "USD", "total_investment": Decimal("10"),
             "monthly_revenue": Decimal("5"), "monthly_costs": Decimal("1")},
            actor=None,
        )  # fmt: skip
        services.record_visit(
            enterprise,
            {"visited_on": today, "is_operating": True, "problems": "Debts", "next_steps": "Call"},
            actor=None,
        )
        db.session.commit()
    manager = make.user("manager", office_id=office.id)
    assert (
        other_client(app, manager)
        .post(f"/cases/{case.id}/person/anonymise", data={"confirm_name": "guamán"})
        .status_code
        == 302
    )
    with app.app_context():
        plan = db.session.scalar(
            select(BusinessPlan).where(BusinessPlan.enterprise_id == ids["enterprise"])
        )
        visit = db.session.scalar(
            select(FollowUpVisit).where(FollowUpVisit.enterprise_id == ids["enterprise"])
        )
        assert plan.description == "" and plan.total_investment == Decimal("10.00")
        assert visit.problems == "" and visit.next_steps == "" and visit.is_operating
        assert db.session.get(Loan, ids["loan"]).principal == Decimal("1200.00")
