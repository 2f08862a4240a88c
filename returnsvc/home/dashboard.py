"""The counsellor's home dashboard: transfers waiting for the office's answer, caseload by
stage, tasks overdue, due soon and nobody's in the office, this week's appointments, and recent
activity on their cases.

A fixed number of statements, each list bounded and fetching one row more than it shows to say
whether there is more: the incoming transfers (cases.listing); the caseload; overdue, due-soon
and unassigned tasks, the plan actions people say they did and the corrections of contact
details people asked for (one statement, five bounded parts); the week's appointments;
recognitions to follow up (skills.follow_up); the business visits due (enterprise.follow_up);
the cases whose person wrote messages nobody has read (messages.queries); the latest notes and
stage changes (one statement). Only cases the user may see (`visible_cases_clause`) and, for
tasks and appointments, open ones (closed cases take no work). Confidential notes appear only
where the user may read them, and even then without their text: a home page is read over
shoulders.

The statements are built once per kind of viewer (cases.visibility.VISIBLE, with the user's
office and id bound), planned once (cases.listing.set_planner; the dates are written into the
SQL) and read only the columns shown, names included: building and planning them and loading
whole returnee rows cost more than running them.
"""

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    String,
    and_,
    bindparam,
    cast,
    false,
    func,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy import case as sql_case
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.listing import incoming_transfers, set_planner, viewer_values
from returnsvc.cases.models import Case, CaseTransition, Stage
from returnsvc.cases.stages import ORDER
from returnsvc.cases.visibility import VIEWER_OFFICE, VISIBLE, viewer_kind
from returnsvc.casework.models import Appointment, CaseNote, Task
from returnsvc.core import clock
from returnsvc.core.db import inline
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.templating import url_pattern
from returnsvc.enterprise.follow_up import VISIT_NOTICE_DAYS, visits_due
from returnsvc.extensions import db
from returnsvc.messages.queries import unread_from_people
from returnsvc.my_data.queries import CORRECTION, asked_labels, waiting_part
from returnsvc.plans.models import ActionStatus, PlanAction, PlanGoal
from returnsvc.returnees.models import Returnee, display_name
from returnsvc.skills.follow_up import follow_up_days, stalled_recognitions

DUE_SOON_DAYS = 7
TASKS_SHOWN = 15
APPOINTMENTS_SHOWN = 30
ACTIVITY_SHOWN = 10
EXCERPT_LENGTH = 160


def counsellor_dashboard(user, now: datetime | None = None, zone: ZoneInfo | None = None) -> dict:
    """Everything the home page shows a counsellor, as plain values, with "today", "overdue"
    and "this week" the local days of `zone` (by default the user's: core.clock.zone_of):

    - today (date), zone (its name), caseload: [{stage, mine, office}] in stage order (open
      stages only), caseload_total: {mine, office};
    - overdue_tasks / due_soon_tasks: [{id, title, due_date, url, case_id, reference, person}],
      with overdue_more / due_soon_more (bool: the list was cut); unassigned_tasks (the same,
      open tasks of the user's office that nobody has: handed over by a transfer accepted
      without a counsellor) with unassigned_more;
    - reported_actions: [{id, title, due_date (the local day the person said it), url, case_id,
      reference, person}], plan actions of the user's open cases that the person says they
      did (their portal), waiting for the user to confirm; reported_more;
    - contact_corrections: [{id, title (the details asked for), due_date (the local day
      asked), url, case_id, reference, person}], corrections of contact details the people of
      the user's open cases asked for (their portal), waiting for the user's answer on the
      case; contact_corrections_more;
    - incoming_transfers: transfers waiting for the user's office to answer
      (cases.listing.IncomingTransfer);
    - week_start, week_end (Monday and Sunday, dates), week_appointments: [{id, starts_at,
      location, purpose, attended, url, case_id, reference, person}], week_more;
    - recent_activity: [{at, kind ("note" or "stage"), title, detail, actor, url, case_id,
      reference, person}], newest first;
    - stalled_recognitions (see skills.follow_up), stalled_more, recognition_follow_up_days;
    - visits_due (enterprise.follow_up: follow-up visits of launched businesses), visits_more,
      visit_notice_days;
    - unread_messages (messages.queries.unread_from_people: cases of the user's caseload whose
      person wrote messages nobody has read yet), unread_messages_more.
    """
    zone = zone or clock.zone_of(user)
    today = clock.local_today(zone, now)
    week_start = clock.week_start(today)
    params = {
        **viewer_values(user),
        "office": user.office_id,
        "today": today,
        "soon_until": today + timedelta(days=DUE_SOON_DAYS),
        "zone_name": zone.key,
    }
    kind = viewer_kind(user)
    set_planner(db.session.connection(), generic_plans=True)  # dates are written in (_day)
    caseload = _caseload(user)
    (
        (overdue, overdue_more),
        (due_soon, due_soon_more),
        (nobodys, nobodys_more),
        (reported, reported_more),
        (corrections, corrections_more),
    ) = _tasks(kind, params)
    week, week_more = _week_appointments(kind, params, clock.day_bounds(week_start, zone, 7))
    stalled, stalled_more = stalled_recognitions(user, today)
    visits, visits_more = visits_due(user, today)
    unread_messages, unread_messages_more = unread_from_people(user)
    return {
        "today": today,
        "zone": clock.zone_label(zone.key),
        "caseload": caseload,
        "caseload_total": {
            "mine": sum(row["mine"] for row in caseload),
            "office": sum(row["office"] for row in caseload),
        },
        "overdue_tasks": overdue,
        "overdue_more": overdue_more,
        "due_soon_tasks": due_soon,
        "due_soon_more": due_soon_more,
        "due_soon_days": DUE_SOON_DAYS,
        "unassigned_tasks": nobodys,
        "unassigned_more": nobodys_more,
        "reported_actions": reported,
        "reported_more": reported_more,
        "contact_corrections": corrections,
        "contact_corrections_more": corrections_more,
        "incoming_transfers": incoming_transfers(user),
        "week_start": week_start,
        "week_end": week_start + timedelta(days=6),
        "week_appointments": week,
        "week_more": week_more,
        "recent_activity": _recent_activity(kind, params),
        "stalled_recognitions": stalled,
        "stalled_more": stalled_more,
        "recognition_follow_up_days": follow_up_days(),
        "visits_due": visits,
        "visits_more": visits_more,
        "visit_notice_days": VISIT_NOTICE_DAYS,
        "unread_messages": unread_messages,
        "unread_messages_more": unread_messages_more,
    }


_CASELOAD = (
    select(Case.stage, func.count().filter(Case.counsellor_id == bindparam("me")), func.count())
    .where(Case.office_id == bindparam("office"), Case.stage != Stage.CLOSED)
    .group_by(Case.stage)
)


def _caseload(user) -> list[dict]:
    """Open cases of the user's office by stage: assigned to the user, and all of them."""
    counts = {}
    if user.office_id is not None:
        rows = db.session.connection().execute(_CASELOAD, {"office": user.office_id, "me": user.id})
        counts = {stage: (mine, office) for stage, mine, office in rows}
    caseload = []
    for stage in ORDER:
        if stage is not Stage.CLOSED:
            mine, office = counts.get(stage, (0, 0))
            caseload.append({"stage": stage, "mine": mine, "office": office})
    return caseload


# The person of a case as Returnee.full_name shows them (a number once anonymised).
_PERSON = (
    Case.id.label("case_id"), Case.reference, Returnee.id.label("returnee_id"),
    Returnee.anonymised_at, Returnee.given_names, Returnee.first_surname,
    Returnee.second_surname,
)  # fmt: skip


def _person(row) -> dict:
    person = display_name(
        row.returnee_id, row.given_names, row.first_surname, row.second_surname, row.anonymised_at
    )
    return {"case_id": row.case_id, "reference": row.reference, "person": person}


def _day(name: str, column):
    """A date written into the SQL when the statement runs: PostgreSQL's one plan for every
    date (the generic plan of a prepared statement) read all of a counsellor's tasks or
    appointments, 3-8 ms instead of 0.2-1 ms."""
    return bindparam(name, type_=column.type, literal_execute=True)


def _visible(kind):
    return VISIBLE[kind] if kind else false()


def _open_visible(kind):
    return and_(_visible(kind), Case.stage != Stage.CLOSED)


@lru_cache(maxsize=32)
def _tasks_statement(kind, shown: int):
    """Five bounded parts: the user's overdue tasks, the user's tasks due soon, the open
    tasks of the user's office that nobody has (a transfer accepted without choosing a
    counsellor leaves them so, for the office to take), the open plan actions of the user's
    cases that the person says they did (their portal), the longest waiting first, with the
    local day they said it as `due_date`, and the corrections of contact details the people of
    the user's open cases asked for (my_data.queries.waiting_part), likewise."""
    today, soon_until = _day("today", Task.due_date), _day("soon_until", Task.due_date)
    mine = Task.assignee_id == bindparam("me")
    parts = (
        and_(mine, Task.due_date < today),
        and_(mine, Task.due_date.between(today, soon_until)),
        and_(Task.assignee_id.is_(None), Case.office_id == bindparam("office")),
    )
    halves = []
    for half, which in enumerate(parts):
        halves.append(
            select(inline(half).label("half"), Task.id, Task.title, Task.due_date, *_PERSON)
            .join(Case, Case.id == Task.case_id)
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(which, Task.done_at.is_(None), _open_visible(kind))
            .order_by(Task.due_date, Task.id)
            .limit(inline(shown + 1))
        )
    said_on = cast(
        func.timezone(bindparam("zone_name", type_=String), PlanAction.reported_done_at), Date
    )
    halves.append(
        select(inline(3).label("half"), PlanAction.id, PlanAction.title, said_on, *_PERSON)
        .join(PlanGoal, PlanGoal.id == PlanAction.goal_id)
        .join(Case, Case.id == PlanGoal.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(
            PlanAction.reported_done_at.is_not(None),
            PlanAction.status.in_((ActionStatus.PENDING, ActionStatus.IN_PROGRESS)),
            Case.counsellor_id == bindparam("me"),
            _open_visible(kind),
        )
        .order_by(PlanAction.reported_done_at, PlanAction.id)
        .limit(inline(shown + 1))
    )
    halves.append(waiting_part(4, shown, _PERSON, _open_visible(kind)))
    both = union_all(*halves).subquery()
    return select(both).order_by(both.c.half, both.c.due_date, both.c.id)


def _tasks(kind, params) -> tuple[tuple[list[dict], bool], ...]:
    """(overdue, more), (due within DUE_SOON_DAYS from today, more), (nobody's in the
    user's office, more), earliest first, (plan actions said done, more) and (corrections of
    contact details asked for, more: `title` names the details)."""
    statement = _tasks_statement(kind, TASKS_SHOWN)
    url = url_pattern("casework.tasks", "case_id")
    halves = ([], [], [], [], [])
    for row in db.session.connection().execute(statement, params):
        link, title = None, row.title
        if row.half == 3:  # (the plan's URL is asked for only when there is one to link)
            link = f"{url_pattern('plans.plan', 'case_id').format(row.case_id)}#report-{row.id}"
        elif row.half == 4:
            link = f"{url_pattern('cases.detail', 'case_id').format(row.case_id)}#{CORRECTION}"
            title = asked_labels(row.title)
        halves[row.half].append(
            {
                "id": row.id,
                "title": title,
                "due_date": row.due_date,
                "url": link or f"{url.format(row.case_id)}#task-{row.id}",
                **_person(row),
            }
        )
    return tuple((tasks[:TASKS_SHOWN], len(tasks) > TASKS_SHOWN) for tasks in halves)


@lru_cache(maxsize=32)
def _week_statement(kind, shown: int):
    start, end = _day("week_start", Appointment.starts_at), _day("week_end", Appointment.starts_at)
    return (
        select(
            Appointment.id,
            Appointment.starts_at,
            Appointment.location,
            Appointment.purpose,
            Appointment.attended,
            *_PERSON,
        )
        .join(Case, Case.id == Appointment.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(
            Appointment.counsellor_id == bindparam("me"),
            Appointment.cancelled_at.is_(None),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
            _open_visible(kind),
        )
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(inline(shown + 1))
    )


def _week_appointments(kind, params, week: tuple[datetime, datetime]) -> tuple[list[dict], bool]:
    """The appointments between the instants local Monday 00:00 and the next Monday 00:00."""
    rows = (
        db.session.connection()
        .execute(
            _week_statement(kind, APPOINTMENTS_SHOWN),
            {**params, "week_start": week[0], "week_end": week[1]},
        )
        .all()
    )
    url = url_pattern("casework.appointments", "case_id")
    appointments = [
        {
            "id": row.id,
            "starts_at": row.starts_at,
            "location": row.location,
            "purpose": row.purpose,
            "attended": row.attended,
            "url": f"{url.format(row.case_id)}#appointment-{row.id}",
            **_person(row),
        }
        for row in rows[:APPOINTMENTS_SHOWN]
    ]
    return appointments, len(rows) > APPOINTMENTS_SHOWN


@lru_cache(maxsize=32)
def _activity_statement(kind, shown: int):
    """The latest notes and the latest stage changes on cases assigned to the user, merged."""
    mine = and_(Case.counsellor_id == bindparam("me"), _visible(kind))
    # The rule of visibility.can_read_confidential, in SQL: counsellors of the owning office.
    if kind == "counsellor":
        may_read_confidential = Case.office_id == VIEWER_OFFICE
    else:
        may_read_confidential = false()
    author, actor = aliased(User), aliased(User)
    no_stage = type_coerce(null(), CaseTransition.to_stage.type)
    notes = (
        select(
            CaseNote.occurred_at.label("at"),
            CaseNote.id.label("event_id"),
            literal("note").label("source"),
            CaseNote.kind,
            CaseNote.is_confidential,
            # Confidential text never leaves the database for this page.
            sql_case(
                (CaseNote.is_confidential, literal("")),
                else_=func.left(CaseNote.body, EXCERPT_LENGTH + 1),
            ).label("excerpt"),
            no_stage.label("from_stage"),
            no_stage.label("to_stage"),
            author.full_name.label("actor"),
            *_PERSON,
        )
        .join(Case, Case.id == CaseNote.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .outerjoin(author, author.id == CaseNote.author_id)
        .where(mine, ~CaseNote.is_confidential | may_read_confidential)
        .order_by(CaseNote.occurred_at.desc(), CaseNote.id.desc())
        .limit(inline(shown))
    )
    transitions = (
        select(
            CaseTransition.occurred_at,
            CaseTransition.id,
            literal("stage"),
            type_coerce(null(), CaseNote.kind.type),
            false(),
            literal(""),
            CaseTransition.from_stage,
            CaseTransition.to_stage,
            actor.full_name,
            *_PERSON,
        )
        .join(Case, Case.id == CaseTransition.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .outerjoin(actor, actor.id == CaseTransition.actor_id)
        .where(mine)
        .order_by(CaseTransition.occurred_at.desc(), CaseTransition.id.desc())
        .limit(inline(shown))
    )
    both = union_all(notes, transitions).subquery()
    return (
        select(both)
        .order_by(both.c.at.desc(), both.c.source, both.c.event_id.desc())
        .limit(inline(shown))
    )


def _recent_activity(kind, params) -> list[dict]:
    rows = db.session.connection().execute(_activity_statement(kind, ACTIVITY_SHOWN), params)
    notes = url_pattern("casework.notes", "case_id")
    stages = url_pattern("cases.detail", "case_id")
    return [
        _note_event(row, notes) if row.source == "note" else _stage_event(row, stages)
        for row in rows
    ]


def _note_event(row, url: str) -> dict:
    if row.is_confidential:
        title = _l("Confidential note (%(kind)s)", kind=row.kind.label)
    else:
        title = _l("Note (%(kind)s)", kind=row.kind.label)
    return {
        "at": row.at,
        "kind": "note",
        "title": title,
        "detail": _excerpt(row.excerpt),
        "actor": row.actor or "",
        "url": url.format(row.case_id),
        **_person(row),
    }


def _stage_event(row, url: str) -> dict:
    if row.from_stage is None:
        title = _l("Case opened")
    else:
        title = _l(
            "Stage: %(from)s → %(to)s", **{"from": row.from_stage.label, "to": row.to_stage.label}
        )
    return {
        "at": row.at,
        "kind": "stage",
        "title": title,
        "detail": "",
        "actor": row.actor or "",
        "url": url.format(row.case_id),
        **_person(row),
    }


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"
