"""Reading support programmes for the managers' pages: bounded statements per page (the list
is one SELECT with texts, one for the locales that have text, and one per registered link
source for the link counts: programmes.links)."""

from sqlalchemy import select

from returnsvc.core.paging import cut_page
from returnsvc.extensions import db
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme

PAGE_SIZE = 50


def list_programmes(locale: str, *, country="", kind="", status="", page=1):
    """(rows, has_more, locales): rows have the programme, `name` in `locale` or the other
    language and `text_locale`; `locales` maps id -> locales with text, for the "not yet
    translated" markers."""
    stmt, text = PROGRAMME_TEXT.joined(select(SupportProgramme), SupportProgramme.id, locale)
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
    rows, has_more = cut_page(db.session.execute(stmt), PAGE_SIZE)
    locales = PROGRAMME_TEXT.locales_of(row.SupportProgramme.id for row in rows) if rows else {}
    return rows, has_more, locales
