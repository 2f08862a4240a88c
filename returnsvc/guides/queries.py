"""Reads for the managers' guide pages, each a fixed number of statements whatever the
number of editions or entries (QUALITY.md: bounded SQL per page)."""

from dataclasses import dataclass

from sqlalchemy import func, select

from returnsvc.core.countries import ORIGINS
from returnsvc.core.paging import cut_page
from returnsvc.core.permissions import require_content_country
from returnsvc.extensions import db
from returnsvc.guides.models import (
    DEMAND_TEXT,
    EDITION_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
    GuideEdition,
    GuideEditionText,
    GuideKind,
    RequiredSkill,
    opportunity_programme,
)
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme
from returnsvc.publishing.models import PublicationStatus
from returnsvc.taxonomy import queries as taxonomy

INDEX_LIMIT = 200  # editions are few (4 countries x 2 kinds x a few years); a cap, not a page


def edition_or_404(edition_id: int) -> GuideEdition:
    """The edition, draft or published (managers see both); 404 when there is none."""
    return db.get_or_404(GuideEdition, edition_id)


def edition_to_change(edition_id: int) -> GuideEdition:
    """The edition for a page that changes it or its entries (edit, copy, publish, delete,
    entries, CSV import): 404 when there is none, 403 (audited) when it is of a country whose
    content the user may not change (a manager changes their own country's only)."""
    edition = edition_or_404(edition_id)
    require_content_country(edition.country, target=edition)
    return edition


def _locales(model, key_column, parent_id):
    """The locales that have text, as an array, for one row of a list."""
    return (
        select(func.array_agg(model.locale))
        .where(getattr(model, key_column) == parent_id)
        .scalar_subquery()
    )


def list_editions(locale: str, *, country="", kind=None, status=None) -> list:
    """Editions (newest first) with their title in `locale` (or the other language), the
    locales that have text and the number of entries: one statement."""
    demand = select(func.count()).where(DemandEntry.edition_id == GuideEdition.id)
    business = select(func.count()).where(BusinessOpportunity.edition_id == GuideEdition.id)
    stmt, text = EDITION_TEXT.joined(select(GuideEdition), GuideEdition.id, locale)
    stmt = stmt.add_columns(
        text.title,
        text.text_locale,
        _locales(GuideEditionText, "edition_id", GuideEdition.id).label("locales"),
        (demand.scalar_subquery() + business.scalar_subquery()).label("entries"),
    )
    if country:
        stmt = stmt.where(GuideEdition.country == country)
    if kind is not None:
        stmt = stmt.where(GuideEdition.kind == kind)
    if status is not None:
        stmt = stmt.where(GuideEdition.status == status)
    stmt = stmt.order_by(
        GuideEdition.edition_date.desc(), GuideEdition.country, GuideEdition.id.desc()
    ).limit(INDEX_LIMIT)
    return db.session.execute(stmt).all()


@dataclass
class EntryRow:
    entry: object
    title: str  # opportunities: their title; demand entries: the occupation's title
    title_locale: str | None
    locales: list[str]
    skills: int


def _entry_statement(model, table, locale):
    skill_parent = (
        RequiredSkill.demand_entry_id if model is DemandEntry else RequiredSkill.opportunity_id
    )
    skills = select(func.count()).where(skill_parent == model.id).scalar_subquery()
    stmt, text = table.joined(select(model), model.id, locale)
    title = text.title if "title" in table.fields else None
    return stmt.add_columns(
        title if title is not None else text.text_locale,
        text.text_locale,
        _locales(table.model, table.parent_key, model.id).label("locales"),
        skills.label("skills"),
    )


ENTRIES_PER_PAGE = 100


def edition_entries(edition: GuideEdition, locale: str, after: str = "") -> tuple[list, str]:
    """One page of the edition's entries in key order (those with a key after `after`), with
    titles, translated locales and skill counts, and the key to continue after ("" on the last
    page): two statements (the entries, then the ISCO titles of demand entries). Keyset paging
    on the (edition, key) unique index, so a page costs the same at any depth."""
    if edition.kind is GuideKind.LABOUR_MARKET:
        model, table = DemandEntry, DEMAND_TEXT
    else:
        model, table = BusinessOpportunity, OPPORTUNITY_TEXT
    stmt = _entry_statement(model, table, locale).where(model.edition_id == edition.id)
    if after:
        stmt = stmt.where(model.key > after)
    rows = db.session.execute(stmt.order_by(model.key).limit(ENTRIES_PER_PAGE + 1))
    rows, has_more = cut_page(rows, ENTRIES_PER_PAGE)
    next_after = rows[-1][0].key if has_more else ""
    return _entry_rows(model, rows, locale), next_after


def entry_total(edition: GuideEdition) -> int:
    model = DemandEntry if edition.kind is GuideKind.LABOUR_MARKET else BusinessOpportunity
    return db.session.scalar(select(func.count()).where(model.edition_id == edition.id))


def _entry_rows(model, rows, locale: str) -> list[EntryRow]:
    if model is DemandEntry:
        titles = taxonomy.isco_titles({row[0].isco_code for row in rows}, locale, with_locale=True)
        return [
            EntryRow(
                row[0],
                *titles.get(row[0].isco_code, (row[0].isco_code, None)),
                sorted(row.locales or ()),
                row.skills,
            )
            for row in rows
        ]
    return [
        EntryRow(row[0], row[1] or row[0].key, row[2], sorted(row.locales or ()), row.skills)
        for row in rows
    ]


def entry_skills(entry, locale: str) -> list[tuple[int, str, str]]:
    """(ESCO skill id, label, label locale) of the skills the entry requires."""
    parent = (
        RequiredSkill.demand_entry_id
        if isinstance(entry, DemandEntry)
        else RequiredSkill.opportunity_id
    )
    ids = db.session.scalars(
        select(RequiredSkill.esco_skill_id).where(parent == entry.id).order_by(RequiredSkill.id)
    ).all()
    labels = taxonomy.skill_labels(ids, locale, with_locale=True)
    return [(i, *labels.get(i, (str(i), locale))) for i in ids]


def country_programmes(country: str, locale: str) -> list:
    """(id, name, is draft) of the support programmes of a country, for the checkboxes."""
    stmt, text = PROGRAMME_TEXT.joined(
        select(SupportProgramme.id, SupportProgramme.status), SupportProgramme.id, locale
    )
    stmt = stmt.add_columns(text.name).where(SupportProgramme.country == country)
    return [
        (row.id, row.name or f"#{row.id}", row.status.value == "draft")
        for row in db.session.execute(stmt.order_by(text.name))
    ]


def linked_programmes(opportunity_id: int) -> list[int]:
    """The ids of the support programmes an opportunity links to."""
    return list(
        db.session.scalars(
            select(opportunity_programme.c.programme_id).where(
                opportunity_programme.c.opportunity_id == opportunity_id
            )
        )
    )


def current_edition_ids(countries=ORIGINS):
    """A subquery of the ids of the current (newest published) editions of `countries`, both
    kinds: the public pages, the explorer and matching read the same editions."""
    return (
        select(GuideEdition.id)
        .where(
            GuideEdition.status == PublicationStatus.PUBLISHED,
            GuideEdition.country.in_(list(countries)),
        )
        .order_by(
            GuideEdition.country,
            GuideEdition.kind,
            GuideEdition.edition_date.desc(),
            GuideEdition.id.desc(),
        )
        .distinct(GuideEdition.country, GuideEdition.kind)
    )
