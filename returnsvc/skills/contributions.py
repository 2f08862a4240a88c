"""What the skills profile hangs on the case workspace: the Skills profile tab, the profile
panel (one scalar subquery: occupations, strongest skills, languages, qualifications, work
sought, completeness), the timeline's profile events, the profile in the subject-access record
and its erasure.

Taxonomy titles are read in the page's language with the other as fallback (PAGE_LOCALE,
OTHER_LOCALE), as everywhere in the profile."""

from datetime import timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, case, cast, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from returnsvc.cases.workspace import (
    OTHER_LOCALE,
    PAGE_LOCALE,
    RETURNEE_ID,
    CaseTab,
    ErasureStep,
    EventKind,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.core.languages import language_name
from returnsvc.skills.models import (
    CefrLevel,
    CompetencyCertificate,
    EmploymentPreference,
    LanguageSkill,
    Qualification,
    RecognitionStatus,
    ReturneeSkill,
    SkillEvidence,
    SkillLevel,
    WorkExperience,
    WorkPlace,
    WorkPreference,
)
from returnsvc.skills.queries import Section
from returnsvc.skills.subject_data import erase_profile_text, profile_record
from returnsvc.taxonomy.models import (
    HEALTH_PROFESSIONAL_MINOR_GROUPS,
    EscoSkillLabel,
    IscoGroupLabel,
)

TABS = (CaseTab("skills.profile", _l("Skills profile"), 30),)
TOP_SKILLS = 5

_isco_page, _isco_other = aliased(IscoGroupLabel), aliased(IscoGroupLabel)
_skill_page, _skill_other = aliased(EscoSkillLabel), aliased(EscoSkillLabel)


def _isco_title(query):
    """`query` with the ISCO-08 title of WorkExperience.isco_code joined, in the page's
    language or else the other's."""
    return query.outerjoin(
        _isco_page,
        and_(_isco_page.code == WorkExperience.isco_code, _isco_page.locale == PAGE_LOCALE),
    ).outerjoin(
        _isco_other,
        and_(_isco_other.code == WorkExperience.isco_code, _isco_other.locale == OTHER_LOCALE),
    )


def _skill_label(query):
    def preferred(alias, locale):
        same_skill = alias.skill_id == ReturneeSkill.esco_skill_id
        return and_(same_skill, alias.locale == locale, alias.is_preferred)

    return query.outerjoin(_skill_page, preferred(_skill_page, PAGE_LOCALE)).outerjoin(
        _skill_other, preferred(_skill_other, OTHER_LOCALE)
    )


def _label_locale(page_column, other_column):
    return case((page_column.is_not(None), PAGE_LOCALE), (other_column.is_not(None), OTHER_LOCALE))


# --- the profile panel ----------------------------------------------------------------------


def _profile_column(_confidential):
    experiences = _isco_title(
        select(
            func.jsonb_agg(
                aggregate_order_by(
                    json_object(
                        isco_code=WorkExperience.isco_code,
                        title=func.coalesce(
                            _isco_page.title, _isco_other.title, WorkExperience.isco_code
                        ),
                        lang=_label_locale(_isco_page.title, _isco_other.title),
                        years=WorkExperience.years_experience,
                        place=WorkExperience.place,
                    ),
                    WorkExperience.last_year_worked.desc().nulls_last(),
                    WorkExperience.years_experience.desc().nulls_last(),
                    WorkExperience.id,
                )
            )
        ).where(WorkExperience.returnee_id == RETURNEE_ID)
    ).scalar_subquery()
    skills = _skill_label(
        select(
            func.jsonb_agg(
                json_object(
                    label=func.coalesce(
                        _skill_page.label, _skill_other.label, ReturneeSkill.free_text
                    ),
                    lang=_label_locale(_skill_page.label, _skill_other.label),
                    level=ReturneeSkill.level,
                    evidence=ReturneeSkill.evidence,
                )
            )
        ).where(ReturneeSkill.returnee_id == RETURNEE_ID)
    ).scalar_subquery()
    languages = (
        select(func.jsonb_agg(json_object(code=LanguageSkill.language, level=LanguageSkill.level)))
        .where(LanguageSkill.returnee_id == RETURNEE_ID)
        .scalar_subquery()
    )
    qualifications = (
        select(
            func.jsonb_agg(
                aggregate_order_by(
                    json_object(
                        title=Qualification.title, recognition=Qualification.recognition_status
                    ),
                    Qualification.year_awarded.desc().nulls_last(),
                    Qualification.id,
                )
            )
        )
        .where(Qualification.returnee_id == RETURNEE_ID)
        .scalar_subquery()
    )
    certificates = (
        select(func.count())
        .where(CompetencyCertificate.returnee_id == RETURNEE_ID)
        .scalar_subquery()
    )
    preference = (
        select(
            json_object(
                employment=WorkPreference.employment,
                wage=cast(WorkPreference.expected_wage, String),
                currency=WorkPreference.wage_currency,
            )
        )
        .where(WorkPreference.returnee_id == RETURNEE_ID)
        .scalar_subquery()
    )
    return select(
        json_object(
            experiences=experiences,
            skills=skills,
            languages=languages,
            qualifications=qualifications,
            certificates=certificates,
            preference=preference,
        )
    ).scalar_subquery()


_LEVEL_ORDER = {level.value: n for n, level in enumerate(reversed(list(SkillLevel)))}
_EVIDENCE_ORDER = {evidence.value: n for n, evidence in enumerate(reversed(list(SkillEvidence)))}


def _profile_panel(value, case_, viewer) -> dict:
    """The profile in brief: labels translated, skills strongest first, what is missing."""
    experiences = [
        dict(
            row,
            place=WorkPlace(row["place"]) if row["place"] else None,
            years=Decimal(str(row["years"])) if row["years"] is not None else None,
            is_health=row["isco_code"][:3] in HEALTH_PROFESSIONAL_MINOR_GROUPS,
        )
        for row in value["experiences"] or ()
    ]
    skills = sorted(
        value["skills"] or (),
        key=lambda row: (_LEVEL_ORDER[row["level"]], _EVIDENCE_ORDER[row["evidence"]]),
    )
    skills = [dict(row, level=SkillLevel(row["level"])) for row in skills]
    languages = sorted(
        (
            {"name": language_name(row["code"]), "level": CefrLevel(row["level"])}
            for row in value["languages"] or ()
        ),
        key=lambda row: (row["level"] is not CefrLevel.NATIVE, row["name"]),
    )
    qualifications = [
        dict(row, recognition=RecognitionStatus(row["recognition"]))
        for row in value["qualifications"] or ()
    ]
    preference = value["preference"]
    if preference is not None:
        preference = dict(
            preference,
            employment=EmploymentPreference(preference["employment"]),
            wage=Decimal(preference["wage"]) if preference["wage"] is not None else None,
        )
    present = (experiences, skills, languages, preference)
    missing = [section for section, has in zip(Section, present, strict=True) if not has]
    return {
        "experiences": experiences,
        "skills": skills,
        "top_skills": skills[:TOP_SKILLS],
        "languages": languages,
        "qualifications": qualifications,
        "preference": preference,
        "missing": missing,
        "is_complete": not missing,
        "is_empty": not (any(present) or qualifications or value["certificates"]),
        "is_health_professional": any(row["is_health"] for row in experiences),
        "main_occupation": experiences[0]["isco_code"] if experiences else None,
    }


PANELS = (SummaryPanel("skills", 40, "skills/_summary.html", _profile_column, _profile_panel),)


# --- timeline -------------------------------------------------------------------------------


def _rows(model, **data):
    def rows(_confidential):
        return select(*event_columns(model.created_by_id, **data)).where(
            model.returnee_id == RETURNEE_ID
        )

    return rows


def _experience_rows(confidential):
    return _isco_title(
        _rows(
            WorkExperience,
            code=WorkExperience.isco_code,
            title=func.coalesce(_isco_page.title, _isco_other.title, ""),
        )(confidential)
    )


def _skill_rows(confidential):
    return _skill_label(
        _rows(
            ReturneeSkill,
            label=func.coalesce(_skill_page.label, _skill_other.label, ReturneeSkill.free_text),
        )(confidential)
    )


def _recognition_rows(confidential):
    return (
        _rows(Qualification, title=Qualification.title, status=Qualification.recognition_status)(
            confidential
        )
        # The latest change of a qualification under recognition (not the microseconds
        # between the two defaults of an insert).
        .where(
            Qualification.updated_at > Qualification.created_at + timedelta(seconds=1),
            Qualification.recognition_status != RecognitionStatus.NOT_NEEDED,
        )
    )


TIMELINE = (
    TimelineSource(
        "work experience",
        WorkExperience.created_at,
        event_kind("skills.experience"),
        WorkExperience.id,
        _experience_rows,
    ),
    TimelineSource(
        "skills",
        ReturneeSkill.created_at,
        event_kind("skills.skill"),
        ReturneeSkill.id,
        _skill_rows,
    ),
    TimelineSource(
        "qualifications",
        Qualification.created_at,
        event_kind("skills.qualification"),
        Qualification.id,
        _rows(Qualification, title=Qualification.title),
    ),
    TimelineSource(
        "recognitions",
        Qualification.updated_at,
        event_kind("skills.recognition"),
        Qualification.id,
        _recognition_rows,
    ),
    TimelineSource(
        "certificates",
        CompetencyCertificate.created_at,
        event_kind("skills.certificate"),
        CompetencyCertificate.id,
        _rows(CompetencyCertificate, title=CompetencyCertificate.title),
    ),
    TimelineSource(
        "languages",
        LanguageSkill.created_at,
        event_kind("skills.language"),
        LanguageSkill.id,
        _rows(LanguageSkill, code=LanguageSkill.language, level=LanguageSkill.level),
    ),
    TimelineSource(
        "work preferences",
        WorkPreference.created_at,
        event_kind("skills.preference"),
        WorkPreference.id,
        _rows(WorkPreference, employment=WorkPreference.employment),
    ),
)


def _event(kind, one, several, detail):
    return EventKind(kind, "profile", lambda d: (str(one), detail(d)), several)


EVENTS = (
    _event(
        "skills.experience",
        _l("Work experience recorded"),
        _l("Work experience recorded (%(num)d)"),
        lambda d: f"{d.code} · {d.title}",
    ),
    _event(
        "skills.skill", _l("Skill recorded"), _l("Skills recorded (%(num)d)"), lambda d: d.label
    ),
    _event(
        "skills.qualification",
        _l("Qualification recorded"),
        _l("Qualifications recorded (%(num)d)"),
        lambda d: d.title,
    ),
    _event(
        "skills.recognition",
        _l("Diploma recognition updated"),
        _l("Diploma recognitions updated (%(num)d)"),
        lambda d: f"{d.title} · {RecognitionStatus(d.status).label}",
    ),
    _event(
        "skills.certificate",
        _l("Competency certificate recorded"),
        _l("Competency certificates recorded (%(num)d)"),
        lambda d: d.title,
    ),
    _event(
        "skills.language",
        _l("Language recorded"),
        _l("Languages recorded (%(num)d)"),
        lambda d: f"{language_name(d.code)} · {CefrLevel(d.level).label}",
    ),
    _event(
        "skills.preference",
        _l("Work preferences recorded"),
        _l("Work preferences recorded"),
        lambda d: str(EmploymentPreference(d.employment).label),
    ),
)

SUBJECT = (
    SubjectSection(
        "skills_profile",
        60,
        _l("Skills profile"),
        lambda returnee, case_ids, viewer: profile_record(returnee.id),
        "skills/_record.html",
    ),
)
ERASURE = (
    ErasureStep("skills profile", lambda returnee_id, case_ids: erase_profile_text(returnee_id)),
)
