"""Reading good practices for the managers' pages: one SELECT per list page plus one for the
locales that have text."""

from sqlalchemy import func, select

from returnsvc.core.paging import cut_page
from returnsvc.extensions import db
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice

PAGE_SIZE = 50


def list_practices(locale: str, *, country="", theme="", status="", page=1):
    """(rows, has_more, locales) like programmes.queries.list_programmes. A practice with no
    countries applies to all, so it is listed under every country filter."""
    stmt, text = PRACTICE_TEXT.joined(select(GoodPractice), GoodPractice.id, locale)
    stmt = stmt.add_columns(text.title, text.text_locale)
    if country:
        stmt = stmt.where(
            GoodPractice.countries.contains([country])
            | (func.cardinality(GoodPractice.countries) == 0)
        )
    if theme:
        stmt = stmt.where(GoodPractice.themes.contains([theme]))
    if status:
        stmt = stmt.where(GoodPractice.status == status)
    stmt = (
        stmt.order_by(text.title, GoodPractice.id)
        .limit(PAGE_SIZE + 1)
        .offset((page - 1) * PAGE_SIZE)
    )
    rows, has_more = cut_page(db.session.execute(stmt), PAGE_SIZE)
    locales = PRACTICE_TEXT.locales_of(row.GoodPractice.id for row in rows) if rows else {}
    return rows, has_more, locales
