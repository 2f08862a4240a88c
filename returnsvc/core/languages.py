"""Language names, from CLDR through Babel: the one place the app names a language.

- `language_name(code)`: an ISO 639-1 language in the page's language ("Quechua", "Inglés"),
  capitalised as a heading or list item; `capitalise=False` gives CLDR's own form for use
  inside a sentence ("textos en español", "texts in Spanish").
- `LOCALE_NAMES`: the app's own languages, each in itself ("Español", "English"), for the
  language switcher and the per-language text fields, where a reader looks for their own.
"""

import pycountry
from babel import Locale
from flask_babel import get_locale

# The languages the app is written in (English is the source); Spanish first.
LOCALES = ("es", "en")


def _cldr_name(code: str, locale: Locale) -> str:
    name = locale.languages.get(code)
    if name is None:
        language = pycountry.languages.get(alpha_2=code)
        name = language.name if language is not None else code
    return name


def language_name(code: str, locale: Locale | str | None = None, *, capitalise=True) -> str:
    """CLDR name of the language `code` in `locale` (default: the request's)."""
    loc = Locale.parse(locale) if isinstance(locale, str) else (locale or get_locale())
    name = _cldr_name(code, loc)
    return name[:1].upper() + name[1:] if capitalise else name


LOCALE_NAMES = {code: language_name(code, code) for code in LOCALES}
LOCALE_CHOICES = tuple(LOCALE_NAMES.items())
