"""Paging: numbers and ids read from the query string, and the "is there a next page" cut.

Query strings are typed by anyone: anything odd (letters, "²", "①", "-1", a number beyond
PostgreSQL's integer) means "no value" (the first page), never an error.
"""

from flask import request

from returnsvc.core.numbers import INT_MAX, parse_id

MAX_PAGE = 99_999


def number_arg(name: str, *, maximum: int = INT_MAX) -> int | None:
    """A positive whole number from the query string written in ASCII digits, or None
    (core.numbers reads it)."""
    return parse_id(request.args.get(name), maximum=maximum)


def page_number() -> int:
    """?page=, 1 when absent or odd."""
    return number_arg("page", maximum=MAX_PAGE) or 1


def cut_page(rows, per_page: int) -> tuple[list, bool]:
    """A query fetched `per_page + 1` rows: the page, and whether there is a next one (the
    extra row says so; nothing is counted)."""
    rows = list(rows)
    return rows[:per_page], len(rows) > per_page


def keyset_page(rows, per_page: int, key=lambda row: row.id) -> tuple[list, object | None]:
    """A keyset query fetched `per_page + 1` rows: the page, and the key of its last row to
    pass as "before" for the next page (None when this is the last)."""
    page, more = cut_page(rows, per_page)
    return page, (key(page[-1]) if more and page else None)
