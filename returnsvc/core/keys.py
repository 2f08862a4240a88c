"""Stable keys of published content (guide entries, programmes, good practices): what a key
looks like and how one is made from a title when the manager leaves it blank. CSV files match
rows by these keys, so they never change by themselves."""

import re

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.text import fold

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")  # as the tables' key_format CHECK
KEY_MAX = 80
KEY_FORMAT_MESSAGE = _l(
    "Use 2 to 80 lower-case letters, digits and hyphens, starting with a letter or digit."
)
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """'Crédito Semilla – Quito' -> 'credito-semilla-quito' (may be too short to be a key)."""
    return _NOT_KEY.sub("-", fold(text)).strip("-")[:60].strip("-")


def key_base(title: str, default: str) -> str:
    """A key-shaped start made from `title` (or `default` when the title gives nothing)."""
    base = slug(title) or default
    return base if len(base) >= 2 else f"{default}-{base}"


def numbered(base: str, count: int = 50) -> list[str]:
    """`base`, `base-2`, `base-3`...: the candidates for a made-up key, in order."""
    return [base] + [f"{base}-{n}" for n in range(2, count + 1)]


def first_free(base: str, taken: set[str]) -> str:
    """The first of `numbered(base)` not in `taken` (the keys already used)."""
    n = 1
    candidate = base
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
