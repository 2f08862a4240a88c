"""Derived facts of the profile: the health-professional marker (query helpers for reports),
completeness and "mark the case as assessed", and the bounded summary on the case page."""

import pytest
from sqlalchemy import select

from returnsvc.cases import services as case_services
from returnsvc.cases.models import Case, CaseTransition, CloseReason, Stage
from returnsvc.cases.page import summary_page
from returnsvc.core.conflicts import StaleEdit
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from returnsvc.skills import queries, services
from returnsvc.skills.queries import Section
from tests.cases.helpers import load_case
from tests.helpers import audit_actions
from tests.skills.helpers import ENGLISH, call, count_statements, setup_case


def add_experience(app, case_id, code, **data):
    values = {"occupation": code, "place": "abroad"} | data
    return call(app, services.add_experience, case_id, values)


def complete_profile(app, case_id, ids, *, rows=1):
    """Work experience, skills, languages and preferences; `rows` of each list section."""
    for n in range(rows):
        add_experience(app, case_id, "5120", years_experience=str(n))
        call(app, services.add_skill, case_id, {"free_text": f"Skill {n}", "level": "basic"})
        call(
            app,
            services.add_language,
            case_id,
            {"language": ("es", "qu", "en", "fr", "de", "it")[n], "level": "B2"},
        )
    call(app, services.add_skill, case_id, {"skill": f"skill:{ids['forklift']}", "level": "basic"})
    call(app, services.save_preferences, case_id, {"employment": "wage"}, version=None)


# --- health professionals -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ((), False),
        (("5120",), False),
        (("2261",), False),  # dentists (226): health, but not 221/222/322
        (("2211",), True),  # generalist medical practitioners (221)
        (("2221",), True),  # nursing professionals (222)
        (("5120", "3221"), True),  # nursing associate professionals (322)
    ],
)
def test_health_professional_marker(app, make, ids, codes, expected):
    case = make.case()
    other = make.case()
    add_experience(app, other.id, "2211")  # someone else's experience never counts
    for code in codes:
        add_experience(app, case.id, code)
    with app.app_context():
        assert queries.is_health_professional(case.returnee_id) is expected
        found = db.session.scalars(
            select(Returnee.id).where(
                Returnee.id.in_([case.returnee_id, other.returnee_id]),
                queries.health_professional_clause(),
            )
        ).all()
        assert sorted(found) == sorted(
            [other.returnee_id] + ([case.returnee_id] if expected else [])
        )
    with app.test_request_context(**ENGLISH):
        profile = queries.profile_of(db.session.get(Case, case.id))
        assert profile.is_health_professional is expected


def test_an_esco_occupation_under_322_makes_a_health_professional(app, make, ids):
    case = make.case()
    add_experience(app, case.id, f"occupation:{ids['nurse']}")
    with app.app_context():
        assert queries.is_health_professional(case.returnee_id)


def test_health_marker_on_the_profile_and_the_summary(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    add_experience(app, case.id, "2221")
    for url in (f"/cases/{case.id}/profile", f"/cases/{case.id}"):
        assert "Health professional" in client.get(url).get_data(as_text=True)


# --- completeness and assessment ----------------------------------------------------------


def test_missing_sections(app, make, ids):
    case = make.case()
    with app.app_context():
        assert queries.missing_sections(case.returnee_id) == list(Section)
    add_experience(app, case.id, "5120")
    call(app, services.add_language, case.id, {"language": "es", "level": "native"})
    with app.app_context():
        assert queries.missing_sections(case.returnee_id) == [
            Section.SKILLS,
            Section.PREFERENCES,
        ]


def test_an_incomplete_profile_cannot_mark_the_case_assessed(app, make, ids):
    case = make.case()
    add_experience(app, case.id, "5120")
    with app.test_request_context(**ENGLISH):
        row = db.session.get(Case, case.id)
        with pytest.raises(Refusal) as caught:
            services.mark_assessed(row, actor=None, version=row.version)
    assert str(caught.value.message) == (
        "The profile is not complete yet. Missing: skills, languages, work preferences."
    )
    assert load_case(app, case.id).stage is Stage.REGISTERED


def test_a_complete_profile_marks_the_case_assessed_through_the_stage_service(app, make, ids):
    case = make.case()
    complete_profile(app, case.id, ids)
    with app.test_request_context(**ENGLISH):
        row = db.session.get(Case, case.id)
        with pytest.raises(StaleEdit):
            services.mark_assessed(row, actor=None, version=row.version - 1)
        services.mark_assessed(row, actor=None, version=row.version)
        db.session.commit()
        # Only from "registered": a second time is refused.
        with pytest.raises(Refusal, match="Registered"):
            services.mark_assessed(row, actor=None, version=row.version)
    assert load_case(app, case.id).stage is Stage.ASSESSED
    with app.app_context():
        transition = db.session.scalars(
            select(CaseTransition)
            .where(CaseTransition.case_id == case.id)
            .order_by(CaseTransition.id.desc())
        ).first()
        assert (transition.from_stage, transition.to_stage) == (Stage.REGISTERED, Stage.ASSESSED)
    assert audit_actions(app)[-1] == "case.stage_changed"


def test_mark_assessed_on_the_profile_page(app, client, make, sign_in, ids):
    _, me, case = setup_case(make, sign_in)
    add_experience(app, case.id, "5120")
    body = client.get(f"/cases/{case.id}/profile").get_data(as_text=True)
    assert "Mark the case as assessed" not in body
    assert "the profile needs: skills, languages, work preferences." in body

    complete_profile(app, case.id, ids)
    body = client.get(f"/cases/{case.id}/profile").get_data(as_text=True)
    assert "Mark the case as assessed" in body
    version = load_case(app, case.id).version
    response = client.post(f"/cases/{case.id}/profile/assess", data={"version": version})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}/profile")
    assert load_case(app, case.id).stage is Stage.ASSESSED
    assert "case.stage_changed" in audit_actions(app, actor_id=me.id)
    # On the timeline of the case page, with who did it.
    body = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Stage: Registered → Assessed" in body
    # The button is gone, and a second post changes nothing.
    assert "Mark the case as assessed" not in client.get(f"/cases/{case.id}/profile").get_data(
        as_text=True
    )
    response = client.post(
        f"/cases/{case.id}/profile/assess", data={"version": load_case(app, case.id).version}
    )
    assert response.status_code == 302 and load_case(app, case.id).stage is Stage.ASSESSED


def test_mark_assessed_with_a_stale_case_is_a_conflict(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in)
    complete_profile(app, case.id, ids)
    old = load_case(app, case.id).version
    with app.test_request_context(**ENGLISH):  # someone reassigns the case meanwhile
        row = db.session.get(Case, case.id)
        row.counsellor_id = None
        db.session.commit()
    response = client.post(f"/cases/{case.id}/profile/assess", data={"version": old})
    assert response.status_code == 409
    assert load_case(app, case.id).stage is Stage.REGISTERED


def test_managers_cannot_mark_assessed(app, client, make, sign_in, ids):
    office = make.office("ES")
    sign_in("manager", office_id=office.id)
    case = make.case(office_id=office.id)
    complete_profile(app, case.id, ids)
    body = client.get(f"/cases/{case.id}/profile").get_data(as_text=True)
    assert "Mark the case as assessed" not in body
    version = load_case(app, case.id).version
    assert (
        client.post(f"/cases/{case.id}/profile/assess", data={"version": version}).status_code
        == 403
    )
    assert load_case(app, case.id).stage is Stage.REGISTERED


def test_a_reopened_case_is_not_marked_assessed_again(app, client, make, sign_in, ids):
    """Assessment is the intake step: the profile belongs to the person and outlives the case,
    so a reopened case takes up its plan, support or follow-up again (or steps back to
    "assessed" from an agreed plan, where the work is redone), never "assessed" straight away:
    not from the profile page, not from the stage page."""
    _, me, case = setup_case(make, sign_in)
    complete_profile(app, case.id, ids)
    with app.test_request_context(**ENGLISH):
        row = db.session.get(Case, case.id)
        actor = make.load_user(me.id)
        case_services.change_stage(
            row, Stage.CLOSED, version=row.version, actor=actor, close_reason=CloseReason.OTHER
        )
        case_services.change_stage(row, Stage.REOPENED, version=row.version, actor=actor)
        db.session.commit()
    body = client.get(f"/cases/{case.id}/profile").get_data(as_text=True)
    assert "Mark the case as assessed" not in body
    version = load_case(app, case.id).version
    response = client.post(f"/cases/{case.id}/profile/assess", data={"version": version})
    assert response.status_code == 302
    assert load_case(app, case.id).stage is Stage.REOPENED
    stage_page = client.get(f"/cases/{case.id}/stage").get_data(as_text=True)
    assert 'value="assessed"' not in stage_page and 'value="plan_agreed"' in stage_page
    response = client.post(
        f"/cases/{case.id}/stage", data={"stage": "assessed", "version": str(version)}
    )
    assert response.status_code == 200  # shown again with the refusal
    assert load_case(app, case.id).stage is Stage.REOPENED
    with app.test_request_context(**ENGLISH):
        row = db.session.get(Case, case.id)
        with pytest.raises(Refusal):
            case_services.change_stage(row, Stage.ASSESSED, version=row.version, actor=None)
        with pytest.raises(Refusal):
            services.mark_assessed(row, actor=None, version=row.version)
        # Redoing the assessment from an agreed plan is still a step back the table allows.
        case_services.change_stage(row, Stage.PLAN_AGREED, version=row.version, actor=None)
        case_services.change_stage(row, Stage.ASSESSED, version=row.version, actor=None)
        assert row.stage is Stage.ASSESSED
        db.session.rollback()


# --- the summary on the case page ---------------------------------------------------------


def summary_statements(app, case_id, admin) -> int:
    """Statements of the case summary (cases.page): the skills panel is one subquery of it."""
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        with count_statements(app) as statements:
            page = summary_page(case_id, admin, 10)
            profile = next(panel.data for panel in page.panels if panel.name == "skills")
            assert profile["is_complete"]
        return len([s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))])


def test_the_summary_runs_a_fixed_number_of_statements(app, make, ids):
    small, large = make.case(), make.case()
    for case, rows in ((small, 1), (large, 6)):
        complete_profile(app, case.id, ids, rows=rows)
        call(
            app,
            services.add_experience,
            case.id,
            {"occupation": f"occupation:{ids['baker']}", "place": "origin"},
        )
    for name in ("bake", "knead"):
        call(app, services.add_skill, large.id, {"skill": f"skill:{ids[name]}", "level": "basic"})
    admin = make.load_user(make.user("admin").id)
    assert summary_statements(app, small.id, admin) == 1
    assert summary_statements(app, large.id, admin) == 1


def test_the_case_page_runs_the_same_statements_whatever_the_profile(
    app, client, make, sign_in, ids
):
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id, locale="en")
    small = make.case(office_id=office.id, counsellor_id=me.id)
    large = make.case(office_id=office.id, counsellor_id=me.id)
    complete_profile(app, small.id, ids, rows=1)
    complete_profile(app, large.id, ids, rows=6)
    counted = []
    for case in (small, large):
        client.get(f"/cases/{case.id}")  # warm-up (first-request caches)
        with count_statements(app) as statements:
            assert client.get(f"/cases/{case.id}").status_code == 200
        counted.append(len(statements))
    assert counted[0] == counted[1]


def test_summary_content(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in, locale="es")
    add_experience(app, case.id, f"occupation:{ids['baker']}", years_experience="2.5")
    call(app, services.add_skill, case.id, {"skill": f"skill:{ids['bake']}", "level": "advanced"})
    call(app, services.add_language, case.id, {"language": "qu", "level": "native"})
    call(
        app,
        services.save_preferences,
        case.id,
        {"employment": "self", "expected_wage": "1234.5"},
        version=None,
    )
    body = client.get(f"/cases/{case.id}").get_data(as_text=True)
    summary = body[body.index('id="profile-summary-title"') :]
    assert "7512 Panaderos, pasteleros y confiteros" in summary
    assert "2,5" in summary
    assert "hornear pan" in summary
    assert "Quechua" in summary
    assert "1234,50" in summary.replace(".", "").replace("\xa0", "") or "1.234,50" in summary


def test_summary_links_the_explorer_for_the_person(app, client, make, sign_in, ids):
    _, _, case = setup_case(make, sign_in, locale="en", country="PE")
    body = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'href="/explorer?country=PE"' in body  # no region, no occupation yet
    add_experience(app, case.id, f"occupation:{ids['baker']}", years_experience="2")
    body = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'href="/explorer?country=PE&amp;occupation=7512"' in body
    assert client.get("/explorer?country=PE&occupation=7512").status_code == 200
