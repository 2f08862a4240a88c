"""What the skills profile hangs on the case workspace: the Skills profile tab, the profile
panel (one scalar subquery: occupations, strongest skills, languages, qualifications, work
sought, completeness), the timeline's profile events, the profile in the subject-access record
and its erasure.

Taxonomy titles are read in the page's language with the other as fallback (PAGE_LOCALE,
OTHER_LOCALE), as everywhere in the profile."""

from decimal import Decimal

from sqlalchemy import String, cast, func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from returnsvc.cases.models import Stage
from returnsvc.cases.workspace import (
    RETURNEE_ID,
    CaseTab,
    ErasureStep,
    ReportFigure,
    StageGuard,
    SubjectSection,
    SummaryPanel,
    json_object,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import language_name
from returnsvc.skills import report_figures
from returnsvc.skills.label_sql import (
    ISCO_TITLE_OTHER,
    ISCO_TITLE_PAGE,
    SKILL_LABEL_OTHER,
    SKILL_LABEL_PAGE,
    label_locale,
    with_isco_titles,
    with_skill_labels,
)
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
from returnsvc.skills.queries import Section, missing_sections
from returnsvc.skills.subject_data import erase_profile_text, profile_record
from returnsvc.skills.timeline_sources import EVENTS, TIMELINE
from returnsvc.taxonomy.models import (
    HEALTH_PROFESSIONAL_MINOR_GROUPS,
)

__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE", "FIGURES"]

TABS = (CaseTab("skills.profile", _l("Skills profile"), 30),)
TOP_SKILLS = 5

# --- the profile panel ----------------------------------------------------------------------


def _profile_column(_confidential):
    experiences = with_isco_titles(
        select(
            func.jsonb_agg(
                aggregate_order_by(
                    json_object(
                        isco_code=WorkExperience.isco_code,
                        title=func.coalesce(
                            ISCO_TITLE_PAGE, ISCO_TITLE_OTHER, WorkExperience.isco_code
                        ),
                        lang=label_locale(ISCO_TITLE_PAGE, ISCO_TITLE_OTHER),
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
    skills = with_skill_labels(
        select(
            func.jsonb_agg(
                json_object(
                    label=func.coalesce(
                        SKILL_LABEL_PAGE, SKILL_LABEL_OTHER, ReturneeSkill.free_text
                    ),
                    lang=label_locale(SKILL_LABEL_PAGE, SKILL_LABEL_OTHER),
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


def _profile_incomplete(case):
    missing = missing_sections(case.returnee_id)
    if not missing:
        return None
    return _l(
        "The profile is not complete yet. Missing: %(missing)s.",
        missing=", ".join(str(section.label) for section in missing),
    )


# Assessment is the intake step: a registered case is assessed once its profile is complete
# (a step back from an agreed plan keeps the profile it had).
GUARDS = (StageGuard(Stage.ASSESSED, (Stage.REGISTERED,), _profile_incomplete),)


# --- the programme-outcomes dashboard (skills.report_figures) --------------------------------

FIGURES = (
    ReportFigure(
        "recognition",
        _l("Recognition of qualifications"),
        80,
        report_figures.recognition_procedures,
        "reports/figures/recognition.html",
        _l(
            "The qualifications of the selection's people whose recognition was requested in "
            "the period (the request date from its first to its last day), and where they stand "
            "today: recognised, rejected, or still waiting for a decision (requested or in "
            "progress). A person with several cases in the selection counts once. Median days: "
            "from the request date to the decision date, over the qualifications already "
            "recognised or rejected (those still waiting are left out, so while many wait the "
            "median understates the time a decision takes). By the person's sex."
        ),
        report_figures.recognition_export,
    ),
)
