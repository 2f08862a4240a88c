"""Managers run savings campaigns: list, create and edit, materials (links and PDFs, the files
served only here, to those who run the campaign), enrolment of people (by case reference or a
name search within the cases one may see), and the campaign's results from the savings ledger.
Every lookup is scoped (campaigns.access): another country's campaign is a 404."""

import unicodedata
from urllib.parse import quote

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from returnsvc.campaigns import access, contributions, files, queries, services
from returnsvc.campaigns.forms import (
    ButtonForm,
    CampaignForm,
    EnrolPersonForm,
    FileForm,
    LinkForm,
    ReferenceForm,
)
from returnsvc.campaigns.models import Audience
from returnsvc.campaigns.results import SEXES, results_of
from returnsvc.cases.workspace import contribute
from returnsvc.core.flashes import flash
from returnsvc.core.forms import show_refusal
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.returnees.models import display_name

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")
contribute(bp, contributions)
MANAGE = Permission.MANAGE_SAVINGS_CAMPAIGNS


def _user():
    return current_user._get_current_object()


def _campaign(campaign_id: int):
    return access.campaign_or_404(campaign_id, _user())


@bp.context_processor
def _helpers():
    return {"display_name": display_name, "sexes": SEXES}


@bp.route("/")
@require_permission(MANAGE)
def index():
    page = page_number()
    rows, has_more = queries.list_campaigns(_user(), page=page)
    return render_template(
        "campaigns/index.html",
        rows=rows,
        page=page,
        has_more=has_more,
        can_create=bool(access.campaign_countries(_user())),
    )


class _CampaignPage(FormPage):
    template = "campaigns/form.html"

    def make_form(self, context):
        user = _user()
        countries = access.campaign_countries(user)
        item = context.get("item")
        if item is not None and item.country not in countries:
            countries = (*countries, item.country)  # a Spanish manager's campaign of any country
        form = CampaignForm(
            countries=countries,
            audiences=access.campaign_audiences(user),
            offices=[
                (ident, name, country) for ident, name, country in queries.office_choices(countries)
            ],
        )
        if request.method == "GET" and item is not None:
            form.process(obj=item)
            form.audience.data = item.audience.value
            form.channel.data = item.channel.value
            form.target_currency.data = item.target_currency or ""
        return form

    def done_url(self, result, context):
        campaign = context.get("item") or result
        return url_for("campaigns.detail", campaign_id=campaign.id)


class CreateCampaign(_CampaignPage):
    def load(self):
        if not access.campaign_countries(_user()):
            abort(404)
        return {"item": None}

    def save(self, form, context):
        return services.create_campaign(form.campaign_data(), actor=_user())

    def message(self, result, context):
        return _l("Campaign created. Add its materials and enrol people.")


class EditCampaign(_CampaignPage):
    def load(self, campaign_id):
        return {"item": _campaign(campaign_id)}

    def save(self, form, context):
        return services.update_campaign(
            context["item"], form.campaign_data(), version=form.version.data, actor=_user()
        )


add_page(bp, "/new", CreateCampaign, MANAGE, endpoint="create")
add_page(bp, "/<int:campaign_id>/edit", EditCampaign, MANAGE, endpoint="edit")


@bp.route("/<int:campaign_id>")
@require_permission(MANAGE)
def detail(campaign_id: int):
    campaign = _campaign(campaign_id)
    return render_template(
        "campaigns/detail.html",
        campaign=campaign,
        office_name=queries.office_name(campaign.office_id),
        materials=queries.materials_of(campaign),
        results=results_of(campaign),
        button=ButtonForm(),
    )


# --- materials --------------------------------------------------------------------------------


class AddLink(FormPage):
    template = "campaigns/material_form.html"
    form_class = LinkForm

    def load(self, campaign_id):
        return {"campaign": _campaign(campaign_id), "kind": "link"}

    def save(self, form, context):
        data = {"title": form.title.data, "url": form.url.data}
        return services.add_link(context["campaign"], data, actor=_user())

    def done_url(self, result, context):
        return url_for("campaigns.detail", campaign_id=context["campaign"].id)

    def message(self, result, context):
        return _l("Link added.")


class AddFile(AddLink):
    form_class = FileForm

    def load(self, campaign_id):
        return {"campaign": _campaign(campaign_id), "kind": "file"}

    def save(self, form, context):
        data = {"title": form.title.data, "file": request.files.get(form.file.name)}
        return services.add_file(context["campaign"], data, actor=_user())

    def message(self, result, context):
        return _l("File uploaded.")


add_page(bp, "/<int:campaign_id>/materials/link", AddLink, MANAGE, endpoint="add_link")
add_page(bp, "/<int:campaign_id>/materials/file", AddFile, MANAGE, endpoint="add_file")


def _material(campaign_id: int, material_id: int):
    campaign = _campaign(campaign_id)
    material = queries.material_or_404(campaign, material_id)
    if material is None:
        abort(404)
    return campaign, material


def _file_name(label: str | None) -> dict:
    """Content-Disposition's file name parameters (an ASCII one, and the UTF-8 one when the
    label is not ASCII), as Werkzeug's send_file writes them."""
    label = label or "document.pdf"
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    if ascii_label == label:
        return {"filename": label}
    return {"filename": ascii_label or "document.pdf", "filename*": f"UTF-8''{quote(label)}"}


@bp.route("/<int:campaign_id>/materials/<int:material_id>")
@require_permission(MANAGE)
def download(campaign_id: int, material_id: int):
    """The stored PDF, as an attachment (never shown inline), to those who run the campaign."""
    _campaign_, material = _material(campaign_id, material_id)
    path = files.path_of(material.stored_name) if material.stored_name else None
    if path is None:
        abort(404)
    # Read whole (at most files.MAX_BYTES), not streamed: nothing is left open.
    response = current_app.response_class(path.read_bytes(), mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment", **_file_name(material.file_label))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:campaign_id>/materials/<int:material_id>/remove", methods=["POST"])
@require_permission(MANAGE)
def remove_material(campaign_id: int, material_id: int):
    campaign, material = _material(campaign_id, material_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    services.remove_material(material, actor=_user())
    flash(_l("Material removed."), "success")
    return redirect(url_for("campaigns.detail", campaign_id=campaign.id))


# --- people -----------------------------------------------------------------------------------


def _people_page(campaign, reference_form, status=200):
    user = _user()
    words = (request.args.get("q") or "")[:100]
    rows, hidden = queries.enrolled_people(campaign, user)
    return (
        render_template(
            "campaigns/people.html",
            campaign=campaign,
            rows=rows,
            hidden=hidden,
            q=words,
            matches=queries.search_people(campaign, user, words) if words.strip() else [],
            reference_form=reference_form,
            button=ButtonForm(),
            is_migrants=campaign.audience is Audience.MIGRANTS_IN_SPAIN,
        ),
        status,
    )


@bp.route("/<int:campaign_id>/people")
@require_permission(MANAGE)
def people(campaign_id: int):
    return _people_page(_campaign(campaign_id), ReferenceForm(formdata=None))


@bp.route("/<int:campaign_id>/people", methods=["POST"])
@require_permission(MANAGE)
def enrol(campaign_id: int):
    """Enrol by case reference (the form) or a person found by the search (their id)."""
    campaign = _campaign(campaign_id)
    user = _user()
    if "returnee_id" in request.form:
        form = EnrolPersonForm()
        if not form.validate_on_submit():
            abort(400)
        try:
            services.enrol(campaign, form.returnee_id.data, actor=user)
        except Refusal as refusal:
            flash_refusal(refusal)
        else:
            flash(_l("Person enrolled."), "success")
        return redirect(url_for("campaigns.people", campaign_id=campaign.id))
    form = ReferenceForm()
    if form.validate_on_submit():
        try:
            services.enrol_by_reference(campaign, form.reference.data, actor=user)
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(_l("Person enrolled."), "success")
            return redirect(url_for("campaigns.people", campaign_id=campaign.id))
    return _people_page(campaign, form)


@bp.route("/<int:campaign_id>/people/<int:returnee_id>/remove", methods=["POST"])
@require_permission(MANAGE)
def unenrol(campaign_id: int, returnee_id: int):
    campaign = _campaign(campaign_id)
    enrolment = queries.enrolment_of(campaign, returnee_id, _user())
    if enrolment is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    services.unenrol(campaign, enrolment, actor=_user())
    flash(_l("Person taken off the campaign."), "success")
    return redirect(url_for("campaigns.people", campaign_id=campaign.id))
