"""Writes on the reintegration plan: goals and their actions.

Services flush, never commit; they take the acting user explicitly, refuse bad input with a
PlanError whose message is translated for the user, and audit every change.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from returnsvc.audit.services import changed_fields, record
from returnsvc.cases.models import Case
from returnsvc.core.conflicts import check_version
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.plans.models import ActionStatus, Dimension, GoalStatus, PlanAction, PlanGoal

# Free text may hold health or family details: the audit trail says that it changed, not what
# it says (the record itself is erasable; audit entries are not).
FREE_TEXT_FIELDS = frozenset({"title", "description", "responsible"})
GOAL_FIELDS = ("dimension", "title", "description", "status")
ACTION_FIELDS = ("title", "responsible", "due_date", "status")


class PlanError(Refusal):
    """A refused plan change; `message` is translated for the user, `field` names the form
    field it concerns (None: the form as a whole)."""


def _check_case_open(case: Case) -> None:
    if not case.is_open:
        raise PlanError(_l("This case is closed. Reopen it before changing the plan."))


def _text(data: dict, name: str, *, max_length: int, required_message=None) -> str:
    raw = str(data.get(name) or "").replace("\x00", "")  # PostgreSQL refuses NUL in text
    # One-line fields lose stray spaces and line breaks; the description keeps its lines.
    value = raw.strip() if name == "description" else " ".join(raw.split())
    if required_message is not None and not value:
        raise PlanError(required_message, field=name)
    if len(value) > max_length:
        raise PlanError(_l("At most %(count)d characters, please.", count=max_length), field=name)
    return value


def _due_date(value) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise PlanError(_l("Enter the due date as a date."), field="due_date")
    return value


def _enum(enum_cls, value, message, field):
    try:
        return enum_cls(value)
    except ValueError:
        raise PlanError(message, field=field) from None


def _clean_goal(data: dict) -> dict:
    return {
        "dimension": _enum(
            Dimension, data.get("dimension"), _l("Choose a dimension."), "dimension"
        ),
        "title": _text(data, "title", required_message=_l("Write the goal."), max_length=300),
        "description": _text(data, "description", max_length=5000),
        "status": _enum(
            GoalStatus, data.get("status") or GoalStatus.OPEN, _l("Choose a status."), "status"
        ),
    }


def _clean_action(data: dict) -> dict:
    return {
        "title": _text(data, "title", required_message=_l("Write the action."), max_length=300),
        "responsible": _text(
            data,
            "responsible",
            required_message=_l("Say who is responsible for this action."),
            max_length=200,
        ),
        "due_date": _due_date(data.get("due_date")),
        "status": _enum(
            ActionStatus,
            data.get("status") or ActionStatus.PENDING,
            _l("Choose a status."),
            "status",
        ),
    }


def add_goal(case: Case, data: dict, *, actor) -> PlanGoal:
    """Add a goal to the plan of an open case."""
    _check_case_open(case)
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
    _check_case_open(_case_of(goal))
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
    _check_case_open(_case_of(goal))
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
    _check_case_open(_case_of(action.goal))
    # Fields left out of `data` keep their stored values.
    current = {name: getattr(action, name) for name in ACTION_FIELDS}
    changes = changed_fields(action, _clean_action(current | data))
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


def _case_of(goal: PlanGoal) -> Case:
    # Usually already in the identity map (the view loaded it to check access).
    return db.session.get(Case, goal.case_id)


def _redact(changes: dict) -> dict:
    return {k: ("changed" if k in FREE_TEXT_FIELDS else v) for k, v in changes.items()}


def erase_plan_text(case_ids) -> None:
    """Blank the free text of the plans of these cases (anonymisation of the person): goal
    details are cleared; titles and who-does-it become a neutral placeholder, since they are
    required. Dimensions, statuses and dates stay for statistics."""
    goals = db.session.scalars(select(PlanGoal).where(PlanGoal.case_id.in_(case_ids))).all()
    for goal in goals:
        goal.title = "—"
        goal.description = ""
        for action in goal.actions:
            action.title = "—"
            action.responsible = "—"
    db.session.flush()
