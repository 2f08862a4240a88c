"""Matches of a person, and the reverse: the best people for one guide entry.

`matches_for` reads the person's profile and ranks their country's current entries
(matching.entries, shared with the explorer). `candidates_for` ranks the returnees with an open
case that the viewer may see against one demand entry or business opportunity.

The reverse match is exact without scoring everyone (branch and bound): one statement lists the
people of the closest trades with a bound of their score worked out from a few columns
(_Bound: trade, years, skills, own words and regions, as the scorer counts them), and people
are read and scored in full best bound first, until the `limit`-th best score beats every bound
not read yet, and the best bound of the trades not listed. At 100,000 people that is one
listing of a few thousand rows and one batch of profiles; an entry whose bound is loose (a
regulated trade, an education level) reads more, in growing batches.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import (
    Integer,
    String,
    any_,
    bindparam,
    case,
    cast,
    distinct,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY

from returnsvc.cases.models import Case, Stage
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.extensions import db
from returnsvc.matching import guide_inputs, scorer_inputs, scorer_weights, scoring
from returnsvc.matching.entries import RankedList, rank_entries
from returnsvc.matching.points import rank
from returnsvc.matching.presenting import present
from returnsvc.matching.queries import _RECOGNITION, profile_of, profiles_of
from returnsvc.matching.weights import current_weights
from returnsvc.returnees.models import Returnee
from returnsvc.skills.models import Qualification, ReturneeSkill, WorkExperience, WorkPreference
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


def _in_scope(stmt, viewer, country: str):
    """`stmt` (joining Returnee and Case) limited to the open cases of people of `country` that
    `viewer` may see."""
    return stmt.where(
        Returnee.origin_country == country,
        Returnee.anonymised_at.is_(None),
        Case.stage != Stage.CLOSED,
        visible_cases_clause(viewer),
    )


def _array(name: str, values):
    """A list as one array parameter (`= ANY(:name)`, `&& :name`): one bind whatever its
    length."""
    return bindparam(name, sorted(values), type_=ARRAY(String))


# Branch and bound: the first statement lists the people whose trade is at least in the
# entry's ISCO sub-major group (a few thousand at 100,000 people, and nearly always enough):
# listing costs mostly the scope, not the rows.
FIRST_LEVEL = 2
_YEARS = 1000  # closeness x 1000 + tenths of years (at most 700): both in one integer aggregate


class _Bound:
    """The best score a person can reach, from a few columns read for many people at once
    instead of their whole profile; no score is above its bound, and for entries that ask
    nothing beyond trade, skills, experience and region the bound is the score.

    From the columns, as queries.profiles_of reads them and the scorer counts them: the
    occupation component (the prefix their closest occupation shares with the entry's code(s))
    and the experience one (the most years among the closest occupations, none when no
    occupation is related); the skills component (the entry's ESCO skills they hold, and its
    own-words skills among their own-words skills, folded alike); the region component (their
    work preference's regions, anywhere when it names none, else their home region); for a
    regulated entry, the recognition component (the statuses of their qualifications). Not from
    the columns: the demand level is the entry's own; capital and entrepreneurship training
    have no record (profiles_of gives every profile capital None and no training), so they earn
    what the scorer gives a profile without them (a test holds profiles_of to it); every other
    component counts at its full weight."""

    def __init__(self, kind: str, entry, weights: scorer_weights.Weights):
        self.codes = tuple(sorted({entry.isco} if kind == "demand" else entry.isco))
        self.uris, self.words = entry.skills, getattr(entry, "own_words", frozenset())
        self.regions = entry.regions
        self.need = len(self.uris) + len(self.words)
        self.years = Decimal(getattr(entry, "min_years", None) or 0)
        self.weight = weights.as_dict()
        self.entry, self.kind, self.weights = entry, kind, weights
        regulated = kind == "demand" and (
            entry.regulated or scorer_inputs.is_regulated_isco(entry.isco)
        )
        self.statuses = regulated  # read the recognition statuses of people's qualifications
        read = {"occupation", "skills", "experience", "region"}  # from the columns
        read |= {"recognition"} if regulated else set()
        same = {"demand_level"} if kind == "demand" else {"capital", "training"}  # for everyone
        self.rest = sum(
            component.earned if component.name in same else component.weight
            for component in _SCORE[kind](scorer_inputs.Profile(), entry, weights).components
            if component.name not in read
        )
        self._cache: dict[tuple, int] = {}
        self._recognised: dict[tuple[str, ...], int] = {}

    def of(self, prox: int, years: Decimal, held: int, words: int, region: bool, statuses=()):
        """The bound of someone whose closest occupation shares `prox` digits with the entry's
        code(s), with `years` in it, holding `held` of its ESCO skills and `words` of its
        own-words ones, in or willing to go to its regions (`region`), with qualifications in
        these recognition `statuses` (a regulated entry only)."""
        key = (prox, years, held, words, region, statuses)
        found = self._cache.get(key)
        if found is None:
            w = self.weight
            found = self.rest + (
                scoring.share(w["occupation"], prox, 4) if self.codes else w["occupation"]
            )
            found += (
                scoring.share(w["skills"], held + words, self.need) if self.need else w["skills"]
            )
            found += w["region"] if region or not self.regions else 0
            if "experience" in w:
                if self.years <= 0:
                    found += w["experience"]
                else:
                    (a, b), (c, d) = years.as_integer_ratio(), self.years.as_integer_ratio()
                    found += scoring.share(w["experience"], a * d, b * c)
            if self.statuses:
                found += self._recognition(statuses)
            self._cache[key] = found
        return found

    def _recognition(self, statuses: tuple[str, ...]) -> int:
        """The recognition component of someone whose qualifications are in `statuses`: the
        scorer's own rule, on the statuses as profiles_of reads them (once per set)."""
        found = self._recognised.get(statuses)
        if found is None:
            qualifications = tuple((None, _RECOGNITION.get(s, s), None) for s in statuses)
            scored = _SCORE[self.kind](
                scorer_inputs.Profile(qualifications=qualifications), self.entry, self.weights
            )
            found = next(c.earned for c in scored.components if c.name == "recognition")
            self._recognised[statuses] = found
        return found

    def ceiling(self, prox: int) -> int:
        """The best bound of anyone whose closest occupation shares at most `prox` digits."""
        return self.of(prox, self.years, len(self.uris), len(self.words), True, ("recognised",))


def _tier(bound: _Bound, viewer, country: str, lo: int, hi: int):
    """(-bound, case id, returnee id) of the people in scope whose closest occupation shares
    `lo` to `hi` digits with the entry's code(s) (no codes: everyone, at 0), in no order: one
    statement. The scope is applied first, so that only its people are aggregated and looked
    up."""
    code = WorkExperience.isco_code
    people = select(
        Case.id.label("case_id"), Returnee.id.label("returnee_id"), Returnee.region_code
    )
    people = people.select_from(Returnee).join(Case, Case.returnee_id == Returnee.id)
    people = _in_scope(people, viewer, country)
    if bound.codes and hi > 0:
        prefixes = {n: sorted({c[:n] for c in bound.codes}) for n in range(1, 5)}
        closeness = case(
            *((func.left(code, n) == any_(_array(f"isco_{n}", prefixes[n])), n) for n in (4, 3, 2)),
            else_=1,
        )
        tenths = cast(func.coalesce(WorkExperience.years_experience, 0) * 10, Integer)
        closest = func.max(closeness * _YEARS + tenths).filter(WorkExperience.id.is_not(None))
        closest = func.coalesce(closest, 0)  # no related occupation (lo = 0)
        near = or_(*(code.between(p.ljust(4, "0"), p.ljust(4, "9")) for p in prefixes[max(lo, 1)]))
        on = (WorkExperience.returnee_id == Returnee.id) & near
        people = people.join(WorkExperience, on) if lo > 0 else people.outerjoin(WorkExperience, on)
        people = people.add_columns(closest.label("closest")).group_by(Case.id, Returnee.id)
        if hi < 4:
            people = people.having(closest < (hi + 1) * _YEARS)
    else:
        people = people.add_columns(literal(0).label("closest"))
        if bound.codes:  # hi = 0: no related occupation
            majors = sorted({c[:1] for c in bound.codes})
            related = or_(*(code.between(p + "000", p + "999") for p in majors))
            people = people.where(
                ~select(WorkExperience.id)
                .where(WorkExperience.returnee_id == Returnee.id, related)
                .exists()
            )
    people = people.subquery()
    joined, held, texts, region = people, literal(0), literal(None), true()
    if bound.need:
        skills = select().select_from(ReturneeSkill)
        if bound.uris:
            skills = skills.outerjoin(
                EscoSkill,
                (EscoSkill.id == ReturneeSkill.esco_skill_id)
                & (EscoSkill.uri == any_(_array("uris", bound.uris))),
            ).add_columns(func.count(EscoSkill.id).label("held"))
        if bound.words:
            skills = skills.add_columns(
                func.array_agg(ReturneeSkill.free_text)
                .filter(ReturneeSkill.esco_skill_id.is_(None))
                .label("texts")
            )
        skills = skills.where(ReturneeSkill.returnee_id == people.c.returnee_id).lateral()
        joined = joined.join(skills, true())
        held = skills.c.held if bound.uris else held
        texts = skills.c.texts if bound.words else texts
    if bound.regions:
        regions = _array("regions", bound.regions)
        joined = joined.outerjoin(
            WorkPreference, WorkPreference.returnee_id == people.c.returnee_id
        )
        region = case(
            (
                WorkPreference.id.is_(None),
                func.coalesce(people.c.region_code == any_(regions), false()),
            ),
            else_=or_(
                func.coalesce(func.cardinality(WorkPreference.regions), 0) == 0,
                WorkPreference.regions.overlap(regions),
            ),
        )
    statuses = literal(None)
    if bound.statuses:
        statuses = (
            select(func.array_agg(distinct(Qualification.recognition_status)))
            .where(Qualification.returnee_id == people.c.returnee_id)
            .scalar_subquery()
        )
    stmt = select(
        people.c.closest, people.c.case_id, people.c.returnee_id, held, texts, region, statuses
    ).select_from(joined)
    folded: dict[str, str] = {}
    listed = []
    for closest, case_id, rid, held, texts, region, statuses in db.session.execute(stmt):
        prox = int(closest // _YEARS)
        words = 0
        if texts and bound.words:
            mine = set()
            for text in texts:
                if text not in folded:
                    folded[text] = scorer_inputs.fold(text or "")
                mine.add(folded[text])
            words = len(mine & bound.words)
        years = Decimal(closest - prox * _YEARS) / 10
        statuses = tuple(sorted(getattr(s, "value", s) for s in statuses or ()))
        points = bound.of(prox, years, held, words, bool(region), statuses)
        listed.append((-points, case_id, rid))
    return listed


def candidates_for(kind: str, entry_id: int, viewer, *, limit: int = REVERSE_LIMIT, locale="es"):
    """The best `limit` people for a current published entry among the open cases `viewer`
    may see, best first (ties by case id), as Candidates; None when the entry is not in a
    current published edition. Reads only: the view logs the access to the cases it shows.

    Branch and bound, exact: people are listed with the bound of their score (_Bound), closest
    trades first (FIRST_LEVEL and closer, then every level whose best bound can still reach
    the `limit`-th score), then read and scored in full best bound first (ties by case id), in
    growing batches. It stops when the `limit`-th best score so far beats everyone not read:
    above the best bound of the levels not listed, and above the next listed person's bound
    or equal to it with a smaller case id (everyone after them has a smaller bound, or the
    same with a larger case id)."""
    found = guide_inputs.current_entry(kind, entry_id, locale)
    if found is None:
        return None
    country, entry = found
    if limit <= 0:
        return []
    weights = current_weights(kind)
    bound = _Bound(kind, entry, weights)
    top = 4 if bound.codes else 0  # the closest level not listed yet (-1: all listed)
    pending: list[tuple[int, int, int]] = []  # (-bound, case id, returnee id), best last
    profiles: dict[int, scorer_inputs.Profile] = {}  # returnee id -> profile
    scores: list[tuple[int, int, int]] = []  # (-score, case id, returnee id), best first
    batch = limit
    while True:
        ceiling = bound.ceiling(top) if top >= 0 else -1
        if len(scores) >= limit:
            kth = scores[limit - 1]
            if -kth[0] > ceiling and (not pending or kth[:2] < pending[-1][:2]):
                break
        if top >= 0 and (not pending or -pending[-1][0] <= ceiling):
            lo = min(FIRST_LEVEL, top) if top == 4 else 0
            if len(scores) >= limit:  # the levels whose best bound reaches the limit-th score
                lo = min(n for n in range(top + 1) if bound.ceiling(n) >= -scores[limit - 1][0])
            pending += _tier(bound, viewer, country, lo, top)
            pending.sort(reverse=True)
            top = lo - 1
            continue
        if not pending:
            break
        taken, pending = pending[-batch:], pending[:-batch]
        batch *= 2
        profiles.update(profiles_of(rid for _bound, _case_id, rid in taken))
        for _bound, case_id, rid in taken:
            [(points, _id)] = rank(profiles[rid], [(case_id, entry)], weights)
            scores.append((-points, case_id, rid))
        scores.sort()
    best = scores[:limit]
    case_ids = bindparam("case_ids", [case_id for _s, case_id, _r in best], type_=ARRAY(Integer))
    people = {
        row.id: row
        for row in db.session.execute(
            select(
                Case.id,
                Case.reference,
                Case.office_id,
                Returnee.given_names,
                Returnee.first_surname,
                Returnee.second_surname,
            )
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(Case.id == any_(case_ids))
        )
    }
    candidates = []
    for _score, case_id, rid in best:
        row = people[case_id]
        name = (row.given_names, row.first_surname, row.second_surname)
        candidates.append(
            Candidate(
                case_id=case_id,
                reference=row.reference,
                returnee_id=rid,
                name=" ".join(filter(None, name)),
                office_id=row.office_id,
                match=_SCORE[kind](profiles[rid], entry, weights),
            )
        )
    return candidates


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
