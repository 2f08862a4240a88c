"""Records of higher packages that link to support programmes (guides: business opportunities).

Programmes know nothing of them: the package that owns the links registers a `LinkSource`
with `register_links(bp, source)`, which runs when the app registers that package's
blueprint, and the programme pages and services ask the sources registered on the current
app. The links themselves go with a deleted programme through their foreign key's
ON DELETE CASCADE; a source only tells how many there are, lists them, and vets a change of
the programme's country.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app

EXTENSION_KEY = "programme_links"


@dataclass(frozen=True)
class LinkSource:
    """One kind of record that links to programmes.

    `heading`: the list column's and the detail section's title (a lazy string);
    `counts(programme_ids)`: {programme id: links} (one statement); `template` shows the
    detail page's section, given `links` = `listing(programme_id, locale)`; `removal(count)`:
    the delete page's sentence saying those links go too; `check_country(programme_id,
    country)`: raises publishing ContentError (field "country") when the programme may not
    move to `country`."""

    name: str
    heading: Any
    counts: Callable[[Sequence[int]], dict[int, int]]
    template: str
    listing: Callable[[int, str], list]
    removal: Callable[[int], str]
    check_country: Callable[[int, str], None]


def _sources_of(app) -> list[LinkSource]:
    return app.extensions.setdefault(EXTENSION_KEY, [])


def register_links(bp, source: LinkSource) -> None:
    """Register `source` on the app that registers `bp`."""
    bp.record_once(lambda state: _sources_of(state.app).append(source))


def link_sources() -> list[LinkSource]:
    """The current app's sources."""
    return _sources_of(current_app)


def link_counts(programme_ids: Sequence[int]) -> dict[str, dict[int, int]]:
    """{source name: {programme id: links}} for a page of programmes: one statement per
    source, whatever the number of programmes."""
    ids = list(programme_ids)
    return {source.name: source.counts(ids) if ids else {} for source in link_sources()}


def total_links(programme_id: int) -> int:
    """How many records of every source link to the programme."""
    counts = link_counts([programme_id])
    return sum(found.get(programme_id, 0) for found in counts.values())


def check_country(programme_id: int, country: str) -> None:
    """Every source's check of a change of the programme's country."""
    for source in link_sources():
        source.check_country(programme_id, country)
