"""The guide side of matching's inputs: the current published demand entries, business
opportunities and support programmes of a country as the scorer's pure values.

Reads guides, programmes and the taxonomy only, nothing about people, so the public explorer can
rank with the same inputs as the Matches tab (an import-linter contract keeps it so). Each
loader is one or two statements whatever the number of rows, and only reads.

Decisions, where the guide tables do not say what the scorer asks for: the guide's "very_high"
demand is the scorer's "high"; `regulated` is False (guides have no flag of their own: the
scorer knows the health unit groups); own-words skills are the lines of `other_skills` in
`locale` (the other language when that one has no text), folded; opportunities need no
entrepreneurship training (no field yet); DemandEntry.certifications stays empty (guides
describe certificates in prose, which cannot be matched against codes).
"""

import threading
from collections import OrderedDict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

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
from returnsvc.matching import scorer_inputs, training
from returnsvc.programmes.models import SupportProgramme
from returnsvc.publishing.models import PublicationStatus
from returnsvc.taxonomy.models import EscoSkill

_LEVEL_PREFIX = len("isced")
_DEMAND_LEVEL = {"very_high": "high"}


def isced(level) -> int | None:
    """The ISCED level number of an education-level enum value ("isced3" -> 3), or None."""
    return None if level is None else int(level.value[_LEVEL_PREFIX:])


def _words(text: str | None) -> frozenset[str]:
    """Folded own-words skills, one per line."""
    return frozenset(filter(None, (scorer_inputs.fold(line) for line in (text or "").splitlines())))


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
    country: str, *, edition_id: int | None = None, locale: str = "es", ids=None
) -> list[tuple[int, scorer_inputs.DemandEntry]]:
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
    if ids is not None:
        stmt = stmt.where(guides.DemandEntry.id.in_(list(ids)))
    return [
        (
            row.id,
            scorer_inputs.DemandEntry(
                isco=row.isco_code,
                regions=frozenset(row.regions or ()),
                demand_level=_DEMAND_LEVEL.get(row.demand_level.value, row.demand_level.value),
                skills=frozenset(row.uris or ()),
                own_words=_words(row.other_skills),
                min_years=None if row.experience_years is None else Decimal(row.experience_years),
                min_education=isced(row.min_education),
            ),
        )
        for row in db.session.execute(stmt.order_by(guides.DemandEntry.id))
    ]


def opportunities_of(
    country: str, *, edition_id: int | None = None, ids=None
) -> list[tuple[int, scorer_inputs.Opportunity]]:
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
    if ids is not None:
        stmt = stmt.where(BusinessOpportunity.id.in_(list(ids)))
    return [
        (
            row.id,
            scorer_inputs.Opportunity(
                isco=frozenset(row.occupations or ()),
                regions=frozenset(row.regions or ()),
                skills=frozenset(row.uris or ()),
                investment_min=row.investment_min,
                investment_max=row.investment_max,
            ),
        )
        for row in db.session.execute(stmt.order_by(BusinessOpportunity.id))
    ]


MODELS = {"demand": guides.DemandEntry, "opportunity": BusinessOpportunity}


def current_entry(kind: str, entry_id: int, locale: str = "es"):
    """(country, the scorer's entry) for a demand entry or opportunity of a current published
    edition, else None (a draft, an earlier edition, or no such entry): two statements."""
    model = MODELS[kind]
    country = db.session.scalar(
        select(GuideEdition.country)
        .join(model, model.edition_id == GuideEdition.id)
        .where(model.id == entry_id)
    )
    if country is None:
        return None
    if kind == "demand":
        found = demand_entries_of(country, locale=locale, ids=[entry_id])
    else:
        found = opportunities_of(country, ids=[entry_id])
    return (country, found[0][1]) if found else None


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


# --- The current editions' entries, kept in memory ----------------------------------------------
#
# Every match page, portal page and explorer answer ranks a person against all the entries of
# their country's current editions (a few thousand): reading and building them cost more than
# scoring them. They are kept per process, keyed by the edition and its content_version, which
# database triggers move whenever the edition's entries, texts or required skills change, by any
# path; a changed or newly current edition is a new key and is read again. The values are
# frozen dataclasses in tuples, shared read-only by the requests of the process.

CACHE_SIZE = 64  # (kind, edition, version, locale) keys: 5 countries x 2 kinds x 2 languages
_GUIDE_KIND = {"demand": GuideKind.LABOUR_MARKET, "opportunity": GuideKind.BUSINESS}
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


def current_stamps(country: str) -> dict[str, tuple[int, int]]:
    """{matching kind: (current edition id, its content_version)} of `country`: one
    statement."""
    current = current_edition_ids([country]).subquery()
    rows = db.session.execute(
        select(GuideEdition.id, GuideEdition.kind, GuideEdition.content_version).where(
            GuideEdition.id.in_(select(current.c.id))
        )
    )
    kinds = {guide_kind: kind for kind, guide_kind in _GUIDE_KIND.items()}
    return {kinds[row.kind]: (row.id, row.content_version) for row in rows}


def current_entries(kind: str, country: str, locale: str, stamps=None) -> tuple:
    """((id, entry), ...) of the current edition of `kind` of `country`, as demand_entries_of /
    opportunities_of return them, from memory while the edition's content is unchanged.
    `stamps`: current_stamps(country) when the caller has read them (one statement saved)."""
    stamp = (stamps if stamps is not None else current_stamps(country)).get(kind)
    if stamp is None:
        return ()
    edition_id, version = stamp
    key = (kind, edition_id, version, locale if kind == "demand" else None)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    if kind == "demand":
        found = tuple(demand_entries_of(country, edition_id=edition_id, locale=locale))
    else:
        found = tuple(opportunities_of(country, edition_id=edition_id))
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return found
