"""The opportunity explorer: what in a country's current guides fits a person's occupation,
region and skills, ranked by the one scorer the Matches tab uses and explained in plain words.

The visitor's input becomes an anonymous scorer Profile (`anonymous_profile`): the chosen
occupation and the unit groups the words name (taxonomy.trades) as occupations without years;
the ESCO skills whose label (either language) has a word starting with one of theirs, by URI;
the entries' own-words skill lines (folded) that contain one of the words; the region as the
one preferred. Nothing else: no experience, education or capital is asked for, so none is
assumed. matching.entries.rank_entries ranks the country's current entries with it (entries
of other regions left out, nationwide kept), so the explorer and the Matches tab rank the same
input identically (a test holds them equal); the best LIMIT of each kind are read for display
and explained with matching.explain.

The statement count does not grow with the entries: the editions, the skill labels and the
trade labels the words match, the current editions' content versions (the scorer's entries come
from guide_inputs' memory while those are unchanged), the weights, then per kind the shown rows
and their details, the names the explanations use, then programmes and practices.
"""

import re
from dataclasses import dataclass, field, replace

from flask import current_app, url_for
from flask_babel import ngettext
from sqlalchemy import literal, or_, select

from returnsvc.core.text import fold
from returnsvc.explorer import entries, queries
from returnsvc.extensions import db
from returnsvc.guides.models import BusinessOpportunity, DemandEntry, RequiredSkill
from returnsvc.matching import guide_inputs, scorer_inputs, scoring
from returnsvc.matching.entries import rank_entries
from returnsvc.matching.explain import Names, gap_text, reason_text
from returnsvc.practices.models import PracticeTheme
from returnsvc.programmes.models import SupportProgramme
from returnsvc.taxonomy.models import EscoSkill, EscoSkillLabel
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

# Reasons that only say a requirement is absent ("no particular skill asked for"): true of most
# entries, they would bury the reasons that tell entries apart.
QUIET_REASONS = frozenset(
    ("skills.none_required", "recognition.not_required", "training.not_required",
     "capital.no_range")
)  # fmt: skip
# What is missing, of what the explorer asks: the trade (when one was given), the skills (when
# some were described) and recognition (a fact of the entry, whoever reads it). Experience,
# education, capital, certificates and the region of other entries are not asked for: the
# scorer counts them as unknown, the page does not claim the visitor lacks them (the entry's
# details say what it requires).
RECOGNITION_GAPS = frozenset(("recognition.start", "recognition.wait"))
MAX_MISSING_SKILLS = 3
KINDS = ("demand", "opportunity")


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
    profile: scorer_inputs.Profile | None = None  # what the rows were ranked with
    remittance_url: str | None = None


def matched_skill_uris(words: list[str]) -> frozenset[str]:
    """The ESCO URIs of the skills required by some guide entry whose label (either language)
    has a word starting with one of `words`: the labels through their trigram index, then one
    probe of the required-skill index each. One statement."""
    if not words:
        return frozenset()
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
    ids = (
        select(EscoSkillLabel.skill_id)
        .where(or_(*matches), required.exists())
        .distinct()
        .limit(MAX_SKILLS)
    )
    stmt = select(EscoSkill.uri).where(EscoSkill.id.in_(ids.scalar_subquery()))
    return frozenset(db.session.scalars(stmt))


def own_words_of(words: list[str], loaded: dict[str, list]) -> frozenset[str]:
    """The entries' own-words skill lines (already folded) that contain one of `words`: each
    distinct line is read once, however many entries share it."""
    if not words:
        return frozenset()
    lines = set()
    for pairs in loaded.values():
        for _id, entry in pairs:
            lines.update(getattr(entry, "own_words", ()))
    return frozenset(line for line in lines if any(word in line for word in words))


def anonymous_profile(
    query, words: list[str], trades, loaded: dict[str, list], skills: frozenset[str]
) -> scorer_inputs.Profile:
    """The scorer's Profile of the explorer's input: occupations without years (the chosen
    one, then the unit groups the words name), the matched ESCO `skills`, the own-words lines
    the words are in, the region as preferred. Nothing else is known of the visitor."""
    codes = ([query.occupation] if query.occupation else []) + list(trades)
    return scorer_inputs.Profile(
        occupations=tuple((code, None) for code in dict.fromkeys(codes)),
        skills=skills,
        own_words=own_words_of(words, loaded),
        preferred_regions=frozenset((query.region,)) if query.region else frozenset(),
    )


def _shown_rows(kind: str, ranked, locale: str) -> list:
    """The ranked entries as the page shows them, in rank order: one statement for the rows,
    then their details (entries.complete_demand / complete_opportunities)."""
    if not ranked:
        return []
    ids = [item.entry_id for item in ranked]
    if kind == "demand":
        statement, _text = entries.demand_statement(locale)
        statement = statement.where(DemandEntry.id.in_(ids))
    else:
        statement, _text = entries.opportunity_statement(locale)
        statement = statement.where(BusinessOpportunity.id.in_(ids))
    by_id = {row.id: entries.Row(dict(row._mapping)) for row in db.session.execute(statement)}
    rows = [by_id[entry_id] for entry_id in ids if entry_id in by_id]
    if kind == "demand":
        return entries.complete_demand(rows, locale)
    return entries.complete_opportunities(rows, locale)


def shown_part(match: scoring.Match, profile: scorer_inputs.Profile, words) -> tuple:
    """(the match with only the reasons and gaps the page shows, how many missing skills are
    left unnamed): the reasons that tell entries apart, and, shorter, what is missing of what
    the visitor told (QUIET_REASONS, RECOGNITION_GAPS), at most MAX_MISSING_SKILLS skills.
    Names are then looked up for these only."""
    reasons = tuple(r for r in match.reasons if r.code not in QUIET_REASONS)
    gaps, skills = [], []
    for gap in match.gaps:
        if gap.code == "occupation.unrelated" and profile.occupations:
            gaps.append(gap)
        elif gap.code == "skill.missing" and words:
            skills.append(gap)
        elif gap.code in RECOGNITION_GAPS:
            gaps.append(gap)
    shown = replace(match, reasons=reasons, gaps=(*gaps, *skills[:MAX_MISSING_SKILLS]))
    return shown, max(len(skills) - MAX_MISSING_SKILLS, 0)


def explain(match: scoring.Match, more: int, names: Names, lines=()) -> tuple[list, list]:
    """(reasons, gaps) of a shown part of a match in the page's language, through
    matching.explain. `lines`: the entry's own-words skills as shown, so a missing one is named
    as written ("repostería"), not in the scorer's folded form."""
    as_written = {scorer_inputs.fold(line): line for line in lines}
    gaps = []
    for gap in match.gaps:
        text = gap.params.get("text")
        if gap.code == "skill.missing" and text in as_written:
            gap = scoring.Gap(gap.code, {"text": as_written[text]})
        gaps.append(gap_text(gap, names))
    if more:
        gaps.append(ngettext("%(num)d more skill", "%(num)d more skills", more))
    return [reason_text(reason, names) for reason in match.reasons], gaps


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


def _load_entries(country: str, locale: str) -> dict[str, tuple]:
    """{kind: ((id, the scorer's entry), ...)} of the country's current editions, for the
    profile's own words and the ranking alike: one statement for the editions' content versions,
    the entries from guide_inputs' memory while they are unchanged (read again, one statement
    per kind, when they change)."""
    stamps = guide_inputs.current_stamps(country)
    return {kind: guide_inputs.current_entries(kind, country, locale, stamps) for kind in KINDS}


def explore(query, locale: str) -> Answer:
    """The explorer's answer for a valid query (country set)."""
    country = query.country
    editions = queries.current_editions(locale, [country])
    answer = Answer(editions=editions, words=skill_words(query.skills))
    answer.trades = unit_groups_for(query.skills) if query.skills else []
    skills = matched_skill_uris(answer.words)
    loaded = _load_entries(country, locale)
    answer.profile = profile = anonymous_profile(query, answer.words, answer.trades, loaded, skills)
    # Asked about a trade or skills, the explorer shows only what is in that field (the order
    # of what it shows is the Matches tab's).
    ranked = rank_entries(
        profile, country, region=query.region, limit=LIMIT, locale=locale, entries=loaded,
        related_only=bool(profile.occupations or profile.skills or profile.own_words),
    )  # fmt: skip
    shown = {
        kind: {item.entry_id: shown_part(item.match, profile, answer.words) for item in items}
        for kind, items in ranked.items()
    }
    parts = [part for found in shown.values() for part, _more in found.values()]
    names = Names.of(parts, locale) if parts else Names()
    rows = {}
    for kind, items in ranked.items():
        rows[kind] = _shown_rows(kind, items, locale)
        for row in rows[kind]:
            part, more = shown[kind][row.id]
            row.reasons, row.gaps = explain(part, more, names, row.other_skill_lines)
    answer.demand, answer.opportunities = rows["demand"], rows["opportunity"]
    answer.programmes = _programmes(country, query.region, answer.opportunities, locale)
    themes = practice_themes(query.occupation, answer.demand, answer.opportunities)
    answer.practices = queries.related_practices(country, themes, locale)
    answer.remittance_url = remittance_url(country)
    return answer
