"""Whole numbers written by people: query strings, form fields, cookies, CSV cells.

One reading for all of them. `str.isdigit()` is true for "²" and "①", which `int()` then
refuses (a 500); `int()` itself reads "٣", "１２" and "1_000"; and a number beyond PostgreSQL's
`integer` fails in the query ("integer out of range", another 500). Here a number is ASCII
digits only (surrounding spaces allowed), within bounds, else None: the caller decides what
"no number" means (the first page, a form error, a refused cell).
"""

import re

INT_MAX = 2**31 - 1  # PostgreSQL integer: every id except the audit and access-log ones
BIGINT_MAX = 2**63 - 1  # PostgreSQL bigint (audit and access-log ids)

# 20 digits hold every bigint (with a leading zero or two); a longer text is never in range.
_ASCII_DIGITS = re.compile(r"[0-9]{1,20}")


def parse_whole_number(text, *, minimum: int = 0, maximum: int = INT_MAX) -> int | None:
    """The whole number `text` writes in ASCII digits if minimum <= it <= maximum, else None.

    An int is taken as it is (still bounded); a bool, a sign, a decimal point, an exponent,
    Unicode digits or anything else is None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        number = text
    elif isinstance(text, str):
        text = text.strip(" \t\r\n")
        if not _ASCII_DIGITS.fullmatch(text):
            return None
        number = int(text)
    else:
        return None
    return number if minimum <= number <= maximum else None


def parse_id(text, *, maximum: int = INT_MAX) -> int | None:
    """A database id (1 up to PostgreSQL's integer, or `maximum`) from text, or None."""
    return parse_whole_number(text, minimum=1, maximum=maximum)
