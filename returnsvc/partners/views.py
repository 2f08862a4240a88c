"""The partner directory (/partners) and the referrals tab of a case (/cases/<id>/referrals).

Partners are organisations without accounts: counsellors record their answers. Case pages go
through the scoped case loaders (404 when invisible, 403 when read-only, 409 when closed) and
referral ids are looked up within that case only.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.forms import show_refusal
from returnsvc.core.paging import page_number
from returnsvc.core.permissions import Permission, has_permission, require_permission
from returnsvc.core.regions import region_name
from returnsvc.extensions import db
from returnsvc.partners import queries, services
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


@bp.context_processor
def partner_helpers():
    return {
        "region_name": region_name,
        "ReferralStatus": ReferralStatus,
        "next_steps": lambda referral: services.TRANSITIONS.get(referral.status, frozenset()),
    }


# --- the directory ------------------------------------------------------------------------


def partner_or_404(partner_id: int) -> Partner:
    return db.get_or_404(Partner, partner_id)


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
        can_manage=has_permission(current_user, Permission.MANAGE_PARTNERS),
    )


@bp.route("/partners/<int:partner_id>")
@require_permission(Permission.VIEW_PARTNERS)
def detail(partner_id: int):
    return render_template(
        "partners/detail.html",
        partner=partner_or_404(partner_id),
        can_manage=has_permission(current_user, Permission.MANAGE_PARTNERS),
    )


@bp.route("/partners/new", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_PARTNERS)
def create():
    form = PartnerForm()
    if not form.is_submitted() and current_user.office is not None:
        form.country.data = current_user.office.country
    if form.validate_on_submit():
        try:
            partner = services.create_partner(form.partner_data(), actor=current_user)
        except services.PartnerError as error:
            show_refusal(form, error)
        else:
            flash(_l("%(name)s was added to the directory.", name=partner.name), "success")
            return redirect(url_for("partners.detail", partner_id=partner.id))
    return render_template("partners/form.html", form=form, partner=None)


@bp.route("/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@require_permission(Permission.MANAGE_PARTNERS)
def edit(partner_id: int):
    partner = partner_or_404(partner_id)
    form = PartnerForm(obj=partner)
    if not form.is_submitted():
        form.kind.data = partner.kind.value
        form.version.data = partner.version
    if form.validate_on_submit():
        try:
            changes = services.update_partner(
                partner, form.partner_data(), actor=current_user, version=form.version.data
            )
        except StaleEdit:
            return conflict_response(
                form, partner, back_url=url_for("partners.edit", partner_id=partner.id)
            )
        except services.PartnerError as error:
            show_refusal(form, error)
        else:
            flash(_l("Changes saved.") if changes else _l("Nothing was changed."), "success")
            return redirect(url_for("partners.detail", partner_id=partner.id))
    return render_template("partners/form.html", form=form, partner=partner)


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


@bp.route("/cases/<int:case_id>/referrals/new", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def new_referral(case_id: int):
    case = workable_case(case_id)
    form = ReferralForm()
    form.set_partner_choices(queries.referral_partners(case))
    if form.validate_on_submit():
        try:
            referral = services.send_referral(case, form.referral_data(), actor=current_user)
        except services.PartnerError as error:
            show_refusal(form, error)
        else:
            flash(
                _l("Referral to %(partner)s recorded as sent.", partner=referral.partner.name),
                "success",
            )
            return redirect(_tab_url(case, referral))
    return render_template(
        "partners/referral_form.html",
        case=case,
        form=form,
        has_sharing_consent=case.returnee.has_consent(ConsentKind.SHARING),
    )


@bp.route("/cases/<int:case_id>/referrals/<int:referral_id>/accept", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def accept_referral(case_id: int, referral_id: int):
    return _one_click_step(
        case_id,
        referral_id,
        services.accept_referral,
        lambda referral: _l(
            "Recorded: %(partner)s accepted the referral.", partner=referral.partner.name
        ),
    )


@bp.route("/cases/<int:case_id>/referrals/<int:referral_id>/cancel", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def cancel_referral(case_id: int, referral_id: int):
    return _one_click_step(
        case_id,
        referral_id,
        services.cancel_referral,
        lambda referral: _l(
            "The referral to %(partner)s was cancelled.", partner=referral.partner.name
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
    except services.PartnerError as error:
        flash(error.message, "error")
    else:
        flash(done(referral), "success")
    return redirect(_tab_url(case, referral))


def _answer_page(case_id: int, referral_id: int, *, form_cls, target, service, template, done):
    """Decline and complete: a page with one required text, also reachable from the tab's
    inline forms (a POST with errors lands here, with the message next to the field)."""
    case = workable_case(case_id)
    referral = _referral_or_404(case, referral_id)
    if target not in services.TRANSITIONS.get(referral.status, frozenset()):
        flash(
            _l(
                "A referral that is “%(current)s” cannot be marked “%(target)s”.",
                current=referral.status.label,
                target=target.label,
            ),
            "error",
        )
        return redirect(_tab_url(case, referral))
    form = form_cls()
    if not form.is_submitted():
        form.version.data = referral.version
        form.status.data = referral.status.value
    if form.validate_on_submit():
        try:
            service(referral, form.data, actor=current_user, version=form.version.data)
        except StaleEdit:
            return conflict_response(form, referral, back_url=_tab_url(case, referral))
        except services.PartnerError as error:
            show_refusal(form, error)
        else:
            flash(done(referral.partner.name), "success")
            return redirect(_tab_url(case, referral))
    return render_template(template, case=case, referral=referral, form=form)


@bp.route("/cases/<int:case_id>/referrals/<int:referral_id>/decline", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def decline_referral(case_id: int, referral_id: int):
    return _answer_page(
        case_id,
        referral_id,
        form_cls=DeclineReferralForm,
        target=ReferralStatus.DECLINED,
        service=services.decline_referral,
        template="partners/decline.html",
        done=lambda partner: _l("Recorded: %(partner)s declined the referral.", partner=partner),
    )


@bp.route("/cases/<int:case_id>/referrals/<int:referral_id>/complete", methods=["GET", "POST"])
@require_permission(Permission.WORK_ON_CASES)
def complete_referral(case_id: int, referral_id: int):
    return _answer_page(
        case_id,
        referral_id,
        form_cls=CompleteReferralForm,
        target=ReferralStatus.COMPLETED,
        service=services.complete_referral,
        template="partners/complete.html",
        done=lambda partner: _l(
            "Recorded: the referral to %(partner)s is completed.", partner=partner
        ),
    )
