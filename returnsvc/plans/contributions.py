"""What the reintegration plan hangs on the case workspace: the Plan tab, the plan's progress
panel, the timeline's goal, action and action-status events, the plan in the subject-access
record, and its erasure."""

from flask_babel import gettext as _
from sqlalchemy import Integer, and_, cast, func, select, update

from returnsvc.cases.models import Case, CaseEvent
from returnsvc.cases.workspace import (
    CASE_ID,
    VIEWER_TODAY,
    CaseTab,
    ErasureStep,
    EventKind,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.extensions import db
from returnsvc.plans.models import ActionStatus, Dimension, GoalStatus, PlanAction, PlanGoal
from returnsvc.plans.portal import PORTAL_PLAN
from returnsvc.plans.services import ACTION_REPORTED, REPORT_CLEARED

TABS = (CaseTab("plans.plan", _l("Plan"), 70),)
PLACEHOLDER = "—"
ACTION_STATUS = "plan.action_status"  # a CaseEvent kind (plans.services.update_action)
_ACTIVE = (ActionStatus.PENDING.value, ActionStatus.IN_PROGRESS.value)


# --- the progress panel ---------------------------------------------------------------------


def _progress_column(_confidential):
    goals = (
        select(
            json_object(
                total=func.count(),
                open=func.count().filter(PlanGoal.status == GoalStatus.OPEN),
                achieved=func.count().filter(PlanGoal.status == GoalStatus.ACHIEVED),
            )
        )
        .where(PlanGoal.case_id == CASE_ID)
        .scalar_subquery()
    )
    actions = (
        select(
            json_object(
                total=func.count(),
                done=func.count().filter(PlanAction.status == ActionStatus.DONE),
                overdue=func.count().filter(
                    and_(
                        PlanAction.due_date < VIEWER_TODAY,
                        PlanAction.status.in_(_ACTIVE),
                    )
                ),
            )
        )
        .join(PlanGoal, PlanGoal.id == PlanAction.goal_id)
        .where(PlanGoal.case_id == CASE_ID)
        .scalar_subquery()
    )
    return select(json_object(goals=goals, actions=actions)).scalar_subquery()


PANELS = (SummaryPanel("plan", 20, "plans/_panel.html", _progress_column),)


# --- timeline -------------------------------------------------------------------------------


def _goal_rows(_confidential):
    return select(
        *event_columns(PlanGoal.created_by_id, dimension=PlanGoal.dimension, title=PlanGoal.title)
    ).where(PlanGoal.case_id == CASE_ID)


def _action_rows(_confidential):
    # Actions carry no author: the goal's author is not theirs, so none is shown.
    return (
        select(*event_columns(None, title=PlanAction.title, responsible=PlanAction.responsible))
        .join(PlanGoal, PlanGoal.id == PlanAction.goal_id)
        .where(PlanGoal.case_id == CASE_ID)
    )


def _status_rows(_confidential):
    return (
        select(
            CaseEvent.actor_id.label("actor_id"),
            CaseEvent.data.op("||")(json_object(title=PlanAction.title)).label("data"),
        )
        .join(PlanAction, PlanAction.id == cast(CaseEvent.data["action_id"].astext, Integer))
        .where(CaseEvent.case_id == CASE_ID, CaseEvent.kind.in_(_ACTION_EVENTS))
    )


# The action events written as CaseEvents: status changes, the person's "I did this" (their
# portal) and the counsellor clearing it.
_ACTION_EVENTS = (ACTION_STATUS, ACTION_REPORTED, REPORT_CLEARED)


def _describe_reported(d):
    return message_with(_("The person says “%(title)s” is done"), title=d.title), ""


def _describe_cleared(d):
    return message_with(_("Plan action “%(title)s”: not done yet"), title=d.title), ""


def _describe_goal(d):
    title = message_with(
        _("Plan goal (%(dimension)s): %(title)s"),
        dimension=Dimension(d.dimension).label,
        title=d.title,
    )
    return title, ""


def _describe_action(d):
    return message_with(_("Plan action added: %(title)s"), title=d.title), d.responsible


def _describe_status(d):
    title = message_with(
        _("Plan action “%(title)s”: %(from)s → %(to)s"),
        title=d.title,
        **{"from": ActionStatus(d["from"]).label, "to": ActionStatus(d.to).label},
    )
    return title, ""


TIMELINE = (
    TimelineSource(
        "plan goals", PlanGoal.created_at, event_kind("plan.goal"), PlanGoal.id, _goal_rows
    ),
    TimelineSource(
        "plan actions",
        PlanAction.created_at,
        event_kind("plan.action"),
        PlanAction.id,
        _action_rows,
    ),
    TimelineSource(
        "plan action statuses", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, _status_rows
    ),
)

EVENTS = (
    EventKind("plan.goal", "plan", _describe_goal),
    EventKind("plan.action", "plan", _describe_action),
    EventKind(ACTION_STATUS, "plan", _describe_status),
    EventKind(ACTION_REPORTED, "plan", _describe_reported),
    EventKind(REPORT_CLEARED, "plan", _describe_cleared),
)


# --- subject access and erasure -------------------------------------------------------------


def _plan_record(returnee, case_ids, viewer) -> list[dict]:
    """The goals of the viewer's visible cases with their actions (one statement each)."""
    references = dict(
        db.session.execute(select(Case.id, Case.reference).where(Case.id.in_(case_ids))).all()
    )
    goals = db.session.scalars(
        select(PlanGoal).where(PlanGoal.case_id.in_(case_ids)).order_by(PlanGoal.id)
    ).all()
    return [
        {
            "case": references[g.case_id],
            "dimension": g.dimension,
            "goal": g.title,
            "description": g.description,
            "status": g.status,
            "actions": [
                {
                    "title": a.title,
                    "responsible": a.responsible,
                    "due": a.due_date,
                    "status": a.status,
                }
                for a in g.actions
            ],
        }
        for g in goals
    ]


SUBJECT = (SubjectSection("plan", 40, _l("Plan"), _plan_record, "plans/_record.html"),)


def _erase(returnee_id: int, case_ids) -> None:
    """Goal details are cleared; titles and who-does-it become a placeholder (they are
    required). Dimensions, statuses and dates stay for statistics. Versions move on, so an
    edit form opened before the erasure cannot write the text back."""
    goal_ids = select(PlanGoal.id).where(PlanGoal.case_id.in_(case_ids))
    db.session.execute(
        update(PlanGoal)
        .where(PlanGoal.case_id.in_(case_ids))
        .values(title=PLACEHOLDER, description="", version=PlanGoal.version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(PlanAction)
        .where(PlanAction.goal_id.in_(goal_ids))
        .values(title=PLACEHOLDER, responsible=PLACEHOLDER, version=PlanAction.version + 1)
        .execution_options(synchronize_session=False)
    )


ERASURE = (ErasureStep("plan", _erase),)


# --- the returnee portal: "My plan" (plans.portal) ---------------------------------------------

PORTAL = (PORTAL_PLAN,)
