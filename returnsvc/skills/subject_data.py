"""The skills profile in the subject-access export, and its erasure on anonymisation.

Erasure keeps what statistics need (ISCO unit groups, ESCO skills, levels, ISCED levels,
countries, years, recognition status and dates: the public monitoring counts health
professionals and the recognition of their diplomas) and blanks what people wrote.
Required texts become a neutral placeholder, as elsewhere in the anonymisation.
"""

from sqlalchemy import select, update

from returnsvc.extensions import db
from returnsvc.skills.models import (
    CompetencyCertificate,
    LanguageSkill,
    Qualification,
    ReturneeSkill,
    WorkExperience,
    WorkPreference,
)
from returnsvc.skills.queries import rows_of
from returnsvc.taxonomy.models import EscoOccupation, EscoSkill

PLACEHOLDER = "—"


def _iso(value):
    return value.isoformat() if value is not None else None


def _code(value):
    return getattr(value, "value", value)


def _number(value):
    return str(value) if value is not None else None


def profile_record(returnee_id: int) -> dict:
    """The profile as plain data: codes and URIs (language-neutral), never translated labels."""
    occupation_uris = dict(
        db.session.execute(
            select(EscoOccupation.id, EscoOccupation.uri)
            .join(WorkExperience, WorkExperience.esco_occupation_id == EscoOccupation.id)
            .where(WorkExperience.returnee_id == returnee_id)
        ).all()
    )
    skill_uris = dict(
        db.session.execute(
            select(EscoSkill.id, EscoSkill.uri)
            .join(ReturneeSkill, ReturneeSkill.esco_skill_id == EscoSkill.id)
            .where(ReturneeSkill.returnee_id == returnee_id)
        ).all()
    )
    preference = db.session.scalar(
        select(WorkPreference).where(WorkPreference.returnee_id == returnee_id)
    )
    return {
        "work_experience": [
            {
                "isco_code": row.isco_code,
                "esco_occupation": occupation_uris.get(row.esco_occupation_id),
                "years": _number(row.years_experience),
                "where": _code(row.place),
                "last_year_worked": row.last_year_worked,
            }
            for row in rows_of(WorkExperience, returnee_id)
        ],
        "skills": [
            {
                "esco_skill": skill_uris.get(row.esco_skill_id),
                "text": row.free_text,
                "level": _code(row.level),
                "evidence": _code(row.evidence),
            }
            for row in rows_of(ReturneeSkill, returnee_id)
        ],
        "qualifications": [
            {
                "title": row.title,
                "isced_level": _code(row.isced_level),
                "issuing_country": row.issuing_country,
                "institution": row.institution,
                "year": row.year_awarded,
                "recognition": {
                    "status": _code(row.recognition_status),
                    "authority": row.recognition_authority,
                    "requested_on": _iso(row.recognition_requested_on),
                    "resolved_on": _iso(row.recognition_resolved_on),
                    "notes": row.recognition_notes,
                },
            }
            for row in rows_of(Qualification, returnee_id)
        ],
        "competency_certificates": [
            {
                "title": row.title,
                "code": row.code,
                "issuer": row.issuer,
                "issuing_country": row.issuing_country,
                "level": row.level,
                "year": row.year_issued,
            }
            for row in rows_of(CompetencyCertificate, returnee_id)
        ],
        "languages": [
            {"language": row.language, "level": _code(row.level)}
            for row in rows_of(LanguageSkill, returnee_id, LanguageSkill.language)
        ],
        "work_preference": None
        if preference is None
        else {
            "employment": _code(preference.employment),
            "regions": list(preference.regions or []),
            "expected_wage": _number(preference.expected_wage),
            "currency": preference.wage_currency,
            "notes": preference.notes,
        },
    }


def erase_profile_text(returnee_id: int) -> None:
    """Blank the free text of the person's profile (anonymisation). Set-based: one UPDATE per
    table, versions bumped so an edit form opened before the erasure cannot write it back."""
    db.session.flush()  # pending changes first: the UPDATEs below bypass the unit of work
    statements = (
        (ReturneeSkill, {"free_text": PLACEHOLDER}, ReturneeSkill.free_text != ""),
        (
            Qualification,
            {"title": PLACEHOLDER, "institution": "", "recognition_notes": ""},
            None,
        ),
        (CompetencyCertificate, {"title": PLACEHOLDER, "issuer": ""}, None),
        (WorkPreference, {"notes": ""}, None),
    )
    for model, values, condition in statements:
        query = (
            update(model)
            .where(model.returnee_id == returnee_id)
            .values(**values, version=model.version + 1)
            .execution_options(synchronize_session=False)
        )
        if condition is not None:
            query = query.where(condition)
        db.session.execute(query)
    # Profile rows already loaded in this session must not keep (and show) the old text.
    erased = (ReturneeSkill, Qualification, CompetencyCertificate, WorkPreference)
    for instance in list(db.session.identity_map.values()):
        if isinstance(instance, erased) and instance.returnee_id == returnee_id:
            db.session.expire(instance)
