"""Reads behind the public guide pages: current editions, earlier editions, support
programmes and good practices. Only published content is returned, except where a caller asks
for an edition preview (managers).

"Current" edition = the latest published edition per country and kind by edition date (then
id, so two editions of the same day have a stable winner). Every list is one statement
whatever the number of rows; translated text comes through TranslationTable.joined, with
`text_locale` telling which language the text is in.
"""

from dataclasses import dataclass
from functools import cache

from sqlalchemy import case, func, literal, select

from returnsvc.core.countries import ORIGINS
from returnsvc.core.paging import cut_page
from returnsvc.extensions import db
from returnsvc.guides.models import (
    EDITION_TEXT,
    BusinessOpportunity,
    DemandEntry,
    GuideEdition,
    GuideKind,
    opportunity_programme,
)
from returnsvc.guides.queries import current_edition_ids
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme
from returnsvc.publishing.models import PublicationStatus

PUBLISHED = PublicationStatus.PUBLISHED
PROGRAMMES_PER_PAGE = 30
PRACTICES_PER_PAGE = 20


@dataclass(frozen=True)
class Edition:
    id: int
    country: str
    kind: GuideKind
    edition_date: object
    is_published: bool
    title: str | None
    source: str | None
    summary: str | None
    text_locale: str | None
    entries: int = 0


@cache  # built once per locale: building the joins costs more than running them
def _edition_statement(locale: str):
    stmt, text = EDITION_TEXT.joined(select(GuideEdition), GuideEdition.id, locale)
    return stmt.with_only_columns(
        GuideEdition.id,
        GuideEdition.country,
        GuideEdition.kind,
        GuideEdition.edition_date,
        GuideEdition.status,
        *text.all(),
    )


def _edition(row, entries: int = 0) -> Edition:
    return Edition(
        id=row.id,
        country=row.country,
        kind=row.kind,
        edition_date=row.edition_date,
        is_published=row.status == PUBLISHED,
        title=row.title,
        source=row.source,
        summary=row.summary,
        text_locale=row.text_locale,
        entries=entries,
    )


def _entry_count(kind_model):
    return (
        select(func.count())
        .select_from(kind_model)
        .where(kind_model.edition_id == GuideEdition.id)
        .scalar_subquery()
    )


def current_editions(locale: str, countries=ORIGINS) -> dict[tuple[str, GuideKind], Edition]:
    """{(country, kind): the current edition, with its number of entries}: one statement (the
    counts run over the current editions' own rows only, through the (edition_id, key) index)."""
    ids = current_edition_ids(countries).subquery()
    count = func.coalesce(
        func.nullif(_entry_count(DemandEntry), 0), _entry_count(BusinessOpportunity)
    )
    stmt = _edition_statement(locale).add_columns(count.label("entries"))
    rows = db.session.execute(stmt.where(GuideEdition.id.in_(select(ids.c.id)))).all()
    return {(row.country, row.kind): _edition(row, row.entries) for row in rows}


def published_editions(country: str, kind: GuideKind, locale: str) -> list[Edition]:
    """Every published edition of a country's guide, newest first (the first is current)."""
    stmt = _edition_statement(locale).where(
        GuideEdition.country == country, GuideEdition.kind == kind, GuideEdition.status == PUBLISHED
    )
    rows = db.session.execute(
        stmt.order_by(GuideEdition.edition_date.desc(), GuideEdition.id.desc()).limit(100)
    ).all()
    return [_edition(row) for row in rows]


def edition(edition_id: int, locale: str) -> Edition | None:
    """One edition, published or not (the view decides who may see a draft)."""
    row = db.session.execute(
        _edition_statement(locale).where(GuideEdition.id == edition_id)
    ).first()
    return _edition(row) if row else None


@dataclass(frozen=True)
class Programme:
    id: int
    country: str
    kind: object
    provider: str
    regions: list
    contact: str
    name: str | None
    conditions: str | None
    description: str | None
    text_locale: str | None
    is_linked: bool = False


@cache  # built once per locale: building the joins costs more than running them
def programmes_statement(locale: str):
    stmt, text = PROGRAMME_TEXT.joined(select(SupportProgramme), SupportProgramme.id, locale)
    stmt = stmt.with_only_columns(
        SupportProgramme.id,
        SupportProgramme.country,
        SupportProgramme.kind,
        SupportProgramme.provider,
        SupportProgramme.regions,
        SupportProgramme.contact,
        *text.all(),
    )
    return stmt.where(SupportProgramme.status == PUBLISHED), text


def in_region(column, region: str | None):
    """Rows of `region` and nationwide rows (no regions listed)."""
    return column.contains([region]) | (func.cardinality(column) == 0)


def programmes(country: str, locale: str, *, kind=None, region=None, page=1):
    """(programmes, has_next): a page of the country's published programmes, by name."""
    stmt, text = programmes_statement(locale)
    stmt = stmt.where(SupportProgramme.country == country)
    if kind:
        stmt = stmt.where(SupportProgramme.kind == kind)
    if region:
        stmt = stmt.where(in_region(SupportProgramme.regions, region))
    stmt = stmt.order_by(text.name, SupportProgramme.id)
    stmt = stmt.limit(PROGRAMMES_PER_PAGE + 1).offset((page - 1) * PROGRAMMES_PER_PAGE)
    rows, has_next = cut_page(db.session.execute(stmt), PROGRAMMES_PER_PAGE)
    return [Programme(**row._mapping) for row in rows], has_next


def linked_programmes(opportunity_ids, locale: str) -> dict[int, list[Programme]]:
    """{opportunity id: its published programmes}, for the opportunities of one page."""
    if not opportunity_ids:
        return {}
    stmt, text = programmes_statement(locale)
    stmt = stmt.add_columns(opportunity_programme.c.opportunity_id).join(
        opportunity_programme, opportunity_programme.c.programme_id == SupportProgramme.id
    )
    stmt = stmt.where(opportunity_programme.c.opportunity_id.in_(list(opportunity_ids)))
    found: dict[int, list[Programme]] = {}
    for row in db.session.execute(stmt.order_by(text.name)):
        values = dict(row._mapping)
        found.setdefault(values.pop("opportunity_id"), []).append(Programme(**values))
    return found


@dataclass(frozen=True)
class Practice:
    id: int
    countries: list
    themes: list
    title: str | None
    summary: str | None
    body: str | None
    text_locale: str | None


@cache  # built once per locale: building the joins costs more than running them
def _practices_statement(locale: str):
    stmt, text = PRACTICE_TEXT.joined(select(GoodPractice), GoodPractice.id, locale)
    stmt = stmt.with_only_columns(
        GoodPractice.id, GoodPractice.countries, GoodPractice.themes, *text.all()
    )
    return stmt.where(GoodPractice.status == PUBLISHED), text


def practices(locale: str, *, country=None, theme=None, page=1):
    """(practices, has_next): a page of published good practices, newest first."""
    stmt, _ = _practices_statement(locale)
    if country:
        stmt = stmt.where(GoodPractice.countries.contains([country]))
    if theme:
        stmt = stmt.where(GoodPractice.themes.contains([theme]))
    stmt = stmt.order_by(GoodPractice.id.desc()).limit(PRACTICES_PER_PAGE + 1)
    stmt = stmt.offset((page - 1) * PRACTICES_PER_PAGE)
    rows, has_next = cut_page(db.session.execute(stmt), PRACTICES_PER_PAGE)
    return [Practice(**row._mapping) for row in rows], has_next


def related_practices(country: str, themes, locale: str, limit: int = 5) -> list[Practice]:
    """The country's published practices, those sharing most of `themes` first."""
    stmt, _ = _practices_statement(locale)
    overlap = sum(
        (case((GoodPractice.themes.contains([theme]), 1), else_=0) for theme in themes),
        literal(0),
    )
    stmt = stmt.where(GoodPractice.countries.contains([country]))
    stmt = stmt.order_by(overlap.desc(), GoodPractice.id.desc()).limit(limit)
    return [Practice(**row._mapping) for row in db.session.execute(stmt)]


def practice(practice_id: int, locale: str) -> Practice | None:
    stmt, _ = _practices_statement(locale)
    row = db.session.execute(stmt.where(GoodPractice.id == practice_id)).first()
    return Practice(**row._mapping) if row else None
