"""The skills profile in the subject-access export, and its erasure on anonymisation.

Erasure keeps what statistics need (ISCO unit groups, ESCO skills, levels, ISCED levels,
countries, years, recognition status and dates: the public monitoring counts health
professionals and the recognition of their diplomas) and blanks what people wrote.
Required texts become a neutral placeholder, as elsewhere in the anonymisation.
"""

from sqlalchemy import select, update

from returnsvc.core import codes
from returnsvc.extensions import db
from returnsvc.skills.models import (
    CompetencyCertificate,
    LanguageSkill,
    Qualification,
    ReturneeSkill,
    WorkExperience,
    WorkPreference,
)
from returnsvc.skills.queries import locale, rows_of
from returnsvc.taxonomy import queries as taxonomy
from returnsvc.taxonomy.models import EscoOccupation, EscoSkill

PLACEHOLDER = "—"


def _concepts(model, ids, labels, scheme) -> dict:
    """{id: the concept's URI with its preferred label} for ESCO occupations or skills."""
    if not ids:
        return {}
    names = labels(ids, locale())
    uris = db.session.execute(select(model.id, model.uri).where(model.id.in_(ids))).all()
    return {ident: codes.Coded(uri, names.get(ident), scheme) for ident, uri in uris}


def profile_record(returnee_id: int) -> dict:
    """The profile as values: enums, dates, Decimals and core.codes values (ISCO-08 groups and
    ESCO concepts with their names in the page's language, countries, languages, regions). The
    JSON download writes the codes and URIs; the printable record shows the names."""
    page_locale = locale()
    experiences = rows_of(WorkExperience, returnee_id)
    skills = rows_of(ReturneeSkill, returnee_id)
    isco_titles = taxonomy.isco_titles({row.isco_code for row in experiences}, page_locale)
    occupations = _concepts(
        EscoOccupation,
        {row.esco_occupation_id for row in experiences} - {None},
        taxonomy.occupation_labels,
        codes.ESCO_OCCUPATION,
    )
    skill_concepts = _concepts(
        EscoSkill,
        {row.esco_skill_id for row in skills} - {None},
        taxonomy.skill_labels,
        codes.ESCO_SKILL,
    )
    preference = db.session.scalar(
        select(WorkPreference).where(WorkPreference.returnee_id == returnee_id)
    )
    return {
        "work_experience": [
            {
                "isco_code": codes.Coded(row.isco_code, isco_titles.get(row.isco_code), codes.ISCO),
                "esco_occupation": occupations.get(row.esco_occupation_id),
                "years": row.years_experience,
                "where": row.place,
                "last_year_worked": row.last_year_worked,
            }
            for row in experiences
        ],
        "skills": [
            {
                "esco_skill": skill_concepts.get(row.esco_skill_id),
                "text": row.free_text,
                "level": row.level,
                "evidence": row.evidence,
            }
            for row in skills
        ],
        "qualifications": [
            {
                "title": row.title,
                "isced_level": row.isced_level,
                "issuing_country": codes.country(row.issuing_country),
                "institution": row.institution,
                "year": row.year_awarded,
                "recognition": {
                    "status": row.recognition_status,
                    "authority": row.recognition_authority,
                    "requested_on": row.recognition_requested_on,
                    "resolved_on": row.recognition_resolved_on,
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
                "issuing_country": codes.country(row.issuing_country),
                "level": row.level,
                "year": row.year_issued,
            }
            for row in rows_of(CompetencyCertificate, returnee_id)
        ],
        "languages": [
            {"language": codes.language(row.language), "level": row.level}
            for row in rows_of(LanguageSkill, returnee_id, LanguageSkill.language)
        ],
        "work_preference": None
        if preference is None
        else {
            "employment": preference.employment,
            "regions": [codes.region(code) for code in preference.regions or []],
            "expected_wage": preference.expected_wage,
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
