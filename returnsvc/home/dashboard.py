"""The counsellor's home dashboard: caseload by stage, tasks overdue and due soon, this week's
appointments, and recent activity on their cases.

A fixed number of statements (one per block, names joined in), each list bounded and fetching
one row more than it shows to say whether there is more. Only cases the user may see
(`visible_cases_clause`) and, for tasks and appointments, open ones (closed cases take no
work). Confidential notes appear only where the user may read them, and even then without
their text: a home page is read over shoulders.
"""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, func, literal, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseTransition, Stage
from returnsvc.cases.stages import ORDER
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.casework.models import Appointment, CaseNote, Task
from returnsvc.core.db import utcnow
from returnsvc.core.enums import Role
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from returnsvc.skills.follow_up import follow_up_days, stalled_recognitions

DUE_SOON_DAYS = 7
TASKS_SHOWN = 15
APPOINTMENTS_SHOWN = 30
ACTIVITY_SHOWN = 10
EXCERPT_LENGTH = 160


def counsellor_dashboard(user, now: datetime | None = None) -> dict:
    """Everything the home page shows a counsellor, as plain values:

    - today (date), caseload: [{stage, mine, office}] in stage order (open stages only),
      caseload_total: {mine, office};
    - overdue_tasks / due_soon_tasks: [{id, title, due_date, case_id, reference, person}],
      with overdue_more / due_soon_more (bool: the list was cut);
    - week_start, week_end (Monday and Sunday, dates), week_appointments: [{id, starts_at,
      location, purpose, attended, case_id, reference, person}], week_more;
    - recent_activity: [{at, kind ("note" or "stage"), title, detail, actor, case_id,
      reference, person}], newest first;
    - stalled_recognitions (see skills.follow_up), stalled_more, recognition_follow_up_days.
    """
    now = now or utcnow()
    today = now.date()
    week_start = today - timedelta(days=today.weekday())
    caseload = _caseload(user)
    overdue, overdue_more = _tasks(user, Task.due_date < today)
    due_soon, due_soon_more = _tasks(
        user, Task.due_date.between(today, today + timedelta(days=DUE_SOON_DAYS))
    )
    week, week_more = _week_appointments(user, week_start)
    stalled, stalled_more = stalled_recognitions(user, today)
    return {
        "today": today,
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
        "week_start": week_start,
        "week_end": week_start + timedelta(days=6),
        "week_appointments": week,
        "week_more": week_more,
        "recent_activity": _recent_activity(user),
        "stalled_recognitions": stalled,
        "stalled_more": stalled_more,
        "recognition_follow_up_days": follow_up_days(),
    }


def _caseload(user) -> list[dict]:
    """Open cases of the user's office by stage: assigned to the user, and all of them."""
    counts = {}
    if user.office_id is not None:
        rows = db.session.execute(
            select(
                Case.stage,
                func.count().filter(Case.counsellor_id == user.id),
                func.count(),
            )
            .where(Case.office_id == user.office_id, Case.stage != Stage.CLOSED)
            .group_by(Case.stage)
        ).all()
        counts = {stage: (mine, office) for stage, mine, office in rows}
    caseload = []
    for stage in ORDER:
        if stage is not Stage.CLOSED:
            mine, office = counts.get(stage, (0, 0))
            caseload.append({"stage": stage, "mine": mine, "office": office})
    return caseload


def _open_visible_cases(user):
    return and_(visible_cases_clause(user), Case.stage != Stage.CLOSED)


def _person_columns():
    return (Case.id.label("case_id"), Case.reference, Returnee)


def _tasks(user, due_condition) -> tuple[list[dict], bool]:
    rows = db.session.execute(
        select(Task.id, Task.title, Task.due_date, *_person_columns())
        .join(Case, Case.id == Task.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(
            Task.assignee_id == user.id,
            Task.done_at.is_(None),
            due_condition,
            _open_visible_cases(user),
        )
        .order_by(Task.due_date, Task.id)
        .limit(TASKS_SHOWN + 1)
    ).all()
    tasks = [
        {
            "id": row.id,
            "title": row.title,
            "due_date": row.due_date,
            **_person(row),
        }
        for row in rows[:TASKS_SHOWN]
    ]
    return tasks, len(rows) > TASKS_SHOWN


def _week_appointments(user, week_start: date) -> tuple[list[dict], bool]:
    start = datetime.combine(week_start, time(), tzinfo=UTC)
    rows = db.session.execute(
        select(
            Appointment.id,
            Appointment.starts_at,
            Appointment.location,
            Appointment.purpose,
            Appointment.attended,
            *_person_columns(),
        )
        .join(Case, Case.id == Appointment.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(
            Appointment.counsellor_id == user.id,
            Appointment.starts_at >= start,
            Appointment.starts_at < start + timedelta(days=7),
            _open_visible_cases(user),
        )
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(APPOINTMENTS_SHOWN + 1)
    ).all()
    appointments = [
        {
            "id": row.id,
            "starts_at": row.starts_at,
            "location": row.location,
            "purpose": row.purpose,
            "attended": row.attended,
            **_person(row),
        }
        for row in rows[:APPOINTMENTS_SHOWN]
    ]
    return appointments, len(rows) > APPOINTMENTS_SHOWN


def _recent_activity(user) -> list[dict]:
    """The latest notes and stage changes on cases assigned to the user, merged."""
    mine = and_(Case.counsellor_id == user.id, visible_cases_clause(user))
    # The rule of visibility.can_read_confidential, in SQL: counsellors of the owning office.
    if user.role is Role.COUNSELLOR and user.office_id is not None:
        may_read_confidential = Case.office_id == user.office_id
    else:
        may_read_confidential = false()
    author = aliased(User)
    notes = db.session.execute(
        select(
            CaseNote.occurred_at.label("at"),
            CaseNote.kind,
            CaseNote.is_confidential,
            # Confidential text never leaves the database for this page.
            sql_case(
                (CaseNote.is_confidential, literal("")),
                else_=func.left(CaseNote.body, EXCERPT_LENGTH + 1),
            ).label("excerpt"),
            author.full_name.label("actor"),
            *_person_columns(),
        )
        .join(Case, Case.id == CaseNote.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .outerjoin(author, author.id == CaseNote.author_id)
        .where(mine, ~CaseNote.is_confidential | may_read_confidential)
        .order_by(CaseNote.occurred_at.desc(), CaseNote.id.desc())
        .limit(ACTIVITY_SHOWN)
    ).all()
    actor = aliased(User)
    transitions = db.session.execute(
        select(
            CaseTransition.occurred_at.label("at"),
            CaseTransition.from_stage,
            CaseTransition.to_stage,
            actor.full_name.label("actor"),
            *_person_columns(),
        )
        .join(Case, Case.id == CaseTransition.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .outerjoin(actor, actor.id == CaseTransition.actor_id)
        .where(mine)
        .order_by(CaseTransition.occurred_at.desc(), CaseTransition.id.desc())
        .limit(ACTIVITY_SHOWN)
    ).all()
    events = [_note_event(row) for row in notes] + [_stage_event(row) for row in transitions]
    events.sort(key=lambda event: event["at"], reverse=True)
    return events[:ACTIVITY_SHOWN]


def _note_event(row) -> dict:
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
        **_person(row),
    }


def _stage_event(row) -> dict:
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
        **_person(row),
    }


def _person(row) -> dict:
    return {"case_id": row.case_id, "reference": row.reference, "person": row.Returnee.full_name}


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"
