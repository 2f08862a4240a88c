"""Reads on the taxonomies: the bilingual occupation and skill pickers, labels for stored codes,
and the counts behind the admin's reference-data page.

Search runs on the folded `search_text` columns (core.text.fold; the embedded PostgreSQL has no
`unaccent`), so the query is folded the same way in Python. Each picker is ONE statement
however many hits: per label table the candidates are ranked, one row kept per concept (its
best-matching label), the top `limit` of them picked, and only then their display labels looked
up (a lateral join); the tables' top lists are merged and cut again.

Ranking, best first: exact label, label starting with the query, every query word starting a
word of the label, then fuzzy (trigram word similarity, for typos). Within a tier, labels in
the requested locale come before the other locale's, then closer trigram similarity, preferred
labels before alternative ones, shorter labels, and finally the key (a deterministic order).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from returnsvc.core.text import fold
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

# Longer input is cut: no label is that long, and trigram work grows with the query.
MAX_QUERY_LENGTH = 100
MAX_LIMIT = 50
# Words beyond this many add nothing to ranking but cost one more condition each.
MAX_WORDS = 6
# Below this many characters trigrams cannot help (pg_trgm pads words to three characters, so
# one or two letters match half the table): such queries use the prefix B-tree only.
MIN_FUZZY_LENGTH = 3
UNIT_GROUP_LEVEL = 4

TIER_EXACT, TIER_PREFIX, TIER_WORDS, TIER_FUZZY = 0, 1, 2, 3

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_ISCO_CODE = re.compile(r"^[0-9]{1,4}$")


@dataclass(frozen=True)
class ConceptHit:
    """One concept found by a picker, labelled for display."""

    kind: str  # "isco" (an ISCO-08 unit group), "occupation" (ESCO), "skill" (ESCO)
    key: str  # the ISCO code, or the ESCO concept id as a string
    label: str  # the preferred label in the requested locale, else the other locale's
    label_locale: str  # the locale of `label` (the UI marks a fallback "not translated")
    matched: str  # the label that matched when different from `label` (an alt label), else ""
    isco_code: str | None  # the unit group (occupations: their group; isco: the code itself)

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "label_locale": self.label_locale,
            "matched": self.matched,
            "isco_code": self.isco_code,
        }


def normalise_query(query: str | None) -> str:
    """The folded form of what the user typed, cut to MAX_QUERY_LENGTH ("" for nothing)."""
    if not query:
        return ""
    cleaned = _CONTROL_CHARACTERS.sub(" ", query[: MAX_QUERY_LENGTH * 2])
    return fold(cleaned)[:MAX_QUERY_LENGTH].strip()


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _other_locale(locale: str) -> str:
    return next((other for other in LABEL_LOCALES if other != locale), locale)


def _clamp_limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


@dataclass(frozen=True)
class _LabelSource:
    """How one label table maps onto hits: which concept a label belongs to, whether it is the
    preferred label, and (for occupations) the concept's ISCO unit group."""

    kind: str
    model: type
    concept: ColumnElement
    is_preferred: ColumnElement
    label: ColumnElement
    scope: ColumnElement | None = None  # an extra condition on the candidate rows


def _isco_source():
    # The picker offers unit groups only: a person's occupation is a 4-digit group.
    return _LabelSource(
        kind="isco",
        model=IscoGroupLabel,
        concept=IscoGroupLabel.code,
        is_preferred=true(),
        label=IscoGroupLabel.title,
        scope=func.length(IscoGroupLabel.code) == UNIT_GROUP_LEVEL,
    )


def _occupation_source():
    return _LabelSource(
        kind="occupation",
        model=EscoOccupationLabel,
        concept=EscoOccupationLabel.occupation_id,
        is_preferred=EscoOccupationLabel.is_preferred,
        label=EscoOccupationLabel.label,
    )


def _skill_source():
    return _LabelSource(
        kind="skill",
        model=EscoSkillLabel,
        concept=EscoSkillLabel.skill_id,
        is_preferred=EscoSkillLabel.is_preferred,
        label=EscoSkillLabel.label,
    )


def _word_prefix(column, word: str):
    """`word` starts the text or one of its words (after a space)."""
    escaped = _like_escape(word)
    return or_(column.like(f"{escaped}%"), column.like(f"% {escaped}%"))


def _ranked_top(source: _LabelSource, folded: str, locale: str, limit: int):
    """The best `limit` concepts of one label table for `folded`, with display labels."""
    search_text = source.model.search_text
    prefix = search_text.like(f"{_like_escape(folded)}%")
    words = folded.split()[:MAX_WORDS]
    if len(folded) < MIN_FUZZY_LENGTH:
        all_words = prefix  # nothing else is selective enough (nor useful) for 1-2 letters
        fuzzy = None
        score = literal(0.0)
    else:
        # Short words ("de", "a") only narrow a multi-word query; alone they would match most
        # labels without the help of an index.
        long_words = [w for w in words if len(w) >= MIN_FUZZY_LENGTH] or words
        all_words = and_(*(_word_prefix(search_text, w) for w in long_words))
        fuzzy = literal(folded).op("<%")(search_text)
        score = func.word_similarity(folded, search_text)
    tier = case(
        (search_text == folded, TIER_EXACT),
        (prefix, TIER_PREFIX),
        (all_words, TIER_WORDS),
        else_=TIER_FUZZY,
    )
    is_local = source.model.locale == locale
    matching = or_(prefix, all_words) if fuzzy is None else or_(prefix, all_words, fuzzy)
    candidates = select(
        source.concept.label("concept"),
        source.model.locale.label("matched_locale"),
        source.label.label("matched"),
        tier.label("tier"),
        is_local.label("is_local"),
        score.label("score"),
        source.is_preferred.label("is_preferred"),
    ).where(matching)
    if source.scope is not None:
        candidates = candidates.where(source.scope)
    ranked = candidates.subquery("ranked")
    best = (
        select(ranked)
        .distinct(ranked.c.concept)
        .order_by(ranked.c.concept, *_rank_order(ranked.c))
        .subquery("best")
    )
    top = select(best).order_by(*_rank_order(best.c), best.c.concept).limit(limit).subquery("top")
    return _with_display_label(source, top, locale)


def _rank_order(c):
    return (
        c.tier,
        c.is_local.desc(),
        c.score.desc(),
        c.is_preferred.desc(),
        func.length(c.matched),
    )


def _with_display_label(source: _LabelSource, top, locale: str):
    """Add the preferred label in `locale` (else the other locale's) and the ISCO unit group."""
    model = source.model
    display = (
        select(source.label.label("label"), model.locale.label("label_locale"))
        .where(source.concept == top.c.concept, source.is_preferred)
        .order_by((model.locale == locale).desc(), model.locale)
        .limit(1)
        .lateral("display")
    )
    if source.kind == "occupation":
        isco_code = (
            select(EscoOccupation.isco_code)
            .where(EscoOccupation.id == top.c.concept)
            .scalar_subquery()
        )
    elif source.kind == "isco":
        isco_code = top.c.concept
    else:
        isco_code = cast(null(), String)
    return select(
        literal(source.kind).label("kind"),
        cast(top.c.concept, String).label("key"),
        func.coalesce(display.c.label, top.c.matched).label("label"),
        func.coalesce(display.c.label_locale, top.c.matched_locale).label("label_locale"),
        top.c.matched,
        isco_code.label("isco_code"),
        top.c.tier,
        top.c.is_local,
        top.c.score,
        top.c.is_preferred,
    ).outerjoin(display, true())


def _run(sources, folded: str, locale: str, limit: int) -> list[ConceptHit]:
    parts = [_ranked_top(source, folded, locale, limit) for source in sources]
    merged = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("merged")
    stmt = select(merged).order_by(*_rank_order(merged.c), merged.c.kind, merged.c.key).limit(limit)
    return [_hit(row) for row in db.session.execute(stmt)]


def _hit(row) -> ConceptHit:
    return ConceptHit(
        kind=row.kind,
        key=row.key,
        label=row.label,
        label_locale=row.label_locale,
        matched=row.matched if row.matched != row.label else "",
        isco_code=row.isco_code,
    )


def search_occupations(query: str, locale: str, limit: int = 20) -> list[ConceptHit]:
    """ISCO-08 unit groups and ESCO occupations matching `query` (labels and alternative labels
    in both languages, `locale` first). Digits ("512", "5120") search ISCO codes instead."""
    folded = normalise_query(query)
    if not folded:
        return []
    limit = _clamp_limit(limit)
    if _ISCO_CODE.match(folded):
        return _occupations_by_code(folded, locale, limit)
    return _run((_isco_source(), _occupation_source()), folded, locale, limit)


def search_skills(query: str, locale: str, limit: int = 20) -> list[ConceptHit]:
    """ESCO skills matching `query` (labels and alternative labels, both languages)."""
    folded = normalise_query(query)
    if not folded:
        return []
    return _run((_skill_source(),), folded, locale, _clamp_limit(limit))


def _occupations_by_code(digits: str, locale: str, limit: int) -> list[ConceptHit]:
    """Unit groups whose code starts with `digits`, by code; for a full code, then the ESCO
    occupations in that group. One statement."""
    groups = (
        select(
            literal("isco").label("kind"),
            IscoGroup.code.label("key"),
            IscoGroup.code.label("isco_code"),
            literal(0).label("position"),
        )
        .where(IscoGroup.code.like(f"{digits}%"), IscoGroup.level == UNIT_GROUP_LEVEL)
        .order_by(IscoGroup.code)
        .limit(limit)
    )
    occupations = (
        select(
            literal("occupation").label("kind"),
            cast(EscoOccupation.id, String).label("key"),
            EscoOccupation.isco_code,
            literal(1).label("position"),
        )
        .where(EscoOccupation.isco_code == digits)
        .order_by(EscoOccupation.id)
        .limit(limit)
    )
    found = union_all(groups, occupations).subquery("found")
    rows = db.session.execute(
        select(found).order_by(found.c.position, found.c.key).limit(limit)
    ).all()
    titles = isco_titles([r.key for r in rows if r.kind == "isco"], locale, with_locale=True)
    names = occupation_labels(
        [int(r.key) for r in rows if r.kind == "occupation"], locale, with_locale=True
    )
    hits = []
    for row in rows:
        label, label_locale = (
            titles.get(row.key) if row.kind == "isco" else names.get(int(row.key))
        ) or (row.key, "")
        hits.append(ConceptHit(row.kind, row.key, label, label_locale, "", row.isco_code))
    return hits


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
    if not isinstance(code, str) or not _ISCO_CODE.match(code):
        return None
    return db.session.scalar(
        select(IscoGroup).where(IscoGroup.code == code, IscoGroup.level == UNIT_GROUP_LEVEL)
    )


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
    rows and the page is opened rarely, by admins."""
    tables = []
    for kind, concept_model, scope, label_args in (
        (
            "isco",
            IscoGroup,
            (),
            (IscoGroupLabel.code, IscoGroupLabel.locale, true()),
        ),
        (
            "occupation",
            EscoOccupation,
            (),
            (
                EscoOccupationLabel.occupation_id,
                EscoOccupationLabel.locale,
                EscoOccupationLabel.is_preferred,
            ),
        ),
        (
            "skill",
            EscoSkill,
            (),
            (EscoSkillLabel.skill_id, EscoSkillLabel.locale, EscoSkillLabel.is_preferred),
        ),
    ):
        concepts = db.session.scalar(select(func.count()).select_from(concept_model).where(*scope))
        translated, labels = _label_counts(*label_args)
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
