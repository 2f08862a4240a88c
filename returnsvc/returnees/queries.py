"""Reads on the person: who recorded their consents, and their own data for the
subject-access record (the cases' parts are added by `cases` and the case features)."""

from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.core import codes
from returnsvc.core.enums import IsicSection, Role
from returnsvc.extensions import db
from returnsvc.returnees.models import ConsentKind, Returnee


def returnee_of_account(user) -> Returnee | None:
    """The person record linked to `user`'s portal account (returnee accounts only; an
    anonymised record is nobody's any more), or None. For the pages a returnee opens about
    themselves: never an id from the request."""
    if user is None or not user.is_authenticated or user.role is not Role.RETURNEE:
        return None
    return db.session.scalar(
        select(Returnee).where(Returnee.user_id == user.id, Returnee.anonymised_at.is_(None))
    )


def consent_recorders(returnee: Returnee) -> dict[str, str]:
    ids = {getattr(returnee, f"consent_{k.value}_by_id") for k in ConsentKind} - {None}
    names = dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    return {
        k.value: names.get(getattr(returnee, f"consent_{k.value}_by_id"), "") for k in ConsentKind
    }


def person_record(returnee: Returnee) -> dict:
    """The person, their consents and migration history as values: enums (codes with labels),
    core.codes values (countries, languages, region, ISIC sector), dates and instants. The
    JSON download writes them as codes and ISO dates; the printable record shows their labels."""
    migration = returnee.migration
    return {
        "identity": {
            "id": returnee.id,
            "given_names": returnee.given_names,
            "first_surname": returnee.first_surname,
            "second_surname": returnee.second_surname,
            "sex": returnee.sex,
            "birth_date": returnee.birth_date,
            "nationality": codes.country(returnee.nationality),
            "document": {
                "type": returnee.document_type,
                "number": returnee.document_number,
                "issuing_country": codes.country(returnee.document_country),
            },
            "phone": returnee.phone,
            "email": returnee.email,
            "origin_country": codes.country(returnee.origin_country),
            "region_code": codes.region(returnee.region_code),
            "city": returnee.city,
            "address": returnee.address,
            "household_size": returnee.household_size,
            "dependants": returnee.dependants,
            "education_level": returnee.education_level,
            "languages": [codes.language(code) for code in returnee.languages or []],
            "registered_at": returnee.created_at,
            "anonymised_at": returnee.anonymised_at,
        },
        "consents": {kind: getattr(returnee, f"consent_{kind.value}_at") for kind in ConsentKind},
        "migration_history": None
        if migration is None
        else {
            "host_country": codes.country(migration.host_country),
            "departure_year": migration.departure_year,
            "years_abroad": migration.years_abroad,
            "planned_return_date": migration.planned_return_date,
            "actual_return_date": migration.actual_return_date,
            "return_programme": migration.return_programme,
            "last_occupation_abroad": migration.last_occupation_abroad,
            "last_sector_abroad": IsicSection(migration.last_sector_abroad)
            if migration.last_sector_abroad
            else None,
        },
    }
