"""What day-to-day casework hangs on the case workspace: the Notes, Appointments and Tasks tabs,
the "next steps" panel, the timeline's note, appointment and task events, the notes,
appointments and tasks of the subject-access record, their erasure, and their hand-over when
a transfer of the case is accepted (casework.handover)."""

from datetime import date, datetime

from sqlalchemy import and_, func, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by

from returnsvc.cases.models import Case
from returnsvc.cases.visibility import can_read_confidential
from returnsvc.cases.workspace import (
    CASE_ID,
    VIEWER_TODAY,
    CaseTab,
    ErasureStep,
    HandOverStep,
    SubjectSection,
    SummaryPanel,
    json_object,
)
from returnsvc.casework.handover import hand_over
from returnsvc.casework.models import Appointment, CaseNote, Task
from returnsvc.casework.portal import PORTAL_APPOINTMENTS
from returnsvc.casework.timeline_sources import EVENTS, TIMELINE
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

# What casework.views registers (contribute): the timeline parts come from timeline_sources.
__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE", "HANDOVER", "PORTAL"]

TABS = (
    CaseTab("casework.notes", _l("Notes"), 40),
    CaseTab("casework.appointments", _l("Appointments"), 50),
    CaseTab("casework.tasks", _l("Tasks"), 60),
)
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


HANDOVER = (HandOverStep("open tasks and future appointments", hand_over),)

# The person's appointments in their portal (casework.portal).
PORTAL = (PORTAL_APPOINTMENTS,)
