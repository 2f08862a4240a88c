"""Administrators manage PES offices and partner desks."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.countries import ALL as COUNTRY_CODES
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import roll_back_request
from returnsvc.extensions import db
from returnsvc.offices import queries, services
from returnsvc.offices.forms import OfficeForm
from returnsvc.offices.models import Office

bp = Blueprint("offices", __name__, url_prefix="/admin/offices")


def office_or_404(office_id: int) -> Office:
    return db.get_or_404(Office, office_id)


@bp.route("/")
@require_permission(Permission.MANAGE_OFFICES)
def index():
    country = request.args.get("country", "")
    if country not in COUNTRY_CODES:
        country = ""
    return render_template(
        "offices/index.html",
        rows=queries.list_offices(country),
        country=country,
        countries=COUNTRY_CODES,
    )


@bp.route("/new", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_OFFICES)
def create():
    form = OfficeForm()
    if form.validate_on_submit():
        try:
            services.create_office(form.data, actor=current_user)
        except services.OfficeError as error:
            roll_back_request()
            form.name.errors.append(error.message)
        else:
            flash(_l("Office created."), "success")
            return redirect(url_for("offices.index"))
    return render_template("offices/form.html", form=form, office=None)


@bp.route("/<int:office_id>", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_OFFICES)
def edit(office_id: int):
    office = office_or_404(office_id)
    form = OfficeForm(obj=office)
    if request.method == "GET":
        form.version.data = office.version
    if form.validate_on_submit():
        try:
            changes = services.update_office(
                office, form.data, version=form.version.data, actor=current_user
            )
        except StaleEdit:
            return conflict_response(
                form, office, back_url=url_for("offices.edit", office_id=office.id)
            )
        except services.OfficeError as error:
            roll_back_request()
            form.name.errors.append(error.message)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(url_for("offices.index"))
    return render_template("offices/form.html", form=form, office=office)
