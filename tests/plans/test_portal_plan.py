"""The person's plan in their portal (#17, /my/plan): their own goals and steps in plain words,
never another person's; "I did this" on their own open steps, which the counsellor confirms or
clears on the plan tab (and sees on their home); every other id refused without a write;
markup stays text; Spanish by default."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseEvent
from returnsvc.core.clock import local_today
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.plans import services
from returnsvc.plans.models import ActionStatus, PlanAction, PlanGoal
from tests.casework.helpers import close_case, other_client
from tests.helpers import audit_actions
from tests.plans.helpers import count_statements

MARKUP = '<meta http-equiv="refresh" content="0;url=https://evil.example/">"><img src=x>'
LIVE = ("<meta http-equiv", "<img src=x>")
EN = {"Accept-Language": "en"}


def _goal(app, case_id, title="Open a bakery", dimension="economic") -> int:
    with app.test_request_context():
        goal = services.add_goal(
            db.session.get(Case, case_id), {"dimension": dimension, "title": title}, actor=None
        )
        db.session.commit()
        return goal.id


def _action(app, goal_id, title="Bakery course", *, mine=True, **data) -> int:
    values = {"title": title, "responsible": "The person", "by_returnee": mine} | data
    with app.test_request_context():
        action = services.add_action(db.session.get(PlanGoal, goal_id), values, actor=None)
        db.session.commit()
        return action.id


def _load(app, action_id) -> PlanAction:
    with app.app_context():
        action = db.session.get(PlanAction, action_id)
        db.session.expunge(action)
        return action


def _portal(client, account):
    response = client.post(
        "/account/sign-in", data={"email": account.email, "password": account.password}
    )
    assert response.status_code == 302
    return client


def _world(app, client, make, locale="en"):
    """Rosa (signed in to her portal) and Zacarías, two people with a case and a plan each at
    the same office, with the same counsellor."""
    office = make.office("ES", name="Oficina de Retorno Madrid")
    counsellor = make.user("counsellor", office_id=office.id, locale="en")
    rosa = make.case(office_id=office.id, counsellor_id=counsellor.id, given_names="Rosa")
    other = make.case(office_id=office.id, counsellor_id=counsellor.id, given_names="Zacarías")
    account = make.portal_account(rosa.returnee_id, locale=locale)
    _portal(client, account)
    return counsellor, rosa, other, account


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_the_person_sees_their_own_plan_in_plain_words_and_never_another(app, client, make):
    _, rosa, other, _ = _world(app, client, make)
    goal = _goal(app, rosa.id, "Open a bakery in Cuenca")
    due = local_today() + timedelta(days=20)
    _action(app, goal, "Take the bakery course", due_date=due)
    _action(app, goal, "Ask the bank about a loan", mine=False, responsible="Counsellor Lucía")
    _action(app, _goal(app, rosa.id, "Feel at home again", "psychosocial"), "Join the choir")
    theirs = _goal(app, other.id, "Zacarías's own goal")
    _action(app, theirs, "Zacarías's own step")

    html = _html(client.get("/my/plan", headers=EN))
    assert "Open a bakery in Cuenca" in html and "Work and money" in html
    assert "Take the bakery course" in html and "You do this." in html
    assert "To do" in html and "Working on it" in html
    assert "Who does it: Counsellor Lucía" in html
    assert "How you feel" in html and "Join the choir" in html
    assert f"By {due.strftime('%B')} {due.day}, {due.year}." in html
    # The staff's words are not the person's.
    assert "Pending" not in html and "Economic" not in html
    assert "Zacarías" not in html and other.reference not in html
    # A button for the person's own steps only.
    assert html.count(">I did this<") == 2


def test_the_home_card_shows_the_next_three_open_steps(app, client, make):
    _, rosa, _, _ = _world(app, client, make)
    goal = _goal(app, rosa.id)
    today = local_today()
    for days, title in ((30, "Fourth"), (3, "First"), (10, "Second"), (20, "Third")):
        _action(app, goal, f"{title} step", due_date=today + timedelta(days=days))
    _action(app, goal, "Undated step")
    done = _action(app, goal, "Done step", due_date=today)
    with app.test_request_context():
        services.set_action_status(db.session.get(PlanAction, done), "done", actor=None, version=1)
        db.session.commit()

    html = _html(client.get("/my", headers=EN))
    card = html.split('id="card-plan"', 1)[1].split("</section>", 1)[0]
    assert card.index("First step") < card.index("Second step") < card.index("Third step")
    assert "Fourth step" not in card and "Undated step" not in card and "Done step" not in card
    assert "And 2 more steps." in card and 'href="/my/plan"' in card


def test_i_did_this_is_recorded_and_the_counsellor_confirms_it(app, client, make):
    counsellor, rosa, _, account = _world(app, client, make)
    action_id = _action(app, _goal(app, rosa.id), "Take the bakery course")

    response = client.post("/my/plan", data={"action_id": str(action_id)}, headers=EN)
    assert response.status_code == 302 and response.headers["Location"].endswith("/my/plan")
    html = _html(client.get("/my/plan", headers=EN))
    assert "Thank you. Your counsellor will check that “Take the bakery course” is done." in html
    assert "You said this is done. Your counsellor will check it." in html
    assert ">I did this<" not in html
    action = _load(app, action_id)
    assert action.reported_done_by_id == account.id and action.reported_done_at is not None
    assert action.status is ActionStatus.PENDING  # until the counsellor confirms
    assert "plan.action_reported_done" in audit_actions(app, actor_id=account.id)
    with app.app_context():
        kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == rosa.id))
        assert "plan.action_reported" in list(kinds)

    # Saying it twice writes nothing more.
    client.post("/my/plan", data={"action_id": str(action_id)}, headers=EN)
    assert audit_actions(app, actor_id=account.id).count("plan.action_reported_done") == 1
    assert "You already told us." in _html(client.get("/my/plan", headers=EN))

    staff = other_client(app, counsellor)
    assert "Plan actions to confirm" in _html(staff.get("/home", headers=EN))
    plan = _html(staff.get(f"/cases/{rosa.id}/plan", headers=EN))
    assert "The person says this is done" in plan and "Confirm: it is done" in plan
    timeline = _html(staff.get(f"/cases/{rosa.id}", headers=EN))
    assert "The person says “Take the bakery course” is done" in timeline

    response = staff.post(
        f"/cases/{rosa.id}/plan/actions/{action_id}/report",
        data={"decision": "confirm", "version": str(action.version)},
        headers=EN,
    )
    assert response.status_code == 302
    action = _load(app, action_id)
    assert action.status is ActionStatus.DONE and action.reported_done_at is None
    assert "Plan actions to confirm" not in _html(staff.get("/home", headers=EN))
    html = _html(client.get("/my/plan", headers=EN))
    assert "Done" in html and "You said this is done" not in html


def test_the_counsellor_clears_a_claim_and_the_person_may_say_it_again(app, client, make):
    counsellor, rosa, _, account = _world(app, client, make)
    action_id = _action(app, _goal(app, rosa.id), "Take the bakery course")
    client.post("/my/plan", data={"action_id": str(action_id)})
    staff = other_client(app, counsellor)
    response = staff.post(
        f"/cases/{rosa.id}/plan/actions/{action_id}/report",
        data={"decision": "clear", "version": str(_load(app, action_id).version)},
    )
    assert response.status_code == 302
    action = _load(app, action_id)
    assert action.status is ActionStatus.PENDING and action.reported_done_at is None
    assert "plan.action_report_cleared" in audit_actions(app, actor_id=counsellor.id)
    html = _html(client.get("/my/plan", headers=EN))
    assert ">I did this<" in html and "You said this is done" not in html
    # Nothing waits for an answer any more: a second answer is refused, nothing written.
    before = audit_actions(app)
    staff.post(
        f"/cases/{rosa.id}/plan/actions/{action_id}/report",
        data={"decision": "confirm", "version": str(action.version)},
    )
    assert _load(app, action_id).status is ActionStatus.PENDING and audit_actions(app) == before


def _writes(app) -> tuple[int, int]:
    with app.app_context():
        audit = db.session.scalar(select(func.count()).select_from(AuditEntry))
        said = db.session.scalar(
            select(func.count())
            .select_from(PlanAction)
            .where(PlanAction.reported_done_at.is_not(None))
        )
        return audit, said


@pytest.mark.parametrize(
    "which", ["another person's", "closed", "²", "-1", "2147483648", "abc", "", "١٢", "0"]
)
def test_any_other_id_is_refused_with_a_message_and_nothing_written(app, client, make, which):
    _, rosa, other, _ = _world(app, client, make)
    goal = _goal(app, rosa.id)
    closed = _action(app, goal, "Finished step")
    with app.test_request_context():
        services.set_action_status(
            db.session.get(PlanAction, closed), "done", actor=None, version=1
        )
        db.session.commit()
    theirs = _action(app, _goal(app, other.id), "Zacarías's step")
    value = {"another person's": str(theirs), "closed": str(closed)}.get(which, which)
    before = _writes(app)
    response = client.post("/my/plan", data={"action_id": value}, headers=EN)
    assert response.status_code == 200  # the page again, with the reason
    html = _html(response)
    if which == "closed":
        assert "This step is already done or cancelled." in html
    else:
        assert "We could not find that step in your plan. Please try again." in html
    assert "Zacarías" not in html
    assert _writes(app) == before


def test_steps_that_are_not_the_persons_and_closed_cases_are_refused(app, client, make):
    _, rosa, _, _ = _world(app, client, make)
    goal = _goal(app, rosa.id)
    counsellors = _action(app, goal, "Call the bank", mine=False)
    mine = _action(app, goal, "Take the course")
    before = _writes(app)
    refused = client.post("/my/plan", data={"action_id": str(counsellors)}, headers=EN)
    assert "This step is not yours to mark as done." in _html(refused)
    close_case(app, rosa.id)
    html = _html(client.get("/my/plan", headers=EN))
    assert "Take the course" in html and ">I did this<" not in html  # still shown, read-only
    refused = client.post("/my/plan", data={"action_id": str(mine)}, headers=EN)
    assert "Your case is closed, so your plan cannot change now." in _html(refused)
    assert _writes(app)[1] == before[1]


def test_the_service_checks_the_person_whatever_calls_it(app, make):
    rosa = make.case()
    other = make.case()
    action_id = _action(app, _goal(app, rosa.id))
    stranger = make.portal_account(other.returnee_id)
    staff = make.user("counsellor")
    with app.test_request_context(headers=EN):
        action = db.session.get(PlanAction, action_id)
        for actor in (None, db.session.get(User, stranger.id), db.session.get(User, staff.id)):
            with pytest.raises(Refusal, match="not in your plan"):
                services.report_action_done(action, actor=actor)
        assert action.reported_done_at is None


def test_markup_in_titles_stays_text_on_the_portal(app, client, make):
    _, rosa, _, _ = _world(app, client, make)
    action_id = _action(app, _goal(app, rosa.id, MARKUP), MARKUP, responsible=MARKUP)
    _action(app, _goal(app, rosa.id), MARKUP, mine=False, responsible=MARKUP)
    client.post("/my/plan", data={"action_id": str(action_id)}, headers=EN)
    for url in ("/my/plan", "/my", "/my/plan"):  # the flash of the POST shows on the first
        html = _html(client.get(url, headers=EN))
        assert "&lt;img src=x&gt;" in html
        assert not any(live in html for live in LIVE), url


def test_spanish_by_default_and_english_for_an_english_account(app, client, make):
    _, rosa, _, _ = _world(app, client, make, locale="es")
    _action(app, _goal(app, rosa.id), "Curso de panadería")
    html = _html(client.get("/my/plan"))
    assert '<html lang="es"' in html and "Mi inicio" in html and "Curso de panadería" in html
    english = make.case(given_names="Ann")
    _action(app, _goal(app, english.id), "Bakery course")
    other = app.test_client()
    _portal(other, make.portal_account(english.returnee_id, locale="en"))
    html = _html(other.get("/my/plan"))
    assert '<html lang="en"' in html and "My home" in html and "My plan" in html
    assert ">I did this<" in html and "To do" in html


def test_the_plan_page_costs_the_same_statements_however_long_the_plan(app, client, make):
    _, rosa, _, _ = _world(app, client, make)
    _action(app, _goal(app, rosa.id))
    client.get("/my/plan")  # warm-up
    with count_statements(app) as few:
        client.get("/my/plan")
        client.get("/my")
    for n in range(6):
        goal = _goal(app, rosa.id, f"Goal {n}", ("economic", "social", "psychosocial")[n % 3])
        for m in range(4):
            _action(app, goal, f"Step {n}.{m}", due_date=local_today() + timedelta(days=m))
    with count_statements(app) as many:
        html = _html(client.get("/my/plan"))
        client.get("/my")
    assert "Step 5.3" in html
    assert len(many) == len(few), many


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "confirm", "version": "²"},
        {"decision": "confirm", "version": "-1"},
        {"decision": "clear", "version": "2147483648"},
        {"decision": "clear", "version": "abc"},
        {"decision": "maybe", "version": "2"},
        {"version": "2"},
        {},
    ],
)
def test_the_counsellors_answer_refuses_odd_forms_without_writing(app, client, make, data):
    counsellor, rosa, other, _ = _world(app, client, make)
    action_id = _action(app, _goal(app, rosa.id))
    client.post("/my/plan", data={"action_id": str(action_id)})
    assert _load(app, action_id).version == 2
    staff = other_client(app, counsellor)
    before = _writes(app)
    response = staff.post(f"/cases/{rosa.id}/plan/actions/{action_id}/report", data=data)
    assert response.status_code == 302
    assert _writes(app) == before
    action = _load(app, action_id)
    assert action.status is ActionStatus.PENDING and action.reported_done_at is not None
    # Another case's action under this case's URL, and odd ids in the path: not found.
    theirs = _action(app, _goal(app, other.id))
    good = {"decision": "confirm", "version": "1"}
    assert (
        staff.post(f"/cases/{rosa.id}/plan/actions/{theirs}/report", data=good).status_code == 404
    )
    for odd in ("2147483648", "0"):
        url = f"/cases/{rosa.id}/plan/actions/{odd}/report"
        assert staff.post(url, data=good).status_code == 404
