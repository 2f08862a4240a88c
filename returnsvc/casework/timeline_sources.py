"""Casework's events on the case timeline: notes, appointments set, attended, cancelled,
tasks added and done, and what a transfer handed over. Registered with the rest of the
casework contributions (casework.contributions)."""

from datetime import datetime

from babel import dates as babel_dates
from flask_babel import get_translations
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import Integer, cast, func, or_, select
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import CaseEvent, CaseTransfer
from returnsvc.cases.workspace import (
    CASE_ID,
    EventKind,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.casework.handover import HANDED_OVER
from returnsvc.casework.models import Appointment, CaseNote, NoteKind, Task
from returnsvc.core.clock import viewer_zone
from returnsvc.core.i18n import locale_code, message_with
from returnsvc.offices.models import Office

EXCERPT = 240


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
        .where(CaseEvent.case_id == CASE_ID, CaseEvent.kind == HANDED_OVER)
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
    EventKind(HANDED_OVER, "transfer", _describe_handed_over),
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
