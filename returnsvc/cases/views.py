"""Case list, case page (summary and timeline), stages, assignment, transfers, access log."""

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.cases import queries
from returnsvc.cases.loaders import CaseClosed, viewed_case
from returnsvc.cases.tabs import case_tabs
from returnsvc.cases.visibility import can_work_on
from returnsvc.core.errors import render_error
from returnsvc.core.permissions import Permission, require_permission

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.app_context_processor
def case_helpers():
    return {
        "case_tabs": case_tabs,
        "can_work_on": lambda case: can_work_on(case, current_user),
    }


@bp.app_errorhandler(CaseClosed)
def case_closed(error: CaseClosed):
    return render_error(409, _l("Reopen it before making changes."), title=_l("This case is closed"))


@bp.route("/")
@require_permission(Permission.VIEW_CASES)
def index():
    return render_template("cases/index.html", rows=queries.case_list_page(current_user))


@bp.route("/<int:case_id>")
@require_permission(Permission.VIEW_CASES)
def detail(case_id: int):
    case = viewed_case(case_id, "summary")
    return render_template("cases/detail.html", case=case,
                           timeline=queries.case_timeline(case, current_user))
