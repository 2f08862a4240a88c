"""The statements behind the pickers (taxonomy.search), built once per shape and cached.

Building these nested selects costs SQLAlchemy more than PostgreSQL takes to run them (about
10 ms against 10), so each shape (which tables, how many query words, the limit) is built once
and everything that varies is a bound parameter: `q` (the folded query), `locale`, the LIKE
patterns (`prefix`, `word_<i>`, `inner_<i>`, `whole_*`) and the `exclude_<kind>` keys. See
taxonomy.search for the ranking these statements implement.
"""

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import (
    String,
    and_,
    bindparam,
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

from returnsvc.taxonomy.models import (
    EscoOccupation,
    EscoOccupationLabel,
    EscoSkillLabel,
    IscoGroup,
    IscoGroupLabel,
)

UNIT_GROUP_LEVEL = 4
TIER_EXACT, TIER_PREFIX, TIER_WORDS, TIER_FUZZY = 0, 1, 2, 3


@dataclass(frozen=True)
class LabelSource:
    """How one label table maps onto hits: which concept a label belongs to, whether it is the
    preferred label, and an optional extra condition on its rows."""

    kind: str
    model: type
    concept: ColumnElement
    is_preferred: ColumnElement
    label: ColumnElement
    scope: ColumnElement | None = None


SOURCES = {
    # The picker offers unit groups only: a person's occupation is a 4-digit group.
    "isco": LabelSource(
        "isco",
        IscoGroupLabel,
        IscoGroupLabel.code,
        true(),
        IscoGroupLabel.title,
        scope=func.length(IscoGroupLabel.code) == UNIT_GROUP_LEVEL,
    ),
    "occupation": LabelSource(
        "occupation",
        EscoOccupationLabel,
        EscoOccupationLabel.occupation_id,
        EscoOccupationLabel.is_preferred,
        EscoOccupationLabel.label,
    ),
    "skill": LabelSource(
        "skill",
        EscoSkillLabel,
        EscoSkillLabel.skill_id,
        EscoSkillLabel.is_preferred,
        EscoSkillLabel.label,
    ),
}


def _literal_match(source: LabelSource, words: int):
    """(condition, tier, score) of the literal phase: the whole label, its start, or every
    query word starting one of its words (`words` = 0: the start only, for one or two letters,
    where trigrams would match half the table). Only LIKE: cheap to recheck on the thousands
    of rows a short prefix finds. The score puts whole-word matches first ("weld" ranks "weld
    metals" above "welding techniques")."""
    search_text = source.model.search_text
    exact = search_text == bindparam("q")
    prefix = search_text.like(bindparam("prefix"))
    matching = prefix
    if words:
        every_word = and_(
            *(
                or_(
                    search_text.like(bindparam(f"word_{i}")),
                    search_text.like(bindparam(f"inner_{i}")),
                )
                for i in range(words)
            )
        )
        matching = or_(prefix, every_word)
    whole_word = or_(
        exact,
        search_text.like(bindparam("whole_start")),
        search_text.like(bindparam("whole_end")),
        search_text.like(bindparam("whole_inner")),
    )
    tier = case((exact, TIER_EXACT), (prefix, TIER_PREFIX), else_=TIER_WORDS)
    return matching, tier, case((whole_word, 1.0), else_=0.0)


def _fuzzy_match(source: LabelSource):
    """(condition, tier, score) of the fuzzy phase: trigram word similarity above pg_trgm's
    threshold (0.6), skipping the concepts the literal phase found."""
    search_text = source.model.search_text
    matching = and_(
        bindparam("q").op("<%")(search_text),
        source.concept.not_in(bindparam(f"exclude_{source.kind}", expanding=True)),
    )
    return matching, literal(TIER_FUZZY), func.word_similarity(bindparam("q"), search_text)


def rank_order(c):
    return (
        c.tier,
        c.is_local.desc(),
        c.score.desc(),
        c.is_preferred.desc(),
        func.length(c.matched),
    )


def _ranked_top(source: LabelSource, match, limit: int):
    """The best `limit` concepts of one label table, one row per concept (its best label)."""
    matching, tier, score = match
    candidates = select(
        source.concept.label("concept"),
        source.model.locale.label("matched_locale"),
        source.label.label("matched"),
        tier.label("tier"),
        (source.model.locale == bindparam("locale")).label("is_local"),
        score.label("score"),
        source.is_preferred.label("is_preferred"),
    ).where(matching)
    if source.scope is not None:
        candidates = candidates.where(source.scope)
    ranked = candidates.subquery("ranked")
    best = (
        select(ranked)
        .distinct(ranked.c.concept)
        .order_by(ranked.c.concept, *rank_order(ranked.c))
        .subquery("best")
    )
    top = select(best).order_by(*rank_order(best.c), best.c.concept).limit(limit)
    return _with_display_label(source, top.subquery("top"))


def _with_display_label(source: LabelSource, top):
    """Add the preferred label in `locale` (else the other locale's) and the ISCO unit group;
    only for the few rows of `top` (a lateral join)."""
    model = source.model
    display = (
        select(source.label.label("label"), model.locale.label("label_locale"))
        .where(source.concept == top.c.concept, source.is_preferred)
        .order_by((model.locale == bindparam("locale")).desc(), model.locale)
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


def _merged(parts, limit: int):
    merged = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("merged")
    return select(merged).order_by(*rank_order(merged.c), merged.c.kind, merged.c.key).limit(limit)


@lru_cache(maxsize=256)
def literal_statement(kinds: tuple[str, ...], words: int, limit: int):
    return _merged(
        [_ranked_top(SOURCES[k], _literal_match(SOURCES[k], words), limit) for k in kinds], limit
    )


@lru_cache(maxsize=128)
def fuzzy_statement(kinds: tuple[str, ...], limit: int):
    return _merged([_ranked_top(SOURCES[k], _fuzzy_match(SOURCES[k]), limit) for k in kinds], limit)


@lru_cache(maxsize=64)
def code_statement(limit: int):
    """Unit groups whose code starts with `prefix` (by code); for a full code `q`, then the
    ESCO occupations of that group (by label)."""
    flags = (literal(True).label("is_local"), literal(0.0).label("score"))
    groups = (
        select(
            IscoGroup.code.label("concept"),
            literal("").label("matched"),
            literal("").label("matched_locale"),
            literal(TIER_PREFIX).label("tier"),
            *flags,
            literal(True).label("is_preferred"),
        )
        .where(IscoGroup.code.like(bindparam("prefix")), IscoGroup.level == UNIT_GROUP_LEVEL)
        .order_by(IscoGroup.code)
        .limit(limit)
    )
    # A unit group holds at most a few hundred ESCO occupations: all get a label, then the cut.
    occupations = select(
        EscoOccupation.id.label("concept"),
        literal("").label("matched"),
        literal("").label("matched_locale"),
        literal(TIER_WORDS).label("tier"),
        *flags,
        literal(True).label("is_preferred"),
    ).where(EscoOccupation.isco_code == bindparam("q"))
    merged = union_all(
        _with_display_label(SOURCES["isco"], groups.subquery("top")),
        _with_display_label(SOURCES["occupation"], occupations.subquery("top")),
    ).subquery("merged")
    by_code_then_label = case(
        (merged.c.kind == "isco", merged.c.key), else_=func.lower(merged.c.label)
    )
    return select(merged).order_by(merged.c.tier, by_code_then_label, merged.c.key).limit(limit)
