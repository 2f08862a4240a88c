"""The Enterprise tab of a case: the person's businesses with their plan versions, training,
funding (disbursements, micro-loans with their schedule and repayments) and follow-up visits;
the pages that add and change them (their classes in enterprise.pages, what they look up in
enterprise.lookups) are registered here.

Every page hangs under the case URL: the case is loaded through the scoped loaders (404 when
invisible, 403 when read-only, 409 when closed), and every enterprise, funding, loan or
repayment id is looked up within that case only (another case's id answers 404). Counsellors
of the owning office write; managers and administrators read, and managers may write off a
loan of a case they can see (Permission.WRITE_OFF_LOANS).
"""

from flask import Blueprint, abort, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.workspace import contribute
from returnsvc.core.clock import local_today
from returnsvc.core.flashes import flash
from returnsvc.core.pages import add_page
from returnsvc.core.permissions import Permission, has_permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.enterprise import contributions, funding, queries, services
from returnsvc.enterprise.forms import ReverseRepaymentForm
from returnsvc.enterprise.funding_pages import (
    AddDisbursement,
    AddFunding,
    AddLoan,
    AddRepayment,
    ChangeFundingStatus,
    WriteOffLoan,
)
from returnsvc.enterprise.lookups import page_locale, repayment_or_404, tab_names
from returnsvc.enterprise.models import EnterpriseStage, FundingKind, FundingSource, Loan
from returnsvc.enterprise.pages import (
    AddTraining,
    EditEnterprise,
    MoveEnterprise,
    NewEnterprise,
    NewPlan,
    RecordVisit,
    enterprise_anchor,
    tab_url,
)
from returnsvc.extensions import db

bp = Blueprint("enterprise", __name__, url_prefix="/cases")
contribute(bp, contributions)

_WRITE = Permission.WORK_ON_CASES


def bucket_label(bucket: str) -> str:
    """The delinquency bucket in the page's language."""
    return {
        "current": _("Current"),
        "1_30": _("1–30 days late"),
        "31_60": _("31–60 days late"),
        "61_90": _("61–90 days late"),
        "over_90": _("More than 90 days late"),
    }[bucket]


# --- the tab ----------------------------------------------------------------------------------


@bp.route("/<int:case_id>/enterprise")
@require_permission(Permission.VIEW_CASES)
def case_enterprises(case_id: int):
    case = viewed_case(case_id, "enterprise")
    locale, today = page_locale(), local_today()
    views = queries.enterprises_of(case.id, today, locale)
    return render_template(
        "enterprise/tab.html",
        case=case,
        views=views,
        today=today,
        names=tab_names(views, locale),
        next_stages=services.next_stages,
        funding_steps=funding.FUNDING_STEPS,
        bucket_label=bucket_label,
        may_write_off=has_permission(current_user, Permission.WRITE_OFF_LOANS),
        reverse_form=ReverseRepaymentForm(),
        micro_loan=FundingKind.MICRO_LOAN,
        closed=EnterpriseStage.CLOSED,
    )


# --- form pages (enterprise.pages) ------------------------------------------------------------

_ENTERPRISE = "/<int:case_id>/enterprise/<int:enterprise_id>"
add_page(bp, "/<int:case_id>/enterprise/new", NewEnterprise, _WRITE, endpoint="new_enterprise")
add_page(bp, _ENTERPRISE, EditEnterprise, _WRITE, endpoint="edit_enterprise")
add_page(bp, f"{_ENTERPRISE}/stage", MoveEnterprise, _WRITE, endpoint="move_enterprise")
add_page(bp, f"{_ENTERPRISE}/plan/new", NewPlan, _WRITE, endpoint="new_plan")
add_page(bp, f"{_ENTERPRISE}/training/new", AddTraining, _WRITE, endpoint="add_training")
add_page(bp, f"{_ENTERPRISE}/funding/new", AddFunding, _WRITE, endpoint="add_funding")
add_page(bp, f"{_ENTERPRISE}/visits/new", RecordVisit, _WRITE, endpoint="record_visit")
_FUNDING = "/<int:case_id>/enterprise/funding/<int:funding_id>"
add_page(bp, f"{_FUNDING}/status", ChangeFundingStatus, _WRITE, endpoint="funding_status")
add_page(bp, f"{_FUNDING}/disbursements/new", AddDisbursement, _WRITE, endpoint="add_disbursement")
add_page(bp, f"{_FUNDING}/loan", AddLoan, _WRITE, endpoint="add_loan")
_LOAN = "/<int:case_id>/enterprise/loans/<int:loan_id>"
add_page(bp, f"{_LOAN}/repayments/new", AddRepayment, _WRITE, endpoint="add_repayment")
add_page(
    bp, f"{_LOAN}/write-off", WriteOffLoan, Permission.WRITE_OFF_LOANS, endpoint="write_off_loan"
)


@bp.route("/<int:case_id>/enterprise/repayments/<int:repayment_id>/reverse", methods=["POST"])
@require_permission(_WRITE)
def reverse_repayment(case_id: int, repayment_id: int):
    """Cancel a repayment recorded by mistake (a reversal row; the repayment stays)."""
    case = workable_case(case_id)
    repayment = repayment_or_404(case, repayment_id)
    if not ReverseRepaymentForm().validate_on_submit():
        abort(400)
    loan = db.session.get(Loan, repayment.loan_id)
    source = db.session.get(FundingSource, loan.funding_id)
    try:
        funding.reverse_repayment(repayment, actor=current_user)
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(_("The repayment was reversed."), "success")
    return redirect(tab_url(case, enterprise_anchor(source.enterprise_id)))
