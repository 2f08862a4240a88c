"""Matches as pages show them: each ranked entry with its card, its reasons and gaps in plain
words, what the gaps propose from the country's support programmes, and where the case's
decisions stand. Shared by the Matches tab, a match's page and the returnee's portal.

A page of matches costs a fixed number of statements: the cards (one or two per kind), the
names (ISCO titles, ESCO labels), the programme offers (two) and their names (one).
"""

from dataclasses import dataclass, field

from returnsvc.core.countries import currency_of
from returnsvc.core.regions import region_name
from returnsvc.matching import cards, explain, guide_inputs, scoring, training
from returnsvc.matching.components import COMPONENT_LABELS


@dataclass
class MatchView:
    kind: str
    entry_id: int
    card: cards.Card | None
    score: int
    reasons: list[str]
    gaps: list[str]
    proposals: list[str]
    components: list[tuple[str, int, int]]  # (label, earned, weight)
    weights_version: str
    decisions: list = field(default_factory=list)  # newest first

    @property
    def region_names(self) -> str:
        """The entry's regions by name ("" when nationwide or unknown)."""
        return ", ".join(
            region_name(code) or code for code in (self.card.regions if self.card else ())
        )

    @property
    def decision(self):
        return self.decisions[0] if self.decisions else None


def present(
    ranked,
    *,
    country: str,
    region: str | None,
    locale: str,
    decisions: dict | None = None,
    with_proposals: bool = True,
    reason_text=explain.reason_text,
    gap_text=explain.gap_text,
) -> list[MatchView]:
    """MatchViews for `ranked` (entries.Ranked, any kinds), in their order. `decisions`:
    queries.decisions_of(case) when a case's decisions are to be shown. `reason_text` and
    `gap_text` write a reason and a gap (given the `explain.Names`): staff's sentences by
    default; the portal speaks to the person ("you have 4 of the 6 skills")."""
    ranked = list(ranked)
    if not ranked:
        return []
    matches = [item.match for item in ranked]
    names = explain.Names.of(matches, locale, currency=currency_of(country))
    by_kind: dict[str, list[int]] = {}
    for item in ranked:
        by_kind.setdefault(item.kind, []).append(item.entry_id)
    found = {
        (kind, entry_id): card
        for kind, ids in by_kind.items()
        for entry_id, card in cards.cards_of(kind, ids, locale).items()
    }
    for card in found.values():
        names.add_words(card.other_skills)
    offers = guide_inputs.programme_offers(country) if with_proposals else []
    proposals = {
        (item.kind, item.entry_id): training.proposals_for(
            item.match,
            country=country,
            region=region,
            programmes=offers,
            entry_unit_group=getattr(item.entry, "isco", None) if item.kind == "demand" else None,
        )
        for item in ranked
    }
    names.programmes = cards.programme_names(
        {p.programme_id for found_ in proposals.values() for p in found_}, locale
    )
    views = []
    for item in ranked:
        key = (item.kind, item.entry_id)
        views.append(
            MatchView(
                kind=item.kind,
                entry_id=item.entry_id,
                card=found.get(key),
                score=item.match.score,
                reasons=[reason_text(r, names) for r in item.match.reasons],
                gaps=[gap_text(g, names) for g in item.match.gaps],
                proposals=list(
                    dict.fromkeys(explain.proposal_text(p, names) for p in proposals[key])
                ),
                components=[
                    (str(COMPONENT_LABELS[c.name]), c.earned, c.weight)
                    for c in item.match.components
                ],
                weights_version=item.match.weights_version,
                decisions=(decisions or {}).get(key, []),
            )
        )
    return views


def snapshot_match(decision) -> scoring.Match:
    """The match a decision kept (its score, components, reasons and gaps at decision time)
    as the scorer's Match, to be explained like a fresh one."""
    return scoring.Match(
        decision.score,
        tuple(scoring.Component(c["name"], c["weight"], c["earned"]) for c in decision.components),
        tuple(scoring.Reason(r["code"], r["params"]) for r in decision.reasons),
        tuple(scoring.Gap(g["code"], g["params"]) for g in decision.gaps),
        decision.weights_version,
    )
