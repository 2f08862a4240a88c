"""Text folding for search: accent- and case-insensitive comparisons without `unaccent`.

The embedded PostgreSQL has pg_trgm but no unaccent, so searchable columns store a folded copy
written by Python (the same function folds the query), and trigram indexes sit on those.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_DIGITS = re.compile(r"[^0-9]")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def fold(text: str | None) -> str:
    """'  José  MARÍA Ñúñez ' -> 'jose maria nunez': no accents, case folded, single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def digits(text: str | None) -> str:
    return _NOT_DIGITS.sub("", text or "")


def normalise_document_number(text: str | None) -> str:
    """Identity document numbers compare without spaces, dots or dashes, upper case."""
    return _NOT_ALNUM.sub("", fold(text).upper())
