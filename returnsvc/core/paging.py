"""Page numbers from the query string: anything odd means the first page, never an error."""

from flask import request

MAX_PAGE = 99_999


def page_number() -> int:
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and 0 < int(page) <= MAX_PAGE else 1
