"""Writes on the reintegration plan: goals and their actions.

Services flush, never commit; they take the acting user explicitly, refuse bad input with a
PlanError whose message is translated for the user, and audit every change.
"""

from returnsvc.audit.services import changed_fields, record
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.core import cleaning
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.plans.models import ActionStatus, Dimension, GoalStatus, PlanAction, PlanGoal

# Free text may hold health or family details: the audit trail says that it changed, not what
# it says (the record itself is erasable; audit entries are not).
FREE_TEXT_FIELDS = frozenset({"title", "description", "responsible"})
GOAL_FIELDS = ("dimension", "title", "description", "status")
ACTION_FIELDS = ("title", "responsible", "due_date", "status", "by_returnee")
# CaseEvent kinds of the person's "I did this" and of the counsellor clearing it (confirming
# it is the status change to done, plan.action_status).
ACTION_REPORTED = "plan.action_reported"
REPORT_CLEARED = "plan.report_cleared"


class PlanError(Refusal):
    """A refused plan change; `message` is translated for the user, `field` names the form
    field it concerns (None: the form as a whole)."""


def _clean_goal(data: dict) -> dict:
    return {
        "dimension": cleaning.choice(
            Dimension, data.get("dimension"), _l("Choose a dimension."), "dimension"
        ),
        "title": cleaning.text(data, "title", required=_l("Write the goal."), max_length=300),
        "description": cleaning.text(data, "description", max_length=5000, multiline=True),
        "status": cleaning.choice(
            GoalStatus, data.get("status") or GoalStatus.OPEN, _l("Choose a status."), "status"
        ),
    }


def _clean_action(data: dict) -> dict:
    return {
        "title": cleaning.text(data, "title", required=_l("Write the action."), max_length=300),
        "responsible": cleaning.text(
            data,
            "responsible",
            required=_l("Say who is responsible for this action."),
            max_length=200,
        ),
        "due_date": cleaning.optional_date(data, "due_date", _l("Enter the due date as a date.")),
        "status": cleaning.choice(
            ActionStatus,
            data.get("status") or ActionStatus.PENDING,
            _l("Choose a status."),
            "status",
        ),
        "by_returnee": data.get("by_returnee") in (True, "y", "on", "true", "1"),
    }


def add_goal(case: Case, data: dict, *, actor) -> PlanGoal:
    """Add a goal to the plan of an open case."""
    require_open(case)
    clean = _clean_goal(data)
    goal = PlanGoal(case_id=case.id, created_by_id=getattr(actor, "id", None), **clean)
    db.session.add(goal)
    db.session.flush()
    record(
        "plan.goal_added",
        actor=actor,
        target=goal,
        changes={
            "case_id": case.id,
            "dimension": goal.dimension.value,
            "status": goal.status.value,
        },
    )
    return goal


def update_goal(goal: PlanGoal, data: dict, *, actor, version: int | None) -> dict:
    """Change a goal; refused (StaleEdit) when the form was loaded from an older version.
    Returns the changed fields ({} when nothing changed)."""
    check_version(goal, version)
    require_open(_case_of(goal))
    # Fields left out of `data` keep their stored values.
    current = {name: getattr(goal, name) for name in GOAL_FIELDS}
    changes = changed_fields(goal, _clean_goal(current | data))
    if changes:
        db.session.flush()
        record(
            "plan.goal_updated",
            actor=actor,
            target=goal,
            changes={"case_id": goal.case_id, **_redact(changes)},
        )
    return changes


def add_action(goal: PlanGoal, data: dict, *, actor) -> PlanAction:
    """Add an action to an open goal of an open case."""
    require_open(_case_of(goal))
    if goal.status is not GoalStatus.OPEN:
        raise PlanError(
            _l(
                "This goal is “%(status)s”. Set it back to open before adding actions.",
                status=goal.status.label,
            )
        )
    clean = _clean_action(data)
    action = PlanAction(goal_id=goal.id, **clean)
    db.session.add(action)
    db.session.flush()
    # The goal's collection was loaded before the insert; the page reloads it anyway.
    db.session.expire(goal, ["actions"])
    record(
        "plan.action_added",
        actor=actor,
        target=action,
        changes={
            "case_id": goal.case_id,
            "goal_id": goal.id,
            "due_date": action.due_date.isoformat() if action.due_date else None,
            "status": action.status.value,
        },
    )
    return action


def update_action(action: PlanAction, data: dict, *, actor, version: int | None) -> dict:
    """Change an action (title, who, due date, status); stale forms are refused."""
    check_version(action, version)
    require_open(_case_of(action.goal))
    # Fields left out of `data` keep their stored values.
    current = {name: getattr(action, name) for name in ACTION_FIELDS}
    changes = changed_fields(action, _clean_action(current | data))
    if "status" in changes:
        old, new = changes["status"]
        record_event(
            action.goal.case_id, "plan.action_status", actor=actor,
            action_id=action.id, **{"from": old, "to": new},
        )  # fmt: skip
        # A new status answers what the person said: confirmed (done) or overtaken.
        if action.reported_done_at is not None:
            changes.update(_clear_report(action))
    if changes:
        db.session.flush()
        record(
            "plan.action_updated",
            actor=actor,
            target=action,
            changes={
                "case_id": action.goal.case_id,
                "goal_id": action.goal_id,
                **_redact(changes),
            },
        )
    return changes


def set_action_status(action: PlanAction, status, *, actor, version: int | None) -> dict:
    """Only the status of an action (the plan page's one-click buttons)."""
    return update_action(action, {"status": status}, actor=actor, version=version)


# --- the person's "I did this" (their portal) and the counsellor's answer ---------------------


def report_action_done(action: PlanAction, *, actor) -> bool:
    """The person says, in their portal, that they did `action`: recorded for their counsellor
    to confirm. Only an open action of the plan of `actor`'s own open case that the plan gives
    them to do (`by_returnee`). Returns False when they had said so already (nothing written).

    The portal looks the action up within the person's case; this checks again that the case
    is `actor`'s, whatever called it."""
    case = _case_of(action.goal)
    returnee = case.returnee
    if actor is None or returnee is None or returnee.user_id != getattr(actor, "id", None):
        raise PlanError(_l("This step is not in your plan."))
    if not case.is_open:
        raise PlanError(_l("Your case is closed, so your plan cannot change now."))
    if not action.is_open:
        raise PlanError(_l("This step is already done or cancelled."))
    if not action.by_returnee:
        raise PlanError(_l("This step is not yours to mark as done. Your counsellor does it."))
    if action.reported_done_at is not None:
        return False
    action.reported_done_at = utcnow()
    action.reported_done_by_id = actor.id
    db.session.flush()
    record_event(case.id, ACTION_REPORTED, actor=actor, action_id=action.id)
    record(
        "plan.action_reported_done",
        actor=actor,
        target=action,
        changes={"case_id": case.id, "goal_id": action.goal_id},
    )
    return True


def confirm_reported_done(action: PlanAction, *, actor, version: int | None) -> dict:
    """The counsellor confirms what the person said: the action is done (update_action, which
    also answers the claim)."""
    _require_report(action)
    return update_action(action, {"status": ActionStatus.DONE}, actor=actor, version=version)


def clear_reported_done(action: PlanAction, *, actor, version: int | None) -> None:
    """The counsellor answers that it is not done yet: the claim goes, the action stays open."""
    check_version(action, version)
    require_open(_case_of(action.goal))
    _require_report(action)
    changes = _clear_report(action)
    db.session.flush()
    record_event(action.goal.case_id, REPORT_CLEARED, actor=actor, action_id=action.id)
    record(
        "plan.action_report_cleared",
        actor=actor,
        target=action,
        changes={"case_id": action.goal.case_id, "goal_id": action.goal_id, **changes},
    )


def _require_report(action: PlanAction) -> None:
    if not action.is_reported_done:
        raise PlanError(_l("Nobody is waiting for an answer on this action any more."))


def _clear_report(action: PlanAction) -> dict:
    """Forget the claim; what the audit entry says of it."""
    said_at = action.reported_done_at
    action.reported_done_at = None
    action.reported_done_by_id = None
    return {"reported_done_at": [said_at.isoformat() if said_at else None, None]}


def _case_of(goal: PlanGoal) -> Case:
    # Usually already in the identity map (the view loaded it to check access).
    return db.session.get(Case, goal.case_id)


def _redact(changes: dict) -> dict:
    return {k: ("changed" if k in FREE_TEXT_FIELDS else v) for k, v in changes.items()}
