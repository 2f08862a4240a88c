"""The funding and loan pages of the Enterprise tab: funding sources, their status and
disbursements, a micro-loan's terms, repayments and the write-off (managers). Same rules as
pages.py: ids looked up within the case, refusals next to their field."""

from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.cases.loaders import case_or_404, workable_case
from returnsvc.core.clock import local_today
from returnsvc.core.countries import currency_of
from returnsvc.core.forms import select_choices
from returnsvc.core.i18n import message_with
from returnsvc.enterprise import funding
from returnsvc.enterprise.forms import (
    DisbursementForm,
    FundingForm,
    FundingStatusForm,
    LoanForm,
    RepaymentForm,
    WriteOffForm,
)
from returnsvc.enterprise.lookups import (
    enterprise_of_funding,
    funding_or_404,
    loan_or_404,
    page_locale,
    partner_choices,
    programme_choices,
)
from returnsvc.enterprise.models import FundingSource
from returnsvc.enterprise.pages import EnterprisePage
from returnsvc.extensions import db


class AddFunding(EnterprisePage):
    def heading_text(self, context):
        return _("Add funding")

    def make_form(self, context):
        form = FundingForm()
        country = context["case"].returnee.origin_country
        form.set_choices(
            country, partner_choices(country), programme_choices(country, page_locale())
        )
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
        source = funding_or_404(case, funding_id)
        return {
            "case": case,
            "enterprise": enterprise_of_funding(source),
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
        return self._context(case, loan_or_404(case, loan_id))

    @staticmethod
    def _context(case, loan):
        source = db.session.get(FundingSource, loan.funding_id)
        return {
            "case": case,
            "enterprise": enterprise_of_funding(source),
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
        return self._context(case, loan_or_404(case, loan_id))

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
