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
from sqlalchemy import Integer, case, cast, func, literal, or_, select, text

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
from returnsvc.taxonomy.trades import unit_groups_for

LIMIT = 10  # per kind; the guide pages list the rest (linked under each list)
MAX_WORDS = 8
MIN_WORD = 3
# Words that say nothing about a skill (both languages).
STOP_WORDS = frozenset(
    "and the with for con los las del por para una uno que como mas muy sin".split()
)
HEALTH_GROUPS = ("221", "222", "322")
# A common word may match thousands of ESCO labels; the best-matching entries need no more.
MAX_SKILLS = 500
_WORD = re.compile(r"[0-9a-z]+")
# A trade the person's words name ranks like a chosen occupation's group, and above it.
TRADE_SCORE = 60
DEMAND_WEIGHT = {"very_high": 4, "high": 3, "medium": 2, "low": 1}


def skill_words(text: str | None) -> list[str]:
    """The distinct words of the skills text worth matching, folded, at most MAX_WORDS."""
    words = [w for w in _WORD.findall(fold(text)) if len(w) >= MIN_WORD and w not in STOP_WORDS]
    return list(dict.fromkeys(words))[:MAX_WORDS]


@dataclass
class Answer:
    demand: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)
    programmes: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    editions: dict = field(default_factory=dict)
    words: list = field(default_factory=list)
    trades: list = field(default_factory=list)  # the unit groups the words name (a trade)
    remittance_url: str | None = None


def _matched_skills(words: list[str]) -> list[int]:
    """ESCO skills required by some guide entry whose label (either language) has a word
    starting with one of `words`: the labels through their trigram index, then one probe of
    the required-skill index each (the counts later keep to the shown edition)."""
    if not words:
        return []
    label = EscoSkillLabel.search_text
    # autoescape: a "%" or "_" in a word would be a character, never a wildcard (skill_words
    # keeps letters and digits today; the query must stay right if that rule changes).
    matches = [
        label.startswith(w, autoescape=True) | label.contains(f" {w}", autoescape=True)
        for w in words
    ]
    required = select(RequiredSkill.id).where(
        RequiredSkill.esco_skill_id == EscoSkillLabel.skill_id
    )
    stmt = select(EscoSkillLabel.skill_id).where(or_(*matches), required.exists())
    return list(db.session.scalars(stmt.distinct().limit(MAX_SKILLS)))


def _other_skill_hits(text_model, parent_key: str, parent_ids, words):
    """(parent id, how many `words` its free-text skills contain, either language) over the
    candidates' text rows, or None. Matched on the folded copy (`skills_search`), so accents
    and case do not matter and no text is folded at query time."""
    if not words:
        return None
    parent = getattr(text_model, parent_key)
    folded = text_model.skills_search
    hits = sum(
        (cast(func.bool_or(folded.contains(w, autoescape=True)), Integer) for w in words),
        literal(0),
    )
    return (
        select(parent.label("parent_id"), hits.label("hits"))
        .where(parent.in_(parent_ids))
        .group_by(parent)
        .subquery()
    )


def _skill_hits(parent_column, parent_ids, skill_ids):
    """(parent id, how many of its required skills are in `skill_ids`) for the candidate
    `parent_ids`, or None."""
    if not skill_ids:
        return None
    return (
        select(parent_column.label("parent_id"), func.count().label("hits"))
        .where(RequiredSkill.esco_skill_id.in_(skill_ids), parent_column.in_(parent_ids))
        .group_by(parent_column)
        .subquery()
    )


def _candidates(model, edition_id, region):
    """The ids of the edition's rows that can be shown: of the region or nationwide. The skill
    counts (regular expressions over text) are computed for these only."""
    stmt = select(model.id).where(model.edition_id == edition_id)
    if region:
        stmt = stmt.where(queries.in_region(model.regions, region))
    return stmt


def _ranked_ids(model, edition_id, query, exact, group, trade, skills, others, extra=None):
    """The best LIMIT rows of the edition as a subquery (id, reason flags, score): the scores
    are computed on the entry rows alone, the text is joined to the LIMIT rows only. `trade`:
    the row's unit group is one the skills words name (taxonomy.trades), or None."""
    stmt = select(model.id).where(model.edition_id == edition_id)
    hit_columns = []
    for name, hits in (("skill_hits", skills), ("other_hits", others)):
        if hits is None:
            hit_columns.append(literal(0).label(name))
            continue
        stmt = stmt.outerjoin(hits, hits.c.parent_id == model.id)
        hit_columns.append(func.coalesce(hits.c.hits, 0).label(name))
    region = query.region
    in_region = model.regions.contains([region]) if region else literal(False)
    nationwide = func.cardinality(model.regions) == 0 if region else literal(False)
    flags = {
        "is_exact": exact,
        "is_group": group,
        "is_trade": trade if trade is not None else literal(False),
        "in_region": in_region,
        "nationwide": nationwide,
    }
    skill_hits, other_hits = (column.element for column in hit_columns)
    score = (
        case((exact, 100), (group, 50), else_=0)
        + (case((trade, TRADE_SCORE), else_=0) if trade is not None else literal(0))
        + case((in_region, 20), (nationwide, 10), else_=0)
        + skill_hits * 15
        + other_hits * 10
        + (extra if extra is not None else literal(0))
    )
    if region:
        stmt = stmt.where(queries.in_region(model.regions, region))
    if query.occupation or skills is not None or others is not None or trade is not None:
        trade_hit = trade if trade is not None else literal(False)
        stmt = stmt.where(or_(group, trade_hit, skill_hits > 0, other_hits > 0))
    stmt = stmt.add_columns(
        *(value.label(name) for name, value in flags.items()), *hit_columns, score.label("score")
    )
    return stmt.order_by(score.desc(), model.id).limit(LIMIT).subquery()


def _fetch(statement, model, ranked) -> list:
    stmt = statement.join(ranked, ranked.c.id == model.id).add_columns(
        *(column for column in ranked.c if column.name != "id")
    )
    stmt = stmt.order_by(ranked.c.score.desc(), model.id)
    return [entries.Row(dict(row._mapping)) for row in db.session.execute(stmt)]


def _demand(edition_id, query, words, skill_ids, locale, trades=()):
    occupation = query.occupation
    candidates = _candidates(DemandEntry, edition_id, query.region)
    level = case(
        *((DemandEntry.demand_level == code, weight) for code, weight in DEMAND_WEIGHT.items()),
        else_=0,
    )
    ranked = _ranked_ids(
        DemandEntry,
        edition_id,
        query,
        DemandEntry.isco_code == occupation if occupation else literal(False),
        entries.isco_range(occupation[:3], DemandEntry.isco_code) if occupation else literal(False),
        DemandEntry.isco_code.in_(list(trades)) if trades else None,
        _skill_hits(RequiredSkill.demand_entry_id, candidates, skill_ids),
        _other_skill_hits(DemandEntryText, "entry_id", candidates, words),
        level,
    )
    statement, _text = entries.demand_statement(locale)
    return entries.complete_demand(_fetch(statement, DemandEntry, ranked), locale)


def _opportunities(edition_id, query, words, skill_ids, locale, trades=()):
    occupation = query.occupation
    candidates = _candidates(BusinessOpportunity, edition_id, query.region)
    group = [f"{occupation[:3]}{digit}" for digit in "0123456789"] if occupation else []
    ranked = _ranked_ids(
        BusinessOpportunity,
        edition_id,
        query,
        BusinessOpportunity.occupations.contains([occupation]) if occupation else literal(False),
        BusinessOpportunity.occupations.overlap(group) if occupation else literal(False),
        BusinessOpportunity.occupations.overlap(list(trades)) if trades else None,
        _skill_hits(RequiredSkill.opportunity_id, candidates, skill_ids),
        _other_skill_hits(BusinessOpportunityText, "opportunity_id", candidates, words),
    )
    statement, _text = entries.opportunity_statement(locale)
    rows = _fetch(statement, BusinessOpportunity, ranked)
    return entries.complete_opportunities(rows, locale)


def trade_name(row, trades) -> str:
    """The name of the row's occupation that the person's words named: the demand entry's
    unit group, or an opportunity's first fitting one (its title, else its code)."""
    if "isco_code" in row.values:
        code, title = row.isco_code, row.isco_title
    else:
        fitting = [(code, title) for code, title in row.occupations if code in trades]
        code, title = fitting[0] if fitting else ("", None)
    return title[0] if title else code


def explain(row, trades=()) -> list[str]:
    """Why a row was shown, in the page's language."""
    reasons = []
    if row.is_exact:
        reasons.append(_("matches your occupation"))
    elif row.is_group:
        reasons.append(_("close to your occupation (same occupation group)"))
    if row.is_trade:
        reasons.append(_("your trade: %(occupation)s", occupation=trade_name(row, trades)))
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


def _plan_for_values(on: bool) -> None:
    """Plan the next statements for their actual values (on), or back to the default.

    psycopg prepares statements that repeat, and after five runs PostgreSQL may keep one
    generic plan. With skill words, the ranking statements' best plan depends on the words and
    the skills: their generic plan was twice as slow (15 vs 7 ms at 10,000 entries). SET LOCAL
    keeps it to this request's transaction; other statements keep their cached plans."""
    mode = "force_custom_plan" if on else "auto"
    db.session.execute(text(f"SET LOCAL plan_cache_mode = {mode}"))


def explore(query, locale: str) -> Answer:
    """The explorer's answer for a valid query (country set)."""
    country = query.country
    editions = queries.current_editions(locale, [country])
    answer = Answer(editions=editions, words=skill_words(query.skills))
    skill_ids = _matched_skills(answer.words)
    answer.trades = unit_groups_for(query.skills) if query.skills else []
    labour = editions.get((country, GuideKind.LABOUR_MARKET))
    business = editions.get((country, GuideKind.BUSINESS))
    if answer.words:
        _plan_for_values(True)
    if labour:
        answer.demand = _demand(labour.id, query, answer.words, skill_ids, locale, answer.trades)
    if business:
        answer.opportunities = _opportunities(
            business.id, query, answer.words, skill_ids, locale, answer.trades
        )
    if answer.words:
        _plan_for_values(False)
    for row in answer.demand + answer.opportunities:
        row.reasons = explain(row, answer.trades)
    answer.programmes = _programmes(country, query.region, answer.opportunities, locale)
    themes = practice_themes(query.occupation, answer.demand, answer.opportunities)
    answer.practices = queries.related_practices(country, themes, locale)
    answer.remittance_url = remittance_url(country)
    return answer
