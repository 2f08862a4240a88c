"""What day-to-day casework hangs on the case workspace: the Notes, Appointments and Tasks tabs,
the "next steps" panel, the timeline's note, appointment and task events, the notes,
appointments and tasks of the subject-access record, their erasure, and their hand-over when
a transfer of the case is accepted (services.hand_over)."""

from datetime import date, datetime

from babel import dates as babel_dates
from flask_babel import get_translations
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import Integer, and_, cast, func, or_, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseEvent, CaseTransfer
from returnsvc.cases.visibility import can_read_confidential
from returnsvc.cases.workspace import (
    CASE_ID,
    VIEWER_TODAY,
    CaseTab,
    ErasureStep,
    EventKind,
    HandOverStep,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.casework import services
from returnsvc.casework.models import Appointment, CaseNote, NoteKind, Task
from returnsvc.core.clock import viewer_zone
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import locale_code, message_with
from returnsvc.extensions import db
from returnsvc.offices.models import Office

TABS = (
    CaseTab("casework.notes", _l("Notes"), 40),
    CaseTab("casework.appointments", _l("Appointments"), 50),
    CaseTab("casework.tasks", _l("Tasks"), 60),
)
EXCERPT = 240
PLACEHOLDER = "—"


# --- the next-steps panel -------------------------------------------------------------------


def _next_steps_column(_confidential):
    """The next appointment, and the open tasks (how many, how many overdue, the soonest)."""
    now = func.now()
    appointment = (
        select(
            json_object(
                starts_at=Appointment.starts_at,
                location=Appointment.location,
                purpose=Appointment.purpose,
            )
        )
        .where(
            Appointment.case_id == CASE_ID,
            Appointment.starts_at > now,
            Appointment.cancelled_at.is_(None),
        )
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(1)
        .scalar_subquery()
    )
    open_task = and_(Task.case_id == CASE_ID, Task.done_at.is_(None))
    tasks = (
        select(
            json_object(
                open=func.count(),
                overdue=func.count().filter(Task.due_date < VIEWER_TODAY),
                soonest=func.jsonb_agg(
                    aggregate_order_by(
                        json_object(title=Task.title, due_date=Task.due_date), Task.due_date
                    )
                ).op("->")(0),
            )
        )
        .where(open_task)
        .scalar_subquery()
    )
    return select(json_object(appointment=appointment, tasks=tasks)).scalar_subquery()


def _next_steps(value, case, viewer) -> dict:
    from_iso = _dates(value["appointment"], "starts_at")
    tasks = value["tasks"]
    soonest = _dates(tasks["soonest"], "due_date", as_date=True)
    return {
        "appointment": from_iso,
        "open_tasks": tasks["open"],
        "overdue_tasks": tasks["overdue"],
        "soonest_task": soonest,
    }


def _dates(row, name, *, as_date=False):
    """A JSON row with its date or time `name` read back (JSON gives them as text)."""
    if not row or row.get(name) is None:
        return row
    parse = date.fromisoformat if as_date else datetime.fromisoformat
    return dict(row, **{name: parse(row[name])})


PANELS = (SummaryPanel("casework", 10, "casework/_panel.html", _next_steps_column, _next_steps),)


# --- timeline -------------------------------------------------------------------------------


def _note_rows(confidential):
    stmt = select(
        *event_columns(
            CaseNote.author_id,
            kind=CaseNote.kind,
            confidential=CaseNote.is_confidential,
            excerpt=func.left(CaseNote.body, EXCERPT + 1),
        )
    ).where(CaseNote.case_id == CASE_ID)
    return stmt.where(or_(CaseNote.is_confidential.is_(False), confidential))


def _describe_note(d):
    kind = NoteKind(d.kind).label
    if d.confidential:
        return message_with(_("Confidential note (%(kind)s)"), kind=kind), _excerpt(d.excerpt)
    return message_with(_("Note (%(kind)s)"), kind=kind), _excerpt(d.excerpt)


def _appointment_rows(attendance: bool):
    def rows(_confidential):
        stmt = select(
            *event_columns(
                Appointment.counsellor_id if attendance else Appointment.created_by_id,
                purpose=Appointment.purpose,
                location=Appointment.location,
                attended=Appointment.attended,
            )
        ).where(Appointment.case_id == CASE_ID)
        return stmt.where(Appointment.attended.is_not(None)) if attendance else stmt

    return rows


def _describe_appointment(d):
    return message_with(_("Appointment set: %(purpose)s"), purpose=d.purpose), d.location


def _describe_attendance(d):
    title = _("Attended the appointment") if d.attended else _("Missed the appointment")
    return title, d.purpose


def _task_rows(done: bool):
    def rows(_confidential):
        stmt = select(
            *event_columns(Task.done_by_id if done else Task.created_by_id, title=Task.title)
        ).where(Task.case_id == CASE_ID)
        return stmt.where(Task.done_at.is_not(None)) if done else stmt

    return rows


_receiving, _taker = aliased(Office), aliased(User)


def _cancelled_rows(_confidential):
    """Appointments a transfer cancelled, with the office the case went to."""
    return (
        select(
            *event_columns(
                CaseTransfer.decided_by_id,
                starts_at=Appointment.starts_at,
                purpose=Appointment.purpose,
                office=_receiving.name,
            )
        )
        .join(CaseTransfer, CaseTransfer.id == Appointment.cancelled_by_transfer_id, isouter=True)
        .join(_receiving, _receiving.id == CaseTransfer.to_office_id, isouter=True)
        .where(Appointment.case_id == CASE_ID, Appointment.cancelled_at.is_not(None))
    )


def _describe_cancelled(d):
    when = babel_dates.format_datetime(
        datetime.fromisoformat(d.starts_at), "short", tzinfo=viewer_zone(), locale=locale_code()
    )
    if d.office:
        title = message_with(
            _("Appointment of %(when)s cancelled: the case moved to %(office)s"),
            when=when,
            office=d.office,
        )
    else:
        title = message_with(_("Appointment of %(when)s cancelled"), when=when)
    return title, d.purpose


def _handed_over_rows(_confidential):
    """The hand-overs of transfers (CaseEvent rows), with the office and counsellor names."""
    return (
        select(
            CaseEvent.actor_id.label("actor_id"),
            CaseEvent.data.op("||")(
                json_object(office=_receiving.name, counsellor=_taker.full_name)
            ).label("data"),
        )
        .outerjoin(
            _receiving, _receiving.id == cast(CaseEvent.data["to_office_id"].astext, Integer)
        )
        .outerjoin(_taker, _taker.id == cast(CaseEvent.data["counsellor_id"].astext, Integer))
        .where(CaseEvent.case_id == CASE_ID, CaseEvent.kind == services.HANDED_OVER)
    )


def _plural(singular: str, plural: str, num: int, **values):
    """A count's message in the page's language, with user text escaped (message_with);
    Flask-Babel's ngettext would format it itself, knowing only the number."""
    message = get_translations().ngettext(singular, plural, num)
    return message_with(message, num=num, **values)


def _describe_handed_over(d):
    title = message_with(_("Work handed over to %(office)s"), office=d.office or "—")
    parts = []
    if d.tasks:
        if d.counsellor:
            parts.append(
                _plural(
                    "%(num)d open task reassigned to %(counsellor)s",
                    "%(num)d open tasks reassigned to %(counsellor)s",
                    d.tasks,
                    counsellor=d.counsellor,
                )
            )
        else:
            parts.append(
                _plural(
                    "%(num)d open task left for the office to take",
                    "%(num)d open tasks left for the office to take",
                    d.tasks,
                )
            )
    if d.appointments:
        parts.append(
            _plural(
                "%(num)d future appointment cancelled",
                "%(num)d future appointments cancelled",
                d.appointments,
            )
        )
    return title, Markup("; ").join(parts)


TIMELINE = (
    TimelineSource(
        "notes", CaseNote.occurred_at, event_kind("casework.note"), CaseNote.id, _note_rows
    ),
    TimelineSource(
        "appointments set",
        Appointment.created_at,
        event_kind("casework.appointment"),
        Appointment.id,
        _appointment_rows(attendance=False),
    ),
    TimelineSource(
        "attendance",
        Appointment.starts_at,
        event_kind("casework.attendance"),
        Appointment.id,
        _appointment_rows(attendance=True),
    ),
    TimelineSource(
        "appointments cancelled",
        Appointment.cancelled_at,
        event_kind("casework.cancelled"),
        Appointment.id,
        _cancelled_rows,
    ),
    TimelineSource(
        "hand-overs", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, _handed_over_rows
    ),
    TimelineSource(
        "tasks added", Task.created_at, event_kind("casework.task"), Task.id, _task_rows(done=False)
    ),
    TimelineSource(
        "tasks done", Task.done_at, event_kind("casework.task_done"), Task.id, _task_rows(done=True)
    ),
)

EVENTS = (
    EventKind("casework.note", "note", _describe_note),
    EventKind("casework.appointment", "appointment", _describe_appointment),
    EventKind("casework.cancelled", "appointment", _describe_cancelled),
    EventKind(services.HANDED_OVER, "transfer", _describe_handed_over),
    EventKind("casework.attendance", "appointment", _describe_attendance),
    EventKind(
        "casework.task",
        "task",
        lambda d: (message_with(_("Task added: %(title)s"), title=d.title), ""),
    ),
    EventKind(
        "casework.task_done",
        "task",
        lambda d: (message_with(_("Task done: %(title)s"), title=d.title), ""),
    ),
)


def _excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


# --- subject access and erasure -------------------------------------------------------------


def _casework_record(returnee, case_ids, viewer) -> dict:
    """Notes (confidential ones only for those who may read them; the others are counted),
    appointments and tasks of the cases the viewer may see, with their case's reference."""
    cases = db.session.scalars(select(Case).where(Case.id.in_(case_ids))).all()
    references = {case.id: case.reference for case in cases}
    readable = {case.id for case in cases if can_read_confidential(case, viewer)}
    notes = db.session.scalars(
        select(CaseNote).where(CaseNote.case_id.in_(case_ids)).order_by(CaseNote.occurred_at)
    ).all()
    shown = [n for n in notes if n.case_id in readable or not n.is_confidential]
    appointments = db.session.scalars(
        select(Appointment).where(Appointment.case_id.in_(case_ids)).order_by(Appointment.starts_at)
    ).all()
    tasks = db.session.scalars(
        select(Task).where(Task.case_id.in_(case_ids)).order_by(Task.due_date, Task.id)
    ).all()
    return {
        "notes": [
            {
                "case": references[n.case_id],
                "kind": n.kind,
                "at": n.occurred_at,
                "text": n.body,
                "confidential": n.is_confidential,
            }
            for n in shown
        ],
        "confidential_notes_not_included": len(notes) - len(shown),
        "appointments": [
            {
                "case": references[a.case_id],
                "at": a.starts_at,
                "location": a.location,
                "purpose": a.purpose,
                "attended": a.attended,
                "cancelled_at": a.cancelled_at,
            }
            for a in appointments
        ],
        "tasks": [
            {
                "case": references[t.case_id],
                "title": t.title,
                "due": t.due_date,
                "done_at": t.done_at,
            }
            for t in tasks
        ],
    }


SUBJECT = (
    SubjectSection(
        "casework",
        30,
        _l("Notes, appointments and tasks"),
        _casework_record,
        "casework/_record.html",
    ),
)


def _erase(returnee_id: int, case_ids) -> None:
    """Note bodies are blanked; the required place, purpose and title become a placeholder.
    Kinds, dates, attendance and who did what stay for statistics."""
    # Versions move on, so an edit form opened before the erasure cannot write the text back.
    for model, values in (
        (CaseNote, {"body": ""}),
        (
            Appointment,
            {"location": PLACEHOLDER, "purpose": PLACEHOLDER, "version": Appointment.version + 1},
        ),
        (Task, {"title": PLACEHOLDER, "version": Task.version + 1}),
    ):
        db.session.execute(
            update(model)
            .where(model.case_id.in_(case_ids))
            .values(**values)
            .execution_options(synchronize_session=False)
        )


ERASURE = (ErasureStep("notes, appointments and tasks", _erase),)


HANDOVER = (HandOverStep("open tasks and future appointments", services.hand_over),)
