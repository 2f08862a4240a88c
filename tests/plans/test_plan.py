"""The plan tab: goals by dimension with their actions, add and edit, conflicts, overdue
actions, access (IDOR, read-only roles, closed cases) and the audit trail."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases import services as case_services
from returnsvc.cases.models import Case, CaseAccess, CloseReason, Stage
from returnsvc.core.db import utcnow
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.plans import contributions, services
from returnsvc.plans.models import ActionStatus, Dimension, GoalStatus, PlanAction, PlanGoal
from tests.cases.helpers import other_client
from tests.helpers import audit_actions
from tests.plans.helpers import count_statements


def _setup(make, sign_in, country="ES"):
    """An office, a signed-in counsellor of it (English pages) and a case assigned to them."""
    office = make.office(country)
    me = sign_in("counsellor", office_id=office.id, locale="en")
    case = make.case(office_id=office.id, counsellor_id=me.id)
    return office, me, case


def _add_goal(app, case_id, **data) -> int:
    values = {"dimension": "economic", "title": "Open a bakery"} | data
    with app.test_request_context():
        goal = services.add_goal(db.session.get(Case, case_id), values, actor=None)
        db.session.commit()
        return goal.id


def _add_action(app, goal_id, **data) -> int:
    values = {"title": "Bakery course", "responsible": "The person"} | data
    with app.test_request_context():
        action = services.add_action(db.session.get(PlanGoal, goal_id), values, actor=None)
        db.session.commit()
        return action.id


def _goal(app, goal_id) -> PlanGoal:
    with app.app_context():
        goal = db.session.get(PlanGoal, goal_id)
        _ = goal.actions
        db.session.expunge_all()
        return goal


def _action(app, action_id) -> PlanAction:
    with app.app_context():
        action = db.session.get(PlanAction, action_id)
        db.session.expunge(action)
        return action


def _goals_of(app, case_id) -> list[PlanGoal]:
    with app.app_context():
        goals = db.session.scalars(select(PlanGoal).where(PlanGoal.case_id == case_id)).all()
        db.session.expunge_all()
        return list(goals)


def _close(app, case_id):
    with app.test_request_context():
        row = db.session.get(Case, case_id)
        case_services.change_stage(
            row, Stage.CLOSED, version=row.version, actor=None, close_reason=CloseReason.OTHER
        )
        db.session.commit()


def _text(response) -> str:
    return response.get_data(as_text=True)


# --- happy paths ----------------------------------------------------------------------------


def test_add_goal_and_action_through_the_pages(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    assert client.get(f"/cases/{case.id}/plan/goals/new?dimension=social").status_code == 200
    response = client.post(
        f"/cases/{case.id}/plan/goals/new",
        data={
            "dimension": "social",
            "title": "  Find   a school for the children ",
            "description": "Two children, 8 and 11.",
        },
    )
    assert response.status_code == 302
    [goal] = _goals_of(app, case.id)
    assert response.headers["Location"].endswith(f"/cases/{case.id}/plan#goal-{goal.id}")
    assert goal.dimension is Dimension.SOCIAL and goal.status is GoalStatus.OPEN
    assert goal.title == "Find a school for the children" and goal.created_by_id == me.id

    response = client.post(
        f"/cases/{case.id}/plan/goals/{goal.id}/actions/new",
        data={"title": "Visit the school", "responsible": "The person", "due_date": "2031-03-02"},
    )
    assert response.status_code == 302
    [action] = _goal(app, goal.id).actions
    assert action.status is ActionStatus.PENDING and action.due_date.isoformat() == "2031-03-02"
    assert audit_actions(app, actor_id=me.id)[-2:] == ["plan.goal_added", "plan.action_added"]


def test_plan_groups_goals_by_dimension_and_flags_overdue_actions(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    economic = _add_goal(app, case.id, dimension="economic", title="Open a bakery")
    psychosocial = _add_goal(app, case.id, dimension="psychosocial", title="Sleep well again")
    yesterday = utcnow().date() - timedelta(days=1)
    _add_action(app, economic, title="Write the business plan", due_date=yesterday)
    _add_action(app, economic, title="Already done", due_date=yesterday, status="done")
    _add_action(app, psychosocial, title="See the psychologist", due_date=None)

    body = _text(client.get(f"/cases/{case.id}/plan"))
    # Every dimension has its heading, in order, each goal under its own.
    headings = re.findall(r'<h3 id="dimension-(\w+)">', body)
    assert headings == ["economic", "social", "psychosocial"]
    assert (
        body.index("Open a bakery")
        < body.index("dimension-social")
        < body.index("Sleep well again")
    )
    assert "No goals in this dimension yet." in body  # social
    # Only the late, unfinished action is flagged.
    assert body.count(">Overdue</span>") == 1
    assert "1 action is overdue." in body
    row = body[body.index("Write the business plan") :]
    assert row.index(">Overdue</span>") < row.index("Already done")


def test_plan_view_is_in_the_access_log(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    client.get(f"/cases/{case.id}/plan")
    with app.app_context():
        what = db.session.scalars(
            select(CaseAccess.what).where(
                CaseAccess.case_id == case.id, CaseAccess.user_id == me.id
            )
        ).all()
    assert "plan" in what


def test_edit_goal_and_action_carry_the_version(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    goal_id = _add_goal(app, case.id)
    action_id = _add_action(app, goal_id)
    page = _text(client.get(f"/cases/{case.id}/plan/goals/{goal_id}"))
    assert 'name="version" type="hidden" value="1"' in page
    response = client.post(
        f"/cases/{case.id}/plan/goals/{goal_id}",
        data={
            "dimension": "economic",
            "title": "Open a bakery in Cuenca",
            "description": "",
            "status": "achieved",
            "version": "1",
        },
    )
    assert response.status_code == 302
    goal = _goal(app, goal_id)
    assert goal.title == "Open a bakery in Cuenca" and goal.status is GoalStatus.ACHIEVED
    assert goal.version == 2

    assert client.get(f"/cases/{case.id}/plan/actions/{action_id}").status_code == 200
    response = client.post(
        f"/cases/{case.id}/plan/actions/{action_id}",
        data={
            "title": "Bakery course at SECAP",
            "responsible": "Counsellor",
            "due_date": "",
            "status": "in_progress",
            "version": "1",
        },
    )
    assert response.status_code == 302
    action = _action(app, action_id)
    assert (action.title, action.responsible, action.status) == (
        "Bakery course at SECAP",
        "Counsellor",
        ActionStatus.IN_PROGRESS,
    )
    assert action.version == 2
    assert audit_actions(app, actor_id=me.id)[-2:] == ["plan.goal_updated", "plan.action_updated"]


def test_audit_entries_keep_free_text_out(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    client.post(
        f"/cases/{case.id}/plan/goals/new",
        data={"dimension": "psychosocial", "title": "Treat depression", "description": "Private"},
    )
    [goal] = _goals_of(app, case.id)
    client.post(
        f"/cases/{case.id}/plan/goals/{goal.id}",
        data={
            "dimension": "psychosocial",
            "title": "Treat the depression",
            "description": "Private",
            "status": "open",
            "version": "1",
        },
    )
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.actor_id == me.id).order_by(AuditEntry.id)
        ).all()
        added, updated = [e for e in entries if e.action.startswith("plan.")]
        assert added.target_type == "plan_goal" and added.target_id == str(goal.id)
        assert added.changes["case_id"] == case.id
        assert updated.changes["title"] == "changed"
        assert "depression" not in str(added.changes) + str(updated.changes)


def test_quick_status_change(app, client, make, sign_in):
    _, me, case = _setup(make, sign_in)
    action_id = _add_action(app, _add_goal(app, case.id))
    response = client.post(
        f"/cases/{case.id}/plan/actions/{action_id}/status",
        data={"status": "done", "version": "1"},
    )
    assert response.status_code == 302
    assert _action(app, action_id).status is ActionStatus.DONE
    # No status at all: a message, nothing changed.
    client.post(f"/cases/{case.id}/plan/actions/{action_id}/status", data={"version": "2"})
    assert _action(app, action_id).version == 2
    assert audit_actions(app, actor_id=me.id)[-1] == "plan.action_updated"


# --- validation ---------------------------------------------------------------------------


def test_goal_validation_errors_next_to_the_field_and_values_kept(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    response = client.post(
        f"/cases/{case.id}/plan/goals/new",
        data={"dimension": "nonsense", "title": "   ", "description": "Keep me"},
    )
    assert response.status_code == 200
    body = _text(response)
    assert "Write the goal." in body
    assert 'id="dimension-error"' in body and 'id="title-error"' in body
    assert "Keep me" in body
    assert _goals_of(app, case.id) == []
    response = client.post(
        f"/cases/{case.id}/plan/goals/new", data={"dimension": "social", "title": "x" * 301}
    )
    assert response.status_code == 200 and _goals_of(app, case.id) == []


@pytest.mark.parametrize("due", ["2031-02-30", "not a date", "1999-12-31", "2300-01-01"])
def test_bad_due_dates_are_refused(app, client, make, sign_in, due):
    _, _, case = _setup(make, sign_in)
    goal_id = _add_goal(app, case.id)
    response = client.post(
        f"/cases/{case.id}/plan/goals/{goal_id}/actions/new",
        data={"title": "Course", "responsible": "The person", "due_date": due},
    )
    assert response.status_code == 200
    assert 'id="due_date-error"' in _text(response)
    assert _goal(app, goal_id).actions == []


def test_nul_characters_are_refused_and_nothing_is_saved(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    response = client.post(
        f"/cases/{case.id}/plan/goals/new",
        data={"dimension": "social", "title": "House\x00 keeping", "description": "\x00"},
    )
    assert response.status_code == 400
    assert _goals_of(app, case.id) == []


def test_action_needs_a_title_and_someone_responsible(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    goal_id = _add_goal(app, case.id)
    response = client.post(
        f"/cases/{case.id}/plan/goals/{goal_id}/actions/new",
        data={"title": "", "responsible": " "},
    )
    body = _text(response)
    assert "Write the action." in body and "Say who is responsible for this action." in body
    assert _goal(app, goal_id).actions == []


def test_actions_only_on_open_goals(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    goal_id = _add_goal(app, case.id, status="dropped")
    response = client.post(
        f"/cases/{case.id}/plan/goals/{goal_id}/actions/new",
        data={"title": "Course", "responsible": "The person"},
    )
    assert response.status_code == 200
    assert "Set it back to open before adding actions." in _text(response)
    assert _goal(app, goal_id).actions == []


def test_services_refuse_bad_input(app, make, tx):
    case = make.case()
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        with pytest.raises(Refusal) as error:
            services.add_goal(row, {"dimension": "spiritual", "title": "x"}, actor=None)
        assert error.value.field == "dimension"
        with pytest.raises(Refusal) as error:
            services.add_goal(row, {"dimension": "social", "title": " \n "}, actor=None)
        assert error.value.field == "title"
        goal = services.add_goal(row, {"dimension": "social", "title": "Housing"}, actor=None)
        with pytest.raises(Refusal) as error:
            services.add_action(
                goal, {"title": "x", "responsible": "y", "due_date": "tomorrow"}, actor=None
            )
        assert error.value.field == "due_date"
        # Saving the same values changes nothing and writes no audit entry.
        data = {"dimension": "social", "title": "Housing", "description": "", "status": "open"}
        assert services.update_goal(goal, data, actor=None, version=goal.version) == {}


# --- conflicts ----------------------------------------------------------------------------


def test_stale_goal_edit_shows_both_versions_and_overwrites_nothing(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    goal_id = _add_goal(app, case.id, title="Open a bakery")
    with app.test_request_context():
        goal = db.session.get(PlanGoal, goal_id)
        services.update_goal(
            goal,
            {"dimension": "economic", "title": "Open a bakery in Azogues", "status": "open"},
            actor=None,
            version=1,
        )
        db.session.commit()
    response = client.post(
        f"/cases/{case.id}/plan/goals/{goal_id}",
        data={
            "dimension": "economic",
            "title": "Open a bakery in Paute",
            "status": "open",
            "version": "1",
        },
    )
    assert response.status_code == 409
    body = _text(response)
    assert "Open a bakery in Azogues" in body and "Open a bakery in Paute" in body
    assert _goal(app, goal_id).title == "Open a bakery in Azogues"


def test_stale_action_edits_are_refused(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    action_id = _add_action(app, _add_goal(app, case.id), responsible="The person")
    with app.test_request_context():
        action = db.session.get(PlanAction, action_id)
        services.set_action_status(action, "in_progress", actor=None, version=1)
        db.session.commit()
    response = client.post(
        f"/cases/{case.id}/plan/actions/{action_id}",
        data={
            "title": "Bakery course",
            "responsible": "Counsellor",
            "status": "pending",
            "version": "1",
        },
    )
    assert response.status_code == 409
    assert "In progress" in _text(response) and "Counsellor" in _text(response)
    response = client.post(
        f"/cases/{case.id}/plan/actions/{action_id}/status",
        data={"status": "done", "version": "1"},
    )
    assert response.status_code == 409
    action = _action(app, action_id)
    assert action.status is ActionStatus.IN_PROGRESS and action.responsible == "The person"


# --- access -------------------------------------------------------------------------------


def _write_requests(case_id, goal_id, action_id):
    """(method, url, data) for every plan endpoint of a case."""
    goal = {"dimension": "economic", "title": "Changed", "status": "open", "version": "1"}
    action = {"title": "Changed", "responsible": "Someone", "status": "done", "version": "1"}
    return [
        ("post", f"/cases/{case_id}/plan/goals/new", goal),
        ("post", f"/cases/{case_id}/plan/goals/{goal_id}", goal),
        ("post", f"/cases/{case_id}/plan/goals/{goal_id}/actions/new", action),
        ("post", f"/cases/{case_id}/plan/actions/{action_id}", action),
        ("post", f"/cases/{case_id}/plan/actions/{action_id}/status", action),
    ]


def test_counsellor_of_another_office_gets_404(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    goal_id = _add_goal(app, case.id)
    action_id = _add_action(app, goal_id)
    stranger = other_client(app, make.user("counsellor"))  # another Spanish office
    assert stranger.get(f"/cases/{case.id}/plan").status_code == 404
    assert stranger.get(f"/cases/{case.id}/plan/goals/{goal_id}").status_code == 404
    for method, url, data in _write_requests(case.id, goal_id, action_id):
        assert getattr(stranger, method)(url, data=data).status_code == 404, url
    assert _goal(app, goal_id).title == "Open a bakery"


def test_goal_and_action_ids_of_another_case_are_404(app, client, make, sign_in):
    office, me, case = _setup(make, sign_in)
    other_case = make.case(office_id=office.id, counsellor_id=me.id)  # also mine
    foreign_goal = _add_goal(app, other_case.id)
    foreign_action = _add_action(app, foreign_goal)
    assert client.get(f"/cases/{case.id}/plan/goals/{foreign_goal}").status_code == 404
    assert client.get(f"/cases/{case.id}/plan/actions/{foreign_action}").status_code == 404
    assert client.get(f"/cases/{case.id}/plan/goals/{foreign_goal}/actions/new").status_code == 404
    for method, url, data in _write_requests(case.id, foreign_goal, foreign_action)[1:]:
        assert getattr(client, method)(url, data=data).status_code == 404, url
    assert _goal(app, foreign_goal).title == "Open a bakery"
    assert _action(app, foreign_action).status is ActionStatus.PENDING


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_read_only_roles_see_the_plan_but_cannot_change_it(app, client, make, sign_in, role):
    office, _, case = _setup(make, sign_in)
    goal_id = _add_goal(app, case.id)
    action_id = _add_action(app, goal_id)
    reader = other_client(app, make.user(role, office_id=office.id if role == "manager" else None))
    body = _text(reader.get(f"/cases/{case.id}/plan"))
    assert "Open a bakery" in body
    assert "/plan/goals/new" not in body and "/status" not in body
    assert reader.get(f"/cases/{case.id}/plan/goals/new").status_code == 403
    for method, url, data in _write_requests(case.id, goal_id, action_id):
        assert getattr(reader, method)(url, data=data).status_code == 403, url
    assert _goal(app, goal_id).title == "Open a bakery"


def test_closed_case_plan_is_read_only(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    goal_id = _add_goal(app, case.id)
    action_id = _add_action(app, goal_id)
    _close(app, case.id)
    body = _text(client.get(f"/cases/{case.id}/plan"))
    assert "Open a bakery" in body and "/plan/goals/new" not in body
    for method, url, data in _write_requests(case.id, goal_id, action_id):
        assert getattr(client, method)(url, data=data).status_code == 409, url
    assert len(_goals_of(app, case.id)) == 1
    # The service refuses too (for callers other than the views).
    with app.test_request_context():
        with pytest.raises(Refusal):
            services.add_goal(
                db.session.get(Case, case.id), {"dimension": "social", "title": "x"}, actor=None
            )


def test_returnees_and_anonymous_users_have_no_access(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    returnee = other_client(app, make.user("returnee"))
    assert returnee.get(f"/cases/{case.id}/plan").status_code == 403
    assert app.test_client().get(f"/cases/{case.id}/plan").status_code == 302


# --- performance --------------------------------------------------------------------------


def test_statements_per_plan_page_do_not_grow_with_goals(app, client, make, sign_in):
    _, _, case = _setup(make, sign_in)
    _add_action(app, _add_goal(app, case.id))
    client.get(f"/cases/{case.id}/plan")  # warm-up
    with count_statements(app) as few:
        client.get(f"/cases/{case.id}/plan")
    for n in range(6):
        goal_id = _add_goal(app, case.id, dimension=list(Dimension)[n % 3].value, title=f"G{n}")
        for m in range(3):
            _add_action(app, goal_id, title=f"A{n}.{m}")
    with count_statements(app) as many:
        body = _text(client.get(f"/cases/{case.id}/plan"))
    assert "A5.2" in body
    assert len(many) == len(few), many


def test_partial_updates_keep_the_other_fields(app, make, tx):
    case = make.case()
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        goal = services.add_goal(
            row, {"dimension": "social", "title": "Housing", "status": "achieved"}, actor=None
        )
        services.update_goal(goal, {"title": "Housing in Quito"}, actor=None, version=1)
        assert (goal.status, goal.dimension) == (GoalStatus.ACHIEVED, Dimension.SOCIAL)


def test_erasing_plan_text_keeps_the_structure(app, make, tx):
    case = make.case()
    goal_id = _add_goal(app, case.id, title="Treat depression", description="Private")
    action_id = _add_action(app, goal_id, title="See Dr. Pérez", responsible="Dr. Pérez")
    with app.test_request_context():
        contributions.ERASURE[0].erase(case.returnee_id, [case.id])
        db.session.commit()
    goal, action = _goal(app, goal_id), _action(app, action_id)
    assert (goal.title, goal.description, goal.dimension) == ("—", "", Dimension.ECONOMIC)
    assert (action.title, action.responsible, action.status) == ("—", "—", ActionStatus.PENDING)
