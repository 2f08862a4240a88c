"""CSV import and export of guide editions (stub: being built)."""

from flask import Blueprint, abort

from returnsvc.core.permissions import Permission, require_permission

bp = Blueprint("guide_files", __name__, url_prefix="/manage/guides")


@bp.route("/<int:edition_id>/export.csv")
@require_permission(Permission.MANAGE_GUIDES)
def export_edition(edition_id: int):
    abort(404)


@bp.route("/<int:edition_id>/import", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_GUIDES)
def import_edition(edition_id: int):
    abort(404)


@bp.route("/csv-format")
@require_permission(Permission.MANAGE_GUIDES)
def help():
    abort(404)
