"""Writes on returnees: register, update, consents, anonymise.

Identity fields are normalised here (document numbers, phone digits) and the folded
`search_text` is rewritten on every change, so search and duplicate checks see the same data.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from returnsvc.audit.services import changed_fields, record
from returnsvc.cases.services import refresh_person_sort
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.refusals import Refusal
from returnsvc.core.text import digits, fold, normalise_document_number
from returnsvc.extensions import db
from returnsvc.returnees.models import (
    ConsentKind,
    DocumentType,
    DuplicateOverride,
    MigrationHistory,
    Returnee,
)

# Fields a counsellor edits on the person (the form fills exactly these; no mass assignment).
PERSON_FIELDS = (
    "given_names", "first_surname", "second_surname", "sex", "birth_date", "nationality",
    "document_type", "document_number", "document_country", "phone", "email",
    "origin_country", "region_code", "city", "address", "household_size", "dependants",
    "education_level", "languages",
)  # fmt: skip
MIGRATION_FIELDS = (
    "host_country", "departure_year", "years_abroad", "planned_return_date",
    "actual_return_date", "return_programme", "last_occupation_abroad", "last_sector_abroad",
)  # fmt: skip


class ReturneeError(Refusal):
    """A refused returnee operation."""


def clean_person(data: dict) -> dict:
    """Trimmed, normalised person fields (only PERSON_FIELDS are kept)."""
    clean = {field: data.get(field) for field in PERSON_FIELDS}
    for field in (
        "given_names",
        "first_surname",
        "second_surname",
        "city",
        "address",
        "email",
        "phone",
    ):
        clean[field] = " ".join((clean[field] or "").split())
    clean["document_number"] = normalise_document_number(clean["document_number"]) or None
    if clean["document_number"] is None:
        clean["document_type"] = None
        clean["document_country"] = None
    elif clean["document_type"] is not None:
        clean["document_type"] = DocumentType(clean["document_type"])
    clean["email"] = clean["email"].lower()
    clean["languages"] = sorted(set(clean["languages"] or []))
    clean["region_code"] = clean["region_code"] or ""
    return clean


def _refresh_search_fields(returnee: Returnee) -> None:
    returnee.phone_digits = digits(returnee.phone)
    returnee.search_text = " ".join(
        p
        for p in (
            fold(returnee.full_name),
            (returnee.document_number or "").lower(),
            returnee.phone_digits,
        )
        if p
    )


def _check_document_free(clean: dict, exclude_id: int | None = None) -> None:
    if not clean.get("document_number"):
        return
    stmt = select(Returnee.id).where(
        Returnee.document_type == clean["document_type"],
        Returnee.document_number == clean["document_number"],
        Returnee.document_country == clean["document_country"],
    )
    if exclude_id is not None:
        stmt = stmt.where(Returnee.id != exclude_id)
    if db.session.scalar(stmt) is not None:
        raise ReturneeError(_l("A person with this identity document is already registered."))


def register_returnee(
    person: dict,
    migration: dict,
    consents: set[ConsentKind],
    *,
    actor,
    overrides: list[tuple[int, str, str]] = (),
    is_demo: bool = False,
) -> Returnee:
    """Create the person, their migration history and the consents given at intake.

    `overrides` lists the possible duplicates the counsellor saw and the reason they gave for
    registering anyway: (similar returnee id, rule, reason). Each is stored and audited.
    """
    clean = clean_person(person)
    _check_document_free(clean)
    returnee = Returnee(**clean, created_by_id=getattr(actor, "id", None), is_demo=is_demo)
    now = utcnow()
    for kind in consents:
        setattr(returnee, f"consent_{ConsentKind(kind).value}_at", now)
        setattr(returnee, f"consent_{ConsentKind(kind).value}_by_id", getattr(actor, "id", None))
    _refresh_search_fields(returnee)
    returnee.migration = MigrationHistory(
        **{f: migration.get(f) for f in MIGRATION_FIELDS if migration.get(f) is not None}
    )
    db.session.add(returnee)
    db.session.flush()
    record(
        "returnee.registered",
        actor=actor,
        target=returnee,
        changes={"consents": sorted(ConsentKind(k).value for k in consents)},
    )
    for similar_id, rule, reason in overrides:
        db.session.add(
            DuplicateOverride(
                returnee_id=returnee.id,
                similar_to_id=similar_id,
                rule=rule,
                reason=reason.strip(),
                actor_id=getattr(actor, "id", None),
            )
        )
        record(
            "returnee.duplicate_overridden",
            actor=actor,
            target=returnee,
            changes={"similar_to": similar_id, "rule": rule, "reason": reason.strip()},
        )
    db.session.flush()
    return returnee


def update_returnee(
    returnee: Returnee, person: dict, migration: dict, *, version: int | None, actor
) -> dict:
    """Save edits made on a form loaded at `version` (stale -> StaleEdit, nothing written)."""
    check_version(returnee, version)
    if returnee.is_anonymised:
        raise ReturneeError(_l("This person's record has been anonymised."))
    clean = clean_person(person)
    _check_document_free(clean, exclude_id=returnee.id)
    migration_row = returnee.migration  # loaded before any change: no early autoflush
    changes = changed_fields(returnee, clean)
    # Only the history fields the caller gives are changed (the edit form gives them all).
    migration_changes = changed_fields(
        migration_row, {f: migration[f] for f in MIGRATION_FIELDS if f in migration}
    )
    if changes or migration_changes:
        _refresh_search_fields(returnee)
        if not changes:
            returnee.updated_at = utcnow()  # the person's version covers the history too
        db.session.flush()
        if {"given_names", "first_surname", "second_surname"} & changes.keys():
            refresh_person_sort(returnee)
        record(
            "returnee.updated",
            actor=actor,
            target=returnee,
            changes=_redact(changes) | {f"migration.{k}": v for k, v in migration_changes.items()},
        )
    return changes | migration_changes


def set_consent(returnee: Returnee, kind: ConsentKind, given: bool, *, actor) -> bool:
    """Record or withdraw one consent; returns whether anything changed."""
    kind = ConsentKind(kind)
    at_field, by_field = f"consent_{kind.value}_at", f"consent_{kind.value}_by_id"
    if given == (getattr(returnee, at_field) is not None):
        return False
    setattr(returnee, at_field, utcnow() if given else None)
    setattr(returnee, by_field, getattr(actor, "id", None) if given else None)
    db.session.flush()
    record(
        "returnee.consent_given" if given else "returnee.consent_withdrawn",
        actor=actor,
        target=returnee,
        changes={"consent": kind.value},
    )
    return True


# Identity values never go into the audit log (it outlives anonymisation): names only as changed.
_IDENTITY_FIELDS = {
    "given_names",
    "first_surname",
    "second_surname",
    "birth_date",
    "document_number",
    "phone",
    "email",
    "address",
}


def _redact(changes: dict) -> dict:
    return {k: ("changed" if k in _IDENTITY_FIELDS else v) for k, v in changes.items()}


def anonymise_returnee(returnee: Returnee, *, actor) -> None:
    """Erase the person's identity, keep what statistics need.

    Cleared: names, document, phone, e-mail, address, city, every free text on the cases
    (notes, appointments, tasks, transfers, stage comments, plan, referrals) and in the
    skills profile (skills.subject_data), and the reasons
    given for duplicate overrides; the portal account is deactivated. Kept: sex, year
    of birth (as 1 January), country and region of return, education, household size,
    migration history and the case history (stages, dates, outcomes).
    """
    from returnsvc.auth.models import User
    from returnsvc.cases.models import Case
    from returnsvc.skills.subject_data import erase_profile_text

    if returnee.is_anonymised:
        raise ReturneeError(_l("This person's record has already been anonymised."))
    now = utcnow()
    returnee.given_names = ""
    returnee.first_surname = ""
    returnee.second_surname = ""
    if returnee.birth_date is not None:
        returnee.birth_date = returnee.birth_date.replace(month=1, day=1)
    returnee.document_type = None
    returnee.document_number = None
    returnee.document_country = None
    returnee.phone = ""
    returnee.phone_digits = ""
    returnee.email = ""
    returnee.address = ""
    returnee.city = ""
    returnee.search_text = ""
    returnee.anonymised_at = now
    db.session.flush()
    refresh_person_sort(returnee)
    case_ids = select(Case.id).where(Case.returnee_id == returnee.id)
    _erase_case_text(case_ids)
    erase_profile_text(returnee.id)
    for override in db.session.scalars(
        select(DuplicateOverride).where(DuplicateOverride.returnee_id == returnee.id)
    ):
        override.reason = ""
    if returnee.user_id is not None:
        account = db.session.get(User, returnee.user_id)
        account.is_active = False
        account.session_version += 1
        returnee.user_id = None
    db.session.flush()
    record("returnee.anonymised", actor=actor, target=returnee)


def _erase_case_text(case_ids) -> None:
    """Blank what counsellors wrote about the person on their cases; keep codes and dates."""
    from returnsvc.cases.models import CaseTransfer, CaseTransition
    from returnsvc.casework.models import Appointment, CaseNote, Task
    from returnsvc.partners.services import erase_referral_text
    from returnsvc.plans.services import erase_plan_text

    for note in db.session.scalars(select(CaseNote).where(CaseNote.case_id.in_(case_ids))):
        note.body = ""
    for appointment in db.session.scalars(
        select(Appointment).where(Appointment.case_id.in_(case_ids))
    ):
        appointment.location, appointment.purpose = "—", "—"
    for task in db.session.scalars(select(Task).where(Task.case_id.in_(case_ids))):
        task.title = "—"
    for transition in db.session.scalars(
        select(CaseTransition).where(CaseTransition.case_id.in_(case_ids))
    ):
        transition.note = ""
    for transfer in db.session.scalars(
        select(CaseTransfer).where(CaseTransfer.case_id.in_(case_ids))
    ):
        transfer.reason, transfer.decline_reason = "", ""
    erase_plan_text(case_ids)
    erase_referral_text(case_ids)
