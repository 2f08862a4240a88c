"""Managers maintain support programmes (stub: being built)."""

from flask import Blueprint, abort

from returnsvc.core.permissions import Permission, require_permission

bp = Blueprint("programmes", __name__, url_prefix="/manage/programmes")


@bp.route("/")
@require_permission(Permission.MANAGE_GUIDES)
def index():
    abort(404)
