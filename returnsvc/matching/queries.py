"""Reads for matching: the weights for the admin page, and the people side of the scorer's
inputs (profiles); the guide side is in guide_inputs.py."""

from sqlalchemy import Integer, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import joinedload

from returnsvc.extensions import db
from returnsvc.matching import scorer_inputs
from returnsvc.matching.guide_inputs import isced
from returnsvc.matching.models import KINDS, MatchDecision, MatchingWeights, Placement
from returnsvc.partners.models import Partner
from returnsvc.returnees.models import Returnee
from returnsvc.skills.models import (
    CompetencyCertificate,
    Qualification,
    ReturneeSkill,
    WorkExperience,
    WorkPreference,
)
from returnsvc.taxonomy.models import EscoSkill


def weights_history() -> dict[str, list[MatchingWeights]]:
    """Every saved version per kind, newest first, with who saved it (one statement). The
    table grows by an admin's hand, a few rows a year: no paging."""
    stmt = (
        select(MatchingWeights)
        .options(joinedload(MatchingWeights.created_by))
        .order_by(MatchingWeights.kind, MatchingWeights.version.desc())
    )
    history: dict[str, list[MatchingWeights]] = {kind: [] for kind in KINDS}
    for row in db.session.scalars(stmt):
        history[row.kind].append(row)
    return history


# --- The scorer's inputs, read from the database ---------------------------------------------
#
# profiles_of turns rows into the pure values of scorer_inputs.py in a fixed number of statements
# whatever the number of people or rows (no per-row queries), and reads only.
#
# Decisions, where the tables do not say what the scorer asks for:
# - Profile.education: the highest ISCED level among the returnee's own `education_level` and
#   the levels of their recorded qualifications (a recorded diploma shows the level).
# - Profile.certifications: the issuer codes of the competency certificates (blank codes
#   skipped).
# - Regions: `preferred_regions` are the work preference's regions, else the region the person
#   returns to (`Returnee.region_code`) when recorded. There is no "willing to move" field: a
#   work preference recorded with no region means the person would work anywhere
#   (`willing_to_move`); no work preference at all means nothing is known (False).
#   WorkPreference.employment (wage / self / either) has no place in the Profile: the Matches
#   tab reads it to choose which kind to show first.
# - Qualifications: no ISCO unit group is recorded on a qualification yet, so each is
#   (None, status, authority), which the scorer counts for any regulated entry; "rejected"
#   is passed as "not_requested" (the procedure has to be started again). An unrecorded
#   authority is None.
# - Capital is None (savings and planned funding come with another issue) and
#   `entrepreneurship_trained` False (no record of it exists yet).

_RECOGNITION = {"rejected": "not_requested"}


def profiles_of(returnee_ids) -> dict[int, scorer_inputs.Profile]:
    """{returnee id: Profile} for the returnees that exist among `returnee_ids`: one statement
    per profile table (six), whatever the number of people or rows. The ids go as one array
    parameter (`= ANY(:ids)`), not one bind parameter each: the statement text stays the same
    for any number of people, and a batch of thousands costs no bind handling."""
    ids = sorted(set(returnee_ids))
    if not ids:
        return {}
    among = any_(bindparam("returnee_ids", ids, type_=ARRAY(Integer)))
    people = db.session.execute(
        select(Returnee.id, Returnee.education_level, Returnee.region_code).where(
            Returnee.id == among
        )
    ).all()
    parts = {
        row.id: {
            "education": [isced(row.education_level)],
            "home": row.region_code,
            "occupations": [],
            "skills": set(),
            "own_words": set(),
            "certifications": set(),
            "qualifications": [],
            "preference": None,
        }
        for row in people
    }
    for rid, isco, years in db.session.execute(
        select(
            WorkExperience.returnee_id, WorkExperience.isco_code, WorkExperience.years_experience
        )
        .where(WorkExperience.returnee_id == among)
        .order_by(WorkExperience.returnee_id, WorkExperience.isco_code, WorkExperience.id)
    ):
        parts[rid]["occupations"].append((isco, years))
    for rid, uri, free_text in db.session.execute(
        select(ReturneeSkill.returnee_id, EscoSkill.uri, ReturneeSkill.free_text)
        .outerjoin(EscoSkill, EscoSkill.id == ReturneeSkill.esco_skill_id)
        .where(ReturneeSkill.returnee_id == among)
    ):
        if uri:
            parts[rid]["skills"].add(uri)
        elif word := scorer_inputs.fold(free_text or ""):
            parts[rid]["own_words"].add(word)
    for rid, code in db.session.execute(
        select(CompetencyCertificate.returnee_id, CompetencyCertificate.code).where(
            CompetencyCertificate.returnee_id == among
        )
    ):
        if code and code.strip():
            parts[rid]["certifications"].add(code.strip())
    for rid, level, status, authority in db.session.execute(
        select(
            Qualification.returnee_id,
            Qualification.isced_level,
            Qualification.recognition_status,
            Qualification.recognition_authority,
        )
        .where(Qualification.returnee_id == among)
        .order_by(Qualification.returnee_id, Qualification.id)
    ):
        parts[rid]["education"].append(isced(level))
        status = _RECOGNITION.get(status.value, status.value)
        parts[rid]["qualifications"].append((None, status, (authority or "").strip() or None))
    for rid, regions in db.session.execute(
        select(WorkPreference.returnee_id, WorkPreference.regions).where(
            WorkPreference.returnee_id == among
        )
    ):
        parts[rid]["preference"] = list(regions or ())
    return {rid: _profile(part) for rid, part in parts.items()}


def _profile(part: dict) -> scorer_inputs.Profile:
    levels = [level for level in part["education"] if level is not None]
    regions = part["preference"]
    preferred = set(regions or ()) or ({part["home"]} if part["home"] else set())
    return scorer_inputs.Profile(
        occupations=tuple(part["occupations"]),
        skills=frozenset(part["skills"]),
        own_words=frozenset(part["own_words"]),
        education=max(levels) if levels else None,
        certifications=frozenset(part["certifications"]),
        preferred_regions=frozenset(preferred),
        willing_to_move=regions is not None and not regions,
        capital=None,
        entrepreneurship_trained=False,
        qualifications=tuple(part["qualifications"]),
    )


def profile_of(returnee_id: int) -> scorer_inputs.Profile:
    """The Profile of one returnee (see profiles_of); LookupError when there is none."""
    profiles = profiles_of([returnee_id])
    if returnee_id not in profiles:
        raise LookupError(f"no returnee {returnee_id}")
    return profiles[returnee_id]


def decisions_of(case_id: int) -> dict[tuple[str, int], list[MatchDecision]]:
    """{(kind, entry id): the case's decisions on that match, newest first} with who took
    them and the placement of a "hired" one (`placement` attribute, or None): two
    statements."""
    rows = db.session.scalars(
        select(MatchDecision)
        .options(joinedload(MatchDecision.decided_by))
        .where(MatchDecision.case_id == case_id)
        .order_by(MatchDecision.id.desc())
    ).all()
    placements = {
        p.decision_id: p
        for p in db.session.scalars(
            select(Placement)
            .options(joinedload(Placement.partner))
            .where(Placement.case_id == case_id)
        )
    }
    found: dict[tuple[str, int], list[MatchDecision]] = {}
    for row in rows:
        row.placement = placements.get(row.id)
        found.setdefault((row.kind, row.entry_id), []).append(row)
    return found


def active_partners(country: str, *, kind=None) -> list[Partner]:
    """The country's active partners (of `kind`), by name: the decision form's choices."""
    stmt = select(Partner).where(Partner.country == country, Partner.is_active)
    if kind is not None:
        stmt = stmt.where(Partner.kind == kind)
    return list(db.session.scalars(stmt.order_by(Partner.name, Partner.id)))
