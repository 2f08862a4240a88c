"""Expected status per role for the plan tab (the case belongs to world.home_office)."""

from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.plans.models import PlanGoal
from returnsvc.plans.services import add_action, add_goal
from tests.sweep.common import CASE_READ, status

# Forms of the plan: only counsellors of the owning office.
WRITE_PAGE = status(302, 403, 200, 403, 403)

EXPECTED = {
    "plans.plan": ("GET", "/cases/{case_id}/plan", CASE_READ),
    "plans.new_goal": ("GET", "/cases/{case_id}/plan/goals/new", WRITE_PAGE),
    "plans.edit_goal": ("GET", "/cases/{case_id}/plan/goals/{goal_id}", WRITE_PAGE),
    "plans.new_action": (
        "GET",
        "/cases/{case_id}/plan/goals/{goal_id}/actions/new",
        WRITE_PAGE,
    ),
    "plans.edit_action": ("GET", "/cases/{case_id}/plan/actions/{action_id}", WRITE_PAGE),
    # An empty form has no status: refused with a message and back to the plan.
    "plans.set_action_status": (
        "POST",
        "/cases/{case_id}/plan/actions/{action_id}/status",
        status(302, 403, 302, 403, 403),
    ),
    # The answer to a person's "I did this": an empty form (or no claim) is refused with a
    # message and back to the plan.
    "plans.answer_report": (
        "POST",
        "/cases/{case_id}/plan/actions/{action_id}/report",
        status(302, 403, 302, 403, 403),
    ),
}


def _goal_id(world) -> int:
    case_id = world.case.id
    with world.app.test_request_context():
        goal = add_goal(
            db.session.get(Case, case_id),
            {"dimension": "economic", "title": "Open a bakery"},
            actor=None,
        )
        db.session.commit()
        return goal.id


def _action_id(world) -> int:
    goal_id = _goal_id(world)
    with world.app.test_request_context():
        action = add_action(
            db.session.get(PlanGoal, goal_id),
            {"title": "Bakery course", "responsible": "La persona"},
            actor=None,
        )
        db.session.commit()
        return action.id


PLACEHOLDERS = {"goal_id": _goal_id, "action_id": _action_id}
