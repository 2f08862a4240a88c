"""Reference data for staff: the pickers' JSON search, the ISCO-08 browse, and the admin's page
of what is loaded and how to load the official files.

The JSON endpoints answer in the current locale (labels fall back to the other language, and
say so with `label_locale`). Bad input never fails: an empty, too long or odd query is folded
and cut by the search (taxonomy.search.normalise_query) and answers an empty list at worst.
"""

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import get_locale

from returnsvc.core.paging import number_arg
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.taxonomy import queries

bp = Blueprint("taxonomy", __name__, url_prefix="/taxonomy")

DEFAULT_LIMIT = 20


def current_locale() -> str:
    return str(get_locale())


def _limit() -> int:
    """`?limit=` when it is a number, at most MAX_LIMIT; else the default (junk is not worth
    a 400)."""
    limit = number_arg("limit")
    return min(limit, queries.MAX_LIMIT) if limit else DEFAULT_LIMIT


def _hits_response(search):
    query = request.args.get("q", "")
    locale = current_locale()
    hits = search(query, locale, limit=_limit())
    return jsonify(
        query=queries.normalise_query(query),
        locale=locale,
        hits=[hit.as_json() for hit in hits],
    )


@bp.route("/occupations")
@require_permission(Permission.SEARCH_TAXONOMY)
def occupations():
    """ISCO-08 unit groups and ESCO occupations for the occupation picker (`?q=`)."""
    return _hits_response(queries.search_occupations)


@bp.route("/skills")
@require_permission(Permission.SEARCH_TAXONOMY)
def skills():
    """ESCO skills for the skill picker (`?q=`)."""
    return _hits_response(queries.search_skills)


@bp.route("/")
@require_permission(Permission.VIEW_REFERENCE_DATA)
def index():
    return render_template("taxonomy/index.html", counts=queries.taxonomy_counts())


@bp.route("/isco")
@require_permission(Permission.SEARCH_TAXONOMY)
def isco_index():
    return render_template(
        "taxonomy/isco_index.html", groups=queries.isco_major_groups(current_locale())
    )


@bp.route("/isco/<code>")
@require_permission(Permission.SEARCH_TAXONOMY)
def isco_group(code: str):
    page = queries.isco_group_page(code, current_locale())
    if page is None:
        abort(404)
    return render_template("taxonomy/isco_group.html", page=page)
