"""Reads of casework on one case: notes (paged, confidentiality applied), appointments, tasks.

Every list is bounded and loads what it shows in one statement (authors, counsellors and
assignees are joined), so the number of statements never depends on the number of rows. Lists
fetch one row more than they show to know whether there is more; nothing is counted.
"""

from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import joinedload

from returnsvc.cases.models import Case, CaseTransfer
from returnsvc.cases.visibility import can_read_confidential
from returnsvc.casework.models import Appointment, CaseNote, Task
from returnsvc.core.db import utcnow
from returnsvc.core.paging import cut_page, keyset_page
from returnsvc.extensions import db

NOTES_PER_PAGE = 20
APPOINTMENTS_SHOWN = 50
OPEN_TASKS_SHOWN = 200
DONE_TASKS_SHOWN = 50


def notes_page(
    case: Case, viewer, before: int | None = None, per_page: int | None = None
) -> tuple[list[CaseNote], int | None]:
    """Newest first: (notes, id to pass as `before` for the next page, or None).

    Confidential notes are left out, not masked, for viewers who may not read them: such a
    viewer cannot tell that they exist."""
    per_page = per_page or NOTES_PER_PAGE
    stmt = select(CaseNote).where(CaseNote.case_id == case.id)
    if not can_read_confidential(case, viewer):
        stmt = stmt.where(CaseNote.is_confidential.is_(False))
    if before is not None:
        # Keyset: everything older than the anchor note (ties broken by id), in one statement.
        anchor = (
            select(CaseNote.occurred_at)
            .where(CaseNote.id == before, CaseNote.case_id == case.id)
            .scalar_subquery()
        )
        stmt = stmt.where(tuple_(CaseNote.occurred_at, CaseNote.id) < tuple_(anchor, before))
    rows = db.session.scalars(
        stmt.order_by(CaseNote.occurred_at.desc(), CaseNote.id.desc()).limit(per_page + 1)
    )
    return keyset_page(rows, per_page)


def appointments_of(case: Case, now: datetime | None = None) -> dict:
    """{"upcoming": soonest first, "past": latest first, "more_past": bool}. Cancelled ones
    stay in their place, with the transfer that cancelled them and its receiving office."""
    now = now or utcnow()
    base = (
        select(Appointment)
        .options(joinedload(Appointment.cancelled_by_transfer).joinedload(CaseTransfer.to_office))
        .where(Appointment.case_id == case.id)
    )
    upcoming = db.session.scalars(
        base.where(Appointment.starts_at > now)
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(APPOINTMENTS_SHOWN)
    ).all()
    past, more_past = cut_page(
        db.session.scalars(
            base.where(Appointment.starts_at <= now)
            .order_by(Appointment.starts_at.desc(), Appointment.id.desc())
            .limit(APPOINTMENTS_SHOWN + 1)
        ),
        APPOINTMENTS_SHOWN,
    )
    return {"upcoming": upcoming, "past": past, "more_past": more_past}


def tasks_of(case: Case) -> dict:
    """{"open": by due date, "done": latest done first, "more_done": bool}."""
    base = select(Task).where(Task.case_id == case.id)
    open_tasks = db.session.scalars(
        base.where(Task.done_at.is_(None)).order_by(Task.due_date, Task.id).limit(OPEN_TASKS_SHOWN)
    ).all()
    done, more_done = cut_page(
        db.session.scalars(
            base.where(Task.done_at.is_not(None))
            .order_by(Task.done_at.desc(), Task.id.desc())
            .limit(DONE_TASKS_SHOWN + 1)
        ),
        DONE_TASKS_SHOWN,
    )
    return {"open": open_tasks, "done": done, "more_done": more_done}


def appointment_of_case(case: Case, appointment_id: int) -> Appointment | None:
    """The appointment only if it belongs to this case (ids of other cases find nothing)."""
    return db.session.scalar(
        select(Appointment).where(Appointment.id == appointment_id, Appointment.case_id == case.id)
    )


def task_of_case(case: Case, task_id: int) -> Task | None:
    return db.session.scalar(select(Task).where(Task.id == task_id, Task.case_id == case.id))
