"""First-level subdivisions (ISO 3166-2) of the programme's countries, from pycountry.

Regions are stored by code (e.g. "EC-P" for Pichincha) and shown by name. Subdivision names are
the official local names, the same in Spanish and English.
"""

from functools import cache

import pycountry

# Spain's provinces sit under autonomous communities; the programme works with communities.
_SKIP_TYPES = {"ES": {"Province"}, "PE": set(), "CO": set(), "EC": set(), "BO": set()}


def _display_name(name: str) -> str:
    """ISO list names read as people write them: "Catalunya [Cataluña]" -> "Cataluña",
    "Murcia, Región de" -> "Región de Murcia", "Valenciana, Comunidad" -> "Comunidad
    Valenciana"."""
    if "[" in name and name.endswith("]"):
        name = name[name.index("[") + 1 : -1]
    head, comma, tail = name.partition(", ")
    if comma:  # "Valenciana, Comunidad", "Asturias, Principado de": the inverted ISO form
        name = f"{tail} {head}"
    return name


@cache
def regions_of(country: str) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs, sorted by name, for one country."""
    skip = _SKIP_TYPES.get(country, set())
    subdivisions = pycountry.subdivisions.get(country_code=country) or []
    pairs = [
        (s.code, _display_name(s.name))
        for s in subdivisions
        if s.type not in skip and s.parent_code is None
    ]
    return tuple(sorted(pairs, key=lambda pair: pair[1]))


@cache
def _all_names() -> dict[str, str]:
    return {s.code: _display_name(s.name) for s in pycountry.subdivisions}


def region_name(code: str | None) -> str:
    if not code:
        return ""
    return _all_names().get(code, code)


def is_region_of(code: str, country: str) -> bool:
    return any(c == code for c, _ in regions_of(country))
