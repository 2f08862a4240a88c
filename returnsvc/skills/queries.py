"""Reads on the skills profile: the whole profile of a case's person in a fixed number of
statements, its completeness, the derived health-professional marker, and the options of the
no-JavaScript pickers. Every lookup of a row is scoped to the case's person, so an id from
another profile finds nothing (no IDOR), even through one's own case URL."""

from dataclasses import dataclass, field

from babel import Locale
from flask_babel import get_locale
from sqlalchemy import ColumnElement, func, select

from returnsvc.cases.models import Case
from returnsvc.core.countries import currency_of
from returnsvc.core.enums import LabelledEnum
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import language_name
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from returnsvc.skills.models import (
    CompetencyCertificate,
    LanguageSkill,
    Qualification,
    ReturneeSkill,
    SkillEvidence,
    SkillLevel,
    WorkExperience,
    WorkPreference,
)
from returnsvc.taxonomy import queries as taxonomy
from returnsvc.taxonomy.models import HEALTH_PROFESSIONAL_MINOR_GROUPS

# The summary on the case page shows this many skills, strongest first.
TOP_SKILLS = 5


class Section(LabelledEnum):
    """The parts a profile needs before the case can be marked assessed."""

    EXPERIENCE = "experience", _l("work experience")
    SKILLS = "skills", _l("skills")
    LANGUAGES = "languages", _l("languages")
    PREFERENCES = "preferences", _l("work preferences")


def locale() -> str:
    return str(get_locale())


# --- scoped lookups -----------------------------------------------------------------------


def item_of(model, case: Case, item_id: int):
    """The row `item_id` of `model` if it belongs to the case's person, else None."""
    return db.session.scalar(
        select(model).where(model.id == item_id, model.returnee_id == case.returnee_id)
    )


def preference_of(case: Case) -> WorkPreference | None:
    return db.session.scalar(
        select(WorkPreference).where(WorkPreference.returnee_id == case.returnee_id)
    )


# --- health professionals -----------------------------------------------------------------


def _health_experience(returnee_id) -> ColumnElement[bool]:
    return (
        select(WorkExperience.id)
        .where(
            WorkExperience.returnee_id == returnee_id,
            func.left(WorkExperience.isco_code, 3).in_(HEALTH_PROFESSIONAL_MINOR_GROUPS),
        )
        .exists()
    )


def health_professional_clause() -> ColumnElement[bool]:
    """WHERE clause on Returnee: people with work experience in an ISCO-08 unit group under
    221 (medical doctors), 222 (nursing and midwifery professionals) or 322 (nursing and
    midwifery associate professionals). For reports: `select(Returnee).where(clause)`."""
    return _health_experience(Returnee.id)


def is_health_professional(returnee_id: int) -> bool:
    return bool(db.session.scalar(select(_health_experience(returnee_id))))


def is_health_code(isco_code: str) -> bool:
    return isco_code[:3] in HEALTH_PROFESSIONAL_MINOR_GROUPS


# --- completeness -------------------------------------------------------------------------


def missing_sections(returnee_id: int) -> list[Section]:
    """What the profile still lacks to be complete (one statement)."""
    present = db.session.execute(
        select(
            *(
                select(model.id).where(model.returnee_id == returnee_id).exists()
                for model in (WorkExperience, ReturneeSkill, LanguageSkill, WorkPreference)
            )
        )
    ).one()
    return [section for section, has in zip(Section, present, strict=True) if not has]


# --- the whole profile --------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A taxonomy label and, when it is not in the page's language, that language's name."""

    text: str
    lang: str = ""
    fallback: str = ""


@dataclass(frozen=True)
class ExperienceRow:
    item: WorkExperience
    title: Label  # the ISCO-08 unit group
    occupation: Label | None  # the ESCO occupation, when one was chosen
    is_health: bool


@dataclass(frozen=True)
class SkillRow:
    item: ReturneeSkill
    label: Label


@dataclass(frozen=True)
class LanguageRow:
    item: LanguageSkill
    name: str


@dataclass(frozen=True)
class SpokenLanguage:
    """A language the person speaks (recorded at registration) whose level is not recorded."""

    code: str
    name: str


@dataclass
class Profile:
    experiences: list[ExperienceRow] = field(default_factory=list)
    skills: list[SkillRow] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)
    certificates: list[CompetencyCertificate] = field(default_factory=list)
    languages: list[LanguageRow] = field(default_factory=list)
    preference: WorkPreference | None = None
    # The person's languages (returnees: one list of what they speak) still without a level.
    languages_without_level: list[SpokenLanguage] = field(default_factory=list)

    @property
    def missing(self) -> list[Section]:
        present = (self.experiences, self.skills, self.languages, self.preference)
        return [section for section, has in zip(Section, present, strict=True) if not has]

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def is_health_professional(self) -> bool:
        return any(row.is_health for row in self.experiences)

    @property
    def top_skills(self) -> list[SkillRow]:
        return self.skills[:TOP_SKILLS]

    @property
    def is_empty(self) -> bool:
        return not (
            self.experiences
            or self.skills
            or self.qualifications
            or self.certificates
            or self.languages
            or self.preference
        )


def _label(found: dict, key, page_locale: str, default: str) -> Label:
    text, label_locale = found.get(key, (default, page_locale))
    return Label(text, label_locale, fallback_name(label_locale, page_locale))


def fallback_name(label_locale: str, page_locale: str) -> str:
    """ "English" / "español" when a label is not in the page's language, else ""."""
    if not label_locale or label_locale == page_locale:
        return ""
    return Locale.parse(label_locale).get_language_name(label_locale)


_LEVEL_ORDER = {level: n for n, level in enumerate(reversed(list(SkillLevel)))}
_EVIDENCE_ORDER = {evidence: n for n, evidence in enumerate(reversed(list(SkillEvidence)))}


def rows_of(model, returnee_id: int, *order):
    """The person's rows of one profile section, in `order` then by id."""
    return db.session.scalars(
        select(model).where(model.returnee_id == returnee_id).order_by(*order, model.id)
    ).all()


def profile_of(case: Case) -> Profile:
    """Every section of the person's profile with taxonomy labels in the page's language
    (falling back to the other). Nine statements at most, however long the profile."""
    page_locale = locale()
    returnee_id = case.returnee_id
    experiences = rows_of(
        WorkExperience,
        returnee_id,
        WorkExperience.last_year_worked.desc().nulls_last(),
        WorkExperience.years_experience.desc().nulls_last(),
    )
    skills = rows_of(ReturneeSkill, returnee_id)
    titles = taxonomy.isco_titles(
        {row.isco_code for row in experiences}, page_locale, with_locale=True
    )
    occupation_ids = {row.esco_occupation_id for row in experiences} - {None}
    occupations = (
        taxonomy.occupation_labels(occupation_ids, page_locale, with_locale=True)
        if occupation_ids
        else {}
    )
    skill_ids = {row.esco_skill_id for row in skills} - {None}
    skill_names = (
        taxonomy.skill_labels(skill_ids, page_locale, with_locale=True) if skill_ids else {}
    )
    skill_rows = [
        SkillRow(
            row,
            _label(skill_names, row.esco_skill_id, page_locale, f"#{row.esco_skill_id}")
            if row.esco_skill_id is not None
            else Label(row.free_text),
        )
        for row in skills
    ]
    # Strongest first: level, then how well it is evidenced.
    skill_rows.sort(key=lambda r: (_LEVEL_ORDER[r.item.level], _EVIDENCE_ORDER[r.item.evidence]))
    languages = [
        LanguageRow(row, language_name(row.language, page_locale))
        for row in rows_of(LanguageSkill, returnee_id)
    ]
    languages.sort(key=lambda r: (r.item.level.value != "native", r.name))
    levelled = {row.item.language for row in languages}
    without_level = sorted(
        (
            SpokenLanguage(code, language_name(code, page_locale))
            for code in case.returnee.languages or ()
            if code not in levelled
        ),
        key=lambda spoken: spoken.name,
    )
    return Profile(
        experiences=[
            ExperienceRow(
                row,
                _label(titles, row.isco_code, page_locale, row.isco_code),
                _label(occupations, row.esco_occupation_id, page_locale, "")
                if row.esco_occupation_id is not None
                else None,
                is_health_code(row.isco_code),
            )
            for row in experiences
        ],
        skills=skill_rows,
        qualifications=rows_of(
            Qualification, returnee_id, Qualification.year_awarded.desc().nulls_last()
        ),
        certificates=rows_of(
            CompetencyCertificate,
            returnee_id,
            CompetencyCertificate.year_issued.desc().nulls_last(),
        ),
        languages=languages,
        preference=preference_of(case),
        languages_without_level=without_level,
    )


# --- small reads for the pages ------------------------------------------------------------


def currency_of_case(case: Case) -> str:
    """The currency of the expected wage: the origin country's."""
    return currency_of(case.returnee.origin_country)


def describe(item) -> str:
    """A profile row in a few words (the delete confirmation names what goes)."""
    page_locale = locale()
    if isinstance(item, WorkExperience):
        if item.esco_occupation_id is not None:
            found = taxonomy.occupation_labels([item.esco_occupation_id], page_locale)
            if item.esco_occupation_id in found:
                return f"{found[item.esco_occupation_id]} (ISCO-08 {item.isco_code})"
        title = taxonomy.isco_titles([item.isco_code], page_locale).get(item.isco_code, "")
        return f"{item.isco_code} — {title}"
    if isinstance(item, ReturneeSkill):
        if item.esco_skill_id is None:
            return item.free_text
        return taxonomy.skill_labels([item.esco_skill_id], page_locale).get(item.esco_skill_id, "")
    if isinstance(item, Qualification | CompetencyCertificate):
        return item.title
    if isinstance(item, LanguageSkill):
        return f"{language_name(item.language)} ({item.level.label})"
    return str(_l("Work preferences"))
