"""Writes on cases: intake (register a person and open their case), open, change stage,
assign, edits of the person and their consents, and the access log. Transfers are in
cases.transfers; anonymisation in cases.subject.

Services flush, never commit; they take the acting user explicitly and audit what they do.
"""

from flask import has_request_context, request
from sqlalchemy import func, insert, select, update

from returnsvc.audit.services import record
from returnsvc.auth.models import User
from returnsvc.cases import stages
from returnsvc.cases.events import record_event
from returnsvc.cases.models import (
    Case,
    CaseAccess,
    CaseTransfer,
    CaseTransition,
    CloseReason,
    Stage,
    TransferStatus,
)
from returnsvc.cases.workspace import workspace
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.enums import Role
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.core.request_cycle import keep_on_rollback
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import ConsentKind, Returnee
from returnsvc.returnees.services import (
    NAME_FIELDS,
    register_returnee,
    set_consent,
    update_returnee,
)


class CaseError(Refusal):
    """A refused case operation; `message` is translated for the user."""


def require_open(case: Case) -> None:
    """Writes on a case's records need an open case (a closed one is reopened first)."""
    if not case.is_open:
        raise CaseError(_l("This case is closed. Reopen it before making changes."))


_INSERT_ACCESS = insert(CaseAccess)


def record_case_view(case: Case, user, what: str = "case") -> None:
    """A line of the case's access log ("who viewed it"), kept even when the request's other
    writes are rolled back (a form shown again with its errors is a view of the case too)."""
    fields = {
        "case_id": case.id,
        "user_id": getattr(user, "id", None),
        "what": what[:40],
        "ip_address": request.remote_addr if has_request_context() else None,
        "viewed_at": utcnow(),
    }
    # A plain INSERT, not an object for the unit of work to flush: every case page writes
    # one, and the flush machinery cost more than the statement.
    db.session.execute(_INSERT_ACCESS, fields)
    if has_request_context():
        keep_on_rollback(lambda: CaseAccess(**fields))


def record_case_views(case_ids, user, what: str) -> None:
    """One access-log line for each of `case_ids`, in one statement: a list that shows
    personal details of cases found by a search across them (the reverse match) is a view of
    each. Kept on rollback, as record_case_view's are."""
    ip = request.remote_addr if has_request_context() else None
    now = utcnow()
    rows = [
        {"case_id": case_id, "user_id": getattr(user, "id", None), "what": what[:40],
         "ip_address": ip, "viewed_at": now}
        for case_id in case_ids
    ]  # fmt: skip
    if not rows:
        return
    db.session.execute(_INSERT_ACCESS, rows)
    if has_request_context():
        for fields in rows:
            keep_on_rollback(lambda fields=fields: CaseAccess(**fields))


def keep_view_on_rollback(case: Case, user, what: str) -> None:
    """For a view whose access-log line a page's own statement wrote (cases.page): written
    again if the request is rolled back, as record_case_view's are."""
    if has_request_context():
        fields = {
            "case_id": case.id,
            "user_id": getattr(user, "id", None),
            "what": what[:40],
            "ip_address": request.remote_addr,
            "viewed_at": utcnow(),
        }
        keep_on_rollback(lambda: CaseAccess(**fields))


def register_and_open(
    person: dict,
    migration: dict,
    consents,
    *,
    office: Office,
    actor,
    overrides=(),
    is_demo: bool = False,
) -> Case:
    """Intake: register the person (returnees) and open their case at `office`, assigned to
    the actor when they are one of its counsellors. One service, so a case that cannot be
    opened leaves no person behind (the refusal rolls the request back)."""
    returnee = register_returnee(
        person, migration, consents, actor=actor, overrides=overrides, is_demo=is_demo
    )
    counsellor = actor if getattr(actor, "office_id", None) == office.id else None
    if counsellor is not None and counsellor.role is not Role.COUNSELLOR:
        counsellor = None
    return open_case(returnee, office=office, counsellor=counsellor, actor=actor)


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
    # What the features require first (a complete skills profile before "assessed"): asked
    # here, so that no page or command moves a case around it.
    missing = workspace().refusal_to_enter(case, target)
    if missing:
        raise CaseError(missing)
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
        _cancel_pending_transfers(case, actor=actor, now=now)
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


def _cancel_pending_transfers(case: Case, *, actor, now) -> None:
    """A closed case goes to no other office: a transfer still waiting for an answer is
    cancelled with the closing (on the timeline as a cancelled transfer, and audited), so the
    receiving office can no longer accept it."""
    pending = db.session.scalars(
        select(CaseTransfer).where(
            CaseTransfer.case_id == case.id, CaseTransfer.status == TransferStatus.PENDING
        )
    ).all()
    for transfer in pending:
        transfer.status = TransferStatus.CANCELLED
        transfer.decided_by_id = getattr(actor, "id", None)
        transfer.decided_at = now
        record(
            "case.transfer_cancelled",
            actor=actor,
            target=case,
            changes={"to_office_id": transfer.to_office_id, "because": "case_closed"},
        )


def assign_counsellor(case: Case, counsellor: User | None, *, version: int | None, actor) -> None:
    """Reassign within the owning office."""
    check_version(case, version)
    _check_counsellor(counsellor, case.office)
    old = case.counsellor_id
    case.counsellor_id = counsellor.id if counsellor else None
    if old != case.counsellor_id:
        db.session.flush()
        record_event(case.id, "case.assigned", actor=actor, to=case.counsellor_id)
        record(
            "case.assigned",
            actor=actor,
            target=case,
            changes={"counsellor_id": [old, case.counsellor_id]},
        )


def edit_person(case: Case, person: dict, migration: dict, *, version: int | None, actor) -> dict:
    """Save an edit of the case's person (returnees.update_returnee); the timeline says which
    fields changed, and the case list sorts under a changed name. Returns the changes."""
    returnee = case.returnee
    changes = update_returnee(returnee, person, migration, version=version, actor=actor)
    if NAME_FIELDS & changes.keys():
        refresh_person_sort(returnee)
    if changes:
        record_event(case.id, "person.edited", actor=actor, fields=sorted(changes))
    return changes


def change_consent(case: Case, kind: ConsentKind, given: bool, *, actor) -> bool:
    """Record or withdraw one of the person's consents. The service-delivery consent cannot be
    withdrawn while the case is open: the case is closed with the reason "Withdrew" instead."""
    kind = ConsentKind(kind)
    if kind is ConsentKind.SERVICE and not given and case.is_open:
        raise CaseError(
            _l(
                "Without the service-delivery consent the case must be closed: close it with "
                "the reason “Withdrew”."
            )
        )
    changed = set_consent(case.returnee, kind, given, actor=actor)
    if changed:
        record_event(case.id, "person.consent", actor=actor, consent=kind.value, given=given)
    return changed


def _check_counsellor(counsellor: User | None, office: Office) -> None:
    if counsellor is None:
        return
    if (
        counsellor.role is not Role.COUNSELLOR
        or counsellor.office_id != office.id
        or not counsellor.is_active
    ):
        raise CaseError(_l("Choose an active counsellor of the office that owns the case."))


def check_counsellor(counsellor: User | None, office: Office) -> None:
    """A case is assigned only to an active counsellor of the office that owns it."""
    _check_counsellor(counsellor, office)
