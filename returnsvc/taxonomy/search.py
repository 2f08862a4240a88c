"""The bilingual occupation and skill pickers (re-exported by taxonomy.queries).

Search runs on the folded `search_text` columns (core.text.fold; the embedded PostgreSQL has no
`unaccent`), so the query is folded the same way in Python. A search is one or two statements
however many hits: per label table the candidates are ranked, one row kept per concept (its
best-matching label), the top `limit` of them picked, and only then their display labels looked
up (a lateral join); the tables' top lists are merged and cut again.

Ranking, best first: exact label, label starting with the query, every query word starting a
word of the label (these three in the first statement, with LIKE on the trigram and prefix
indexes), then fuzzy (trigram word similarity, for typos; a second statement, only when the
first found fewer than `limit`). Within a tier: whole-word matches first (fuzzy: closer
similarity), labels in the requested locale before the other locale's, preferred labels before
alternative ones, shorter labels, and finally the key (a deterministic order).
A label in either language can match; the hit is still labelled in the requested language when
the concept has a preferred label there (`label_locale` says which language the label is in).
"""

import re
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
    EscoOccupation,
    EscoOccupationLabel,
    EscoSkillLabel,
    IscoGroup,
    IscoGroupLabel,
)

# Longer input is cut: no label is that long, and trigram work grows with the query.
MAX_QUERY_LENGTH = 100
MAX_LIMIT = 50
# Words beyond this many add nothing to ranking but cost one more condition each.
MAX_WORDS = 6
# Below this many characters trigrams cannot help (pg_trgm pads words to three characters, so
# one or two letters match half the table): such queries use the prefix B-tree only.
MIN_TRIGRAM_LENGTH = 3
# Fuzzy matching starts at five characters: shorter input is usually a word still being typed,
# and its few trigrams make everything look alike ("cook" is 0.6 similar to "coordinator",
# 500 labels each costing a similarity computation).
MIN_FUZZY_LENGTH = 5
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

    @property
    def value(self) -> str:
        """The form value that names this concept: "isco:5120", "occupation:42", "skill:7"."""
        return f"{self.kind}:{self.key}"

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "label": self.label,
            "label_locale": self.label_locale,
            "matched": self.matched,
            "isco_code": self.isco_code,
        }


PICKER_KINDS = ("isco", "occupation", "skill")


def parse_picker_value(value: str | None) -> tuple[str, str] | None:
    """("isco", "5120") from a picker's radio value "isco:5120"; None for anything malformed.
    Whether the concept exists is the caller's check (unit_group, occupation_labels...)."""
    kind, _, key = (value or "").partition(":")
    if kind not in PICKER_KINDS or not key.isascii() or not key.isdigit() or len(key) > 12:
        return None
    if kind == "isco" and len(key) != UNIT_GROUP_LEVEL:
        return None
    return kind, key


def normalise_query(query: str | None) -> str:
    """The folded form of what the user typed, cut to MAX_QUERY_LENGTH ("" for nothing)."""
    if not query:
        return ""
    cleaned = _CONTROL_CHARACTERS.sub(" ", query[: MAX_QUERY_LENGTH * 2])
    return fold(cleaned)[:MAX_QUERY_LENGTH].strip()


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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


def _whole_word(column, folded: str):
    """`folded` is the whole text or whole words of it (not only the start of a longer word):
    "weld" ranks "weld metals" above "welding techniques"."""
    escaped = _like_escape(folded)
    return or_(
        column == folded,
        column.like(f"{escaped} %"),
        column.like(f"% {escaped}"),
        column.like(f"% {escaped} %"),
    )


def _literal_match(source: _LabelSource, folded: str):
    """(condition, tier, score) of the literal phase: exact, prefix and word-prefix matches.
    Only LIKE: cheap to recheck on the thousands of rows a short prefix finds."""
    search_text = source.model.search_text
    prefix = search_text.like(f"{_like_escape(folded)}%")
    if len(folded) < MIN_TRIGRAM_LENGTH:
        # One or two letters: the prefix B-tree only (trigrams would match half the table).
        matching = prefix
    else:
        # Short words ("de", "a") only narrow a multi-word query; alone they would match most
        # labels without the help of an index.
        words = folded.split()[:MAX_WORDS]
        long_words = [w for w in words if len(w) >= MIN_TRIGRAM_LENGTH] or words
        matching = or_(prefix, and_(*(_word_prefix(search_text, w) for w in long_words)))
    tier = case((search_text == folded, TIER_EXACT), (prefix, TIER_PREFIX), else_=TIER_WORDS)
    score = case((_whole_word(search_text, folded), 1.0), else_=0.0)
    return matching, tier, score


def _fuzzy_match(source: _LabelSource, folded: str, exclude: list):
    """(condition, tier, score) of the fuzzy phase: trigram word similarity above pg_trgm's
    threshold (0.6: one typo in a word of six letters or more), skipping concepts the literal
    phase already found."""
    search_text = source.model.search_text
    matching = literal(folded).op("<%")(search_text)
    if exclude:
        matching = and_(matching, source.concept.not_in(exclude))
    return matching, literal(TIER_FUZZY), func.word_similarity(folded, search_text)


def _ranked_top(source: _LabelSource, match, locale: str, limit: int):
    """The best `limit` concepts of one label table for one phase's `match` (condition, tier,
    score), one row per concept (its best label), with display labels."""
    matching, tier, score = match
    candidates = select(
        source.concept.label("concept"),
        source.model.locale.label("matched_locale"),
        source.label.label("matched"),
        tier.label("tier"),
        (source.model.locale == locale).label("is_local"),
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
    """Literal matches first; only when they do not fill `limit`, a second statement adds the
    fuzzy ones. Every fuzzy hit ranks below every literal hit anyway, and the trigram
    similarity is the costly part: a short prefix ("con") finds thousands of labels."""
    hits = _execute(
        [_ranked_top(s, _literal_match(s, folded), locale, limit) for s in sources], limit
    )
    if len(hits) >= limit or len(folded) < MIN_FUZZY_LENGTH:
        return hits
    found = {source.kind: [] for source in sources}
    for hit in hits:
        found[hit.kind].append(hit.key if hit.kind == "isco" else int(hit.key))
    # ISCO titles are matched literally only: on that small table the planner prefers a
    # sequential scan, computing the similarity of all 1,238 titles (13 ms instead of 0.2 ms
    # through the trigram index). A typo still finds the ESCO occupations, each with its group.
    fuzzy = [
        _ranked_top(s, _fuzzy_match(s, folded, found[s.kind]), locale, limit - len(hits))
        for s in sources
        if s.kind != "isco"
    ]
    return hits + _execute(fuzzy, limit - len(hits))


def _execute(parts, limit: int) -> list[ConceptHit]:
    merged = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("merged")
    stmt = select(merged).order_by(*_rank_order(merged.c), merged.c.kind, merged.c.key).limit(limit)
    return [_hit(row) for row in db.session.execute(stmt)]


def _occupations_by_code(digits: str, locale: str, limit: int) -> list[ConceptHit]:
    """Unit groups whose code starts with `digits` (by code); for a full code, then the ESCO
    occupations of that group (by label). One statement."""
    exact = literal(True)
    no_score = literal(0.0)
    groups = (
        select(
            IscoGroup.code.label("concept"),
            literal("").label("matched"),
            literal("").label("matched_locale"),
            literal(TIER_PREFIX).label("tier"),
            exact.label("is_local"),
            no_score.label("score"),
            exact.label("is_preferred"),
        )
        .where(IscoGroup.code.like(f"{digits}%"), IscoGroup.level == UNIT_GROUP_LEVEL)
        .order_by(IscoGroup.code)
        .limit(limit)
        .subquery("top")
    )
    # A unit group holds at most a few hundred ESCO occupations: all get a label, then the cut.
    occupations = select(
        EscoOccupation.id.label("concept"),
        literal("").label("matched"),
        literal("").label("matched_locale"),
        literal(TIER_WORDS).label("tier"),
        exact.label("is_local"),
        no_score.label("score"),
        exact.label("is_preferred"),
    ).where(EscoOccupation.isco_code == digits)
    merged = union_all(
        _with_display_label(_isco_source(), groups, locale),
        _with_display_label(_occupation_source(), occupations.subquery("top"), locale),
    ).subquery("merged")
    by_code_then_label = case(
        (merged.c.kind == "isco", merged.c.key), else_=func.lower(merged.c.label)
    )
    stmt = select(merged).order_by(merged.c.tier, by_code_then_label, merged.c.key).limit(limit)
    return [_hit(row) for row in db.session.execute(stmt)]


def _hit(row) -> ConceptHit:
    return ConceptHit(
        kind=row.kind,
        key=row.key,
        label=row.label or row.key,
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
