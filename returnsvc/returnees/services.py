"""Writes on the person: register, update, consents, and the erasure of their identity.

Identity fields are normalised here (document numbers, phone digits) and the folded
`search_text` is rewritten on every change, so search and duplicate checks see the same data.
What concerns their cases (opening one at intake, the case's copy of the name, the timeline,
anonymising everything the features hold) is done by `cases`, which builds on this package.
"""

from sqlalchemy import select, update

from returnsvc.audit.services import changed_fields, record
from returnsvc.auth.models import User
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
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
NAME_FIELDS = frozenset({"given_names", "first_surname", "second_surname"})

# How each field is called where a page lists the fields of an edit (never their values).
PERSON_FIELD_LABELS = {
    "given_names": _l("Given names"),
    "first_surname": _l("First surname"),
    "second_surname": _l("Second surname"),
    "sex": _l("Sex"),
    "birth_date": _l("Date of birth"),
    "nationality": _l("Nationality"),
    "document_type": _l("Identity document"),
    "document_number": _l("Document number"),
    "document_country": _l("Issued by"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "origin_country": _l("Country of return"),
    "region_code": _l("Region"),
    "city": _l("City or town"),
    "address": _l("Address"),
    "household_size": _l("Household size"),
    "dependants": _l("Dependants"),
    "education_level": _l("Education"),
    "languages": _l("Languages spoken"),
    "migration.host_country": _l("Host country"),
    "migration.departure_year": _l("Year of departure"),
    "migration.years_abroad": _l("Years abroad"),
    "migration.planned_return_date": _l("Planned return date"),
    "migration.actual_return_date": _l("Actual return date"),
    "migration.return_programme": _l("Return programme"),
    "migration.last_occupation_abroad": _l("Last occupation abroad"),
    "migration.last_sector_abroad": _l("Sector of the last job abroad"),
}


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
    """Save edits made on a form loaded at `version` (stale -> StaleEdit, nothing written).
    Returns the changes, migration fields as "migration.<field>"."""
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
        record(
            "returnee.updated",
            actor=actor,
            target=returnee,
            changes=_redact(changes) | {f"migration.{k}": v for k, v in migration_changes.items()},
        )
    return changes | {f"migration.{k}": v for k, v in migration_changes.items()}


def add_spoken_language(returnee: Returnee, code: str, *, actor) -> bool:
    """Record that the person speaks `code` (ISO 639-1), learnt after registration (the skills
    profile gives its level). The person's languages are the one list of what they speak;
    returns whether it was new."""
    if code in (returnee.languages or []):
        return False
    old = list(returnee.languages or [])
    returnee.languages = sorted({*old, code})
    db.session.flush()
    record(
        "returnee.updated",
        actor=actor,
        target=returnee,
        changes={"languages": [old, list(returnee.languages)]},
    )
    return True


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


def erase_identity(returnee: Returnee, *, actor) -> None:
    """Erase what identifies the person; keep what statistics need.

    Cleared: names, document, phone, e-mail, address and city, and the search text; the date
    of birth keeps its year (as 1 January); the portal account is deactivated. Kept: sex,
    country and region of return, education, household size and the migration history.
    Everything written about them on their cases is erased by `cases.anonymise`, which calls
    this."""
    if returnee.is_anonymised:
        raise ReturneeError(_l("This person's record has already been anonymised."))
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
    returnee.anonymised_at = utcnow()
    if returnee.user_id is not None:
        db.session.execute(
            update(User)
            .where(User.id == returnee.user_id)
            .values(is_active=False, session_version=User.session_version + 1)
        )
        returnee.user_id = None
    db.session.flush()
    record("returnee.anonymised", actor=actor, target=returnee)
