"""Codes from outside schemes (countries, languages, regions, ISCO-08 groups, ESCO concepts)
carried with their names, for data that is both exported and read.

The subject-access record is one set of data with two readers: the JSON download, for machines,
keeps the codes; the printable record, for the person, shows names. A `Coded` value is both: a
`str` equal to its code (so `json.dumps` writes the code) with `.label`, its name in the page's
language (what a template shows), and `.scheme`, which list the code comes from. Enums of our
own (core.enums.LabelledEnum) already work that way; this does it for codes we do not own.

`code_lists(data)` collects every code a structure holds, enum or Coded, with its label: the
export's documentation of its codes.
"""

from returnsvc.core.countries import country_name
from returnsvc.core.enums import LabelledEnum
from returnsvc.core.languages import language_name
from returnsvc.core.regions import region_name

COUNTRY = "country (ISO 3166-1 alpha-2)"
LANGUAGE = "language (ISO 639-1)"
REGION = "region (ISO 3166-2)"
ISCO = "occupation group (ISCO-08)"
ESCO_OCCUPATION = "occupation (ESCO URI)"
ESCO_SKILL = "skill (ESCO URI)"


class Coded(str):
    """A code that compares and serialises as itself, with `.label` to show and `.scheme`."""

    __slots__ = ("label", "scheme")

    def __new__(cls, code: str, label, scheme: str):
        value = super().__new__(cls, code)
        value.label = label if label else code
        value.scheme = scheme
        return value


def country(code: str | None) -> Coded | None:
    return Coded(code, country_name(code), COUNTRY) if code else None


def language(code: str | None) -> Coded | None:
    return Coded(code, language_name(code), LANGUAGE) if code else None


def region(code: str | None) -> Coded | None:
    return Coded(code, region_name(code), REGION) if code else None


def code_lists(data) -> dict[str, dict[str, str]]:
    """{scheme: {code: label}} for every enum member and Coded value inside `data` (dicts,
    lists and tuples walked), schemes and codes sorted."""
    found: dict[str, dict[str, str]] = {}

    def walk(value):
        if isinstance(value, LabelledEnum):
            found.setdefault(_enum_scheme(type(value)), {})[value.value] = str(value.label)
        elif isinstance(value, Coded):
            found.setdefault(value.scheme, {})[str.__str__(value)] = str(value.label)
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(key)
                walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    walk(data)
    return {scheme: dict(sorted(codes.items())) for scheme, codes in sorted(found.items())}


def _enum_scheme(enum_cls) -> str:
    """`CloseReason` -> "close_reason"."""
    name = enum_cls.__name__
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))
