"""What casework hands over when a transfer of the case is accepted (a hand-over step of the
case workspace, registered in casework.contributions): open tasks to the receiving counsellor
(or to nobody), future appointments cancelled."""

from sqlalchemy import select

from returnsvc.audit.services import record
from returnsvc.auth.models import User
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case, CaseTransfer
from returnsvc.casework.models import Appointment, Task
from returnsvc.core.db import utcnow
from returnsvc.extensions import db

HANDED_OVER = "casework.handed_over"  # a CaseEvent kind: what a transfer handed over


def hand_over(case: Case, transfer: CaseTransfer, counsellor: User | None, actor) -> dict:
    """The case has just moved to `transfer`'s receiving office (cases.transfers, through the
    workspace's hand-over steps): its open tasks go to `counsellor`, or to nobody, for the
    receiving office to take (the home page lists them); its future appointments, set by the
    sending office, are cancelled (kept, marked, with the transfer that cancelled them).
    Each change is audited, and the whole on the case's timeline."""
    now = utcnow()
    assignee_id = counsellor.id if counsellor is not None else None
    tasks = db.session.scalars(
        select(Task).where(Task.case_id == case.id, Task.done_at.is_(None)).order_by(Task.id)
    ).all()
    appointments = db.session.scalars(
        select(Appointment)
        .where(
            Appointment.case_id == case.id,
            Appointment.starts_at > now,
            Appointment.cancelled_at.is_(None),
        )
        .order_by(Appointment.starts_at, Appointment.id)
    ).all()
    for task in tasks:
        previous, task.assignee_id = task.assignee_id, assignee_id
        record(
            "task.handed_over",
            actor=actor,
            target=task,
            changes={
                "case_id": case.id,
                "transfer_id": transfer.id,
                "assignee_id": [previous, assignee_id],
            },
        )
    for appointment in appointments:
        appointment.cancelled_at = now
        appointment.cancelled_by_transfer_id = transfer.id
        record(
            "appointment.cancelled",
            actor=actor,
            target=appointment,
            changes={
                "case_id": case.id,
                "transfer_id": transfer.id,
                "starts_at": appointment.starts_at.isoformat(),
                "counsellor_id": appointment.counsellor_id,
            },
        )
    db.session.flush()
    done = {
        "tasks_handed_over": len(tasks),
        "tasks_unassigned": len(tasks) if assignee_id is None else 0,
        "appointments_cancelled": len(appointments),
    }
    if tasks or appointments:
        record_event(
            case.id,
            HANDED_OVER,
            actor=actor,
            transfer_id=transfer.id,
            to_office_id=transfer.to_office_id,
            counsellor_id=assignee_id,
            tasks=len(tasks),
            appointments=len(appointments),
        )
    return done
