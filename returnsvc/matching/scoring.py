"""The one scorer: a profile against a demand entry or a business opportunity.

Pure on purpose (standard library only, no Flask, no database, no request): the Matches tab, the
reverse match and the public explorer call the same functions with plain values, so the same input
ranks the same everywhere, and the rules can be tested by property without a database.

A match is explained, not just a number: each component earns an integer share of its weight
(round-half-even of weight x fraction met), the score is the sum of those shares, so the components
add up exactly to the score shown. Reasons and gaps are codes with parameters, translated at
display; gaps feed "gaps become training". Weights are data and carry a version that the match
keeps, so a later change of weights does not rewrite the score of a recorded decision.

Here are the rules and what they produce (Match: its components, reasons and gaps); what they
compare is in matching.scorer_inputs (Profile, DemandEntry, Opportunity) and the weights in
matching.scorer_weights, both pure like this module.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from returnsvc.matching.scorer_inputs import (
    DEMAND_LEVELS,
    DemandEntry,
    Opportunity,
    Profile,
    is_regulated_isco,
)
from returnsvc.matching.scorer_weights import (
    DEFAULT_DEMAND_WEIGHTS,
    DEFAULT_OPPORTUNITY_WEIGHTS,
    Kind,
    Weights,
)

# Proximity on the ISCO-08 hierarchy by the length of the shared code prefix.
_PROXIMITY = {n: (n, 4) for n in range(5)}  # unit 1, minor .75, sub-major .5, major .25
_PROXIMITY_REASON = {
    4: "occupation.same_unit_group",
    3: "occupation.same_minor_group",
    2: "occupation.same_sub_major_group",
    1: "occupation.same_major_group",
}


@dataclass(frozen=True)
class Reason:
    """Why a component was earned, as a code and parameters, translated at display."""

    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Gap:
    """What is missing, as a code and parameters: what "gaps become training" acts on."""

    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Component:
    name: str
    weight: int
    earned: int


@dataclass(frozen=True)
class Match:
    score: int
    components: tuple[Component, ...]
    reasons: tuple[Reason, ...]
    gaps: tuple[Gap, ...]
    weights_version: str


def _ratio(have: Decimal, need: Decimal) -> tuple[int, int]:
    """have / need as integers, exactly (need > 0)."""
    a, b = have.as_integer_ratio()
    c, d = need.as_integer_ratio()
    return a * d, b * c


def share(weight: int, num: int, den: int) -> int:
    """round(weight x num / den) half-even, with num / den clamped to 0..1, in integers."""
    num = min(max(num, 0), den)
    q, r = divmod(weight * num, den)
    return q + (2 * r > den or (2 * r == den and q % 2 == 1))


class _Tally:
    """Collects components, reasons and gaps while scoring, in a fixed order."""

    explains = True

    def __init__(self, weights: Weights, kind: Kind):
        if weights.kind is not kind:
            raise ValueError(f"{weights.kind.value} weights cannot score a {kind.value} match")
        self.weights, self.components, self.reasons, self.gaps = weights, [], [], []

    def add(self, name: str, num: int, den: int = 1) -> None:
        """Earn `num / den` of the component's weight (clamped to 0..1), rounded half-even."""
        weight = self.weights.of(name)
        self.components.append(Component(name, weight, share(weight, num, den)))

    def reason(self, code: str, /, **params) -> None:
        self.reasons.append(Reason(code, params))

    def gap(self, code: str, /, **params) -> None:
        self.gaps.append(Gap(code, params))

    def match(self) -> Match:
        score = sum(c.earned for c in self.components)
        return Match(score, tuple(self.components), tuple(self.reasons), tuple(self.gaps),
                     self.weights.version)  # fmt: skip


def _shared_prefix(a: str, b: str) -> int:
    """How many leading characters of two ISCO codes agree, up to 4 (slices, not a loop: this
    runs for every entry a person is ranked against)."""
    if a[:1] != b[:1]:
        return 0
    if a[:2] != b[:2]:
        return 1
    if a[:3] != b[:3]:
        return 2
    if a[:4] != b[:4]:
        return 3
    return min(4, len(a), len(b))


def _occupation(t: _Tally, profile: Profile, targets: tuple[str, ...]) -> Decimal:
    """Best proximity over the person's occupations and the targets; returns the years of the
    best-matching occupation (most years among equally close ones; 0 when none is related)."""
    best, years, code, target = 0, Decimal(0), None, targets[0] if targets else None
    for have, have_years in profile.occupations:
        for want in targets:
            shared = _shared_prefix(have, want)
            if not shared or shared < best:
                continue
            y = Decimal(have_years or 0)
            if shared > best or y > years:
                best, years, code, target = shared, y, have, want
    t.add("occupation", *_PROXIMITY[best])
    if not t.explains:
        return years
    if best:
        t.reason(_PROXIMITY_REASON[best], code=code, isco=target, group=target[:best])
    else:
        t.gap("occupation.unrelated", isco=tuple(sorted(targets)))
    return years


def _skills(t: _Tally, profile: Profile, uris: frozenset[str], words: frozenset[str]) -> None:
    need = len(uris) + len(words)
    if not need:
        t.add("skills", 1)
        t.reason("skills.none_required")
        return
    if not t.explains:
        t.add("skills", len(uris & profile.skills) + len(words & profile.own_words), need)
        return
    missing_uris, missing_words = sorted(uris - profile.skills), sorted(words - profile.own_words)
    have = need - len(missing_uris) - len(missing_words)
    t.add("skills", have, need)
    if have:
        t.reason("skills.covered", have=have, need=need)
    for uri in missing_uris:
        t.gap("skill.missing", uri=uri)
    for text in missing_words:
        t.gap("skill.missing", text=text)


def _region(t: _Tally, profile: Profile, regions: frozenset[str]) -> None:
    shared = regions & profile.preferred_regions
    t.add("region", int(not regions or bool(shared) or profile.willing_to_move))
    if not t.explains:
        return
    if not regions:
        t.reason("region.nationwide")
    elif shared:
        t.reason("region.preferred", regions=tuple(sorted(shared)))
    elif profile.willing_to_move:
        t.reason("region.willing_to_move")
    else:
        t.gap("region.outside", regions=tuple(sorted(regions)))


def score_demand(
    profile: Profile, entry: DemandEntry, weights: Weights = DEFAULT_DEMAND_WEIGHTS
) -> Match:
    """Score a profile against a job in demand. Meeting every requirement earns every component
    but the demand level, which is the entry's own (a "high" entry met in full scores 100)."""
    return demand_rules(_Tally(weights, Kind.DEMAND), profile, entry).match()


def demand_rules(t, profile: Profile, entry: DemandEntry):
    years = _occupation(t, profile, (entry.isco,))
    _skills(t, profile, entry.skills, entry.own_words)

    need_years = Decimal(entry.min_years or 0)
    if need_years <= 0 or years >= need_years:
        t.add("experience", 1)
        if need_years > 0:
            t.reason("experience.enough", have=years, need=need_years)
    else:
        t.add("experience", *_ratio(years, need_years))
        t.gap("experience.short", have=years, need=need_years)

    need_level, level = entry.min_education, profile.education
    met = need_level is None or (level is not None and level >= need_level)
    t.add("education", int(met))
    if need_level is not None:
        (t.reason if met else t.gap)(
            "education.met" if met else "education.below", have=level, need=need_level
        )

    if entry.certifications:
        held = entry.certifications & profile.certifications
        t.add("certifications", len(held), len(entry.certifications))
        if held:
            t.reason("certifications.held", have=len(held), need=len(entry.certifications))
        for code in sorted(entry.certifications - held):
            t.gap("certification.missing", code=code)
    else:
        t.add("certifications", 1)

    _region(t, profile, entry.regions)
    t.add("demand_level", *DEMAND_LEVELS[entry.demand_level])
    t.reason("demand.level", level=entry.demand_level)
    _recognition(t, profile, entry)
    return t


def _recognition(t: _Tally, profile: Profile, entry: DemandEntry) -> None:
    """A regulated entry needs the person's qualification for that unit group recognised; the
    best status among such qualifications counts. Not regulated: the weight is earned in full,
    so that meeting every requirement still gives the top score."""
    if not (entry.regulated or is_regulated_isco(entry.isco)):
        t.add("recognition", 1)
        t.reason("recognition.not_required")
        return
    rank = {"recognised": 0, "not_needed": 0, "in_progress": 1, "requested": 2, "not_requested": 3}
    mine = sorted(
        (rank[status], status, authority or "")
        for code, status, authority in profile.qualifications
        if code is None or code == entry.isco  # no unit group recorded: it may be this one
    )
    best = mine[0] if mine else (3, "not_requested", "")
    if best[0] == 0:
        t.add("recognition", 1)
        t.reason("recognition.met", isco=entry.isco, status=best[1])
    elif best[0] < 3:
        t.add("recognition", 1, 2)
        t.gap("recognition.wait", isco=entry.isco, status=best[1], authority=best[2])
    else:
        t.add("recognition", 0)
        t.gap("recognition.start", isco=entry.isco, authority=best[2])


def score_opportunity(
    profile: Profile, opportunity: Opportunity, weights: Weights = DEFAULT_OPPORTUNITY_WEIGHTS
) -> Match:
    """Score a profile against a business opportunity: trade, skills, region, capital against
    the investment range (its minimum is what must be met) and entrepreneurship training."""
    return opportunity_rules(_Tally(weights, Kind.OPPORTUNITY), profile, opportunity).match()


def opportunity_rules(t, profile: Profile, opportunity: Opportunity):
    if opportunity.isco:
        _occupation(t, profile, tuple(sorted(opportunity.isco)))
    else:
        t.add("occupation", 1)
        t.reason("occupation.any")
    _skills(t, profile, opportunity.skills, frozenset())
    _region(t, profile, opportunity.regions)

    low, high = opportunity.investment_min, opportunity.investment_max
    need = Decimal(low or 0)
    if low is None and high is None:
        t.add("capital", 1)
        t.reason("capital.no_range")
    elif profile.capital is None:
        t.add("capital", 0)
        t.gap("capital.unknown", need=need)
    elif need <= 0 or profile.capital >= need:
        t.add("capital", 1)
        t.reason("capital.enough", have=profile.capital, need=need)
    else:
        t.add("capital", *_ratio(max(profile.capital, Decimal(0)), need))
        t.gap("capital.short", have=profile.capital, need=need)

    if not opportunity.needs_entrepreneurship_training:
        t.add("training", 1)
        t.reason("training.not_required")
    elif profile.entrepreneurship_trained:
        t.add("training", 1)
        t.reason("training.entrepreneurship_done")
    else:
        t.add("training", 0)
        t.gap("training.entrepreneurship")
    return t
