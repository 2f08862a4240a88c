"""The programme's countries: Spain (host) and the four Andean origin countries.

Names come from CLDR through Babel in the current locale, never typed by hand.
"""

from functools import cache

from babel import Locale
from flask_babel import get_locale

HOST = "ES"
ORIGINS = ("BO", "CO", "EC", "PE")
ALL = (HOST, *ORIGINS)

# Local currency of each country (ISO 4217); Ecuador is dollarised.
CURRENCY = {"ES": "EUR", "BO": "BOB", "CO": "COP", "EC": "USD", "PE": "PEN"}


def country_name(code: str, locale: Locale | str | None = None) -> str:
    """CLDR name of a country in `locale` (default: the request's locale).

    Lists name a country per row: they pass the locale code they resolved once, which goes
    straight to the memoised names instead of parsing a locale or asking Flask-Babel again."""
    if isinstance(locale, str):
        return _territories(locale).get(code, code)
    return (locale or get_locale()).territories.get(code, code)


@cache
def _territories(locale: str) -> dict[str, str]:
    return Locale.parse(locale).territories


def country_choices(codes=ALL) -> list[tuple[str, str]]:
    """(code, name) pairs in the current locale, in programme order (Spain first)."""
    return [(code, country_name(code)) for code in codes]


def currency_of(code: str) -> str:
    return CURRENCY[code]
