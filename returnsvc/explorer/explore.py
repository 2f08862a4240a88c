"""The opportunity explorer: what in a country's current guides fits a person's occupation,
region and skills, ranked and explained.

Ranking (one score computed in SQL, highest first): the exact ISCO-08 unit group (100), else the
same minor group (50); each required skill the person named (15 for an ESCO skill whose label,
in either language, has a word starting with one of theirs; 10 for a word found in the entry's
free-text skills); the region itself (20) or nationwide (10); the demand level breaks ties.
Entries of other regions are left out when a region is given; when an occupation or skills are
given, entries matching neither are left out. The statement count is fixed: the matched skills,
then per kind the rows and the rows' details, then programmes and practices.
"""

import re
from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Integer, case, cast, func, literal, or_, select

from returnsvc.core.text import fold
from returnsvc.explorer import entries, queries
from returnsvc.extensions import db
from returnsvc.guides.models import (
    BusinessOpportunity,
    BusinessOpportunityText,
    DemandEntry,
    DemandEntryText,
    GuideKind,
    RequiredSkill,
)
from returnsvc.practices.models import PracticeTheme
from returnsvc.programmes.models import SupportProgramme
from returnsvc.taxonomy.models import EscoSkillLabel

LIMIT = 20
MAX_WORDS = 8
MIN_WORD = 3
# Words that say nothing about a skill (both languages).
STOP_WORDS = frozenset(
    "and the with for con los las del por para una uno que como mas muy sin".split()
)
HEALTH_GROUPS = ("221", "222", "322")
_ACCENTED, _PLAIN = "áàäâãéèëêíìïîóòöôõúùüûñç", "aaaaaeeeeiiiiooooouuuunc"
_WORD = re.compile(r"[0-9a-z]+")
DEMAND_WEIGHT = {"very_high": 4, "high": 3, "medium": 2, "low": 1}


def skill_words(text: str | None) -> list[str]:
    """The distinct words of the skills text worth matching, folded, at most MAX_WORDS."""
    words = [w for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD and w not in STOP_WORDS]
    return list(dict.fromkeys(words))[:MAX_WORDS]


def _like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class Answer:
    demand: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)
    programmes: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    editions: dict = field(default_factory=dict)
    words: list = field(default_factory=list)
    remittance_url: str | None = None


def _matched_skills(edition_ids, words: list[str]) -> list[int]:
    """ESCO skills required in the editions whose label (either language) has a word starting
    with one of `words`."""
    if not words:
        return []
    used = select(RequiredSkill.esco_skill_id).where(
        or_(
            RequiredSkill.demand_entry_id.in_(
                select(DemandEntry.id).where(DemandEntry.edition_id.in_(edition_ids))
            ),
            RequiredSkill.opportunity_id.in_(
                select(BusinessOpportunity.id).where(
                    BusinessOpportunity.edition_id.in_(edition_ids)
                )
            ),
        )
    )
    label = EscoSkillLabel.search_text
    matches = [label.like(f"{_like(w)}%") | label.like(f"% {_like(w)}%") for w in words]
    stmt = select(EscoSkillLabel.skill_id).where(EscoSkillLabel.skill_id.in_(used), or_(*matches))
    return list(db.session.scalars(stmt.distinct()))


def _other_skill_hits(text_model, parent_key, parent_id, words):
    """How many `words` the free-text skills (both languages) contain: one scalar subquery."""
    if not words:
        return literal(0)
    folded = func.translate(
        func.lower(func.string_agg(text_model.other_skills, " ")), _ACCENTED, _PLAIN
    )
    hits = sum((cast(folded.like(f"%{_like(w)}%"), Integer) for w in words), literal(0))
    return select(hits).where(getattr(text_model, parent_key) == parent_id).scalar_subquery()


def _skill_count(parent_column, parent_id, skill_ids):
    if not skill_ids:
        return literal(0)
    return (
        select(func.count())
        .select_from(RequiredSkill)
        .where(parent_column == parent_id, RequiredSkill.esco_skill_id.in_(skill_ids))
        .scalar_subquery()
    )


def _region_columns(column, region):
    if not region:
        return literal(False), literal(False)
    return column.contains([region]), func.cardinality(column) == 0


def _ranked(stmt, flags: dict, score, relevant, region_filter):
    stmt = stmt.add_columns(*(value.label(name) for name, value in flags.items()))
    if region_filter is not None:
        stmt = stmt.where(region_filter)
    if relevant is not None:
        stmt = stmt.where(relevant)
    return stmt.order_by(score.desc(), stmt.selected_columns.id).limit(LIMIT)


def _flags(occupation_exact, occupation_group, region_column, region, skills, others):
    in_region, nationwide = _region_columns(region_column, region)
    return {
        "is_exact": occupation_exact,
        "is_group": occupation_group,
        "in_region": in_region,
        "nationwide": nationwide,
        "skill_hits": skills,
        "other_hits": func.coalesce(others, 0),
    }


def _score(flags, extra=None):
    def points(flag, value):
        return case((flag, value), else_=0)

    return (
        points(flags["is_exact"], 100)
        + points(flags["is_group"] & ~flags["is_exact"], 50)
        + points(flags["in_region"], 20)
        + points(flags["nationwide"], 10)
        + flags["skill_hits"] * 15
        + flags["other_hits"] * 10
        + (extra if extra is not None else literal(0))
    )


def _relevant(flags, occupation, words):
    if not occupation and not words:
        return None
    return or_(flags["is_group"], flags["skill_hits"] > 0, flags["other_hits"] > 0)


def _demand(edition_id, query, words, skill_ids, locale):
    occupation, region = query.occupation, query.region
    stmt, _text = entries.demand_statement(locale)
    stmt = stmt.where(DemandEntry.edition_id == edition_id)
    flags = _flags(
        DemandEntry.isco_code == occupation if occupation else literal(False),
        entries.isco_range(occupation[:3], DemandEntry.isco_code) if occupation else literal(False),
        DemandEntry.regions,
        region,
        _skill_count(RequiredSkill.demand_entry_id, DemandEntry.id, skill_ids),
        _other_skill_hits(DemandEntryText, "entry_id", DemandEntry.id, words),
    )
    level = case(
        *((DemandEntry.demand_level == code, weight) for code, weight in DEMAND_WEIGHT.items()),
        else_=0,
    )
    region_filter = queries.in_region(DemandEntry.regions, region) if region else None
    relevant = _relevant(flags, occupation, words)
    stmt = _ranked(stmt, flags, _score(flags, level), relevant, region_filter)
    rows = [entries.Row(dict(row._mapping)) for row in db.session.execute(stmt)]
    return entries.complete_demand(rows, locale)


def _opportunities(edition_id, query, words, skill_ids, locale):
    occupation, region = query.occupation, query.region
    stmt, _text = entries.opportunity_statement(locale)
    stmt = stmt.where(BusinessOpportunity.edition_id == edition_id)
    group = [f"{occupation[:3]}{digit}" for digit in "0123456789"] if occupation else []
    flags = _flags(
        BusinessOpportunity.occupations.contains([occupation]) if occupation else literal(False),
        BusinessOpportunity.occupations.overlap(group) if occupation else literal(False),
        BusinessOpportunity.regions,
        region,
        _skill_count(RequiredSkill.opportunity_id, BusinessOpportunity.id, skill_ids),
        _other_skill_hits(BusinessOpportunityText, "opportunity_id", BusinessOpportunity.id, words),
    )
    region_filter = queries.in_region(BusinessOpportunity.regions, region) if region else None
    stmt = _ranked(stmt, flags, _score(flags), _relevant(flags, occupation, words), region_filter)
    rows = [entries.Row(dict(row._mapping)) for row in db.session.execute(stmt)]
    return entries.complete_opportunities(rows, locale)


def explain(row) -> list[str]:
    """Why a row was shown, in the page's language."""
    reasons = []
    if row.is_exact:
        reasons.append(_("matches your occupation"))
    elif row.is_group:
        reasons.append(_("close to your occupation (same occupation group)"))
    if row.in_region:
        reasons.append(_("in your region"))
    elif row.nationwide:
        reasons.append(_("anywhere in the country"))
    hits = (row.skill_hits or 0) + (row.other_hits or 0)
    if hits:
        reasons.append(
            ngettext("needs %(num)d of your skills", "needs %(num)d of your skills", hits)
        )
    return reasons


def _programmes(country, region, opportunities, locale) -> list:
    """Programmes linked to the opportunities shown first, then the country's others in the
    region or nationwide: one statement."""
    stmt, text = queries.programmes_statement(locale)
    linked_ids = {p.id for row in opportunities for p in row.programmes}
    is_linked = SupportProgramme.id.in_(linked_ids) if linked_ids else literal(False)
    stmt = stmt.add_columns(is_linked.label("is_linked")).where(SupportProgramme.country == country)
    if region:
        stmt = stmt.where(queries.in_region(SupportProgramme.regions, region) | is_linked)
    stmt = stmt.order_by(is_linked.desc(), text.name, SupportProgramme.id).limit(LIMIT)
    return [queries.Programme(**row._mapping) for row in db.session.execute(stmt)]


def practice_themes(occupation, demand, opportunities) -> list[str]:
    themes = [PracticeTheme.REMITTANCES_SAVINGS.value]
    if (
        occupation
        and occupation[:3] in HEALTH_GROUPS
        or any(row.isco_code[:3] in HEALTH_GROUPS for row in demand[:5])
    ):
        themes.insert(0, PracticeTheme.HEALTH_WORKER_MIGRATION.value)
    if opportunities:
        themes.append(PracticeTheme.MICRO_ENTERPRISE.value)
    if demand:
        themes.append(PracticeTheme.PES_SERVICES.value)
    return themes


def remittance_url(country: str) -> str | None:
    """The remittance-cost calculator, once a blueprint provides it."""
    if "remittances.calculator" not in current_app.view_functions:
        return None
    return url_for("remittances.calculator", country=country)


def explore(query, locale: str) -> Answer:
    """The explorer's answer for a valid query (country set)."""
    country = query.country
    editions = queries.current_editions(locale, [country])
    answer = Answer(editions=editions, words=skill_words(query.skills))
    edition_ids = [edition.id for edition in editions.values()]
    skill_ids = _matched_skills(edition_ids, answer.words)
    labour = editions.get((country, GuideKind.LABOUR_MARKET))
    business = editions.get((country, GuideKind.BUSINESS))
    if labour:
        answer.demand = _demand(labour.id, query, answer.words, skill_ids, locale)
    if business:
        answer.opportunities = _opportunities(business.id, query, answer.words, skill_ids, locale)
    for row in answer.demand + answer.opportunities:
        row.reasons = explain(row)
    answer.programmes = _programmes(country, query.region, answer.opportunities, locale)
    themes = practice_themes(query.occupation, answer.demand, answer.opportunities)
    answer.practices = queries.related_practices(country, themes, locale)
    answer.remittance_url = remittance_url(country)
    return answer
