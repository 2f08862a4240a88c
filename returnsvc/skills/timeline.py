"""Skills-profile entries for the case timeline: what was recorded, by whom and when.

One statement for the whole profile (a UNION ALL over its tables, labels joined in the page's
language with the other as fallback), so the case page's statement count stays fixed. Edits
and deletions are in the audit log; the timeline shows when each item was recorded and, for
qualifications, the latest recognition status (the step counsellors follow).
"""

from datetime import timedelta
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, bindparam, cast, func, literal, select, union_all
from sqlalchemy.orm import aliased

from returnsvc.core.db import inline
from returnsvc.core.languages import language_name
from returnsvc.extensions import db
from returnsvc.skills.models import (
    CompetencyCertificate,
    LanguageSkill,
    Qualification,
    RecognitionStatus,
    ReturneeSkill,
    WorkExperience,
    WorkPreference,
)
from returnsvc.taxonomy.models import LABEL_LOCALES, EscoSkillLabel, IscoGroupLabel

# section -> (title of one item, title of several recorded together)
TITLES = {
    "experience": (_l("Work experience recorded"), _l("Work experience recorded (%(num)d)")),
    "skill": (_l("Skill recorded"), _l("Skills recorded (%(num)d)")),
    "qualification": (_l("Qualification recorded"), _l("Qualifications recorded (%(num)d)")),
    "recognition": (
        _l("Diploma recognition updated"),
        _l("Diploma recognitions updated (%(num)d)"),
    ),
    "certificate": (
        _l("Competency certificate recorded"),
        _l("Competency certificates recorded (%(num)d)"),
    ),
    "language": (_l("Language recorded"), _l("Languages recorded (%(num)d)")),
    "preference": (_l("Work preferences recorded"), _l("Work preferences recorded")),
}


def _locales() -> tuple[str, str]:
    page = str(get_locale() or LABEL_LOCALES[0])[:2]
    page = page if page in LABEL_LOCALES else LABEL_LOCALES[0]
    other = next(code for code in LABEL_LOCALES if code != page)
    return page, other


def profile_timeline_rows(returnee_id: int, limit: int) -> list:
    """[(at, section, detail, actor_id)], newest first, at most `limit`."""
    page, other = _locales()
    return db.session.execute(
        _timeline_statement(limit),
        {"returnee_id": returnee_id, "page_locale": page, "other_locale": other},
    ).all()


@lru_cache(maxsize=4)
def _timeline_statement(limit: int):
    """Built once per limit, values bound: building this eight-branch statement on every
    request cost more than running it (about 4 ms of a case page)."""
    returnee_id = bindparam("returnee_id")
    page, other = bindparam("page_locale"), bindparam("other_locale")
    isco_page, isco_other = aliased(IscoGroupLabel), aliased(IscoGroupLabel)
    skill_page, skill_other = aliased(EscoSkillLabel), aliased(EscoSkillLabel)

    def labelled_isco(query):
        return query.outerjoin(
            isco_page,
            (isco_page.code == WorkExperience.isco_code) & (isco_page.locale == page),
        ).outerjoin(
            isco_other,
            (isco_other.code == WorkExperience.isco_code) & (isco_other.locale == other),
        )

    def labelled_skill(query):
        def join(alias, locale):
            return (
                (alias.skill_id == ReturneeSkill.esco_skill_id)
                & (alias.locale == locale)
                & alias.is_preferred
            )

        return query.outerjoin(skill_page, join(skill_page, page)).outerjoin(
            skill_other, join(skill_other, other)
        )

    def row(model, section, detail, at=None):
        return select(
            (at if at is not None else model.created_at).label("at"),
            literal(section).label("section"),
            cast(detail, String).label("detail"),
            model.created_by_id.label("actor_id"),
        ).where(model.returnee_id == returnee_id)

    isco_title = func.coalesce(isco_page.title, isco_other.title, "")
    parts = [
        labelled_isco(
            row(
                WorkExperience,
                "experience",
                func.concat(WorkExperience.isco_code, " · ", isco_title),
            )
        ),
        labelled_skill(
            row(
                ReturneeSkill,
                "skill",
                func.coalesce(skill_page.label, skill_other.label, ReturneeSkill.free_text),
            )
        ),
        row(Qualification, "qualification", Qualification.title),
        # The latest change of a qualification that is under recognition.
        row(
            Qualification,
            "recognition",
            func.concat(Qualification.title, "|", Qualification.recognition_status),
            at=Qualification.updated_at,
        ).where(
            # Not the microseconds between the two defaults of an insert.
            Qualification.updated_at > Qualification.created_at + timedelta(seconds=1),
            Qualification.recognition_status != RecognitionStatus.NOT_NEEDED,
        ),
        row(CompetencyCertificate, "certificate", CompetencyCertificate.title),
        row(
            LanguageSkill,
            "language",
            func.concat(LanguageSkill.language, "|", LanguageSkill.level),
        ),
        row(WorkPreference, "preference", WorkPreference.employment),
    ]
    combined = union_all(*parts).subquery()
    return select(combined).order_by(combined.c.at.desc()).limit(inline(limit))


def describe(section: str, detail: str) -> str:
    """The detail line of a timeline entry, in the page's language."""
    from returnsvc.skills.models import CefrLevel, EmploymentPreference

    if section == "language":
        code, _, level = detail.partition("|")
        return f"{language_name(code)} · {CefrLevel(level).label}"
    if section == "recognition":
        title, _, status = detail.rpartition("|")
        return f"{title} · {RecognitionStatus(status).label}"
    if section == "preference":
        return str(EmploymentPreference(detail).label)
    return detail


def grouped_entries(rows) -> list[tuple]:
    """[(at, title, detail, actor_id)]: items of one section recorded by the same person on
    the same day make one entry (a profile is usually recorded in one sitting, and eleven
    entries would bury the rest of the timeline)."""
    groups: list[list] = []
    for row in rows:
        last = groups[-1][0] if groups else None
        if (
            last is not None
            and last.section == row.section
            and last.actor_id == row.actor_id
            and last.at.date() == row.at.date()
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
    entries = []
    for group in groups:
        first = group[0]
        one, several = TITLES[first.section]
        title = one if len(group) == 1 else str(several) % {"num": len(group)}
        detail = "; ".join(describe(row.section, row.detail) for row in reversed(group))
        entries.append((first.at, title, detail, first.actor_id))
    return entries
