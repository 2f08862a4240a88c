"""Periods of published figures, written as their sources write them: a quarter ("2020Q3"),
a half year ("2021H1") or a year ("2022"). Stored as first and last day; pure."""

import calendar
import re
from datetime import date

FIRST_YEAR, LAST_YEAR = 2000, 2100
_PERIOD = re.compile(r"([0-9]{4})(?:([QH])([1-4]))?")


def parse_period(text) -> tuple[date, date] | None:
    """(first day, last day) of a period code, or None when `text` is not one."""
    if not isinstance(text, str):
        return None
    match = _PERIOD.fullmatch(text.strip().upper())
    if match is None:
        return None
    year, kind, number = int(match[1]), match[2], int(match[3] or 0)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    if kind is None:
        return date(year, 1, 1), date(year, 12, 31)
    months = 3 if kind == "Q" else 6
    if number > 12 // months:
        return None
    first = (number - 1) * months + 1
    last = first + months - 1
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def period_code(start: date, end: date) -> str:
    """The code of a stored period ("2020Q3"); an odd span as its two dates."""
    if start.day == 1 and end.year == start.year:
        for code in (f"{start.year}", *_codes_of(start)):
            if parse_period(code) == (start, end):
                return code
    return f"{start.isoformat()}/{end.isoformat()}"


def _codes_of(start: date) -> tuple[str, str]:
    return (
        f"{start.year}Q{(start.month - 1) // 3 + 1}",
        f"{start.year}H{(start.month - 1) // 6 + 1}",
    )
