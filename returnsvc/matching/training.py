"""Gaps become training: what each gap of a match proposes from the country's support programmes.

Pure like scoring.py (standard library only, no Flask, no database): the caller reads the
programmes and passes them as `ProgrammeOffer`s, so the same match and offers propose the same
things everywhere, and the rules can be tested by property.

Building a `ProgrammeOffer` from a `programmes.models.SupportProgramme` (published):

- `id` <- `SupportProgramme.id`; `country` <- `.country`; `regions` <- `frozenset(.regions)`
  (an empty list is nationwide, as in the guides);
- `kind` <- `.kind.value`, except `ProgrammeKind.SAVINGS_PRODUCT` ("savings_product"), which
  is passed as "savings" (`offer_kind()` does that mapping);
- coverage: programmes hold no skill, occupation or entrepreneurship coverage of their own
  today. The guides link business opportunities to the programmes that support them
  (`guides.models.opportunity_programme`), so the caller passes what those links imply:
  `covers_skills` <- the ESCO URIs of the linked opportunities' required skills,
  `covers_unit_groups` <- their `occupations` (ISCO-08 unit groups), and
  `covers_entrepreneurship` <- true for a training or advisory programme linked to an
  opportunity (or however a later coverage field says). This module does not care where the
  coverage comes from: it only matches gaps against it.

Proposals are codes with parameters, translated at display, like the scorer's reasons and gaps.
"""

from dataclasses import dataclass, field
from typing import Any

from returnsvc.matching.scoring import Gap, Match

KINDS = ("training", "seed_capital", "micro_credit", "savings", "advisory")
# The kinds that teach: what a missing skill, occupation or experience proposes.
TRAINING_KINDS = frozenset({"training"})
ENTREPRENEURSHIP_KINDS = frozenset({"training", "advisory"})
CAPITAL_KINDS = frozenset({"seed_capital", "micro_credit", "savings"})
# The step a recognition proposal names, by the gap it answers.
RECOGNITION_STEPS = {
    "recognition.start": "start_procedure",
    "recognition.wait": "follow_up_request",
}


def offer_kind(programme_kind: str) -> str:
    """The offer kind of a `ProgrammeKind` value ("savings_product" is "savings")."""
    kind = "savings" if programme_kind == "savings_product" else programme_kind
    if kind not in KINDS:
        raise ValueError(f"unknown programme kind {programme_kind!r}")
    return kind


def _frozen(name: str, value) -> frozenset:
    if isinstance(value, str):  # "BO-L" would otherwise become {"B", "O", "-", "L"}
        raise TypeError(f"{name} must be a collection of codes, not the string {value!r}")
    return frozenset(value)


@dataclass(frozen=True)
class ProgrammeOffer:
    """A support programme as the proposer sees it (see the module docstring for how a caller
    builds one). Empty `regions` means nationwide. Collections are stored as frozensets."""

    id: int | str
    kind: str
    country: str
    regions: frozenset[str] = frozenset()
    covers_skills: frozenset[str] = frozenset()
    covers_unit_groups: frozenset[str] = frozenset()
    covers_entrepreneurship: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown programme kind {self.kind!r}")
        for name in ("regions", "covers_skills", "covers_unit_groups"):
            object.__setattr__(self, name, _frozen(name, getattr(self, name)))

    def serves(self, country: str, region: str | None) -> bool:
        """Offered where the person is: their country, and nationwide or their region."""
        return self.country == country and (
            not self.regions or (region is not None and region in self.regions)
        )


@dataclass(frozen=True)
class Proposal:
    """What one gap proposes: a programme (`programme_id`) or the recognition procedure
    (`kind` "recognition", no programme; `params` carry `step`, `authority`, `isco`)."""

    gap: Gap
    kind: str
    programme_id: int | str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False)


def _order(offer: ProgrammeOffer) -> tuple:
    """Best first: regional before nationwide, then by id (ints before strings, each in order)."""
    return (not offer.regions, isinstance(offer.id, str), offer.id)


def _unit_groups(gap: Gap, entry_unit_group: str | None) -> frozenset[str]:
    isco = gap.params.get("isco")
    if isinstance(isco, str):
        groups = {isco}
    elif isco:
        groups = set(isco)
    else:
        groups = set()
    if entry_unit_group:
        groups.add(entry_unit_group)
    return frozenset(groups)


def _wanted(gap: Gap, entry_unit_group: str | None):
    """The test an offer must pass to answer `gap`, or None when no programme answers it."""
    code = gap.code
    if code == "skill.missing":
        uri = gap.params.get("uri")
        if not uri:  # own words are not tied to an ESCO concept a programme could cover
            return None
        return lambda o: o.kind in TRAINING_KINDS and uri in o.covers_skills
    if code in ("occupation.unrelated", "experience.short"):
        groups = _unit_groups(gap, entry_unit_group)
        if not groups:
            return None
        return lambda o: o.kind in TRAINING_KINDS and bool(groups & o.covers_unit_groups)
    if code == "training.entrepreneurship":
        return lambda o: o.kind in ENTREPRENEURSHIP_KINDS and o.covers_entrepreneurship
    if code in ("capital.short", "capital.unknown"):
        return lambda o: o.kind in CAPITAL_KINDS
    return None


def _recognition(gap: Gap, qualification_authority: str | None) -> Proposal:
    authority = (qualification_authority or "").strip() or (
        gap.params.get("authority") or ""
    ).strip()
    params = {"step": RECOGNITION_STEPS[gap.code], "authority": authority or None}
    if gap.params.get("isco"):
        params["isco"] = gap.params["isco"]
    if gap.params.get("status"):
        params["status"] = gap.params["status"]
    return Proposal(gap, "recognition", None, params)


def proposals_for(
    match: Match,
    *,
    country: str,
    region: str | None,
    programmes,
    qualification_authority: str | None = None,
    entry_unit_group: str | None = None,
) -> tuple[Proposal, ...]:
    """What the gaps of `match` propose, gap by gap in the match's order.

    - "skill.missing" with a `uri`: training programmes covering that ESCO skill;
    - "occupation.unrelated" (its `isco` unit groups) and "experience.short" (the scorer does
      not name the unit group there: pass the entry's as `entry_unit_group`, which is also
      added to "occupation.unrelated"'s): training programmes covering one of those groups;
    - "training.entrepreneurship": training or advisory programmes covering entrepreneurship;
    - "capital.short" / "capital.unknown": seed capital, micro-credit and savings programmes;
    - "recognition.start" / "recognition.wait": one "recognition" proposal with the step
      ("start_procedure" / "follow_up_request") and the authority (`qualification_authority`
      when given, else the gap's, else None);
    - any other gap: nothing.

    Programmes are only ever those of `country`, nationwide or of `region` (None: nationwide
    only), best first (regional before nationwide, then by id), each at most once per gap
    (ids are the programmes' own, one offer per id: a repeated offer is proposed once).
    """
    offers = sorted({o for o in programmes if o.serves(country, region)}, key=_order)
    proposals: list[Proposal] = []
    for gap in match.gaps:
        if gap.code in RECOGNITION_STEPS:
            proposals.append(_recognition(gap, qualification_authority))
            continue
        wanted = _wanted(gap, entry_unit_group)
        if wanted is None:
            continue
        seen = set()
        for offer in offers:
            if offer.id in seen or not wanted(offer):
                continue
            seen.add(offer.id)
            params = {"kind": offer.kind, "regional": bool(offer.regions)}
            proposals.append(Proposal(gap, "programme", offer.id, params))
    return tuple(proposals)
