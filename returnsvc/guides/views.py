"""Managers maintain guide editions and their entries (stub: being built)."""

from flask import Blueprint, abort

from returnsvc.core.permissions import Permission, require_permission

bp = Blueprint("guides", __name__, url_prefix="/manage/guides")


@bp.route("/")
@require_permission(Permission.MANAGE_GUIDES)
def index():
    abort(404)


@bp.route("/<int:edition_id>")
@require_permission(Permission.MANAGE_GUIDES)
def edition(edition_id: int):
    abort(404)
