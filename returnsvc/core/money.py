"""Money: a Decimal amount with its ISO 4217 currency, formatted by Babel per locale.

Never float. Amounts are stored as Numeric(14, 2) next to a currency code column.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import NumberFormatError, format_currency, parse_decimal
from flask_babel import get_locale

from returnsvc.core.countries import CURRENCY

CURRENCIES = frozenset(CURRENCY.values())
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        if self.currency not in CURRENCIES:
            raise ValueError(f"Unsupported currency {self.currency!r}")

    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise ValueError("Cannot add amounts in different currencies")
        return Money(self.amount + other.amount, self.currency)

    def rounded(self) -> "Money":
        return Money(self.amount.quantize(CENT, rounding=ROUND_HALF_EVEN), self.currency)

    def format(self) -> str:
        return format_money(self.amount, self.currency)


def format_money(amount: Decimal, currency: str, locale: str | None = None) -> str:
    """`amount` in `currency`, written the way `locale` (default: the request's) writes money."""
    return _formatted(amount, currency, locale or str(get_locale()))


@lru_cache(maxsize=8192)
def _formatted(amount: Decimal, currency: str, locale: str) -> str:
    # Memoised: Babel parses the currency pattern on every call, a list page shows ~50
    # amounts and the same wages and investments repeat page after page.
    return format_currency(amount, currency, locale=locale)


# What an amount is written with: ASCII digits, the locales' separators (Babel's grouping may
# be a no-break space) and a sign. Babel alone also takes "1e3", "1_000" and other scripts'
# digits ("٣"), which nobody types as an amount of money.
_AMOUNT_TEXT = re.compile(r"[+-]?[0-9][0-9.,'\u2019 \u00a0\u202f]*")


def parse_amount(text: str, locale=None) -> Decimal:
    """Parse an amount typed in the user's locale ("1.234,56" in es, "1,234.56" in en).

    Raises ValueError with no detail: callers turn it into a translated form error.
    """
    if not isinstance(text, str) or not _AMOUNT_TEXT.fullmatch(text.strip()):
        raise ValueError(text)
    try:
        value = parse_decimal(text.strip(), locale=locale or get_locale(), strict=True)
    except (NumberFormatError, InvalidOperation, AttributeError):
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value
