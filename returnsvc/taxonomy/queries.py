"""Reads on the taxonomies: labels for stored codes and ids (with fallback to the other
language), ISCO-08 unit groups, the ISCO-08 browse, and the counts behind the admin's
reference-data page. The pickers live in taxonomy.search and are re-exported here, so callers
use one module: `from returnsvc.taxonomy import queries`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, true

from returnsvc.extensions import db
from returnsvc.taxonomy.models import (
    LABEL_LOCALES,
    EscoOccupation,
    EscoOccupationLabel,
    EscoSkill,
    EscoSkillLabel,
    IscoGroup,
    IscoGroupLabel,
    TaxonomyImport,
)
from returnsvc.taxonomy.search import (
    MAX_LIMIT,
    MAX_QUERY_LENGTH,
    UNIT_GROUP_LEVEL,
    ConceptHit,
    normalise_query,
    parse_picker_value,
    search_occupations,
    search_skills,
)

__all__ = [
    "MAX_LIMIT",
    "MAX_QUERY_LENGTH",
    "ConceptHit",
    "normalise_query",
    "parse_picker_value",
    "search_occupations",
    "search_skills",
    "isco_titles",
    "occupation_labels",
    "skill_labels",
    "unit_group",
    "hit_for_value",
    "taxonomy_counts",
]

_ISCO_CODE_LENGTHS = range(1, 5)


def _preferred_labels(concept_column, label_column, locale_column, where, keys, locale: str):
    """{key: (label, its locale)}: the label in `locale`, else in the other locale."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return {}
    rows = db.session.execute(
        select(concept_column, label_column, locale_column)
        .where(concept_column.in_(keys), locale_column.in_(LABEL_LOCALES), *where)
        .order_by(concept_column, (locale_column == locale).desc(), locale_column)
        .distinct(concept_column)
    ).all()
    return {key: (label, label_locale) for key, label, label_locale in rows}


def _strip_locales(found: dict, with_locale: bool) -> dict:
    return found if with_locale else {key: label for key, (label, _) in found.items()}


def isco_titles(codes: Iterable[str], locale: str, *, with_locale: bool = False) -> dict:
    """{code: title} in `locale`, falling back to the other locale; unknown codes are left out.
    With `with_locale`, the values are (title, locale of the title)."""
    found = _preferred_labels(
        IscoGroupLabel.code,
        IscoGroupLabel.title,
        IscoGroupLabel.locale,
        (),
        [str(code) for code in codes],
        locale,
    )
    return _strip_locales(found, with_locale)


def occupation_labels(ids: Iterable[int], locale: str, *, with_locale: bool = False) -> dict:
    """{occupation id: preferred label} in `locale`, falling back to the other locale."""
    found = _preferred_labels(
        EscoOccupationLabel.occupation_id,
        EscoOccupationLabel.label,
        EscoOccupationLabel.locale,
        (EscoOccupationLabel.is_preferred,),
        [int(i) for i in ids],
        locale,
    )
    return _strip_locales(found, with_locale)


def skill_labels(ids: Iterable[int], locale: str, *, with_locale: bool = False) -> dict:
    """{skill id: preferred label} in `locale`, falling back to the other locale."""
    found = _preferred_labels(
        EscoSkillLabel.skill_id,
        EscoSkillLabel.label,
        EscoSkillLabel.locale,
        (EscoSkillLabel.is_preferred,),
        [int(i) for i in ids],
        locale,
    )
    return _strip_locales(found, with_locale)


def unit_group(code: str) -> IscoGroup | None:
    """The ISCO-08 unit group (level 4) with this code, or None (also for other levels)."""
    if not isinstance(code, str) or not code.isascii() or not code.isdigit():
        return None
    if len(code) != UNIT_GROUP_LEVEL:
        return None
    return db.session.scalar(
        select(IscoGroup).where(IscoGroup.code == code, IscoGroup.level == UNIT_GROUP_LEVEL)
    )


def hit_for_value(value: str | None, locale: str) -> ConceptHit | None:
    """The picker hit a radio value names ("isco:5120", "occupation:42", "skill:7"), labelled
    in `locale` (else the other language): a form shown again keeps what was chosen checked,
    even when a new search does not find it. None for a malformed value or an unknown concept."""
    parsed = parse_picker_value(value)
    if parsed is None:
        return None
    kind, key = parsed
    if kind == "isco":
        found, isco_code = isco_titles([key], locale, with_locale=True).get(key), key
    elif kind == "occupation":
        occupation = db.session.get(EscoOccupation, int(key))
        if occupation is None:
            return None
        found = occupation_labels([occupation.id], locale, with_locale=True).get(occupation.id)
        isco_code = occupation.isco_code
    else:
        found, isco_code = skill_labels([int(key)], locale, with_locale=True).get(int(key)), None
    if found is None:
        return None
    label, label_locale = found
    return ConceptHit(kind, key, label, label_locale, "", isco_code)


@dataclass(frozen=True)
class TableCounts:
    """What one taxonomy table holds: concepts, and per locale the concepts with a preferred
    label (translated) and all labels (preferred and alternative)."""

    kind: str
    concepts: int
    translated: dict[str, int]
    labels: dict[str, int]


def _label_counts(concept_column, locale_column, preferred_column):
    rows = db.session.execute(
        select(
            locale_column,
            func.count(func.distinct(concept_column)).filter(preferred_column),
            func.count(),
        ).group_by(locale_column)
    ).all()
    translated = {locale: 0 for locale in LABEL_LOCALES}
    labels = dict(translated)
    for locale, preferred, total in rows:
        translated[locale] = preferred
        labels[locale] = total
    return translated, labels


def taxonomy_counts(recent_imports: int = 10) -> dict:
    """Counts per table and locale, and the most recent import runs (the admin's page).

    Exact counts are fine here: the tables are reference data of at most tens of thousands of
    rows and the page is opened rarely, by admins. Seven statements."""
    tables = []
    for kind, concept_model, label_columns in (
        ("isco", IscoGroup, (IscoGroupLabel.code, IscoGroupLabel.locale, true())),
        (
            "occupation",
            EscoOccupation,
            (
                EscoOccupationLabel.occupation_id,
                EscoOccupationLabel.locale,
                EscoOccupationLabel.is_preferred,
            ),
        ),
        (
            "skill",
            EscoSkill,
            (EscoSkillLabel.skill_id, EscoSkillLabel.locale, EscoSkillLabel.is_preferred),
        ),
    ):
        concepts = db.session.scalar(select(func.count()).select_from(concept_model))
        translated, labels = _label_counts(*label_columns)
        tables.append(TableCounts(kind, concepts or 0, translated, labels))
    unit_groups = db.session.scalar(
        select(func.count()).select_from(IscoGroup).where(IscoGroup.level == UNIT_GROUP_LEVEL)
    )
    imports = db.session.scalars(
        select(TaxonomyImport)
        .order_by(TaxonomyImport.finished_at.desc(), TaxonomyImport.id.desc())
        .limit(recent_imports)
    ).all()
    return {"tables": tables, "unit_groups": unit_groups or 0, "imports": imports}


@dataclass(frozen=True)
class LabelledItem:
    """A code or id with its label in the requested language, or the other's (`locale`)."""

    key: str | int
    label: str
    locale: str


@dataclass(frozen=True)
class IscoGroupPage:
    """One ISCO-08 group for the browse page: where it sits, what it contains."""

    group: IscoGroup
    title: LabelledItem
    ancestors: list[LabelledItem]
    children: list[LabelledItem]
    occupations: list[LabelledItem]  # ESCO occupations (unit groups only)


def _labelled(keys, found: dict) -> list[LabelledItem]:
    return [LabelledItem(key, *found.get(key, (str(key), ""))) for key in keys]


def isco_major_groups(locale: str) -> list[LabelledItem]:
    """The ten ISCO-08 major groups, by code. Two statements."""
    codes = db.session.scalars(
        select(IscoGroup.code).where(IscoGroup.level == 1).order_by(IscoGroup.code)
    ).all()
    return _labelled(codes, isco_titles(codes, locale, with_locale=True))


def isco_group_page(code: str, locale: str) -> IscoGroupPage | None:
    """The group with this code (any level) with its ancestors, its children and, for a unit
    group, its ESCO occupations by label; None when unknown. Five statements at most."""
    if not isinstance(code, str) or not code.isascii() or not code.isdigit():
        return None
    group = db.session.get(IscoGroup, code) if len(code) in _ISCO_CODE_LENGTHS else None
    if group is None:
        return None
    ancestors = [code[:length] for length in range(1, len(code))]
    children = db.session.scalars(
        select(IscoGroup.code).where(IscoGroup.parent_code == code).order_by(IscoGroup.code)
    ).all()
    titles = isco_titles([*ancestors, code, *children], locale, with_locale=True)
    occupations = []
    if group.is_unit_group:
        ids = db.session.scalars(
            select(EscoOccupation.id).where(EscoOccupation.isco_code == code)
        ).all()
        occupations = sorted(
            _labelled(ids, occupation_labels(ids, locale, with_locale=True)),
            key=lambda item: (item.label.casefold(), item.key),
        )
    return IscoGroupPage(
        group=group,
        title=_labelled([code], titles)[0],
        ancestors=_labelled(ancestors, titles),
        children=_labelled(children, titles),
        occupations=occupations,
    )
