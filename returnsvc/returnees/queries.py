"""Reads on the person: who recorded their consents, and their own data for the
subject-access record (the cases' parts are added by `cases` and the case features)."""

from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.extensions import db
from returnsvc.returnees.models import ConsentKind, Returnee


def consent_recorders(returnee: Returnee) -> dict[str, str]:
    ids = {getattr(returnee, f"consent_{k.value}_by_id") for k in ConsentKind} - {None}
    names = dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    return {
        k.value: names.get(getattr(returnee, f"consent_{k.value}_by_id"), "") for k in ConsentKind
    }


def _iso(value):
    return value.isoformat() if value is not None else None


def _code(value):
    return getattr(value, "value", value)


def person_record(returnee: Returnee) -> dict:
    """The person, their consents and migration history as plain data (codes, ISO dates)."""
    migration = returnee.migration
    return {
        "identity": {
            "id": returnee.id,
            "given_names": returnee.given_names,
            "first_surname": returnee.first_surname,
            "second_surname": returnee.second_surname,
            "sex": _code(returnee.sex),
            "birth_date": _iso(returnee.birth_date),
            "nationality": returnee.nationality,
            "document": {
                "type": _code(returnee.document_type),
                "number": returnee.document_number,
                "issuing_country": returnee.document_country,
            },
            "phone": returnee.phone,
            "email": returnee.email,
            "origin_country": returnee.origin_country,
            "region_code": returnee.region_code,
            "city": returnee.city,
            "address": returnee.address,
            "household_size": returnee.household_size,
            "dependants": returnee.dependants,
            "education_level": _code(returnee.education_level),
            "languages": list(returnee.languages or []),
            "registered_at": _iso(returnee.created_at),
            "anonymised_at": _iso(returnee.anonymised_at),
        },
        "consents": {
            k.value: _iso(getattr(returnee, f"consent_{k.value}_at")) for k in ConsentKind
        },
        "migration_history": None
        if migration is None
        else {
            "host_country": migration.host_country,
            "departure_year": migration.departure_year,
            "years_abroad": migration.years_abroad,
            "planned_return_date": _iso(migration.planned_return_date),
            "actual_return_date": _iso(migration.actual_return_date),
            "return_programme": _code(migration.return_programme),
            "last_occupation_abroad": migration.last_occupation_abroad,
            "last_sector_abroad": migration.last_sector_abroad,
        },
    }
