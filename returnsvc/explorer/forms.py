"""The GET forms of the public pages, read from the query string.

Plain parsing rather than WTForms: these forms change nothing (no CSRF token), and a link or a
bookmark must work. Whatever arrives — unknown codes, repeated or overlong values, junk — ends
up either as a clean value or as a message shown next to its field, never as an exception.
"""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from returnsvc.core.countries import ORIGINS
from returnsvc.core.enums import IsicSection
from returnsvc.core.regions import is_region_of
from returnsvc.practices.models import PracticeTheme
from returnsvc.programmes.models import ProgrammeKind

MAX_SKILLS_LENGTH = 300
_ISCO_PREFIX = re.compile(r"^[0-9]{1,4}$")
_UNIT_GROUP = re.compile(r"^[0-9]{4}$")


@dataclass
class Query:
    """Clean values and the message of each field that was refused."""

    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["values"].get(name)
        except KeyError:
            raise AttributeError(name) from None

    def args(self, **changes) -> dict:
        """The query string that gives these values back (for pager and filter links)."""
        merged = {name: value for name, value in self.values.items() if value} | changes
        return {name: value for name, value in merged.items() if value}


def _text(args, name: str, limit: int = 100) -> str:
    """The first value of `name`, stripped; odd values (too long for any code) count as given."""
    value = args.get(name, "")
    return value.strip()[: limit + 1] if isinstance(value, str) else ""


def _country(args, query: Query, *, required: bool) -> None:
    code = _text(args, "country").upper()
    if code in ORIGINS:
        query.values["country"] = code
    elif code:
        query.errors["country"] = _("Choose one of the listed countries.")
    elif required:
        query.errors["country"] = _(
            "Choose the country you are returning to: the explorer looks for work and"
            " businesses in its guides."
        )


def _region(args, query: Query, country: str | None) -> None:
    code = _text(args, "region").upper()
    if not code:
        return
    if country and is_region_of(code, country):
        query.values["region"] = code
    else:
        query.errors["region"] = _("Choose one of the regions of the country.")


def _choice(args, query: Query, name: str, enum, message: str) -> None:
    code = _text(args, name)
    if not code:
        return
    try:
        query.values[name] = enum(code)
    except ValueError:
        query.errors[name] = message


def browse_query(args, country: str, *, occupation: bool = True) -> Query:
    """Filters of a country's guide pages: region, sector (ISIC section), occupation (an
    ISCO-08 code of 1 to 4 digits: major, sub-major, minor or unit group; the page lists major
    and unit groups by name, and a link may narrow to any prefix)."""
    query = Query()
    _region(args, query, country)
    _choice(args, query, "sector", IsicSection, _("Choose one of the listed sectors."))
    if occupation:
        code = _text(args, "occupation")
        if code and _ISCO_PREFIX.match(code):
            query.values["occupation"] = code
        elif code:
            query.errors["occupation"] = _("Choose one of the listed occupations.")
    return query


def programmes_query(args, country: str) -> Query:
    query = Query()
    _region(args, query, country)
    _choice(args, query, "kind", ProgrammeKind, _("Choose one of the listed kinds."))
    return query


def practices_query(args) -> Query:
    query = Query()
    _country(args, query, required=False)
    _choice(args, query, "theme", PracticeTheme, _("Choose one of the listed themes."))
    return query


def explorer_query(args, is_known_occupation) -> Query:
    """The explorer's form: country (required), region, occupation (an ISCO-08 unit group:
    `is_known_occupation(country, code)`) and skills text. No parameter at all is the first
    visit, not an error; the form always sends `country`, so a form sent without one is told
    why nothing was looked for."""
    query = Query()
    names = ("country", "region", "occupation", "skills")
    if not any(name in args for name in names):
        return query
    _country(args, query, required=True)
    _region(args, query, query.country)
    code = _text(args, "occupation")
    if code:
        if _UNIT_GROUP.match(code) and is_known_occupation(query.country, code):
            query.values["occupation"] = code
        else:
            query.errors["occupation"] = _("Choose one of the listed occupations.")
    skills = args.get("skills", "")
    skills = skills if isinstance(skills, str) else ""
    if len(skills) > MAX_SKILLS_LENGTH:
        query.errors["skills"] = _(
            "Describe your skills in at most %(n)d characters.", n=MAX_SKILLS_LENGTH
        )
    elif skills.strip():
        query.values["skills"] = skills.strip()
    return query
