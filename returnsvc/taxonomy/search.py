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

from returnsvc.core.numbers import parse_id, parse_whole_number
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.taxonomy import search_sql
from returnsvc.taxonomy.search_sql import UNIT_GROUP_LEVEL

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
    """("isco", "5120") from a picker's radio value "isco:5120"; None for anything malformed:
    an ISCO code is four ASCII digits, an ESCO id a database id (core.numbers). Whether the
    concept exists is the caller's check (unit_group, occupation_labels...)."""
    kind, _, key = (value or "").partition(":")
    if key != key.strip() or parse_whole_number(key) is None:
        return None
    if kind == "isco":
        valid = len(key) == UNIT_GROUP_LEVEL
    else:
        valid = kind in PICKER_KINDS and parse_id(key) is not None
    return (kind, key) if valid else None


def normalise_query(query: str | None) -> str:
    """The folded form of what the user typed, cut to MAX_QUERY_LENGTH ("" for nothing)."""
    if not query:
        return ""
    cleaned = _CONTROL_CHARACTERS.sub(" ", query[: MAX_QUERY_LENGTH * 2])
    return fold(cleaned)[:MAX_QUERY_LENGTH].strip()


def _like_escape(text: str) -> str:
    """`text` with LIKE's wildcards taken literally (PostgreSQL's default escape, backslash).

    Elsewhere SQLAlchemy's `autoescape=True` does this, but it needs the text when the
    statement is built; these statements are built once per shape and cached
    (taxonomy.search_sql), so the patterns arrive as bound parameters, escaped here."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _clamp_limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _like_parameters(folded: str) -> dict:
    """The LIKE patterns of the literal phase (taxonomy.search_sql._literal_match)."""
    escaped = _like_escape(folded)
    parameters = {
        "q": folded,
        "prefix": f"{escaped}%",
        "whole_start": f"{escaped} %",
        "whole_end": f"% {escaped}",
        "whole_inner": f"% {escaped} %",
    }
    if len(folded) < MIN_TRIGRAM_LENGTH:
        return parameters
    # Short words ("de", "a") only narrow a multi-word query; alone they would match most
    # labels without the help of an index.
    words = folded.split()[:MAX_WORDS]
    for i, word in enumerate([w for w in words if len(w) >= MIN_TRIGRAM_LENGTH] or words):
        parameters[f"word_{i}"] = f"{_like_escape(word)}%"
        parameters[f"inner_{i}"] = f"% {_like_escape(word)}%"
    return parameters


def _execute(statement, parameters: dict) -> list["ConceptHit"]:
    return [_hit(row) for row in db.session.execute(statement, parameters)]


def _run(kinds: tuple[str, ...], folded: str, locale: str, limit: int) -> list["ConceptHit"]:
    """Literal matches first; only when they do not fill `limit`, a second statement adds the
    fuzzy ones. Every fuzzy hit ranks below every literal hit anyway, and the trigram
    similarity is the costly part: a short prefix ("con") finds thousands of labels."""
    parameters = _like_parameters(folded) | {"locale": locale}
    words = sum(1 for name in parameters if name.startswith("word_"))
    hits = _execute(search_sql.literal_statement(kinds, words, limit), parameters)
    if len(hits) >= limit or len(folded) < MIN_FUZZY_LENGTH:
        return hits
    # ISCO titles are matched literally only: on that small table the planner prefers a
    # sequential scan, computing the similarity of all 1,238 titles (13 ms instead of 0.2 ms
    # through the trigram index). A typo still finds the ESCO occupations, each with its group.
    fuzzy_kinds = tuple(kind for kind in kinds if kind != "isco")
    found = {f"exclude_{kind}": [] for kind in fuzzy_kinds}
    for hit in hits:
        if hit.kind in fuzzy_kinds:
            found[f"exclude_{hit.kind}"].append(int(hit.key))
    rest = limit - len(hits)
    return hits + _execute(
        search_sql.fuzzy_statement(fuzzy_kinds, rest), {"q": folded, "locale": locale} | found
    )


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
        parameters = {"q": folded, "prefix": f"{folded}%", "locale": locale}
        return _execute(search_sql.code_statement(limit), parameters)
    return _run(("isco", "occupation"), folded, locale, limit)


def search_skills(query: str, locale: str, limit: int = 20) -> list[ConceptHit]:
    """ESCO skills matching `query` (labels and alternative labels, both languages)."""
    folded = normalise_query(query)
    if not folded:
        return []
    return _run(("skill",), folded, locale, _clamp_limit(limit))
