"""Writes on the skills profile: occupations, skills, languages, work preferences, and marking
the case assessed once the profile is complete. Qualifications and certificates are in
skills.credentials; inserting, updating and deleting a row (any section) in skills.rows.

Services flush, never commit; they take the acting user explicitly, refuse bad input with a
ProfileError (translated message, field name), check the version the form carried (StaleEdit),
and audit every change. A refusal leaves nothing behind: every value is checked before the
first change (see skills.rows for duplicates that slip past the checks).
"""

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from returnsvc.cases import services as case_services
from returnsvc.cases.models import Case, Stage
from returnsvc.cases.services import require_open
from returnsvc.core.cleaning import choice, text
from returnsvc.core.conflicts import check_version
from returnsvc.core.countries import country_name, currency_of
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.languages import language_name
from returnsvc.core.numbers import parse_id, parse_whole_number
from returnsvc.core.regions import is_region_of, region_name
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.returnees.services import add_spoken_language
from returnsvc.skills import choices, queries
from returnsvc.skills.cleaning import ProfileError, decimal, jsonable, year
from returnsvc.skills.models import (
    CefrLevel,
    EmploymentPreference,
    LanguageSkill,
    ReturneeSkill,
    SkillEvidence,
    SkillLevel,
    WorkExperience,
    WorkPlace,
    WorkPreference,
)
from returnsvc.skills.rows import add_item, begin_change, update_item
from returnsvc.taxonomy.models import EscoOccupation, EscoSkill, IscoGroup

MAX_YEARS = Decimal(70)
MAX_WAGE = Decimal("999999999999.99")  # Numeric(14, 2)

CHOOSE_OCCUPATION = _l(
    "Choose an occupation: search for it and pick one of the results, "
    "or type its four-digit ISCO-08 code."
)


# --- work experience ------------------------------------------------------------------------


def resolve_occupation(key) -> tuple[str, int | None]:
    """(ISCO unit group, ESCO occupation id) from a picker key: "isco:7512", a typed code
    "7512", or "occupation:<id>" (whose unit group is implied and copied)."""
    key = str(key or "").strip()
    if not key:
        raise ProfileError(CHOOSE_OCCUPATION, field="q")
    kind, _colon, ident = key.rpartition(":")
    if kind in ("", "isco"):
        if parse_whole_number(ident) is None or len(ident) > 4:
            raise ProfileError(
                message_with(
                    _("There is no ISCO-08 group with the code “%(code)s”."), code=ident[:20]
                ),
                field="q",
            )
        if len(ident) < 4:
            raise ProfileError(
                message_with(
                    _(
                        "“%(code)s” is a broad ISCO-08 group. Choose one of its unit groups "
                        "(four digits)."
                    ),
                    code=ident,
                ),
                field="q",
            )
        group = db.session.get(IscoGroup, ident)
        if group is None:
            raise ProfileError(
                message_with(
                    _("There is no ISCO-08 unit group with the code “%(code)s”."), code=ident
                ),
                field="q",
            )
        return group.code, None
    if kind == "occupation":
        ident_number = parse_id(ident)
        occupation = (
            db.session.get(EscoOccupation, ident_number) if ident_number is not None else None
        )
        if occupation is None or len(occupation.isco_code) != 4:
            raise ProfileError(
                _l("This ESCO occupation is not in the list. Search again."), field="q"
            )
        return occupation.isco_code, occupation.id
    raise ProfileError(CHOOSE_OCCUPATION, field="q")


def _clean_experience(data: dict) -> dict:
    isco_code, occupation_id = resolve_occupation(data.get("occupation"))
    return {
        "isco_code": isco_code,
        "esco_occupation_id": occupation_id,
        "years_experience": decimal(
            data,
            "years_experience",
            maximum=MAX_YEARS,
            places=1,
            message=_l("Enter the years of experience, from 0 to 70."),
        ),
        "place": choice(
            WorkPlace, data.get("place"), _l("Say where the person did this work."), "place"
        ),
        "last_year_worked": year(data, "last_year_worked"),
    }


def add_experience(case: Case, data: dict, *, actor) -> WorkExperience:
    """Add an occupation: data has `occupation` (a picker key or a typed ISCO code),
    `years_experience`, `place` and `last_year_worked`."""
    begin_change(case)
    return add_item(
        case, WorkExperience, _clean_experience(data), section="experience", actor=actor
    )


def update_experience(case: Case, item: WorkExperience, data: dict, *, actor, version) -> dict:
    begin_change(case, item, version)
    return update_item(case, item, _clean_experience(data), section="experience", actor=actor)


# --- skills -------------------------------------------------------------------------------


def _clean_skill(data: dict) -> dict:
    key = str(data.get("skill") or "").strip()
    free_text = text(data, "free_text", max_length=200)
    if key and free_text:
        raise ProfileError(
            _l("Choose an ESCO skill or describe the skill in your own words, not both."),
            field="free_text",
        )
    skill_id = None
    if key:
        kind, _colon, ident = key.rpartition(":")
        number = parse_id(ident) if kind in ("", "skill") else None
        if number is None or db.session.get(EscoSkill, number) is None:
            raise ProfileError(_l("This ESCO skill is not in the list. Search again."), field="q")
        skill_id = number
    elif not free_text:
        raise ProfileError(
            _l("Choose an ESCO skill from the search results, or describe the skill."),
            field="q",
        )
    return {
        "esco_skill_id": skill_id,
        "free_text": free_text,
        "level": choice(SkillLevel, data.get("level"), _l("Choose the level."), "level"),
        "evidence": choice(
            SkillEvidence,
            data.get("evidence") or SkillEvidence.SELF_DECLARED,
            _l("Choose the evidence."),
            "evidence",
        ),
    }


def _skill_duplicate(case: Case, clean: dict, item=None) -> ProfileError | None:
    """The same ESCO skill, or the same words (ignoring case, accents and spaces), twice."""
    conditions = [ReturneeSkill.returnee_id == case.returnee_id]
    if item is not None:
        conditions.append(ReturneeSkill.id != item.id)
    if clean["esco_skill_id"] is not None:
        conditions.append(ReturneeSkill.esco_skill_id == clean["esco_skill_id"])
        taken = db.session.scalar(select(ReturneeSkill.id).where(*conditions).limit(1))
        if taken is None:
            return None
        return ProfileError(_l("This skill is already in the profile."), field="q")
    conditions.append(ReturneeSkill.esco_skill_id.is_(None))
    written = db.session.scalars(select(ReturneeSkill.free_text).where(*conditions))
    folded = fold(clean["free_text"])
    if any(fold(other) == folded for other in written):
        return ProfileError(_l("This skill is already in the profile."), field="free_text")
    return None


def _add_or_update_skill(case: Case, data: dict, *, actor, item=None):
    clean = _clean_skill(data)
    duplicate = _skill_duplicate(case, clean, item)
    if duplicate is not None:
        raise duplicate
    same = ProfileError(_l("This skill is already in the profile."), field="q")
    if item is None:
        return add_item(case, ReturneeSkill, clean, section="skill", actor=actor, duplicate=same)
    return update_item(case, item, clean, section="skill", actor=actor, duplicate=same)


def add_skill(case: Case, data: dict, *, actor) -> ReturneeSkill:
    """Add a skill: data has `skill` (a picker key "skill:<id>") or `free_text`, `level`
    and `evidence`. The same ESCO skill (or the same words) twice is refused."""
    begin_change(case)
    return _add_or_update_skill(case, data, actor=actor)


def update_skill(case: Case, item: ReturneeSkill, data: dict, *, actor, version) -> dict:
    begin_change(case, item, version)
    return _add_or_update_skill(case, data, actor=actor, item=item)


# --- languages ----------------------------------------------------------------------------


def _clean_language(data: dict) -> dict:
    code = str(data.get("language") or "").strip()
    if not choices.is_language(code):
        raise ProfileError(_l("Choose a language from the list."), field="language")
    return {
        "language": code,
        "level": choice(CefrLevel, data.get("level"), _l("Choose the level."), "level"),
    }


def _add_or_update_language(case: Case, data: dict, *, actor, item=None):
    clean = _clean_language(data)
    duplicate = ProfileError(
        _l(
            "%(language)s is already in the profile.",
            language=language_name(clean["language"]),
        ),
        field="language",
    )
    query = select(LanguageSkill.id).where(
        LanguageSkill.returnee_id == case.returnee_id,
        LanguageSkill.language == clean["language"],
    )
    if item is not None:
        query = query.where(LanguageSkill.id != item.id)
    if db.session.scalar(query.limit(1)) is not None:
        raise duplicate
    # Which languages the person speaks is the person's own list (returnees); the profile
    # gives each a level. A language first met here joins that list.
    add_spoken_language(case.returnee, clean["language"], actor=actor)
    if item is None:
        return add_item(
            case, LanguageSkill, clean, section="language", actor=actor, duplicate=duplicate
        )
    return update_item(case, item, clean, section="language", actor=actor, duplicate=duplicate)


def add_language(case: Case, data: dict, *, actor) -> LanguageSkill:
    """Add a language (ISO 639-1 `language`, CEFR `level`); one row per language."""
    begin_change(case)
    return _add_or_update_language(case, data, actor=actor)


def update_language(case: Case, item: LanguageSkill, data: dict, *, actor, version) -> dict:
    begin_change(case, item, version)
    return _add_or_update_language(case, data, actor=actor, item=item)


# --- work preferences ---------------------------------------------------------------------


def _clean_preference(case: Case, data: dict) -> dict:
    country = case.returnee.origin_country
    regions = []
    for code in data.get("regions") or []:
        code = str(code).strip()
        if not is_region_of(code, country):
            raise ProfileError(
                _l(
                    "“%(region)s” is not a region of %(country)s.",
                    region=region_name(code)[:50],
                    country=country_name(country),
                ),
                field="regions",
            )
        if code not in regions:
            regions.append(code)
    wage = decimal(
        data,
        "expected_wage",
        maximum=MAX_WAGE,
        places=2,
        message=_l("Enter the expected monthly wage as an amount of 0 or more."),
    )
    return {
        "employment": choice(
            EmploymentPreference,
            data.get("employment"),
            _l("Choose the kind of work sought."),
            "employment",
        ),
        "regions": regions,
        "expected_wage": wage,
        "wage_currency": currency_of(country) if wage is not None else None,
        "notes": text(data, "notes", max_length=5000, multiline=True),
    }


def save_preferences(case: Case, data: dict, *, actor, version: int | None) -> dict:
    """Create or change the person's one row of work preferences: `employment`, `regions`
    (ISO 3166-2 codes of the origin country), `expected_wage` (monthly, in the origin
    country's currency, which is set here) and `notes`. `version` is None when the form was
    opened with no preferences yet; if someone saved some meanwhile, that is a StaleEdit."""
    current = queries.preference_of(case)
    if current is not None:
        check_version(current, version)
    require_open(case)
    clean = _clean_preference(case, data)
    if current is None:
        add_item(case, WorkPreference, clean, section="preferences", actor=actor)
        return {k: [None, jsonable(v)] for k, v in clean.items()}
    return update_item(case, current, clean, section="preferences", actor=actor)


# --- assessment ---------------------------------------------------------------------------


def mark_assessed(case: Case, *, actor, version: int | None):
    """Move a registered case to `assessed` once its profile is complete (the counsellor
    confirms; never automatic). The transition goes through the case's own stage service, so
    it is audited, shows in the timeline and is refused there while the profile is incomplete
    (the same rule for the stage page)."""
    check_version(case, version)
    require_open(case)
    if case.stage is not Stage.REGISTERED:
        raise ProfileError(
            _l(
                "Only a case in the stage “%(stage)s” can be marked assessed from here.",
                stage=Stage.REGISTERED.label,
            )
        )
    # A profile not yet complete is refused by the stage service itself (contributions.GUARDS).
    return case_services.change_stage(case, Stage.ASSESSED, version=version, actor=actor)
