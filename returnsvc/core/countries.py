"""The programme's countries: Spain (host) and the four Andean origin countries; and every
country of the world (ISO 3166-1) for nationalities and documents.

Names come from CLDR through Babel in the current locale, never typed by hand.
"""

from functools import cache

import pycountry
from babel import Locale
from flask_babel import get_locale
from wtforms import SelectChoice

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.text import fold

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


# --- every country ---------------------------------------------------------------------------
# Real countries only: the ISO 3166-1 assigned alpha-2 codes (pycountry), never CLDR's other
# territories (the pseudo-locales XA/XB, UN, EU, EZ, QO, ZZ, continents).


@cache
def world_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def collation_key(name: str, locale: str) -> tuple[str, str]:
    """Sorts names as a reader of `locale` expects: accents and case are secondary ("Bélgica"
    before "Bután"); in Spanish ñ is a letter of its own, after n."""
    base = name
    if locale.split("_")[0] == "es":
        base = base.replace("ñ", "n\x7f").replace("Ñ", "N\x7f")
    return fold(base), name


@cache
def _world(locale: str) -> tuple[tuple[str, str], ...]:
    pairs = ((code, country_name(code, locale)) for code in world_codes())
    return tuple(sorted(pairs, key=lambda pair: collation_key(pair[1], locale)))


def world_countries(locale: str | None = None) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, collated by name in `locale` (default: the request's)."""
    return _world(locale or str(get_locale()))


def world_country_choices() -> list[SelectChoice]:
    """Every select of any country: an empty choice, the programme's countries, then the
    others collated by name in the current locale."""
    programme, rest = _l("Programme countries"), _l("Other countries")
    return (
        [SelectChoice("", "—")]
        + [SelectChoice(code, country_name(code), optgroup=programme) for code in ALL]
        + [
            SelectChoice(code, name, optgroup=rest)
            for code, name in world_countries()
            if code not in ALL
        ]
    )
