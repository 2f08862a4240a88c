"""Reads on the reintegration plan. Every lookup of a goal or an action is scoped to a case,
so an id from another case finds nothing (no IDOR)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.plans.models import ActionStatus, Dimension, PlanAction, PlanGoal

# Statuses in which an action is still expected to happen (and can therefore be late).
ACTIVE_ACTION_STATUSES = frozenset({ActionStatus.PENDING, ActionStatus.IN_PROGRESS})


@dataclass(frozen=True)
class DimensionGroup:
    dimension: Dimension
    goals: list[PlanGoal]


def plan_of(case: Case) -> list[DimensionGroup]:
    """The case's goals grouped by dimension (every dimension, in a fixed order, even when
    empty), each goal with its actions. Two statements however many goals and actions."""
    goals = db.session.scalars(
        select(PlanGoal).where(PlanGoal.case_id == case.id).order_by(PlanGoal.id)
    ).all()
    return [
        DimensionGroup(dimension, [g for g in goals if g.dimension is dimension])
        for dimension in Dimension
    ]


def goal_of_case(case: Case, goal_id: int) -> PlanGoal | None:
    return db.session.scalar(
        select(PlanGoal).where(PlanGoal.id == goal_id, PlanGoal.case_id == case.id)
    )


def action_of_case(case: Case, action_id: int, *, lock: bool = False) -> PlanAction | None:
    """The action only if it belongs to a goal of this case; `lock`: its row locked until the
    request ends (a write that checks its state first)."""
    stmt = (
        select(PlanAction)
        .join(PlanGoal, PlanAction.goal_id == PlanGoal.id)
        .where(PlanAction.id == action_id, PlanGoal.case_id == case.id)
    )
    if lock:
        stmt = stmt.with_for_update(of=PlanAction).execution_options(populate_existing=True)
    return db.session.scalar(stmt)


def is_overdue(action: PlanAction, on: date) -> bool:
    """Past its due date and neither done nor cancelled."""
    return (
        action.due_date is not None
        and action.due_date < on
        and action.status in ACTIVE_ACTION_STATUSES
    )


def overdue_count(groups: list[DimensionGroup], on: date) -> int:
    return sum(
        1 for group in groups for goal in group.goals for a in goal.actions if is_overdue(a, on)
    )


def reported_count(groups: list[DimensionGroup]) -> int:
    """Open actions the person says they did (their portal), waiting for the counsellor."""
    return sum(
        1 for group in groups for goal in group.goals for a in goal.actions if a.is_reported_done
    )
