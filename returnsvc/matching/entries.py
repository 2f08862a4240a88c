"""Ranking a profile against a country's current published guide entries: the one ranking the
Matches tab, the portal and the public explorer share, so the same input ranks the same
everywhere.

Every entry of the country's current editions is scored (points only, points.rank), then the
best `limit` are scored again with their explanation. The entries come from
guide_inputs.current_entries: read once per edition and content version and kept in memory
(one statement per request to check the versions), filtered by region here; the scoring runs in
Python over a few thousand entries (measured in `make bench-matching`). Knows nothing of
people: the caller brings the Profile.
"""

from dataclasses import dataclass

from returnsvc.matching import guide_inputs, points, scorer_inputs, scoring
from returnsvc.matching.weights import current_weights

KINDS = ("demand", "opportunity")
_SCORE = {"demand": scoring.score_demand, "opportunity": scoring.score_opportunity}


@dataclass(frozen=True)
class Ranked:
    """One ranked entry: its kind, its id in the guides and its explained match."""

    kind: str
    entry_id: int
    match: scoring.Match
    entry: object  # the scorer's DemandEntry or Opportunity

    @property
    def score(self) -> int:
        return self.match.score


class RankedList(list):
    """The best entries of a kind, best first, with `total`: how many passed the filters."""

    total: int = 0


def in_region(entry, region: str | None) -> bool:
    """Offered in `region` (None: any) or nationwide."""
    return not region or not entry.regions or region in entry.regions


def is_related(profile: scorer_inputs.Profile, entry) -> bool:
    """The entry is in the person's field: one of their trades shares at least the ISCO-08
    sub-major group (two digits) with the entry's, or they have one of the skills it asks for.
    An opportunity open to any trade is related."""
    codes = (entry.isco,) if isinstance(entry, scorer_inputs.DemandEntry) else tuple(entry.isco)
    if not codes:
        return True
    groups = {code[:2] for code in codes}
    if any(have[:2] in groups for have, _years in profile.occupations):
        return True
    return bool(entry.skills & profile.skills) or bool(
        getattr(entry, "own_words", frozenset()) & profile.own_words
    )


def rank_entries(
    profile: scorer_inputs.Profile,
    country: str,
    *,
    kind: str | None = None,
    region: str | None = None,
    min_score: int = 0,
    limit: int = 20,
    locale: str = "es",
    weights: dict | None = None,
    entries: dict[str, list] | None = None,
    related_only: bool = False,
) -> dict[str, RankedList]:
    """{kind: the best `limit` entries of the country's current published editions with a score
    of at least `min_score`, in `region` or nationwide when a region is given}: one statement
    per kind for the entries and one for the weights, whatever the number of entries.

    `entries`: {kind: [(id, entry)]} the caller has already loaded for this country and locale
    (guide_inputs.current_entries; the explorer needs them to build its profile first); a kind
    it holds is not read again, and is filtered by region and ranked exactly as if it had been
    read here.

    `related_only`: leave out entries outside the person's field (is_related): the public
    explorer, asked about a trade or skills, shows nothing unrelated; the order of what is
    shown is the same."""
    found, stamps = {}, None
    for each in (kind,) if kind else KINDS:
        w = (weights or {}).get(each) or current_weights(each)
        loaded = (entries or {}).get(each)
        if loaded is None:
            if stamps is None:
                stamps = guide_inputs.current_stamps(country)
            loaded = guide_inputs.current_entries(each, country, locale, stamps)
        candidates = [
            pair
            for pair in loaded
            if in_region(pair[1], region) and (not related_only or is_related(profile, pair[1]))
        ]
        ranked = [pair for pair in points.rank(profile, candidates, w) if pair[0] >= min_score]
        by_id = dict(candidates)
        best = RankedList(
            Ranked(each, entry_id, _SCORE[each](profile, by_id[entry_id], w), by_id[entry_id])
            for _score, entry_id in ranked[:limit]
        )
        best.total = len(ranked)
        found[each] = best
    return found
