"""Matches of a person, and the reverse: the best people for one guide entry.

`matches_for` reads the person's profile and ranks their country's current entries
(matching.entries, shared with the explorer). `candidates_for` ranks the returnees with an open
case that the viewer may see against one demand entry or business opportunity.

The reverse match is exact without scoring everyone: people are read in tiers, closest trade
first (the entry's unit group, then its minor, sub-major and major group, then everyone), and
the search stops as soon as the `limit`-th best score found is above the best score anyone
outside the tiers read so far could reach (their occupation component can earn at most the
next tier's share; every other component at most its weight). Candidate selection is SQL on
indexes: the ISCO code range on work experience, the origin country, the open case and the
viewer's scope.
"""

from dataclasses import dataclass

from sqlalchemy import or_, select

from returnsvc.cases.models import Case, Stage
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.extensions import db
from returnsvc.matching import guide_inputs, scoring
from returnsvc.matching.entries import RankedList, rank_entries
from returnsvc.matching.presenting import present
from returnsvc.matching.queries import profile_of, profiles_of
from returnsvc.matching.weights import current_weights
from returnsvc.returnees.models import Returnee
from returnsvc.skills.models import ReturneeSkill, WorkExperience
from returnsvc.taxonomy.models import EscoSkill

REVERSE_LIMIT = 50
_SCORE = {"demand": scoring.score_demand, "opportunity": scoring.score_opportunity}


def matches_for(
    returnee_id: int,
    country: str,
    *,
    kind: str | None = None,
    region: str | None = None,
    min_score: int = 0,
    limit: int = 20,
    locale: str = "es",
) -> dict[str, RankedList]:
    """The person's best entries of `country`'s current guides per kind (see rank_entries):
    seven statements for the profile and one per kind, whatever the number of entries."""
    profile = profile_of(returnee_id)
    return rank_entries(
        profile, country, kind=kind, region=region, min_score=min_score, limit=limit,
        locale=locale,
    )  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """A returnee ranked for an entry: their open case and the explained match."""

    case_id: int
    reference: str
    returnee_id: int
    name: str
    office_id: int
    match: scoring.Match


def _in_scope(viewer, country: str):
    """(returnee id, case id, reference, name, office) of the open cases of people of
    `country` that `viewer` may see."""
    return (
        select(
            Returnee.id.label("returnee_id"),
            Case.id.label("case_id"),
            Case.reference,
            Returnee.given_names,
            Returnee.first_surname,
            Returnee.second_surname,
            Case.office_id,
        )
        .join(Case, Case.returnee_id == Returnee.id)
        .where(
            Returnee.origin_country == country,
            Returnee.anonymised_at.is_(None),
            Case.stage != Stage.CLOSED,
            visible_cases_clause(viewer),
        )
    )


def _tiers(kind: str, entry):
    """(SQL condition on the returnee, the occupation proximity everyone outside this and the
    previous tiers has at most, as (num, den)), closest first; None as condition: everyone."""
    codes = (entry.isco,) if kind == "demand" else tuple(sorted(entry.isco))
    tiers = []
    if codes:
        for length in (4, 3, 2, 1):
            prefixes = sorted({code[:length] for code in codes})
            ranges = [
                (WorkExperience.isco_code >= p.ljust(4, "0"))
                & (WorkExperience.isco_code <= p.ljust(4, "9"))
                for p in prefixes
            ]
            condition = (
                select(WorkExperience.id)
                .where(WorkExperience.returnee_id == Returnee.id, or_(*ranges))
                .exists()
            )
            tiers.append((condition, (length - 1, 4)))
    elif entry.skills:
        holds = (
            select(ReturneeSkill.id)
            .join(EscoSkill, EscoSkill.id == ReturneeSkill.esco_skill_id)
            .where(ReturneeSkill.returnee_id == Returnee.id, EscoSkill.uri.in_(entry.skills))
            .exists()
        )
        tiers.append((holds, None))
    tiers.append((None, None))
    return tiers


def _ceiling(weights: scoring.Weights, kind: str, entry, proximity, has_skill_tier: bool) -> int:
    """The best score someone outside the tiers read so far can reach."""
    best = 100
    if proximity is not None:
        w = weights.of("occupation")
        best -= w - scoring.share(w, *proximity)
    elif has_skill_tier:
        best -= weights.of("skills")  # holds none of the skills asked for
    if kind == "demand":
        w = weights.of("demand_level")
        best -= w - scoring.share(w, *scoring.DEMAND_LEVELS[entry.demand_level])
    return best


def candidates_for(kind: str, entry_id: int, viewer, *, limit: int = REVERSE_LIMIT, locale="es"):
    """The best `limit` people for a current published entry among the open cases `viewer`
    may see, best first (ties by case id), as Candidates; None when the entry is not in a
    current published edition. Reads only: the view logs the access to the cases it shows."""
    found = guide_inputs.current_entry(kind, entry_id, locale)
    if found is None:
        return None
    country, entry = found
    weights = current_weights(kind)
    scope = _in_scope(viewer, country)
    people: dict[int, object] = {}  # case id -> row
    profiles: dict[int, scoring.Profile] = {}  # returnee id -> profile
    scores: list[tuple[int, int]] = []  # (-score, case id)
    tiers = _tiers(kind, entry)
    has_skill_tier = len(tiers) == 2 and tiers[0][1] is None
    for condition, proximity in tiers:
        stmt = scope if condition is None else scope.where(condition)
        if people:
            stmt = stmt.where(Case.id.not_in(list(people)))
        rows = db.session.execute(stmt).all()
        profiles.update(profiles_of(row.returnee_id for row in rows))
        for row in rows:
            people[row.case_id] = row
            points = scoring.rank(profiles[row.returnee_id], [(row.case_id, entry)], weights)
            scores.append((-points[0][0], row.case_id))
        scores.sort()
        if condition is None:
            break
        ceiling = _ceiling(weights, kind, entry, proximity, has_skill_tier)
        if len(scores) >= limit and -scores[limit - 1][0] > ceiling:
            break
    best = [people[case_id] for _negative, case_id in scores[:limit]]
    return [
        Candidate(
            case_id=row.case_id,
            reference=row.reference,
            returnee_id=row.returnee_id,
            name=" ".join(filter(None, (row.given_names, row.first_surname, row.second_surname))),
            office_id=row.office_id,
            match=_SCORE[kind](profiles[row.returnee_id], entry, weights),
        )
        for row in best
    ]


def top_matches(returnee_id: int, *, limit: int = 5, locale: str = "es"):
    """For the returnee's portal: their best `limit` jobs and businesses together, best first
    (ties: jobs first, then by id), each in plain words (presenting.MatchView: reasons, what
    is missing, what could help). An empty list for an unknown person."""
    person = db.session.execute(
        select(Returnee.origin_country, Returnee.region_code).where(Returnee.id == returnee_id)
    ).first()
    if person is None:
        return []
    ranked = matches_for(returnee_id, person.origin_country, limit=limit, locale=locale)
    best = sorted(
        (item for items in ranked.values() for item in items),
        key=lambda item: (-item.score, item.kind, item.entry_id),
    )[:limit]
    return present(
        best, country=person.origin_country, region=person.region_code or None, locale=locale
    )
