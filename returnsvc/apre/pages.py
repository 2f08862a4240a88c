"""The form pages of the APRE tab: start the record, change it, record a payment received,
and put part of a received payment towards a savings plan or a business. Each loads its case
through the scoped loaders (404 when invisible, 403 when read-only, 409 when closed) and its
payment within that case (apre.queries); apre.views registers them on the blueprint."""

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from returnsvc.apre import earmarks, payments, queries, services
from returnsvc.apre.forms import (
    BusinessEarmarkForm,
    EditApreForm,
    PaymentForm,
    SavingsEarmarkForm,
    StartApreForm,
)
from returnsvc.apre.models import CURRENCY
from returnsvc.cases.loaders import workable_case
from returnsvc.core.money import format_money
from returnsvc.core.pages import FormPage


def tab_url(case, anchor: str | None = None) -> str:
    return url_for("apre.case_apre", case_id=case.id, _anchor=anchor)


class AprePage(FormPage):
    """A form page of the APRE tab (the one form template)."""

    template = "apre/form.html"

    def heading(self, context) -> str:
        raise NotImplementedError

    def render(self, form, context):
        return render_template(self.template, form=form, heading=self.heading(context), **context)

    def done_url(self, result, context):
        return tab_url(context["case"])


class StartApre(AprePage):
    """Only for a person returning with the APRE and a case without its record yet: the
    others are sent back to the tab, which says why."""

    def load(self, case_id):
        case = workable_case(case_id)
        return {"case": case}

    def get(self, **url_args):
        context = self.load(**url_args)
        case = context["case"]
        if not services.is_apre_case(case) or services.record_of(case.id) is not None:
            return redirect(tab_url(case))
        return self.render(self.make_form(context), context)

    def heading(self, context):
        return _("Record the APRE")

    def make_form(self, context):
        form = StartApreForm()
        migration = context["case"].returnee.migration
        if not form.is_submitted() and migration is not None:
            form.returned_on.data = migration.actual_return_date
        return form

    def save(self, form, context):
        return services.start_apre(context["case"], form.record_data(), actor=current_user)

    def message(self, result, context):
        return _("APRE recorded.")


class EditApre(AprePage):
    def load(self, case_id):
        case = workable_case(case_id)
        record = services.record_of(case.id)
        if record is None:
            abort(404)
        return {"case": case, "record": record, "item": record}

    def heading(self, context):
        return _("Change the APRE")

    def make_form(self, context):
        record = context["record"]
        form = EditApreForm(obj=record)
        if not form.is_submitted():
            form.version.data = record.version
        return form

    def save(self, form, context):
        return services.update_apre(
            context["record"], form.record_data(), version=form.version.data, actor=current_user
        )


class PaymentPage(AprePage):
    def load(self, case_id, payment_id):
        case = workable_case(case_id)
        payment = queries.payment_or_404(case, payment_id)
        return {"case": case, "payment": payment, "item": payment}

    def payment_heading(self, context) -> str:
        payment = context["payment"]
        if payment.number == services.FIRST:
            return _("First payment (in Spain)")
        return _("Second payment (in the country of origin)")


class RecordPayment(PaymentPage):
    def heading(self, context):
        return self.payment_heading(context)

    def make_form(self, context):
        payment = context["payment"]
        form = PaymentForm(obj=payment)
        if not form.is_submitted():
            form.version.data = payment.version
            if payment.received_amount is None:
                form.received_amount.data = payment.expected_amount
        return form

    def save(self, form, context):
        return payments.record_payment(
            context["payment"],
            form.payment_data(),
            version=form.version.data,
            actor=current_user,
        )


class EarmarkPage(PaymentPage):
    """Put part of a received payment somewhere; with nothing left of it (or nowhere to put
    it) the page says so and shows no form."""

    def load(self, case_id, payment_id):
        context = super().load(case_id, payment_id)
        view = queries.apre_of(context["case"].id)
        payment_view = next(v for v in view.payments if v.payment.id == payment_id)
        context["left"] = format_money(payment_view.left, CURRENCY)
        context["nothing_left"] = payment_view.left <= 0
        return context

    def heading(self, context):
        return self.payment_heading(context)

    def message(self, result, context):
        return _(
            "Part of the payment was put aside: %(amount)s.",
            amount=format_money(result.amount, CURRENCY),
        )

    def save(self, form, context):
        return earmarks.earmark(context["payment"], form.earmark_data(), actor=current_user)


class EarmarkSavings(EarmarkPage):
    def load(self, case_id, payment_id):
        context = super().load(case_id, payment_id)
        plans = queries.savings_plans_of(context["case"].id)
        context["choices"] = [(p.id, queries.plan_label(p)) for p in plans]
        context["nowhere"] = _("This case has no active savings plan.") if not plans else None
        context["what"] = _("Put it towards a savings plan")
        return context

    def make_form(self, context):
        form = SavingsEarmarkForm()
        form.set_choices(context["choices"])
        return form


class EarmarkBusiness(EarmarkPage):
    def load(self, case_id, payment_id):
        context = super().load(case_id, payment_id)
        context["choices"] = queries.enterprises_of(context["case"].id)
        context["nowhere"] = _("This case has no business yet.") if not context["choices"] else None
        context["what"] = _("Put it towards a business plan")
        return context

    def make_form(self, context):
        form = BusinessEarmarkForm()
        form.set_choices(context["choices"])
        return form
