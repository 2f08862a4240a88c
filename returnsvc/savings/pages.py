"""The form pages of the Savings tab: open a plan, change it, close it, record an entry of each
kind on it, and reverse an entry. Each loads its case through the scoped loaders and its plan
or entry within that case (savings.lookups); savings.views registers them on the blueprint."""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.cases.loaders import workable_case
from returnsvc.core.clock import local_today
from returnsvc.core.countries import currency_of
from returnsvc.core.i18n import message_with
from returnsvc.core.money import format_money
from returnsvc.core.pages import FormPage
from returnsvc.extensions import db
from returnsvc.savings import services
from returnsvc.savings.forms import (
    ClosePlanForm,
    InterestForm,
    PlanChangeForm,
    PlanForm,
    RemittanceForm,
    ReverseEntryForm,
    WagesForm,
    WithdrawalForm,
)
from returnsvc.savings.lookups import (
    enterprise_choices,
    entry_or_404,
    institution_choices,
    plan_or_404,
)
from returnsvc.savings.models import EntryKind, SavingsPlan

# The kinds a counsellor records on a plan's page, each with its form (the URL names it).
ENTRY_FORMS = {
    EntryKind.REMITTANCE: RemittanceForm,
    EntryKind.WAGES: WagesForm,
    EntryKind.INTEREST: InterestForm,
    EntryKind.WITHDRAWAL: WithdrawalForm,
}
ENTRY_KINDS = tuple(kind.value for kind in ENTRY_FORMS)


def tab_url(case) -> str:
    return url_for("savings.case_savings", case_id=case.id)


def plan_url(case, plan_id: int, anchor: str | None = None, **args) -> str:
    return url_for("savings.plan", case_id=case.id, plan_id=plan_id, _anchor=anchor, **args)


def _shown_fields(form, order=None) -> list:
    hidden = ("csrf_token", "version", "submit")
    if order:
        return [form[name] for name in order]
    return [f for f in form if f.name not in hidden]


class SavingsPage(FormPage):
    """A form page about one plan of a workable case (the generic form template)."""

    template = "savings/form.html"

    def load(self, case_id, plan_id):
        case = workable_case(case_id)
        plan = plan_or_404(case, plan_id)
        return {"case": case, "plan": plan, "item": plan}

    def render(self, form, context):
        return render_template(
            self.template,
            form=form,
            fields=_shown_fields(form, getattr(form, "FIELD_ORDER", None)),
            heading=self.heading_text(context),
            **context,
        )

    def heading_text(self, context):
        return ""

    def done_url(self, result, context):
        return plan_url(context["case"], context["plan"].id)


def _choices(form, case) -> None:
    form.set_choices(enterprise_choices(case), institution_choices(case.returnee.origin_country))


class OpenPlan(SavingsPage):
    def load(self, case_id):
        return {"case": workable_case(case_id), "plan": None}

    def heading_text(self, context):
        return _("Open a savings plan")

    def make_form(self, context):
        case = context["case"]
        form = PlanForm()
        country = case.returnee.origin_country
        form.set_choices(enterprise_choices(case), institution_choices(country), country=country)
        if not form.is_submitted():
            form.currency.data = currency_of(country)
        return form

    def save(self, form, context):
        return services.open_plan(context["case"], form.plan_data(), actor=current_user)

    def message(self, plan, context):
        return message_with(
            _("Savings plan opened: %(purpose)s. Recommended monthly deposit: %(amount)s."),
            purpose=plan.purpose.label,
            amount=format_money(plan.recommended_monthly, plan.currency),
        )

    def done_url(self, plan, context):
        return plan_url(context["case"], plan.id)


class ChangePlan(SavingsPage):
    def heading_text(self, context):
        return _("Change the savings plan")

    def make_form(self, context):
        plan = context["plan"]
        form = PlanChangeForm()
        _choices(form, context["case"])
        if not form.is_submitted():
            form.purpose.data = plan.purpose.value
            form.enterprise_id.data = plan.enterprise_id
            form.target_amount.data = plan.target_amount
            form.target_date.data = plan.target_date
            form.recommended_monthly.data = plan.recommended_monthly
            form.institution_id.data = plan.institution_id
            form.version.data = plan.version
        return form

    def save(self, form, context):
        return services.change_plan(
            context["plan"], form.plan_data(), actor=current_user, version=form.version.data
        )

    def message(self, plan, context):
        return message_with(
            _("Savings plan saved. Recommended monthly deposit: %(amount)s."),
            amount=format_money(plan.recommended_monthly, plan.currency),
        )


class ClosePlan(SavingsPage):
    def heading_text(self, context):
        return _("Close the savings plan")

    def make_form(self, context):
        form = ClosePlanForm()
        if not form.is_submitted():
            form.version.data = context["plan"].version
        return form

    def save(self, form, context):
        return services.close_plan(context["plan"], actor=current_user, version=form.version.data)

    def message(self, plan, context):
        return _("The savings plan is closed.")


class RecordEntry(SavingsPage):
    def load(self, case_id, plan_id, kind):
        context = super().load(case_id, plan_id)
        context["kind"] = EntryKind(kind)
        return context

    def heading_text(self, context):
        return {
            EntryKind.REMITTANCE: _("Record a deposit from a remittance"),
            EntryKind.WAGES: _("Record a deposit from wages"),
            EntryKind.INTEREST: _("Record interest"),
            EntryKind.WITHDRAWAL: _("Record a withdrawal"),
        }[context["kind"]]

    def make_form(self, context):
        form = ENTRY_FORMS[context["kind"]]()
        form.set_choices()
        if not form.is_submitted():
            form.booked_on.data = local_today()
        return form

    def save(self, form, context):
        return services.record_entry(
            context["plan"], context["kind"], form.entry_data(), actor=current_user
        )

    def message(self, entry, context):
        return message_with(
            _("Entry recorded: %(kind)s, %(amount)s."),
            kind=entry.kind.label,
            amount=format_money(entry.amount, entry.currency),
        )


class ReverseEntry(SavingsPage):
    def load(self, case_id, entry_id):
        case = workable_case(case_id)
        entry = entry_or_404(case, entry_id)
        plan = db.session.get(SavingsPlan, entry.plan_id)  # the case's, as the entry is
        return {"case": case, "plan": plan, "entry": entry, "item": entry}

    def heading_text(self, context):
        return _("Reverse an entry")

    def make_form(self, context):
        form = ReverseEntryForm()
        form.set_choices()
        return form

    def save(self, form, context):
        return services.reverse_entry(
            context["entry"], {"reason": form.reason.data}, actor=current_user
        )

    def message(self, reversal, context):
        return message_with(
            _("Entry reversed: %(amount)s."),
            amount=format_money(reversal.amount, reversal.currency),
        )

    def done_url(self, reversal, context):
        return plan_url(context["case"], context["plan"].id, f"entry-{reversal.id}")
