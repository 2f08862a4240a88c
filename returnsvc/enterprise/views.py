"""The Enterprise tab of a case: the person's businesses with their plan versions, training,
funding (disbursements, micro-loans with their schedule and repayments) and follow-up visits;
the pages that add and change them.

Every page hangs under the case URL: the case is loaded through the scoped loaders (404 when
invisible, 403 when read-only, 409 when closed), and every enterprise, funding, loan or
repayment id is looked up within that case only (another case's id answers 404). Counsellors
of the owning office write; managers and administrators read, and managers may write off a
loan of a case they can see (Permission.WRITE_OFF_LOANS).
"""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from returnsvc.cases.loaders import case_or_404, viewed_case, workable_case
from returnsvc.cases.workspace import contribute
from returnsvc.core.clock import local_today
from returnsvc.core.countries import currency_of
from returnsvc.core.flashes import flash
from returnsvc.core.forms import select_choices
from returnsvc.core.i18n import message_with
from returnsvc.core.languages import LOCALES
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.permissions import Permission, has_permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal
from returnsvc.enterprise import contributions, funding, queries, services
from returnsvc.enterprise.forms import (
    DisbursementForm,
    EditEnterpriseForm,
    EnterpriseForm,
    FundingForm,
    FundingStatusForm,
    LoanForm,
    PlanForm,
    RepaymentForm,
    ReverseRepaymentForm,
    StageForm,
    TrainingForm,
    VisitForm,
    WriteOffForm,
    currency_choices,
)
from returnsvc.enterprise.models import (
    VISIT_MONTHS,
    BusinessPlan,
    Enterprise,
    EnterpriseStage,
    FollowUpVisit,
    FundingKind,
    FundingSource,
    Loan,
    Repayment,
)
from returnsvc.extensions import db
from returnsvc.guides.models import OPPORTUNITY_TEXT, BusinessOpportunity
from returnsvc.guides.queries import current_edition_ids
from returnsvc.partners.models import Partner
from returnsvc.programmes.models import PROGRAMME_TEXT, ProgrammeKind, SupportProgramme
from returnsvc.publishing.models import PublicationStatus

bp = Blueprint("enterprise", __name__, url_prefix="/cases")
contribute(bp, contributions)

_WRITE = Permission.WORK_ON_CASES


def _locale() -> str:
    locale = str(get_locale() or LOCALES[0])
    return locale if locale in LOCALES else LOCALES[0]


def bucket_label(bucket: str) -> str:
    """The delinquency bucket in the page's language."""
    return {
        "current": _("Current"),
        "1_30": _("1–30 days late"),
        "31_60": _("31–60 days late"),
        "61_90": _("61–90 days late"),
        "over_90": _("More than 90 days late"),
    }[bucket]


# --- lookups within the case ------------------------------------------------------------------


def _enterprise_or_404(case, enterprise_id: int) -> Enterprise:
    found = db.session.scalar(
        select(Enterprise).where(Enterprise.id == enterprise_id, Enterprise.case_id == case.id)
    )
    if found is None:
        abort(404)
    return found


def _funding_or_404(case, funding_id: int) -> FundingSource:
    found = db.session.scalar(
        select(FundingSource)
        .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
        .where(FundingSource.id == funding_id, Enterprise.case_id == case.id)
    )
    if found is None:
        abort(404)
    return found


def _loan_or_404(case, loan_id: int) -> Loan:
    found = db.session.scalar(
        select(Loan)
        .join(FundingSource, FundingSource.id == Loan.funding_id)
        .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
        .where(Loan.id == loan_id, Enterprise.case_id == case.id)
    )
    if found is None:
        abort(404)
    return found


def _repayment_or_404(case, repayment_id: int) -> Repayment:
    found = db.session.scalar(
        select(Repayment)
        .join(Loan, Loan.id == Repayment.loan_id)
        .join(FundingSource, FundingSource.id == Loan.funding_id)
        .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
        .where(Repayment.id == repayment_id, Enterprise.case_id == case.id)
    )
    if found is None:
        abort(404)
    return found


def _enterprise_of_funding(funding_source: FundingSource) -> Enterprise:
    return db.session.get(Enterprise, funding_source.enterprise_id)


# --- choices ----------------------------------------------------------------------------------


def _opportunities(country: str, locale: str, keep: int | None = None) -> list:
    """(id, title) of the business opportunities of the country's current business guide (and
    the one the business already names, if it is elsewhere)."""
    stmt, text = OPPORTUNITY_TEXT.joined(
        select(BusinessOpportunity.id), BusinessOpportunity.id, locale
    )
    wanted = BusinessOpportunity.edition_id.in_(current_edition_ids([country]))
    if keep is not None:
        wanted = wanted | (BusinessOpportunity.id == keep)
    rows = db.session.execute(stmt.add_columns(text.title).where(wanted).order_by(text.title))
    return [(row.id, row.title or f"#{row.id}") for row in rows]


def _programmes(country: str, locale: str, kinds=None) -> list:
    """(id, name) of the published support programmes of the country (of `kinds`)."""
    stmt, text = PROGRAMME_TEXT.joined(select(SupportProgramme.id), SupportProgramme.id, locale)
    stmt = stmt.add_columns(text.name).where(
        SupportProgramme.country == country,
        SupportProgramme.status == PublicationStatus.PUBLISHED,
    )
    if kinds:
        stmt = stmt.where(SupportProgramme.kind.in_(list(kinds)))
    return [
        (row.id, row.name or f"#{row.id}") for row in db.session.execute(stmt.order_by(text.name))
    ]


def _partners(country: str) -> list:
    rows = db.session.execute(
        select(Partner.id, Partner.name)
        .where(Partner.country == country, Partner.is_active)
        .order_by(Partner.name, Partner.id)
    )
    return [(row.id, row.name) for row in rows]


def _names(views, locale: str) -> dict:
    """Names the tab shows next to ids: {"partner": {id: name}, "programme": {...},
    "opportunity": {...}} (three statements at most)."""
    partner_ids, programme_ids, opportunity_ids = set(), set(), set()
    for view in views:
        if view.enterprise.opportunity_id:
            opportunity_ids.add(view.enterprise.opportunity_id)
        for item in view.funding:
            if item.funding.partner_id:
                partner_ids.add(item.funding.partner_id)
            if item.funding.programme_id:
                programme_ids.add(item.funding.programme_id)
    names = {"partner": {}, "programme": {}, "opportunity": {}}
    if partner_ids:
        names["partner"] = dict(
            db.session.execute(
                select(Partner.id, Partner.name).where(Partner.id.in_(partner_ids))
            ).all()
        )
    if programme_ids:
        stmt, text = PROGRAMME_TEXT.joined(select(SupportProgramme.id), SupportProgramme.id, locale)
        names["programme"] = dict(
            db.session.execute(
                stmt.add_columns(text.name).where(SupportProgramme.id.in_(programme_ids))
            ).all()
        )
    if opportunity_ids:
        stmt, text = OPPORTUNITY_TEXT.joined(
            select(BusinessOpportunity.id), BusinessOpportunity.id, locale
        )
        names["opportunity"] = dict(
            db.session.execute(
                stmt.add_columns(text.title).where(BusinessOpportunity.id.in_(opportunity_ids))
            ).all()
        )
    return names


# --- the tab ----------------------------------------------------------------------------------


def _tab_url(case, anchor: str | None = None) -> str:
    return url_for("enterprise.case_enterprises", case_id=case.id, _anchor=anchor)


def _anchor(enterprise_id: int) -> str:
    return f"enterprise-{enterprise_id}"


@bp.route("/<int:case_id>/enterprise")
@require_permission(Permission.VIEW_CASES)
def case_enterprises(case_id: int):
    case = viewed_case(case_id, "enterprise")
    locale, today = _locale(), local_today()
    views = queries.enterprises_of(case.id, today, locale)
    return render_template(
        "enterprise/tab.html",
        case=case,
        views=views,
        today=today,
        names=_names(views, locale),
        next_stages=services.next_stages,
        funding_steps=funding.FUNDING_STEPS,
        bucket_label=bucket_label,
        may_write_off=has_permission(current_user, Permission.WRITE_OFF_LOANS),
        reverse_form=ReverseRepaymentForm(),
        micro_loan=FundingKind.MICRO_LOAN,
        closed=EnterpriseStage.CLOSED,
    )


# --- form pages -------------------------------------------------------------------------------


class EnterprisePage(FormPage):
    """A form page about one enterprise of a workable case (the generic form template)."""

    template = "enterprise/form.html"
    heading = ""

    def load(self, case_id, enterprise_id):
        case = workable_case(case_id)
        enterprise = _enterprise_or_404(case, enterprise_id)
        return {"case": case, "enterprise": enterprise, "item": enterprise}

    def render(self, form, context):
        return render_template(
            self.template, form=form, heading=self.heading_text(context), **context
        )

    def heading_text(self, context):
        return self.heading

    def done_url(self, result, context):
        return _tab_url(context["case"], _anchor(context["enterprise"].id))


class NewEnterprise(FormPage):
    template = "enterprise/form.html"

    def load(self, case_id):
        return {"case": workable_case(case_id), "enterprise": None}

    def make_form(self, context):
        form = EnterpriseForm()
        case = context["case"]
        country = case.returnee.origin_country
        form.set_choices(country, _opportunities(country, _locale()))
        if not form.is_submitted():
            form.jobs_owner.data = 1
            form.region_code.data = case.returnee.region_code or ""
        return form

    def render(self, form, context):
        return render_template(self.template, form=form, heading=_("Add a business"), **context)

    def save(self, form, context):
        return services.create_enterprise(
            context["case"], form.enterprise_data(), actor=current_user
        )

    def message(self, enterprise, context):
        return message_with(_("Business added: %(name)s"), name=enterprise.name)

    def done_url(self, enterprise, context):
        return _tab_url(context["case"], _anchor(enterprise.id))


class EditEnterprise(EnterprisePage):
    def heading_text(self, context):
        return _("Edit the business")

    def make_form(self, context):
        enterprise = context["enterprise"]
        form = EditEnterpriseForm(obj=enterprise)
        country = context["case"].returnee.origin_country
        form.set_choices(country, _opportunities(country, _locale(), enterprise.opportunity_id))
        if not form.is_submitted():
            form.sector.data = enterprise.sector.value
            form.tax_number.data = enterprise.tax_id
            form.version.data = enterprise.version
        return form

    def save(self, form, context):
        return services.update_enterprise(
            context["enterprise"],
            form.enterprise_data(),
            version=form.version.data,
            actor=current_user,
        )


class MoveEnterprise(EnterprisePage):
    def heading_text(self, context):
        return _("Move the business to another stage")

    def make_form(self, context):
        enterprise = context["enterprise"]
        form = StageForm()
        form.set_choices(services.next_stages(enterprise))
        if not form.is_submitted():
            form.version.data = enterprise.version
            form.launched_on.data = enterprise.launched_on
        return form

    def save(self, form, context):
        data = {"launched_on": form.launched_on.data, "closed_on": form.closed_on.data}
        return services.move_enterprise(
            context["enterprise"],
            form.stage.data,
            data,
            version=form.version.data,
            actor=current_user,
        )

    def message(self, previous, context):
        enterprise = context["enterprise"]
        return message_with(
            _("“%(name)s” is now at “%(stage)s”."),
            name=enterprise.name,
            stage=enterprise.stage.label,
        )


class NewPlan(EnterprisePage):
    def load(self, case_id, enterprise_id):
        context = super().load(case_id, enterprise_id)
        context["latest"] = db.session.scalar(
            select(BusinessPlan)
            .where(BusinessPlan.enterprise_id == enterprise_id)
            .order_by(BusinessPlan.version.desc())
            .limit(1)
        )
        return context

    def heading_text(self, context):
        if context["latest"] is not None:
            return _("Revise the business plan")
        return _("Write the business plan")

    def make_form(self, context):
        latest = context["latest"]
        form = PlanForm(obj=latest)  # a revision starts from the latest version
        form.currency.choices = currency_choices(context["case"].returnee.origin_country)
        return form

    def save(self, form, context):
        return services.add_plan_version(
            context["enterprise"], form.plan_data(), actor=current_user
        )

    def message(self, plan, context):
        return message_with(
            _("Version %(version)s of the plan of “%(name)s” saved."),
            version=plan.version,
            name=context["enterprise"].name,
        )


class AddTraining(EnterprisePage):
    def heading_text(self, context):
        return _("Record a training attended")

    def make_form(self, context):
        form = TrainingForm()
        country = context["case"].returnee.origin_country
        programmes = _programmes(
            country, _locale(), (ProgrammeKind.TRAINING, ProgrammeKind.ADVISORY)
        )
        form.programme_id.choices = select_choices([("", "—"), *programmes])
        return form

    def save(self, form, context):
        return services.add_training(
            context["enterprise"], form.training_data(), actor=current_user
        )

    def message(self, training, context):
        return _("Training recorded.")


class AddFunding(EnterprisePage):
    def heading_text(self, context):
        return _("Add funding")

    def make_form(self, context):
        form = FundingForm()
        country = context["case"].returnee.origin_country
        form.set_choices(country, _partners(country), _programmes(country, _locale()))
        if not form.is_submitted():
            form.currency.data = currency_of(country)
        return form

    def save(self, form, context):
        return funding.add_funding(context["enterprise"], form.funding_data(), actor=current_user)

    def message(self, source, context):
        return message_with(_("Funding added: %(kind)s."), kind=source.kind.label)


class FundingPage(EnterprisePage):
    """A form page about one funding source of the case."""

    def load(self, case_id, funding_id):
        case = workable_case(case_id)
        source = _funding_or_404(case, funding_id)
        return {
            "case": case,
            "enterprise": _enterprise_of_funding(source),
            "funding": source,
            "item": source,
        }


class ChangeFundingStatus(FundingPage):
    def heading_text(self, context):
        return _("Change the status of the funding")

    def make_form(self, context):
        source = context["funding"]
        form = FundingStatusForm()
        form.status.choices = select_choices(
            [(s.value, s.label) for s in funding.FUNDING_STEPS[source.status]]
        )
        if not form.is_submitted():
            form.version.data = source.version
        return form

    def save(self, form, context):
        return funding.set_funding_status(
            context["funding"], form.status.data, version=form.version.data, actor=current_user
        )

    def message(self, result, context):
        return message_with(
            _("The funding is now “%(status)s”."), status=context["funding"].status.label
        )


class AddDisbursement(FundingPage):
    def heading_text(self, context):
        return _("Record a disbursement")

    def make_form(self, context):
        form = DisbursementForm()
        if not form.is_submitted():
            form.disbursed_on.data = local_today()
        return form

    def save(self, form, context):
        return funding.add_disbursement(
            context["funding"], form.disbursement_data(), actor=current_user
        )

    def message(self, result, context):
        return _("Disbursement recorded.")


class AddLoan(FundingPage):
    def heading_text(self, context):
        return _("Loan terms")

    def make_form(self, context):
        source = context["funding"]
        form = LoanForm()
        form.set_choices()
        if not form.is_submitted():
            form.principal.data = source.amount
            form.grace_months.data = 0
        return form

    def save(self, form, context):
        return funding.add_loan(context["funding"], form.loan_data(), actor=current_user)

    def message(self, loan, context):
        return _("Loan terms saved: the repayment schedule is on the Enterprise tab.")


class LoanPage(EnterprisePage):
    """A form page about one loan of the case."""

    def load(self, case_id, loan_id):
        case = workable_case(case_id)
        return self._context(case, _loan_or_404(case, loan_id))

    @staticmethod
    def _context(case, loan):
        source = db.session.get(FundingSource, loan.funding_id)
        return {
            "case": case,
            "enterprise": _enterprise_of_funding(source),
            "funding": source,
            "loan": loan,
            "item": loan,
        }


class AddRepayment(LoanPage):
    def heading_text(self, context):
        return _("Record a repayment")

    def make_form(self, context):
        form = RepaymentForm()
        if not form.is_submitted():
            form.paid_on.data = local_today()
        return form

    def save(self, form, context):
        return funding.record_repayment(context["loan"], form.repayment_data(), actor=current_user)

    def message(self, result, context):
        return _("Repayment recorded.")


class WriteOffLoan(LoanPage):
    """Managers write off what a loan still owes, on a case they can see (they cannot
    otherwise change it): the case is looked up in their scope, not as a workable one."""

    def load(self, case_id, loan_id):
        case = case_or_404(case_id)
        return self._context(case, _loan_or_404(case, loan_id))

    def heading_text(self, context):
        return _("Write off the loan")

    def make_form(self, context):
        form = WriteOffForm()
        if not form.is_submitted():
            form.version.data = context["loan"].version
        return form

    def save(self, form, context):
        return funding.write_off_loan(
            context["loan"], {"reason": form.reason.data}, version=form.version.data,
            actor=current_user,
        )  # fmt: skip

    def message(self, result, context):
        return _("The loan was written off.")


class RecordVisit(EnterprisePage):
    def heading_text(self, context):
        return _("Record a follow-up visit")

    def make_form(self, context):
        enterprise = context["enterprise"]
        recorded = set(
            db.session.scalars(
                select(FollowUpVisit.due_month).where(
                    FollowUpVisit.enterprise_id == enterprise.id,
                    FollowUpVisit.due_month.is_not(None),
                )
            )
        )
        form = VisitForm()
        form.set_choices([m for m in VISIT_MONTHS if m not in recorded])
        country = context["case"].returnee.origin_country
        form.currency.choices = currency_choices(country)
        if not form.is_submitted():
            form.visited_on.data = local_today()
            form.is_operating.data = True
            form.jobs.data = enterprise.jobs
        return form

    def save(self, form, context):
        return services.record_visit(context["enterprise"], form.visit_data(), actor=current_user)

    def message(self, visit, context):
        return _("Visit recorded.")


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
    repayment = _repayment_or_404(case, repayment_id)
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
    return redirect(_tab_url(case, _anchor(source.enterprise_id)))
