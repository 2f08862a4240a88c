"""Every portal URL, signed in as one person, with another person's ids (#17): never a byte of
the other person's data, never a write to their record, never a server error.

The portal URLs are the home, each registered portal section (whatever the features register:
the list is read from the workspace, so a new section is probed without touching this test)
and the download of one's data. Ids go where a hand-made request would put them: in the query
string of every page, and in every form field the sections read."""

from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases.models import Case
from returnsvc.cases.workspace import workspace_of
from returnsvc.extensions import db
from returnsvc.plans import services as plans
from returnsvc.plans.models import PlanAction, PlanGoal
from returnsvc.returnees.models import Returnee

EN = {"Accept-Language": "en"}


def _person_with_a_plan(app, make, office, given, surname):
    case = make.case(office_id=office.id, given_names=given, first_surname=surname)
    with app.test_request_context():
        goal = plans.add_goal(
            db.session.get(Case, case.id),
            {"dimension": "economic", "title": f"Goal of {given}"},
            actor=None,
        )
        action = plans.add_action(
            goal,
            {"title": f"Step of {given}", "responsible": given, "by_returnee": True},
            actor=None,
        )
        db.session.commit()
        return case, goal.id, action.id


def _sign_in(client, account):
    response = client.post(
        "/account/sign-in", data={"email": account.email, "password": account.password}
    )
    assert response.status_code == 302


def _portal_urls(app) -> list[str]:
    keys = [section.key for section in workspace_of(app).portal_sections]
    assert {"plan", "data", "messages"} <= set(keys)  # the features that must be there
    return ["/my", *(f"/my/{key}" for key in keys), "/my/data/download"]


def _writes(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.id)))


def test_another_persons_ids_reach_nothing(app, client, make):
    office = make.office("ES")
    mine, _, my_action = _person_with_a_plan(app, make, office, "Anacleta", "Primera")
    theirs, their_goal, their_action = _person_with_a_plan(
        app, make, office, "Zenobia", "Segunda"
    )
    me = make.portal_account(mine.returnee_id, locale="en")
    make.portal_account(theirs.returnee_id, locale="en")
    _sign_in(client, me)
    foreign = {
        "case_id": theirs.id,
        "returnee_id": theirs.returnee_id,
        "id": theirs.returnee_id,
        "action_id": their_action,
        "goal_id": their_goal,
        "entry": their_action,
        "plan_id": their_goal,
        "request_id": theirs.id,
    }
    query = "&".join(f"{name}={value}" for name, value in foreign.items())
    their_marks = ("Zenobia", "Segunda", theirs.reference, "Step of Zenobia", "Goal of Zenobia")
    for url in _portal_urls(app):
        for probe in (url, f"{url}?{query}"):
            response = client.get(probe, headers=EN)
            assert response.status_code in (200, 404), probe
            body = response.get_data(as_text=True)
            for mark in their_marks:
                assert mark not in body, (probe, mark)
        if url.startswith("/my/") and url != "/my/data/download":
            before = _writes(app)
            response = client.post(url, data=foreign, headers=EN)
            # Refused: the page again with the reason (200), or nothing there (404, 405).
            assert response.status_code in (200, 302, 404, 405), url
            page = response.get_data(as_text=True)
            if response.status_code == 302:
                page = client.get(url, headers=EN).get_data(as_text=True)
            for mark in their_marks:
                assert mark not in page, (url, mark)
            # A refused post writes nothing (a post of one's own, like a message, is not
            # sent here: the foreign form has no text for it).
            assert _writes(app) == before, url
    with app.app_context():
        action = db.session.get(PlanAction, their_action)
        assert action.reported_done_at is None and action.status.value == "pending"
        person = db.session.get(Returnee, theirs.returnee_id)
        assert person.consent_sharing_at is not None  # their consents untouched
        assert db.session.get(PlanGoal, their_goal) is not None


def test_ones_own_step_works_where_the_others_did_not(app, client, make):
    """The same post with one's own id is taken (so the refusals above are about whose id it
    is, not a broken form)."""
    office = make.office("ES")
    mine, _, my_action = _person_with_a_plan(app, make, office, "Anacleta", "Primera")
    me = make.portal_account(mine.returnee_id, locale="en")
    _sign_in(client, me)
    response = client.post("/my/plan", data={"action_id": my_action}, headers=EN)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(PlanAction, my_action).reported_done_at is not None
