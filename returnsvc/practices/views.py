"""Managers maintain good practices (stub: being built)."""

from flask import Blueprint, abort

from returnsvc.core.permissions import Permission, require_permission

bp = Blueprint("practices", __name__, url_prefix="/manage/practices")


@bp.route("/")
@require_permission(Permission.MANAGE_GUIDES)
def index():
    abort(404)
