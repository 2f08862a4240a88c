"""The programme-outcomes dashboard (/reports/) and the definitions of its figures (/reports/help).

Filters are in the URL (GET form, shareable, no JavaScript). Every registered figure
(cases.workspace.ReportFigure) is computed for the viewer's scope."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from returnsvc.auth.sessions import account_of
from returnsvc.cases.workspace import workspace
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.reports import figure_cache, queries
from returnsvc.reports.filters import (
    AGE_BANDS,
    countries_for,
    materialised,
    parse_filters,
    scope_of,
)
from returnsvc.reports.health import health_report
from returnsvc.returnees.models import ReturnProgramme, Sex

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _form_choices(user) -> dict:
    return {
        "countries": countries_for(user),
        "offices": queries.office_choices(user),
        "sexes": tuple(Sex),
        "age_bands": AGE_BANDS,
        "programmes": tuple(ReturnProgramme),
    }


@bp.route("/")
@require_permission(Permission.VIEW_OUTCOMES)
def dashboard():
    user = account_of(current_user)
    filters = parse_filters(request.args, user)

    def compute():
        scope = materialised(scope_of(filters, user))
        return [(figure, figure.compute(scope)) for figure in workspace().report_figures]

    computed = figure_cache.figures_for(
        user, filters, compute, fresh=request.args.get("fresh") == "1"
    )
    return render_template(
        "reports/dashboard.html",
        filters=filters,
        figures=computed.figures,
        computed=computed,
        kept_minutes=int(figure_cache.lifetime().total_seconds() // 60),
        choices=_form_choices(user),
    )


@bp.route("/help")
@require_permission(Permission.VIEW_OUTCOMES)
def help():
    return render_template("reports/help.html", figures=workspace().report_figures)


@bp.route("/health")
@require_permission(Permission.VIEW_OUTCOMES)
def health():
    """Health professionals (ISCO 221, 222, 322): the recognition of their qualifications and
    their current situation (reports.health), with the dashboard's filters."""
    user = account_of(current_user)
    filters = parse_filters(request.args, user)
    return render_template(
        "reports/health.html",
        filters=filters,
        report=health_report(scope_of(filters, user)),
        choices=_form_choices(user),
    )
