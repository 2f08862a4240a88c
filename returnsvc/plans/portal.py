"""The person's own plan in the returnee portal ("My plan", /my/plan), registered as a portal
section (plans.contributions.PORTAL): their goals and the steps towards them in plain words,
read-only, and "I did this" on the open steps the plan gives them to do, which their counsellor
then confirms (plans.services.report_action_done). Its card on the portal home shows the next
open steps, and what is late among the person's own steps is what the home's "Anything that
needs you" lists (`needs`).

Everything here reads the case the portal gives (the signed-in person's own): an action id
sent by the form is looked up within that case only."""

from dataclasses import dataclass, field
from datetime import date

from flask import request
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from returnsvc.cases.workspace import PortalSection
from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.numbers import parse_id
from returnsvc.core.templating import date_formatter
from returnsvc.extensions import db
from returnsvc.plans import queries, services
from returnsvc.plans.models import ActionStatus, Dimension, GoalStatus, PlanAction, PlanGoal
from returnsvc.plans.services import PlanError

KEY = "plan"
NEXT_SHOWN = 3  # open steps on the home's card
NEEDS_SHOWN = 3  # late steps in "Anything that needs you"

# Words for the person, never the staff's labels.
ACTION_WORDS = {
    ActionStatus.PENDING: _l("To do"),
    ActionStatus.IN_PROGRESS: _l("Started"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.CANCELLED: _l("Not needed any more"),
}
GOAL_WORDS = {
    GoalStatus.OPEN: _l("Working on it"),
    GoalStatus.ACHIEVED: _l("Achieved"),
    GoalStatus.DROPPED: _l("Left aside"),
}
DIMENSION_WORDS = {
    Dimension.ECONOMIC: _l("Work and money"),
    Dimension.SOCIAL: _l("Family, home and community"),
    Dimension.PSYCHOSOCIAL: _l("How you feel"),
}
_DIMENSION_ORDER = {dimension: n for n, dimension in enumerate(Dimension)}


@dataclass(frozen=True)
class PortalAction:
    id: int
    title: str
    responsible: str
    due_date: date | None
    status: ActionStatus
    by_returnee: bool
    # The person said it is done; their counsellor has not answered yet.
    reported: bool
    overdue: bool
    # "I did this" is offered: an open step of theirs on an open case, not said yet.
    can_report: bool

    @property
    def is_open(self) -> bool:
        return self.status in queries.ACTIVE_ACTION_STATUSES

    @property
    def status_words(self):
        return ACTION_WORDS[self.status]


@dataclass(frozen=True)
class PortalGoal:
    id: int
    title: str
    dimension: Dimension
    status: GoalStatus
    actions: list[PortalAction] = field(default_factory=list)

    @property
    def dimension_words(self):
        return DIMENSION_WORDS[self.dimension]

    @property
    def status_words(self):
        return GOAL_WORDS[self.status]


@dataclass(frozen=True)
class PortalPlan:
    """What /my/plan and its card show (`section` in the templates)."""

    goals: list[PortalGoal]
    # The open steps, the next due first (undated ones last): the card shows NEXT_SHOWN.
    open_actions: list[PortalAction]
    case_is_open: bool
    # Texts for the home's "Anything that needs you": the person's own late steps.
    needs: list = field(default_factory=list)

    @property
    def next_actions(self) -> list[PortalAction]:
        return self.open_actions[:NEXT_SHOWN]


_COLUMNS = (
    PlanGoal.id.label("goal_id"),
    PlanGoal.title.label("goal_title"),
    PlanGoal.dimension,
    PlanGoal.status.label("goal_status"),
    PlanAction.id.label("action_id"),
    PlanAction.title,
    PlanAction.responsible,
    PlanAction.due_date,
    PlanAction.status,
    PlanAction.by_returnee,
    PlanAction.reported_done_at,
)


def load_plan(case, returnee, viewer) -> PortalPlan | None:
    """The plan of the person's case, in one statement (None before any case: no section)."""
    if case is None:
        return None
    rows = db.session.execute(
        select(*_COLUMNS)
        .outerjoin(PlanAction, PlanAction.goal_id == PlanGoal.id)
        .where(PlanGoal.case_id == case.id)
        .order_by(PlanGoal.id, PlanAction.id)
    ).all()
    today = local_today()
    goals: dict[int, PortalGoal] = {}
    for row in rows:
        goal = goals.get(row.goal_id)
        if goal is None:
            goal = goals[row.goal_id] = PortalGoal(
                row.goal_id, row.goal_title, row.dimension, row.goal_status
            )
        if row.action_id is None:
            continue
        is_open = row.status in queries.ACTIVE_ACTION_STATUSES
        reported = is_open and row.reported_done_at is not None
        goal.actions.append(
            PortalAction(
                id=row.action_id,
                title=row.title,
                responsible=row.responsible,
                due_date=row.due_date,
                status=row.status,
                by_returnee=row.by_returnee,
                reported=reported,
                overdue=is_open and row.due_date is not None and row.due_date < today,
                can_report=case.is_open and is_open and row.by_returnee and not reported,
            )
        )
    ordered = sorted(goals.values(), key=lambda g: (_DIMENSION_ORDER[g.dimension], g.id))
    open_actions = sorted(
        (a for g in ordered for a in g.actions if a.is_open),
        key=lambda a: (a.due_date is None, a.due_date or today, a.id),
    )
    return PortalPlan(ordered, open_actions, case.is_open, _needs(open_actions))


def _needs(open_actions: list[PortalAction]) -> list:
    """The person's own steps that are late and not said done yet, the earliest due first."""
    late = [a for a in open_actions if a.overdue and a.by_returnee and not a.reported]
    if not late:
        return []
    when = date_formatter("long")
    needs = [
        message_with(_("“%(title)s” was due on %(date)s."), title=a.title, date=when(a.due_date))
        for a in late[:NEEDS_SHOWN]
    ]
    if len(late) > NEEDS_SHOWN:
        more = len(late) - NEEDS_SHOWN
        needs.append(
            ngettext(
                "And %(num)d more late step in your plan.",
                "And %(num)d more late steps in your plan.",
                more,
            )
        )
    return needs


_NOT_FOUND = _l("We could not find that step in your plan. Please try again.")


def report_done(case, returnee, viewer):
    """POST /my/plan: "I did this" on one step, named by `action_id` in the form and looked up
    within the person's own case (any other id: the same refusal, nothing written)."""
    action_id = parse_id(request.form.get("action_id"))
    if case is None or action_id is None:
        raise PlanError(_NOT_FOUND)
    action = queries.action_of_case(case, action_id, lock=True)
    if action is None:
        raise PlanError(_NOT_FOUND)
    if services.report_action_done(action, actor=viewer):
        return message_with(
            _("Thank you. Your counsellor will check that “%(title)s” is done."),
            title=action.title,
        )
    return _l("You already told us. Your counsellor will check it.")


PORTAL_PLAN = PortalSection(
    key=KEY,
    label=_l("My plan"),
    order=10,
    load=load_plan,
    template="plans/portal_plan.html",
    card="plans/portal_card.html",
    action=report_done,
)
