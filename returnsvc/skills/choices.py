"""Code lists of the profile: countries (ISO 3166-1) and languages (ISO 639-1), with CLDR names
in the user's language through Babel. Codes are stored; names are looked up when shown."""

from functools import cache

import pycountry
from flask_babel import get_locale

from returnsvc.core.countries import world_codes, world_countries
from returnsvc.core.languages import language_name
from returnsvc.core.text import fold

# Languages the people the programme serves speak most; listed first in the language picker.
COMMON_LANGUAGES = ("es", "qu", "ay", "gn", "en", "ca", "pt", "fr", "it", "de")


def country_codes() -> frozenset[str]:
    return world_codes()


@cache
def language_codes() -> frozenset[str]:
    return frozenset(
        language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
    )


def is_country(code) -> bool:
    return isinstance(code, str) and code in world_codes()


def is_language(code) -> bool:
    return isinstance(code, str) and code in language_codes()


def countries() -> tuple[tuple[str, str], ...]:
    """(code, name) of every country, collated by name in the current locale."""
    return world_countries()


@cache
def _languages(locale: str) -> tuple[tuple[str, str], ...]:
    pairs = ((code, language_name(code, locale)) for code in language_codes())
    return tuple(sorted(pairs, key=lambda pair: fold(pair[1])))


def languages() -> tuple[tuple[str, str], ...]:
    """(code, name) of every ISO 639-1 language, sorted by name in the current locale."""
    return _languages(str(get_locale()))
