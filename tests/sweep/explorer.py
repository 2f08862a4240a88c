"""The public guide pages and the opportunity explorer: open to everyone, signed in or not.
(A draft edition's preview for managers is checked in tests/explorer.)"""

from datetime import date

from tests.sweep.common import OPEN


def _edition_id(world) -> int:
    return world.make.edition("PE", "labour_market", edition_date=date(2026, 1, 1))


def _practice_id(world) -> int:
    return world.make.practice(["PE"], ["micro_enterprise"])


EXPECTED = {
    "explorer.index": ("GET", "/guides/", OPEN),
    "explorer.labour_market": ("GET", "/guides/pe/labour-market?region=PE-LIM", OPEN),
    "explorer.business": ("GET", "/guides/pe/business?sector=I", OPEN),
    "explorer.programmes": ("GET", "/guides/pe/programmes?kind=training", OPEN),
    "explorer.practices": ("GET", "/guides/practices/?country=PE", OPEN),
    "explorer.practice": ("GET", "/guides/practices/{practice_id}", OPEN),
    "explorer.edition": ("GET", "/guides/edition/{edition_id}", OPEN),
    "explorer.explore": ("GET", "/explorer?country=PE&region=PE-LIM&skills=cook", OPEN),
}

PLACEHOLDERS = {"edition_id": _edition_id, "practice_id": _practice_id}
