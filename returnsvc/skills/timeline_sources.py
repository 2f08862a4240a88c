"""The skills profile's events on the case timeline: each row recorded (work experience,
skills, qualifications and their recognition, certificates, languages, preferences), several
recorded by one person on one day shown as one. Registered with the rest of the skills
contributions (skills.contributions)."""


from datetime import timedelta

from sqlalchemy import func, select

from returnsvc.cases.workspace import (
    RETURNEE_ID,
    EventKind,
    TimelineSource,
    event_columns,
    event_kind,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import language_name
from returnsvc.skills.label_sql import (
    ISCO_TITLE_OTHER,
    ISCO_TITLE_PAGE,
    SKILL_LABEL_OTHER,
    SKILL_LABEL_PAGE,
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
    WorkExperience,
    WorkPreference,
)


def _rows(model, **data):
    def rows(_confidential):
        return select(*event_columns(model.created_by_id, **data)).where(
            model.returnee_id == RETURNEE_ID
        )

    return rows


def _experience_rows(confidential):
    return with_isco_titles(
        _rows(
            WorkExperience,
            code=WorkExperience.isco_code,
            title=func.coalesce(ISCO_TITLE_PAGE, ISCO_TITLE_OTHER, ""),
        )(confidential)
    )


def _skill_rows(confidential):
    return with_skill_labels(
        _rows(
            ReturneeSkill,
            label=func.coalesce(SKILL_LABEL_PAGE, SKILL_LABEL_OTHER, ReturneeSkill.free_text),
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

