"""From the words people describe themselves with to ISCO-08 unit groups.

"Enfermera", "chofer", "albañil": a person says their trade in a word or two. `unit_groups_for`
reads those words against two sources:

- a curated table of everyday trade words (taxonomy.trade_words): both genders, the Andean
  words (chofer, mesero, gasfitero, niñera, técnica en enfermería) and English. The official
  labels alone miss them: ISCO-08 titles are plural group names ("Profesionales de
  enfermería"), ESCO writes "cocinero/cocinera" and has no "chofer" or "gasfitero", and the demo
  or a partial import may lack a language. The table needs no database and always answers;
- the occupation labels in the database: ISCO-08 unit group titles and ESCO occupation preferred
  and alternative labels, both languages, compared whole on their folded `search_text` (a
  label "cocinero/cocinera" matches either form). They cover the thousands of occupations no
  hand-made table will (the official import has them all), and follow the data as it is
  updated. One statement, on the labels' trigram indexes.

Matching folds accents and case (core.text.fold) and accepts a trailing plural "s"/"es".
"""

import re
from functools import cache

from sqlalchemy import ARRAY, Text, any_, bindparam, func, select, union

from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.taxonomy.models import EscoOccupation, EscoOccupationLabel, IscoGroupLabel
from returnsvc.taxonomy.search import MAX_QUERY_LENGTH
from returnsvc.taxonomy.search_sql import UNIT_GROUP_LEVEL
from returnsvc.taxonomy.trade_words import TRADE_WORDS

# The first words of the text are read (it is "a few words"); label phrases are up to this long.
MAX_TOKENS = 12
MAX_PHRASE_WORDS = 4
# A phrase shorter than this is no occupation label worth a probe ("de", "a").
MIN_PHRASE_LENGTH = 4
MAX_CODES = 20
# A phrase starting or ending with one of these is not an occupation's name.
_JOINING_WORDS = frozenset(
    "a al de del el en la las los y o con para por the and of in at for with".split()
)
_WORD = re.compile(r"[0-9a-z]+")


def _words(text: str | None) -> list[str]:
    return _WORD.findall(fold((text or "")[: MAX_QUERY_LENGTH * 3]))[:MAX_TOKENS]


def _singulars(word: str) -> set[str]:
    """The word and what it would be without a plural ending: "choferes" → chofer, chofere."""
    forms = {word}
    if len(word) > 3 and word.endswith("s"):
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
    return forms


def _table() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(folded phrase words, unit groups), longest phrases first (then the table's order)."""
    rows = []
    for codes, words in TRADE_WORDS:
        for phrase in words:
            rows.append((tuple(_WORD.findall(fold(phrase))), tuple(codes.split())))
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


_TABLE = _table()


def curated_unit_groups(text: str | None) -> list[str]:
    """The unit groups of the trade words in `text` from the curated table, in the order the
    words come; a longer phrase takes its words from the shorter ones inside it."""
    forms = [_singulars(word) for word in _words(text)]
    used = [False] * len(forms)
    found: list[tuple[int, tuple[str, ...]]] = []
    for phrase, codes in _TABLE:
        size = len(phrase)
        for start in range(len(forms) - size + 1):
            span = range(start, start + size)
            if any(used[i] for i in span):
                continue
            if all(phrase[k] in forms[start + k] for k in range(size)):
                for i in span:
                    used[i] = True
                found.append((start, codes))
    ordered = sorted(found, key=lambda item: item[0])
    return list(dict.fromkeys(code for _, codes in ordered for code in codes))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def label_patterns(text: str | None) -> list[str]:
    """LIKE patterns for the folded labels: each run of up to MAX_PHRASE_WORDS words (also
    without plural endings), whole or as one side of a "masculine/feminine" label."""
    words = _words(text)
    phrases: dict[str, None] = {}
    for size in range(1, MAX_PHRASE_WORDS + 1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if run[0] in _JOINING_WORDS or run[-1] in _JOINING_WORDS:
                continue
            stripped_s = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in run]
            stripped_es = [w[:-2] if len(w) > 4 and w.endswith("es") else w for w in run]
            for variant in (run, stripped_s, stripped_es):
                phrase = " ".join(variant)
                if len(phrase) >= MIN_PHRASE_LENGTH:
                    phrases[phrase] = None
    patterns = []
    for phrase in phrases:
        escaped = _like_escape(phrase)
        patterns += [escaped, f"{escaped}/%", f"%/{escaped}"]
    return patterns


@cache  # built once: the patterns are a bound array
def _label_statement():
    patterns = bindparam("patterns", type_=ARRAY(Text))
    isco = select(IscoGroupLabel.code.label("code")).where(
        func.length(IscoGroupLabel.code) == UNIT_GROUP_LEVEL,
        IscoGroupLabel.search_text.like(any_(patterns)),
    )
    esco = (
        select(EscoOccupation.isco_code.label("code"))
        .join(EscoOccupationLabel, EscoOccupationLabel.occupation_id == EscoOccupation.id)
        .where(EscoOccupationLabel.search_text.like(any_(patterns)))
    )
    found = union(isco, esco).subquery()
    return select(found.c.code).order_by(found.c.code).limit(MAX_CODES)


def label_unit_groups(text: str | None) -> list[str]:
    """The unit groups whose ISCO-08 title or ESCO occupation label (either language) is one of
    the phrases of `text`: one statement, none when `text` has no phrase."""
    patterns = label_patterns(text)
    if not patterns:
        return []
    return list(db.session.scalars(_label_statement(), {"patterns": patterns}))


def unit_groups_for(text: str | None) -> list[str]:
    """The ISCO-08 unit groups a person's own words name, distinct, the curated table's first.

    Both sources, because neither is enough alone: the curated table knows the words people
    actually use (both genders, Andean usage, English) that the official labels lack or spell
    otherwise, and needs no data; the database labels (ISCO-08 titles, ESCO preferred and
    alternative labels, both languages) cover every other occupation the imports hold."""
    curated = curated_unit_groups(text)
    if not _words(text):
        return curated
    return list(dict.fromkeys(curated + label_unit_groups(text)))[:MAX_CODES]
