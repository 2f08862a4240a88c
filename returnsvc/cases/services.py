"""Writes on cases: open, change stage, assign, transfer, and the access log.

Services flush, never commit; they take the acting user explicitly and audit what they do.
"""

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from returnsvc.audit.services import record
from returnsvc.auth.models import User
from returnsvc.cases import stages
from returnsvc.cases.models import (
    Case,
    CaseAccess,
    CaseTransfer,
    CaseTransition,
    CloseReason,
    Stage,
    TransferStatus,
)
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.enums import Role
from returnsvc.core.refusals import Refusal
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import ConsentKind, Returnee


class CaseError(Refusal):
    """A refused case operation; `message` is translated for the user."""


def record_case_view(case: Case, user, what: str = "case") -> None:
    db.session.add(
        CaseAccess(
            case_id=case.id,
            user_id=getattr(user, "id", None),
            what=what[:40],
            ip_address=request.remote_addr if has_request_context() else None,
        )
    )


def open_case(returnee: Returnee, *, office: Office, counsellor: User | None, actor) -> Case:
    """Open a case for a returnee: needs the service-delivery consent and no other open case."""
    if not returnee.has_consent(ConsentKind.SERVICE):
        raise CaseError(_l("A case can only be opened with the service-delivery consent."))
    if returnee.is_anonymised:
        raise CaseError(_l("This person's record has been anonymised."))
    if open_case_of(returnee) is not None:
        raise CaseError(_l("This person already has an open case."))
    _check_counsellor(counsellor, office)
    now = utcnow()
    case_id = db.session.scalar(select(func.nextval("case_file_id_seq")))
    case = Case(
        id=case_id,
        reference=f"{office.country}-{now.year}-{case_id:06d}",
        returnee_id=returnee.id,
        office_id=office.id,
        counsellor_id=counsellor.id if counsellor else None,
        stage=Stage.REGISTERED,
        stage_changed_at=now,
        opened_at=now,
        is_demo=returnee.is_demo,
        person_sort=person_sort_key(returnee),
    )
    db.session.add(case)
    db.session.add(
        CaseTransition(
            case_id=case_id,
            from_stage=None,
            to_stage=Stage.REGISTERED,
            actor_id=getattr(actor, "id", None),
            occurred_at=now,
        )
    )
    db.session.flush()
    record(
        "case.opened",
        actor=actor,
        target=case,
        changes={
            "returnee_id": returnee.id,
            "office_id": office.id,
            "counsellor_id": case.counsellor_id,
        },
    )
    return case


def person_sort_key(returnee: Returnee) -> str:
    """ "guaman loja wilson patricio": what the case list sorts by (empty once anonymised)."""
    if returnee.is_anonymised:
        return ""
    return fold(f"{returnee.first_surname} {returnee.second_surname} {returnee.given_names}")


def refresh_person_sort(returnee: Returnee) -> None:
    """After the person's names change, every case of theirs sorts under the new name."""
    db.session.execute(
        update(Case)
        .where(Case.returnee_id == returnee.id)
        .values(person_sort=person_sort_key(returnee))
        .execution_options(synchronize_session="fetch")
    )


def open_case_of(returnee: Returnee) -> Case | None:
    return db.session.scalar(
        select(Case).where(Case.returnee_id == returnee.id, Case.stage != Stage.CLOSED)
    )


def change_stage(
    case: Case,
    target: Stage,
    *,
    version: int | None,
    actor,
    close_reason: CloseReason | None = None,
    note: str = "",
) -> CaseTransition:
    """Move the case along the transition table; closing needs a reason."""
    check_version(case, version)
    target = Stage(target)
    if not stages.is_allowed(case.stage, target):
        raise CaseError(
            _l(
                "A case cannot go from “%(current)s” to “%(target)s”.",
                current=case.stage.label,
                target=target.label,
            )
        )
    if target is Stage.CLOSED and close_reason is None:
        raise CaseError(_l("Choose why the case is being closed."))
    if target is Stage.REOPENED:
        other = open_case_of(case.returnee)
        if other is not None and other.id != case.id:
            raise CaseError(_l("This person already has another open case."))
    now = utcnow()
    transition = CaseTransition(
        case_id=case.id,
        from_stage=case.stage,
        to_stage=target,
        actor_id=getattr(actor, "id", None),
        occurred_at=now,
        close_reason=CloseReason(close_reason) if target is Stage.CLOSED else None,
        note=note.strip(),
    )
    db.session.add(transition)
    previous = case.stage
    case.stage = target
    case.stage_changed_at = now
    if target is Stage.CLOSED:
        case.closed_at = now
        case.close_reason = CloseReason(close_reason)
    else:
        case.closed_at = None
        case.close_reason = None
    db.session.flush()
    record(
        "case.stage_changed",
        actor=actor,
        target=case,
        changes={
            "stage": [previous.value, target.value],
            "close_reason": case.close_reason.value if case.close_reason else None,
        },
    )
    return transition


def assign_counsellor(case: Case, counsellor: User | None, *, version: int | None, actor) -> None:
    """Reassign within the owning office."""
    check_version(case, version)
    _check_counsellor(counsellor, case.office)
    old = case.counsellor_id
    case.counsellor_id = counsellor.id if counsellor else None
    if old != case.counsellor_id:
        db.session.flush()
        record(
            "case.assigned",
            actor=actor,
            target=case,
            changes={"counsellor_id": [old, case.counsellor_id]},
        )


def _check_counsellor(counsellor: User | None, office: Office) -> None:
    if counsellor is None:
        return
    if (
        counsellor.role is not Role.COUNSELLOR
        or counsellor.office_id != office.id
        or not counsellor.is_active
    ):
        raise CaseError(_l("Choose an active counsellor of the office that owns the case."))


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
    _check_counsellor(counsellor, transfer.to_office)
    transfer.status = TransferStatus.ACCEPTED
    transfer.decided_by_id = actor.id
    transfer.decided_at = utcnow()
    old_office, old_counsellor = case.office_id, case.counsellor_id
    case.office_id = transfer.to_office_id
    case.counsellor_id = counsellor.id if counsellor else None
    db.session.flush()
    db.session.expire(case, ["office"])
    record(
        "case.transfer_accepted",
        actor=actor,
        target=case,
        changes={
            "office_id": [old_office, case.office_id],
            "counsellor_id": [old_counsellor, case.counsellor_id],
        },
    )
    return case


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
