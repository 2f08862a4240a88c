"""Reads for matching: the weights for the admin page, and the loaders that turn the database
into the scorer's inputs (profiles, demand entries, business opportunities, programme offers)."""

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import joinedload

from returnsvc.extensions import db
from returnsvc.guides import models as guides
from returnsvc.guides.models import (
    DEMAND_TEXT,
    BusinessOpportunity,
    GuideEdition,
    GuideKind,
    RequiredSkill,
    opportunity_programme,
)
from returnsvc.guides.queries import current_edition_ids
from returnsvc.matching import scoring, training
from returnsvc.matching.models import KINDS, MatchingWeights
from returnsvc.programmes.models import SupportProgramme
from returnsvc.publishing.models import PublicationStatus
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
# Each loader below turns rows into the pure values of scoring.py / training.py in a fixed
# number of statements whatever the number of rows (no per-row queries), and reads only.
#
# Decisions, where the tables do not say what the scorer asks for:
# - Profile.education: the highest ISCED level among the returnee's own `education_level` and
#   the levels of their recorded qualifications (a recorded diploma shows the level).
# - Profile.certifications: the issuer codes of the competency certificates (blank codes
#   skipped). Guides describe certifications in prose, not codes, so DemandEntry.certifications
#   stays empty and the component is met: prose cannot be matched against codes.
# - Regions: `preferred_regions` are the work preference's regions, else the region the person
#   returns to (`Returnee.region_code`) when recorded. There is no "willing to move" field: a
#   work preference recorded with no region means the person would work anywhere
#   (`willing_to_move`); no work preference at all means nothing is known (False).
#   WorkPreference.employment (wage / self / either) has no place in the Profile: the Matches
#   tab reads it to choose which kind to show first.
# - Qualifications: no ISCO unit group is recorded on a qualification yet, so each is
#   (None, status, authority); "rejected" is passed as "not_requested" (the procedure has to
#   be started again). An unrecorded authority is None.
# - Capital is None (savings and planned funding come with another issue) and
#   `entrepreneurship_trained` False (no record of it exists yet).
# - Demand entries: the guide's "very_high" demand is the scorer's "high"; `regulated` is False
#   (guides have no flag of their own: the scorer knows the health unit groups); own-words
#   skills are the lines of `other_skills` in `locale` (the other language when that one has
#   no text), folded. Opportunities need no entrepreneurship training (no field yet).

_LEVEL_PREFIX = len("isced")
_RECOGNITION = {"rejected": "not_requested"}
_DEMAND_LEVEL = {"very_high": "high"}


def _isced(level) -> int | None:
    return None if level is None else int(level.value[_LEVEL_PREFIX:])


def _words(text: str | None) -> frozenset[str]:
    """Folded own-words skills, one per line."""
    return frozenset(filter(None, (scoring.fold(line) for line in (text or "").splitlines())))


def profiles_of(returnee_ids) -> dict[int, scoring.Profile]:
    """{returnee id: Profile} for the returnees that exist among `returnee_ids`: one statement
    per profile table (six), whatever the number of people or rows."""
    ids = sorted(set(returnee_ids))
    if not ids:
        return {}
    people = db.session.execute(
        select(Returnee.id, Returnee.education_level, Returnee.region_code).where(
            Returnee.id.in_(ids)
        )
    ).all()
    parts = {
        row.id: {
            "education": [_isced(row.education_level)],
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
        .where(WorkExperience.returnee_id.in_(ids))
        .order_by(WorkExperience.returnee_id, WorkExperience.isco_code, WorkExperience.id)
    ):
        parts[rid]["occupations"].append((isco, years))
    for rid, uri, free_text in db.session.execute(
        select(ReturneeSkill.returnee_id, EscoSkill.uri, ReturneeSkill.free_text)
        .outerjoin(EscoSkill, EscoSkill.id == ReturneeSkill.esco_skill_id)
        .where(ReturneeSkill.returnee_id.in_(ids))
    ):
        if uri:
            parts[rid]["skills"].add(uri)
        elif word := scoring.fold(free_text or ""):
            parts[rid]["own_words"].add(word)
    for rid, code in db.session.execute(
        select(CompetencyCertificate.returnee_id, CompetencyCertificate.code).where(
            CompetencyCertificate.returnee_id.in_(ids)
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
        .where(Qualification.returnee_id.in_(ids))
        .order_by(Qualification.returnee_id, Qualification.id)
    ):
        parts[rid]["education"].append(_isced(level))
        status = _RECOGNITION.get(status.value, status.value)
        parts[rid]["qualifications"].append((None, status, (authority or "").strip() or None))
    for rid, regions in db.session.execute(
        select(WorkPreference.returnee_id, WorkPreference.regions).where(
            WorkPreference.returnee_id.in_(ids)
        )
    ):
        parts[rid]["preference"] = list(regions or ())
    return {rid: _profile(part) for rid, part in parts.items()}


def _profile(part: dict) -> scoring.Profile:
    levels = [level for level in part["education"] if level is not None]
    regions = part["preference"]
    preferred = set(regions or ()) or ({part["home"]} if part["home"] else set())
    return scoring.Profile(
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


def profile_of(returnee_id: int) -> scoring.Profile:
    """The Profile of one returnee (see profiles_of); LookupError when there is none."""
    profiles = profiles_of([returnee_id])
    if returnee_id not in profiles:
        raise LookupError(f"no returnee {returnee_id}")
    return profiles[returnee_id]


def _edition_ids(country: str, kind: GuideKind, edition_id: int | None):
    """The edition to read: the current published one of `country` and `kind` (explorer's
    rule), or `edition_id` if it is a published edition of that country and kind."""
    if edition_id is None:
        current = current_edition_ids([country]).subquery()
        return (
            select(GuideEdition.id)
            .where(GuideEdition.id.in_(select(current.c.id)), GuideEdition.kind == kind)
            .scalar_subquery()
        )
    return (
        select(GuideEdition.id)
        .where(
            GuideEdition.id == edition_id,
            GuideEdition.country == country,
            GuideEdition.kind == kind,
            GuideEdition.status == PublicationStatus.PUBLISHED,
        )
        .scalar_subquery()
    )


def _uris(parent_column, parent_id):
    """The ESCO URIs a demand entry or opportunity requires, as one array (correlated; the
    required_skill unique constraints lead with the parent id)."""
    return (
        select(func.array_agg(aggregate_order_by(EscoSkill.uri, EscoSkill.uri)))
        .select_from(RequiredSkill)
        .join(EscoSkill, EscoSkill.id == RequiredSkill.esco_skill_id)
        .where(parent_column == parent_id)
        .scalar_subquery()
    )


def demand_entries_of(
    country: str, *, edition_id: int | None = None, locale: str = "es"
) -> list[tuple[int, scoring.DemandEntry]]:
    """(entry id, DemandEntry) for the jobs in demand of the current published labour-market
    edition of `country` (or of `edition_id`, only if it is a published edition of that country
    and kind), by id: one statement. Drafts and other countries' entries are never returned."""
    stmt, text = DEMAND_TEXT.joined(select(guides.DemandEntry), guides.DemandEntry.id, locale)
    stmt = stmt.with_only_columns(
        guides.DemandEntry.id,
        guides.DemandEntry.isco_code,
        guides.DemandEntry.regions,
        guides.DemandEntry.demand_level,
        guides.DemandEntry.min_education,
        guides.DemandEntry.experience_years,
        text.other_skills,
        _uris(RequiredSkill.demand_entry_id, guides.DemandEntry.id).label("uris"),
    ).where(
        guides.DemandEntry.edition_id.in_(
            _edition_ids(country, GuideKind.LABOUR_MARKET, edition_id)
        )
    )
    return [
        (
            row.id,
            scoring.DemandEntry(
                isco=row.isco_code,
                regions=frozenset(row.regions or ()),
                demand_level=_DEMAND_LEVEL.get(row.demand_level.value, row.demand_level.value),
                skills=frozenset(row.uris or ()),
                own_words=_words(row.other_skills),
                min_years=None if row.experience_years is None else Decimal(row.experience_years),
                min_education=_isced(row.min_education),
            ),
        )
        for row in db.session.execute(stmt.order_by(guides.DemandEntry.id))
    ]


def opportunities_of(
    country: str, *, edition_id: int | None = None
) -> list[tuple[int, scoring.Opportunity]]:
    """(opportunity id, Opportunity) for the current published business edition of `country`
    (or `edition_id`, as in demand_entries_of), by id: one statement."""
    stmt = select(
        BusinessOpportunity.id,
        BusinessOpportunity.occupations,
        BusinessOpportunity.regions,
        BusinessOpportunity.investment_min,
        BusinessOpportunity.investment_max,
        _uris(RequiredSkill.opportunity_id, BusinessOpportunity.id).label("uris"),
    ).where(
        BusinessOpportunity.edition_id.in_(_edition_ids(country, GuideKind.BUSINESS, edition_id))
    )
    return [
        (
            row.id,
            scoring.Opportunity(
                isco=frozenset(row.occupations or ()),
                regions=frozenset(row.regions or ()),
                skills=frozenset(row.uris or ()),
                investment_min=row.investment_min,
                investment_max=row.investment_max,
            ),
        )
        for row in db.session.execute(stmt.order_by(BusinessOpportunity.id))
    ]


def programme_offers(country: str) -> list[training.ProgrammeOffer]:
    """The published support programmes of `country` as offers, by id, with the coverage the
    links of the current published business edition's opportunities imply (training.py's
    docstring): two statements. Links from drafts or older editions give no coverage."""
    programmes = db.session.execute(
        select(SupportProgramme.id, SupportProgramme.kind, SupportProgramme.regions)
        .where(
            SupportProgramme.country == country,
            SupportProgramme.status == PublicationStatus.PUBLISHED,
        )
        .order_by(SupportProgramme.id)
    ).all()
    links = db.session.execute(
        select(
            opportunity_programme.c.programme_id,
            BusinessOpportunity.occupations,
            _uris(RequiredSkill.opportunity_id, BusinessOpportunity.id).label("uris"),
        )
        .join(BusinessOpportunity, BusinessOpportunity.id == opportunity_programme.c.opportunity_id)
        .where(BusinessOpportunity.edition_id.in_(_edition_ids(country, GuideKind.BUSINESS, None)))
    ).all()
    skills: dict[int, set[str]] = {}
    groups: dict[int, set[str]] = {}
    for programme_id, occupations, uris in links:
        skills.setdefault(programme_id, set()).update(uris or ())
        groups.setdefault(programme_id, set()).update(occupations or ())
    offers = []
    for row in programmes:
        kind = training.offer_kind(row.kind.value)
        offers.append(
            training.ProgrammeOffer(
                id=row.id,
                kind=kind,
                country=country,
                regions=frozenset(row.regions or ()),
                covers_skills=frozenset(skills.get(row.id, ())),
                covers_unit_groups=frozenset(groups.get(row.id, ())),
                covers_entrepreneurship=(
                    row.id in skills and kind in training.ENTREPRENEURSHIP_KINDS
                ),
            )
        )
    return offers
