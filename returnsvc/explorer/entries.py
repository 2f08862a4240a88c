"""The rows of an edition as pages show them: demand entries and business opportunities with
their translated text, ISCO-08 titles, ESCO skills and (opportunities) linked programmes.

A page costs a fixed number of statements: the rows (one statement, filtered and limited in
SQL), then one statement each for the ISCO titles, the skills and the programmes of just the
rows shown.
"""

from dataclasses import dataclass, field
from functools import cache, lru_cache

from sqlalchemy import and_, select
from sqlalchemy.dialects.postgresql import array

from returnsvc.core.paging import cut_page
from returnsvc.core.text import fold
from returnsvc.explorer import queries
from returnsvc.extensions import db
from returnsvc.guides.models import (
    DEMAND_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
    RequiredSkill,
)
from returnsvc.taxonomy.models import IscoGroup
from returnsvc.taxonomy.queries import isco_titles, skill_labels

PER_PAGE = 25


@dataclass
class Row:
    """One demand entry or opportunity with what its page shows (filled after the query)."""

    values: dict
    isco_title: tuple | None = None  # (title, its locale)
    occupations: list = field(default_factory=list)  # [(code, (title, locale))]
    skills: list = field(default_factory=list)  # [(label, its locale)]
    programmes: list = field(default_factory=list)
    reasons: list = field(default_factory=list)  # the explorer's explanations: why it fits
    gaps: list = field(default_factory=list)  # and, shorter, what is missing

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def other_skill_lines(self) -> list[str]:
        lines = (self.values.get("other_skills") or "").splitlines()
        return [line.strip() for line in lines if line.strip()]


def isco_range(prefix: str, column):
    """Codes starting with `prefix` (1 to 4 digits) as a range on the 4-digit codes: all
    digits, equal length, so the order is the same in every collation and the index serves."""
    return and_(column >= prefix.ljust(4, "0"), column <= prefix.ljust(4, "9"))


@cache  # built once per locale: building the joins costs more than running them
def demand_statement(locale: str):
    stmt, text = DEMAND_TEXT.joined(select(DemandEntry), DemandEntry.id, locale)
    stmt = stmt.with_only_columns(
        DemandEntry.id,
        DemandEntry.edition_id,
        DemandEntry.key,
        DemandEntry.isco_code,
        DemandEntry.isic_section,
        DemandEntry.regions,
        DemandEntry.demand_level,
        DemandEntry.wage_min,
        DemandEntry.wage_max,
        DemandEntry.currency,
        DemandEntry.min_education,
        DemandEntry.experience_years,
        *text.all(),
    )
    return stmt, text


@cache  # built once per locale: building the joins costs more than running them
def opportunity_statement(locale: str):
    stmt, text = OPPORTUNITY_TEXT.joined(
        select(BusinessOpportunity), BusinessOpportunity.id, locale
    )
    stmt = stmt.with_only_columns(
        BusinessOpportunity.id,
        BusinessOpportunity.edition_id,
        BusinessOpportunity.key,
        BusinessOpportunity.isic_section,
        BusinessOpportunity.regions,
        BusinessOpportunity.occupations,
        BusinessOpportunity.risk_level,
        BusinessOpportunity.investment_min,
        BusinessOpportunity.investment_max,
        BusinessOpportunity.currency,
        *text.all(),
    )
    return stmt, text


def demand_page(
    edition_id: int,
    locale: str,
    *,
    region=None,
    sector=None,
    occupation=None,
    page=1,
    titles_of=(),
):
    """(rows, has_next, titles): a page of an edition's demand entries by occupation code,
    whether a next page exists, and {code: title} of the rows' occupations and of `titles_of`
    (the page's occupation filter: one lookup for both). `occupation` is an ISCO-08 code of 1
    to 4 digits."""
    stmt, _ = demand_statement(locale)
    stmt = stmt.where(DemandEntry.edition_id == edition_id)
    if region:
        stmt = stmt.where(queries.in_region(DemandEntry.regions, region))
    if sector:
        stmt = stmt.where(DemandEntry.isic_section == sector)
    if occupation:
        stmt = stmt.where(isco_range(occupation, DemandEntry.isco_code))
    stmt = stmt.order_by(DemandEntry.isco_code, DemandEntry.key)
    rows, has_next = _page_of(stmt, page)
    titles = isco_titles({row.isco_code for row in rows} | set(titles_of), locale, with_locale=True)
    return complete_demand(rows, locale, titles), has_next, titles


def opportunity_page(edition_id: int, locale: str, *, region=None, sector=None, page=1):
    """(rows, has_next): a page of an edition's business opportunities, by title."""
    stmt, text = opportunity_statement(locale)
    stmt = stmt.where(BusinessOpportunity.edition_id == edition_id)
    if region:
        stmt = stmt.where(queries.in_region(BusinessOpportunity.regions, region))
    if sector:
        stmt = stmt.where(BusinessOpportunity.isic_section == sector)
    stmt = stmt.order_by(text.title, BusinessOpportunity.id)
    rows, has_next = _page_of(stmt, page)
    return complete_opportunities(rows, locale), has_next


def _page_of(stmt, page: int) -> tuple[list[Row], bool]:
    """Page `page` of the rows of `stmt` (one row more is read: it only tells that a next page
    exists, and is neither shown nor completed)."""
    stmt = stmt.limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)
    rows, has_next = cut_page(db.session.execute(stmt), PER_PAGE)
    return [Row(dict(row._mapping)) for row in rows], has_next


def _skills_of(column, ids, locale: str) -> dict[int, list]:
    """{parent id: [(label, locale)]}: two statements (the links, then the labels)."""
    if not ids:
        return {}
    links = db.session.execute(
        select(column, RequiredSkill.esco_skill_id).where(column.in_(list(ids)))
    ).all()
    labels = skill_labels({skill for _, skill in links}, locale, with_locale=True)
    found: dict[int, list] = {}
    for parent, skill in links:
        if skill in labels:
            found.setdefault(parent, []).append(labels[skill])
    for skills in found.values():
        skills.sort()
    return found


def complete_demand(rows: list[Row], locale: str, titles: dict | None = None) -> list[Row]:
    """The rows with their occupation's title and their skills; `titles` ({code: (title,
    locale)}) when the caller has looked them up already."""
    if titles is None:
        titles = isco_titles({row.isco_code for row in rows}, locale, with_locale=True)
    skills = _skills_of(RequiredSkill.demand_entry_id, [row.id for row in rows], locale)
    for row in rows:
        row.isco_title = titles.get(row.isco_code)
        row.skills = skills.get(row.id, [])
    return rows


def complete_opportunities(rows: list[Row], locale: str) -> list[Row]:
    codes = {code for row in rows for code in row.values["occupations"]}
    titles = isco_titles(codes, locale, with_locale=True)
    ids = [row.id for row in rows]
    skills = _skills_of(RequiredSkill.opportunity_id, ids, locale)
    programmes = queries.linked_programmes(ids, locale)
    for row in rows:
        row.occupations = [(code, titles.get(code)) for code in row.values["occupations"]]
        row.skills = skills.get(row.id, [])
        row.programmes = programmes.get(row.id, [])
    return rows


def occupations_in_guides(edition_ids) -> list[str]:
    """The ISCO-08 unit groups named by the demand entries and opportunities of the editions
    (the explorer's occupation list). One statement that probes the indexes once per unit
    group (about 440 of them) instead of reading every entry of the editions."""
    editions = select(edition_ids.subquery().c.id)
    in_demand = (
        select(DemandEntry.id)
        .where(DemandEntry.isco_code == IscoGroup.code, DemandEntry.edition_id.in_(editions))
        .exists()
    )
    in_business = (
        select(BusinessOpportunity.id)
        .where(
            BusinessOpportunity.occupations.contains(array([IscoGroup.code])),
            BusinessOpportunity.edition_id.in_(editions),
        )
        .exists()
    )
    stmt = select(IscoGroup.code).where(IscoGroup.level == 4, in_demand | in_business)
    return list(db.session.scalars(stmt.order_by(IscoGroup.code)))


def is_unit_group(code: str) -> bool:
    """Whether `code` is an ISCO-08 unit group (four digits) of the stored classification."""
    return db.session.get(IscoGroup, code) is not None and len(code) == 4


def edition_occupations(edition_id: int) -> list[str]:
    """The ISCO-08 unit groups of an edition's demand entries (its page's occupation filter):
    one statement."""
    stmt = select(DemandEntry.isco_code).where(DemandEntry.edition_id == edition_id).distinct()
    return sorted(db.session.scalars(stmt))


def major_groups(codes) -> list[str]:
    return sorted({code[0] for code in codes})


def grouped_occupations(codes, locale: str, titles: dict | None = None) -> list[tuple]:
    """[(major group code, its title, [(unit group code, title)])] for a select with one
    option group per ISCO-08 major group, the members by name in the page's language (accents
    aside): one statement for all the titles, none when `titles` ({code: title or (title,
    locale)}) already holds them."""
    majors = major_groups(codes)
    if titles is None:
        titles = isco_titles([*codes, *majors], locale)
    groups = []
    for major in majors:
        members = [(code, _title(titles, code)) for code in codes if code[0] == major]
        members.sort(key=lambda member: (_sort_key(member[1]), member[0]))
        groups.append((major, _title(titles, major), members))
    return groups


@lru_cache(maxsize=4096)  # ~440 unit groups × 2 languages: folded once per process
def _sort_key(title: str) -> str:
    return fold(title)


def _title(titles: dict, code: str) -> str:
    found = titles.get(code)
    if isinstance(found, tuple):
        return found[0]
    return found or code
