"""Reading support programmes for the managers' pages: bounded statements per page (the list
is one SELECT with texts and link counts, plus one for the locales that have text)."""

from sqlalchemy import func, select

from returnsvc.extensions import db
from returnsvc.guides.models import (
    EDITION_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    GuideEdition,
    opportunity_programme,
)
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme

PAGE_SIZE = 50


def list_programmes(locale: str, *, country="", kind="", status="", page=1):
    """(rows, has_more, locales): rows have the programme's columns, `name` in `locale` or the
    other language, `text_locale` and `links` (linked opportunities); `locales` maps id ->
    locales with text, for the "not yet translated" markers."""
    links = (
        select(opportunity_programme.c.programme_id, func.count().label("links"))
        .group_by(opportunity_programme.c.programme_id)
        .subquery()
    )
    stmt = select(SupportProgramme, func.coalesce(links.c.links, 0).label("links")).outerjoin(
        links, links.c.programme_id == SupportProgramme.id
    )
    stmt, text = PROGRAMME_TEXT.joined(stmt, SupportProgramme.id, locale)
    stmt = stmt.add_columns(text.name, text.text_locale)
    if country:
        stmt = stmt.where(SupportProgramme.country == country)
    if kind:
        stmt = stmt.where(SupportProgramme.kind == kind)
    if status:
        stmt = stmt.where(SupportProgramme.status == status)
    stmt = (
        stmt.order_by(SupportProgramme.country, text.name, SupportProgramme.id)
        .limit(PAGE_SIZE + 1)
        .offset((page - 1) * PAGE_SIZE)
    )
    rows = db.session.execute(stmt).all()
    rows, has_more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    locales = PROGRAMME_TEXT.locales_of(row.SupportProgramme.id for row in rows) if rows else {}
    return rows, has_more, locales


def linked_opportunities(programme_id: int, locale: str) -> list:
    """The business opportunities linking to a programme, each with its edition."""
    stmt = (
        select(
            BusinessOpportunity.id,
            BusinessOpportunity.key,
            GuideEdition.id.label("edition_id"),
            GuideEdition.country,
            GuideEdition.edition_date,
            GuideEdition.status,
        )
        .join(
            opportunity_programme,
            opportunity_programme.c.opportunity_id == BusinessOpportunity.id,
        )
        .join(GuideEdition, GuideEdition.id == BusinessOpportunity.edition_id)
        .where(opportunity_programme.c.programme_id == programme_id)
    )
    stmt, title = OPPORTUNITY_TEXT.joined(stmt, BusinessOpportunity.id, locale)
    stmt, edition = EDITION_TEXT.joined(stmt, GuideEdition.id, locale)
    stmt = stmt.add_columns(
        title.title.label("title"), edition.title.label("edition_title")
    ).order_by(GuideEdition.edition_date.desc(), BusinessOpportunity.key)
    return db.session.execute(stmt).all()
