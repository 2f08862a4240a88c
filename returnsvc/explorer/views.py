"""Public guide pages and the opportunity explorer (stub: being built)."""

from flask import Blueprint, abort

from returnsvc.core.permissions import public

bp = Blueprint("explorer", __name__)


@bp.route("/guides/")
@public
def index():
    abort(404)


@bp.route("/guides/edition/<int:edition_id>")
@public
def edition(edition_id: int):
    abort(404)


@bp.route("/explorer")
@public
def explore():
    abort(404)
