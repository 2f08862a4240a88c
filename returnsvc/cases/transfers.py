"""Transfers of a case to another office: requested by the owning office, accepted or
declined by the receiving one, or withdrawn; nothing moves until the receiving office accepts.
Accepting hands the work over with the case: each feature's hand-over step (cases.workspace)
moves its own rows (casework: open tasks to the receiving counsellor, the sending office's
future appointments cancelled).

Services flush, never commit; they take the acting user explicitly and audit what they do.
"""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from returnsvc.audit.services import record
from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseTransfer, TransferStatus
from returnsvc.cases.services import CaseError, check_counsellor
from returnsvc.cases.workspace import workspace
from returnsvc.core.db import utcnow
from returnsvc.core.enums import Role
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.offices.models import Office


def pending_transfer(case: Case) -> CaseTransfer | None:
    return db.session.scalar(
        select(CaseTransfer).where(
            CaseTransfer.case_id == case.id, CaseTransfer.status == TransferStatus.PENDING
        )
    )


def request_transfer(case: Case, to_office: Office, *, reason: str, actor) -> CaseTransfer:
    """Ask another office to take the case over; nothing moves until it accepts."""
    if not case.is_open:
        raise CaseError(_l("Closed cases cannot be transferred."))
    if to_office.id == case.office_id:
        raise CaseError(_l("The case already belongs to this office."))
    if not to_office.is_active:
        raise CaseError(_l("This office is not active."))
    if pending_transfer(case) is not None:
        raise CaseError(_l("A transfer of this case is already waiting for an answer."))
    transfer = CaseTransfer(
        case_id=case.id,
        from_office_id=case.office_id,
        to_office_id=to_office.id,
        reason=reason.strip(),
        requested_by_id=getattr(actor, "id", None),
    )
    db.session.add(transfer)
    db.session.flush()
    record(
        "case.transfer_requested",
        actor=actor,
        target=case,
        changes={"from_office_id": case.office_id, "to_office_id": to_office.id},
    )
    return transfer


def accept_transfer(transfer: CaseTransfer, *, counsellor: User | None, actor) -> Case:
    """The receiving office takes the case; it may assign one of its counsellors at once."""
    _check_pending(transfer, actor)
    case = db.session.get(Case, transfer.case_id)
    if not case.is_open:
        raise CaseError(_l("This case has been closed: the transfer can no longer be accepted."))
    check_counsellor(counsellor, transfer.to_office)
    transfer.status = TransferStatus.ACCEPTED
    transfer.decided_by_id = actor.id
    transfer.decided_at = utcnow()
    old_office, old_counsellor = case.office_id, case.counsellor_id
    case.office_id = transfer.to_office_id
    case.counsellor_id = counsellor.id if counsellor else None
    db.session.flush()
    db.session.expire(case, ["office"])
    handed_over = workspace().hand_over(case, transfer, counsellor, actor)
    record(
        "case.transfer_accepted",
        actor=actor,
        target=case,
        changes={
            "office_id": [old_office, case.office_id],
            "counsellor_id": [old_counsellor, case.counsellor_id],
            "transfer_id": transfer.id,
            **handed_over,
        },
    )
    return case


def moved_away(case_id: int, user) -> CaseTransfer | None:
    """The latest accepted transfer of the case out of an office whose cases `user` saw (a
    counsellor's own office, a manager's country), for a case the user no longer sees: what
    the "transferred" page says instead of a 404. Only for staff of the sending side."""
    if user is None or not user.is_authenticated or user.office_id is None:
        return None
    if user.role is Role.COUNSELLOR:
        mine = CaseTransfer.from_office_id == user.office_id
    elif user.role is Role.MANAGER:
        mine = CaseTransfer.from_office_id.in_(
            select(Office.id).where(Office.country == user.office.country)
        )
    else:
        return None
    return db.session.scalar(
        select(CaseTransfer)
        .options(joinedload(CaseTransfer.to_office))
        .where(
            CaseTransfer.case_id == case_id,
            CaseTransfer.status == TransferStatus.ACCEPTED,
            mine,
        )
        .order_by(CaseTransfer.decided_at.desc(), CaseTransfer.id.desc())
        .limit(1)
    )


def decline_transfer(transfer: CaseTransfer, *, reason: str, actor) -> None:
    _check_pending(transfer, actor)
    if not reason.strip():
        raise CaseError(_l("Say why the transfer is declined."))
    transfer.status = TransferStatus.DECLINED
    transfer.decided_by_id = actor.id
    transfer.decided_at = utcnow()
    transfer.decline_reason = reason.strip()
    db.session.flush()
    record(
        "case.transfer_declined",
        actor=actor,
        target=("case_file", transfer.case_id),
        changes={"to_office_id": transfer.to_office_id, "reason": transfer.decline_reason},
    )


def cancel_transfer(transfer: CaseTransfer, *, actor) -> None:
    """The sending office withdraws its request."""
    if transfer.status is not TransferStatus.PENDING:
        raise CaseError(_l("This transfer has already been answered."))
    if actor.office_id != transfer.from_office_id:
        raise CaseError(_l("Only the sending office can cancel the transfer."))
    transfer.status = TransferStatus.CANCELLED
    transfer.decided_by_id = actor.id
    transfer.decided_at = utcnow()
    db.session.flush()
    record("case.transfer_cancelled", actor=actor, target=("case_file", transfer.case_id))


def _check_pending(transfer: CaseTransfer, actor) -> None:
    if transfer.status is not TransferStatus.PENDING:
        raise CaseError(_l("This transfer has already been answered."))
    if actor.role is not Role.COUNSELLOR or actor.office_id != transfer.to_office_id:
        raise CaseError(_l("Only counsellors of the receiving office can answer a transfer."))
