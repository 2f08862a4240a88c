"""The one set of input cleaners services use: each turns a submitted value into what is stored,
or refuses it (core.refusals.Refusal) naming the form field, in the user's language.

Text rules, everywhere the same: NUL and other control characters are dropped (PostgreSQL
cannot store NUL; the others are never meant), line breaks are normalised; one-line text loses
stray spaces; multi-line text (notes, descriptions) keeps its lines and loses trailing spaces.
"""

import re
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import CENT, CURRENCIES
from returnsvc.core.refusals import Refusal

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TOO_LONG = _l("At most %(max)d characters, please.")
MAX_AMOUNT = Decimal("1e12")  # Numeric(14, 2) holds less than this


def clean_text(value, *, multiline: bool = False) -> str:
    """`value` as stored text (None is "")."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        return "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return " ".join(text.split())


def text(data: dict, name: str, *, max_length: int, required=None, multiline=False) -> str:
    """The cleaned text `data[name]`; `required` is the message when it is empty."""
    value = clean_text(data.get(name), multiline=multiline)
    if required is not None and not value:
        raise Refusal(required, name)
    if len(value) > max_length:
        raise Refusal(_l("At most %(max)d characters, please.", max=max_length), name)
    return value


def choice(enum_cls, value, message, name: str):
    """A member of a LabelledEnum from its code (or the member itself)."""
    try:
        return enum_cls(value)
    except ValueError:
        raise Refusal(message, name) from None


def optional_date(data: dict, name: str, message) -> date | None:
    """A date or nothing (a datetime is not a date)."""
    value = data.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise Refusal(message, name)
    return value


def past_date(data: dict, name: str, message, *, required=True) -> date | None:
    """A date that is not in the future (the viewer's today); `message` when it is missing."""
    value = optional_date(data, name, _l("Enter a date."))
    if value is None:
        if required:
            raise Refusal(message, name)
        return None
    if value > local_today():
        raise Refusal(_l("That date is in the future."), name)
    return value


def amount(data: dict, name: str, *, required=None, positive=False) -> Decimal | None:
    """A money amount of `data[name]`: a finite Decimal, 0 or more (above 0 with `positive`),
    below 10^12, rounded to cents; None when empty and not `required`."""
    value = data.get(name)
    if value in (None, ""):
        if required is not None:
            raise Refusal(required, name)
        return None
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise Refusal(_l("Enter an amount."), name) from None
    if not value.is_finite() or value < 0 or (positive and value == 0):
        raise Refusal(
            _l("Enter an amount above 0.") if positive else _l("Enter an amount of 0 or more."),
            name,
        )
    if value >= MAX_AMOUNT:
        raise Refusal(_l("That amount is too large."), name)
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def currency(data: dict, name: str = "currency") -> str:
    """One of the currencies the service keeps amounts in."""
    code = data.get(name)
    if code not in CURRENCIES:
        raise Refusal(_l("Choose the currency."), name)
    return code
