"""Writes of My data: a person's request to correct their contact details (from the portal),
a counsellor's approval or rejection of it, the person's withdrawal of the sharing and
statistics consents, and the trail of the person downloading their own record.

The person's record changes only through the services that own it: an approved correction
through cases.services.edit_person, a withdrawal through cases.services.change_consent (or
returnees.services.set_consent before any case), each audited with the actor who did it. A
new request replaces the one still waiting (the person corrects their own mistake without
asking anyone), under a lock of the person's row, which the approval takes too, so that a
request is never approved while being replaced.
"""

import re

from sqlalchemy import select

from returnsvc.audit.services import record, same_value
from returnsvc.cases.models import Case
from returnsvc.cases.services import change_consent, edit_person, record_case_views
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.my_data.models import CONTACT_FIELDS, ContactCorrection, CorrectionStatus
from returnsvc.returnees.models import ConsentKind, Returnee
from returnsvc.returnees.services import PERSON_FIELDS, set_consent

# The longest value each detail holds (the returnee's columns).
LENGTHS = {"phone": 40, "email": 320, "address": 300, "city": 120}
REASON_MAX = 1000
# The consents a person withdraws from the portal. Without the service consent there is no
# case: that one is withdrawn with the counsellor, who closes the case.
WITHDRAWABLE = (ConsentKind.SHARING, ConsentKind.STATISTICS)

# Digits (ASCII only), spaces, + at the start, ( ) . / -; 6 to 20 digits.
_PHONE = re.compile(r"\+?[0-9 ()./-]+")
_PHONE_DIGITS = (6, 20)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


class CorrectionError(Refusal):
    """A refused request, answer or withdrawal; the message is for the person or counsellor."""


def is_phone_number(value: str) -> bool:
    """A phone number as people write one: "+593 99 123 4567", "(02) 234-5678"."""
    if not _PHONE.fullmatch(value):
        return False
    digits = sum(char.isascii() and char.isdigit() for char in value)
    return _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]


def clean_contact(values: dict) -> dict[str, str]:
    """The details given (of the four) trimmed as the person's record keeps them
    (returnees.clean_person: inner spaces collapsed, e-mail in lower case); other keys are
    ignored. Checked again here
    (the form checks first): a value no column holds, or no phone number or e-mail address,
    is refused, with the field it concerns."""
    clean = {
        field: " ".join(str(values[field] or "").split())
        for field in CONTACT_FIELDS
        if field in values
    }
    if "email" in clean:
        clean["email"] = clean["email"].lower()
    for field, value in clean.items():
        if len(value) > LENGTHS[field]:
            raise CorrectionError(_l("This is too long."), field)
    if clean.get("phone") and not is_phone_number(clean["phone"]):
        raise CorrectionError(
            _l("Write the phone number in digits, for example +593 99 123 4567."), "phone"
        )
    if clean.get("email") and not _EMAIL.fullmatch(clean["email"]):
        raise CorrectionError(_l("Enter a valid e-mail address."), "email")
    return clean


def _lock_person(returnee_id: int) -> Returnee:
    """The person's row, locked for this transaction and read afresh."""
    return db.session.scalars(
        select(Returnee)
        .where(Returnee.id == returnee_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _waiting(returnee_id: int) -> ContactCorrection | None:
    return db.session.scalars(
        select(ContactCorrection)
        .where(
            ContactCorrection.returnee_id == returnee_id,
            ContactCorrection.status == CorrectionStatus.PENDING,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def request_correction(
    case: Case | None, returnee: Returnee, values: dict, *, actor
) -> ContactCorrection:
    """The person asks that their contact details become `values` ({field: value} of
    CONTACT_FIELDS; "" clears one, a field left out is not asked): only the details that
    differ from their record are kept.
    A request still waiting is replaced. Needs an open case (its counsellor decides)."""
    if case is None:
        raise CorrectionError(
            _l("You do not have a case yet. Your counsellor will check your details with you.")
        )
    if not case.is_open or case.returnee_id != returnee.id:
        raise CorrectionError(
            _l("Your case is closed. To correct your details, write to the office or visit it.")
        )
    clean = clean_contact(values)
    person = _lock_person(returnee.id)
    if person.is_anonymised:
        raise CorrectionError(_l("This person's record has been anonymised."))
    asked = {
        field: value
        for field, value in clean.items()
        if not same_value(getattr(person, field) or "", value)
    }
    if not asked:
        raise CorrectionError(
            _l("These are the details we already have. Change what is wrong, then send them.")
        )
    now = utcnow()
    earlier = _waiting(person.id)
    if earlier is not None:
        earlier.status = CorrectionStatus.REPLACED
        earlier.decided_at = now
        earlier.decided_by_id = getattr(actor, "id", None)
        db.session.flush()  # before the new one: one waiting request per person
        record(
            "contact_correction.replaced",
            actor=actor,
            target=earlier,
            changes={"fields": sorted(earlier.asked)},
        )
    correction = ContactCorrection(
        returnee_id=person.id,
        case_id=case.id,
        requested_at=now,
        requested_by_id=getattr(actor, "id", None),
        **asked,
    )
    db.session.add(correction)
    db.session.flush()
    # The fields only: identity values never go into the audit log (returnees.services).
    record(
        "contact_correction.requested",
        actor=actor,
        target=correction,
        changes={"fields": sorted(asked)},
    )
    return correction


def _decidable(case: Case, correction: ContactCorrection) -> ContactCorrection:
    """The request locked, read afresh, still waiting (else refused), the person's row locked
    first (the order request_correction takes them in)."""
    _lock_person(case.returnee_id)
    fresh = db.session.scalars(
        select(ContactCorrection)
        .where(
            ContactCorrection.id == correction.id,
            ContactCorrection.returnee_id == case.returnee_id,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if fresh.status is not CorrectionStatus.PENDING:
        raise CorrectionError(_l("This request has already been answered or replaced."))
    return fresh


def approve_correction(case: Case, correction: ContactCorrection, *, actor) -> dict:
    """Write the details asked for into the person's record (cases.edit_person: audited, on
    the case's timeline) and close the request. Returns the record's changes."""
    correction = _decidable(case, correction)
    returnee = case.returnee
    person = {field: getattr(returnee, field) for field in PERSON_FIELDS} | correction.asked
    changes = edit_person(case, person, {}, version=returnee.version, actor=actor)
    correction.status = CorrectionStatus.APPROVED
    correction.decided_at = utcnow()
    correction.decided_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(
        "contact_correction.approved",
        actor=actor,
        target=correction,
        changes={"fields": sorted(correction.asked)},
    )
    return changes


def reject_correction(case: Case, correction: ContactCorrection, reason: str, *, actor) -> None:
    """Close the request without changing the record; `reason` (optional) is shown to the
    person."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise CorrectionError(_l("This is too long."), "reason")
    correction = _decidable(case, correction)
    correction.status = CorrectionStatus.REJECTED
    correction.reason = reason
    correction.decided_at = utcnow()
    correction.decided_by_id = getattr(actor, "id", None)
    db.session.flush()
    record(
        "contact_correction.rejected",
        actor=actor,
        target=correction,
        changes={"fields": sorted(correction.asked), "reason_given": bool(reason)},
    )


def withdraw_consent(case: Case | None, returnee: Returnee, kind, *, actor) -> bool:
    """The person withdraws their sharing or statistics consent, at once: recorded on their
    record and audited with `actor` (their account), on their case's timeline when they have
    one. Returns whether anything changed (False: it was withdrawn already)."""
    try:
        kind = ConsentKind(kind)
    except ValueError:
        kind = None
    if kind not in WITHDRAWABLE:
        raise CorrectionError(
            _l(
                "To stop the service altogether, talk to your counsellor: "
                "they will close your case."
            )
        )
    if case is not None and case.returnee_id == returnee.id:
        return change_consent(case, kind, False, actor=actor)
    return set_consent(returnee, kind, False, actor=actor)


def record_own_download(returnee: Returnee, case_ids, *, actor) -> None:
    """The person downloaded their own record: in the audit log, and a view of each of their
    cases in the cases' access logs."""
    record(
        "returnee.own_data_downloaded",
        actor=actor,
        target=returnee,
        changes={"format": "json", "cases": len(case_ids)},
    )
    record_case_views(case_ids, actor, "portal:data download")
