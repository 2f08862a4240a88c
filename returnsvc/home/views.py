"""The landing page, each role's home, the language switch and the health check."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from returnsvc.auth.sessions import account_of
from returnsvc.cases.queries import case_counts_by_stage
from returnsvc.cases.stages import ORDER as STAGE_ORDER
from returnsvc.core.clock import viewer_zone_label
from returnsvc.core.forms import show_refusal
from returnsvc.core.i18n import SESSION_KEY
from returnsvc.core.permissions import Permission, has_permission, public, require_permission
from returnsvc.core.refusals import Refusal
from returnsvc.core.security import safe_next
from returnsvc.home import queries, services
from returnsvc.home.dashboard import counsellor_dashboard
from returnsvc.home.forms import LanguageForm, OwnTimeZoneForm

bp = Blueprint("home", __name__)


@bp.route("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    return render_template("home/index.html")


@bp.route("/home")
@require_permission(Permission.VIEW_HOME)
def home():
    """Each block is there for those whose role has its permission (core.permissions)."""
    user = current_user._get_current_object()
    if has_permission(user, Permission.FOLLOW_OWN_CASE):
        return redirect(url_for("portal.home"))  # a returnee's home is their portal
    dashboard = None
    if has_permission(user, Permission.WORK_ON_CASES):
        dashboard = counsellor_dashboard(user)
    caseload = None
    if has_permission(user, Permission.VIEW_CASELOAD_FIGURES):
        counts = case_counts_by_stage(user)
        caseload = [(stage, counts.get(stage, 0)) for stage in STAGE_ORDER]
    admin_figures = None
    if has_permission(user, Permission.MANAGE_USERS):
        admin_figures = {"users": queries.users_by_role(), "offices": queries.offices_by_country()}
    return render_template(
        "home/home.html", dashboard=dashboard, caseload=caseload, admin_figures=admin_figures
    )


@bp.route("/language", methods=["POST"])
@public
def set_language():
    """Switch language (POST: it changes state). Remembered in the session, and on the
    account when signed in."""
    form = LanguageForm()
    target = safe_next(form.next.data, url_for("home.index"))
    if form.validate_on_submit():
        locale = form.locale.data
        session[SESSION_KEY] = locale
        if current_user.is_authenticated:
            services.set_preferred_locale(account_of(current_user), locale)
    return redirect(target)


@bp.route("/account/time-zone", methods=["GET", "POST"])
@require_permission(Permission.CHANGE_OWN_PASSWORD)  # everyone signed in manages their account
def time_zone():
    """The person's own time zone ("my own time zone"; empty: their office's)."""
    account = account_of(current_user)
    office_zone = account.office.time_zone if account.office is not None else None
    form = OwnTimeZoneForm(office_zone=office_zone)
    if request.method == "GET":
        form.time_zone.data = account.time_zone or ""
    if form.validate_on_submit():
        try:
            services.set_own_time_zone(account, form.time_zone.data)
        except Refusal as error:
            show_refusal(form, error)
        else:
            return redirect(url_for("home.time_zone"))
    return render_template("home/time_zone.html", form=form, zone=viewer_zone_label())


@bp.route("/healthz")
@public
def healthz():
    """Liveness for load balancers and the benchmark's baseline: no database, no template."""
    return {"status": "ok", "version": current_app.config.get("VERSION", "0.1.0")}
