"""Ranking many entries for one profile: the scorer's rules (scoring.py) run with a tally that
only adds up the points. Pure like scoring.py; each score is exactly the explained one (a
property test holds them equal), three quarters cheaper to get."""

from returnsvc.matching.scorer_inputs import Profile
from returnsvc.matching.scorer_weights import Kind, Weights
from returnsvc.matching.scoring import demand_rules, opportunity_rules, share


class _Points:
    """A tally that only adds up the points: the same rules as _Tally (the scoring functions
    are shared), without building components, reasons and gaps, which cost three quarters of
    the time. The Matches tab ranks thousands of entries and explains the few it shows. One
    tally serves a whole ranking: the shares it has computed are kept ((component, num, den)
    takes few values: proximity, levels, met or not), and `score` is reset per entry."""

    explains = False

    def __init__(self, weights: Weights, kind: Kind):
        if weights.kind is not kind:
            raise ValueError(f"{weights.kind.value} weights cannot score a {kind.value} match")
        self.weight, self.score, self.shares = weights._by_name, 0, {}

    def add(self, name: str, num, den: int = 1) -> None:
        key = (name, num, den)
        earned = self.shares.get(key)
        if earned is None:
            earned = self.shares[key] = share(self.weight[name], num, den)
        self.score += earned

    def reason(self, code: str, /, **params) -> None:
        pass

    gap = reason


_RULES = {Kind.DEMAND: demand_rules, Kind.OPPORTUNITY: opportunity_rules}


def rank(profile: Profile, entries, weights: Weights, limit: int | None = None):
    """[(score, id)] for `entries` ((id, DemandEntry or Opportunity) pairs of `weights.kind`),
    best first, ties by id; the first `limit` only when given. Each score is exactly
    score_demand / score_opportunity's (a property test holds them equal)."""
    rules, tally = _RULES[weights.kind], _Points(weights, weights.kind)
    scored = []
    for entry_id, entry in entries:
        tally.score = 0
        rules(tally, profile, entry)
        scored.append((-tally.score, entry_id))
    scored.sort()
    return [(-negative, entry_id) for negative, entry_id in scored[:limit]]
