"""The partner directory (/partners) and the referrals tab of a case (/cases/<id>/referrals).

Partners are organisations without accounts: counsellors record their answers. Case pages go
through the scoped case loaders (404 when invisible, 403 when read-only, 409 when closed) and
referral ids are looked up within that case only.
"""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.workspace import contribute
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import (
    OWN_COUNTRY_ONLY,
    Permission,
    content_countries,
    editable_country_choices,
    has_permission,
    may_edit_content,
    require_content_country,
    require_permission,
)
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.core.regions import region_name
from returnsvc.extensions import db
from returnsvc.partners import contributions, queries, services
from returnsvc.partners.forms import (
    CompleteReferralForm,
    DeclineReferralForm,
    PartnerFilterForm,
    PartnerForm,
    ReferralForm,
    ReferralStepForm,
)
from returnsvc.partners.models import Partner, ReferralStatus
from returnsvc.returnees.models import ConsentKind

bp = Blueprint("partners", __name__)
contribute(bp, contributions)


@bp.context_processor
def partner_helpers():
    return {
        "region_name": region_name,
        "ReferralStatus": ReferralStatus,
        "next_steps": lambda referral: services.TRANSITIONS.get(referral.status, frozenset()),
    }


# --- the directory ------------------------------------------------------------------------


def partner_or_404(partner_id: int) -> Partner:
    """The partner, to read (every user of the directory reads every country's partners)."""
    return db.get_or_404(Partner, partner_id)


def partner_to_change(partner_id: int) -> Partner:
    """The partner, to edit: 403 (audited) when it is of a country whose partners the user may
    not change (a manager changes their own office's country's; an admin, every country's)."""
    partner = partner_or_404(partner_id)
    require_content_country(partner.country, target=partner)
    return partner


def _may_manage(partner: Partner | None = None) -> bool:
    """For the directory's controls: may the user add partners (of some country), or edit
    `partner`."""
    if not has_permission(current_user, Permission.MANAGE_PARTNERS):
        return False
    if partner is None:
        return content_countries() != frozenset()
    return may_edit_content(partner.country)


def _check_country(form) -> None:
    """A partner of a country the user may not change is refused next to the field (the form
    offers only theirs: a hand-made or stale request)."""
    if not may_edit_content(form.country.data or ""):
        raise services.PartnerError(OWN_COUNTRY_ONLY, field="country")


@bp.route("/partners/")
@require_permission(Permission.VIEW_PARTNERS)
def index():
    form = PartnerFilterForm(request.args)
    filters = form.applied()
    page = min(page_number(), queries.MAX_PAGE)
    partners, has_next = queries.partner_page(filters, page)
    return render_template(
        "partners/index.html",
        form=form,
        filters=filters,
        partners=partners,
        page=page,
        prev_url=url_for("partners.index", **filters, page=page - 1) if page > 1 else None,
        next_url=url_for("partners.index", **filters, page=page + 1) if has_next else None,
        can_manage=_may_manage(),
    )


@bp.route("/partners/<int:partner_id>")
@require_permission(Permission.VIEW_PARTNERS)
def detail(partner_id: int):
    partner = partner_or_404(partner_id)
    return render_template("partners/detail.html", partner=partner, can_manage=_may_manage(partner))


class NewPartner(FormPage):
    template = "partners/form.html"
    form_class = PartnerForm

    def load(self):
        return {"partner": None}

    def make_form(self, context):
        form = PartnerForm()
        form.country.choices = editable_country_choices(form.country.choices)
        if not form.is_submitted() and current_user.office is not None:
            form.country.data = current_user.office.country
        return form

    def save(self, form, context):
        _check_country(form)
        return services.create_partner(form.partner_data(), actor=current_user)

    def message(self, partner, context):
        return message_with(_("%(name)s was added to the directory."), name=partner.name)

    def done_url(self, partner, context):
        return url_for("partners.detail", partner_id=partner.id)


class EditPartner(FormPage):
    template = "partners/form.html"

    def load(self, partner_id):
        return {"partner": partner_to_change(partner_id)}

    def stored(self, context):
        return context["partner"]

    def make_form(self, context):
        partner = context["partner"]
        form = PartnerForm(obj=partner)
        form.country.choices = editable_country_choices(form.country.choices)
        if not form.is_submitted():
            form.kind.data = partner.kind.value
            form.version.data = partner.version
        return form

    def save(self, form, context):
        _check_country(form)
        return services.update_partner(
            context["partner"], form.partner_data(), actor=current_user, version=form.version.data
        )

    def done_url(self, result, context):
        return url_for("partners.detail", partner_id=context["partner"].id)


add_page(bp, "/partners/new", NewPartner, Permission.MANAGE_PARTNERS, endpoint="create")
add_page(bp, "/partners/<int:partner_id>/edit", EditPartner, Permission.MANAGE_PARTNERS, "edit")


# --- referrals of a case --------------------------------------------------------------------


def _referral_or_404(case, referral_id: int):
    referral = queries.referral_of_case(case, referral_id)
    if referral is None:
        abort(404)
    return referral


def _tab_url(case, referral=None) -> str:
    anchor = f"referral-{referral.id}" if referral is not None else None
    return url_for("partners.case_referrals", case_id=case.id, _anchor=anchor)


@bp.route("/cases/<int:case_id>/referrals")
@require_permission(Permission.VIEW_CASES)
def case_referrals(case_id: int):
    case = viewed_case(case_id, "referrals")
    return render_template(
        "partners/referrals.html",
        case=case,
        referrals=queries.referrals_of(case),
        has_sharing_consent=case.returnee.has_consent(ConsentKind.SHARING),
    )


class NewReferral(FormPage):
    template = "partners/referral_form.html"

    def load(self, case_id):
        case = workable_case(case_id)
        return {
            "case": case,
            "has_sharing_consent": case.returnee.has_consent(ConsentKind.SHARING),
        }

    def make_form(self, context):
        form = ReferralForm()
        form.set_partner_choices(queries.referral_partners(context["case"]))
        return form

    def save(self, form, context):
        return services.send_referral(context["case"], form.referral_data(), actor=current_user)

    def message(self, referral, context):
        message = _("Referral to %(partner)s recorded as sent.")
        return message_with(message, partner=referral.partner.name)

    def done_url(self, referral, context):
        return _tab_url(context["case"], referral)


add_page(
    bp,
    "/cases/<int:case_id>/referrals/new",
    NewReferral,
    Permission.WORK_ON_CASES,
    endpoint="new_referral",
)


@bp.route("/cases/<int:case_id>/referrals/<int:referral_id>/accept", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def accept_referral(case_id: int, referral_id: int):
    return _one_click_step(
        case_id,
        referral_id,
        services.accept_referral,
        lambda referral: message_with(
            _("Recorded: %(partner)s accepted the referral."), partner=referral.partner.name
        ),
    )


@bp.route("/cases/<int:case_id>/referrals/<int:referral_id>/cancel", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def cancel_referral(case_id: int, referral_id: int):
    return _one_click_step(
        case_id,
        referral_id,
        services.cancel_referral,
        lambda referral: message_with(
            _("The referral to %(partner)s was cancelled."), partner=referral.partner.name
        ),
    )


def _one_click_step(case_id: int, referral_id: int, service, done):
    """Accept and cancel: a button carrying the version the user saw, then back to the tab."""
    case = workable_case(case_id)
    referral = _referral_or_404(case, referral_id)
    form = ReferralStepForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service(referral, actor=current_user, version=form.version.data)
    except StaleEdit:
        return conflict_response(form, referral, back_url=_tab_url(case, referral))
    except Refusal as error:
        flash_refusal(error)
    else:
        flash(done(referral), "success")
    return redirect(_tab_url(case, referral))


class AnswerPage(FormPage):
    """Decline and complete: a page with one required text, also reachable from the tab's
    inline forms (a POST with errors lands here, with the message next to the field)."""

    target: ReferralStatus
    done: str  # a message with %(partner)s

    def load(self, case_id, referral_id):
        case = workable_case(case_id)
        referral = _referral_or_404(case, referral_id)
        if self.target not in services.TRANSITIONS.get(referral.status, frozenset()):
            message = _("A referral that is “%(current)s” cannot be marked “%(target)s”.")
            flash(
                message_with(message, current=referral.status.label, target=self.target.label),
                "error",
            )
            abort(redirect(_tab_url(case, referral)))
        return {"case": case, "referral": referral}

    def stored(self, context):
        return context["referral"]

    def back_url(self, context):
        return _tab_url(context["case"], context["referral"])

    def make_form(self, context):
        form = self.form_class()
        if not form.is_submitted():
            form.version.data = context["referral"].version
            form.status.data = context["referral"].status.value
        return form

    def message(self, result, context):
        return message_with(_(self.done), partner=context["referral"].partner.name)

    def done_url(self, result, context):
        return _tab_url(context["case"], context["referral"])


class DeclineReferral(AnswerPage):
    template = "partners/decline.html"
    form_class = DeclineReferralForm
    target = ReferralStatus.DECLINED
    done = "Recorded: %(partner)s declined the referral."

    def save(self, form, context):
        referral = context["referral"]
        services.decline_referral(
            referral, form.data, actor=current_user, version=form.version.data
        )


class CompleteReferral(AnswerPage):
    template = "partners/complete.html"
    form_class = CompleteReferralForm
    target = ReferralStatus.COMPLETED
    done = "Recorded: the referral to %(partner)s is completed."

    def save(self, form, context):
        referral = context["referral"]
        services.complete_referral(
            referral, form.data, actor=current_user, version=form.version.data
        )


# The messages above, marked for extraction (the classes hold their msgids).
_l("Recorded: %(partner)s declined the referral.")
_l("Recorded: the referral to %(partner)s is completed.")

add_page(
    bp,
    "/cases/<int:case_id>/referrals/<int:referral_id>/decline",
    DeclineReferral,
    Permission.WORK_ON_CASES,
    endpoint="decline_referral",
)
add_page(
    bp,
    "/cases/<int:case_id>/referrals/<int:referral_id>/complete",
    CompleteReferral,
    Permission.WORK_ON_CASES,
    endpoint="complete_referral",
)
