"""Forms of the APRE tab. Each fills exactly the fields its service accepts (apre.services,
apre.payments, apre.earmarks), which checks the ranges, the dates and the case's plans and
businesses; its refusals are shown next to the field. Amounts are typed the way the user's
language writes them."""

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from returnsvc.casework.forms import OptionalDateField
from returnsvc.core.forms import LocaleDecimalField, VersionField, coerce_id, select_choices
from returnsvc.core.i18n import lazy_text as _l

_MONEY = {"inputmode": "decimal", "autocomplete": "off"}


def _money(label, **kwargs):
    return LocaleDecimalField(label, places=2, example="1200.50", render_kw=_MONEY, **kwargs)


def _data(form, names) -> dict:
    return {name: form[name].data for name in names}


class StartApreForm(FlaskForm):
    total_amount = _money(
        _l("Benefit recognised (EUR)"),
        description=_l("The whole contributory unemployment benefit paid in advance."),
    )
    recognised_on = OptionalDateField(_l("Date the benefit was recognised"))
    returned_on = OptionalDateField(
        _l("Date the person left Spain"),
        description=_l("Left empty while the return is not known."),
    )
    submit = SubmitField(_l("Save the APRE"))

    def record_data(self) -> dict:
        return _data(self, ("total_amount", "recognised_on", "returned_on"))


class EditApreForm(StartApreForm):
    version = VersionField()


class PaymentForm(FlaskForm):
    received_amount = _money(_l("Amount received (EUR)"))
    received_on = OptionalDateField(_l("Date it was received"))
    version = VersionField()
    submit = SubmitField(_l("Record the payment"))

    def payment_data(self) -> dict:
        return _data(self, ("received_amount", "received_on"))


class SavingsEarmarkForm(FlaskForm):
    plan_id = SelectField(_l("Savings plan"), coerce=coerce_id, validate_choice=False)
    amount = _money(_l("Amount of the payment (EUR)"))
    credited_amount = _money(
        _l("Amount credited to the plan, in its currency"),
        description=_l("Only for a plan in another currency than the euro."),
    )
    booked_on = OptionalDateField(
        _l("Date it was put into the plan"), description=_l("Left empty: today.")
    )
    submit = SubmitField(_l("Put it towards the savings plan"))

    def set_choices(self, plans) -> None:
        """`plans`: (id, label) of the case's active savings plans."""
        self.plan_id.choices = select_choices(plans)

    def earmark_data(self) -> dict:
        return {
            "to": "savings",
            **_data(self, ("plan_id", "amount", "credited_amount", "booked_on")),
        }


class BusinessEarmarkForm(FlaskForm):
    enterprise_id = SelectField(_l("Business"), coerce=coerce_id, validate_choice=False)
    amount = _money(_l("Amount of the payment (EUR)"))
    booked_on = OptionalDateField(
        _l("Date it was put towards the business"), description=_l("Left empty: today.")
    )
    submit = SubmitField(_l("Put it towards the business plan"))

    def set_choices(self, enterprises) -> None:
        """`enterprises`: (id, name) of the case's businesses."""
        self.enterprise_id.choices = select_choices(enterprises)

    def earmark_data(self) -> dict:
        return {"to": "enterprise", **_data(self, ("enterprise_id", "amount", "booked_on"))}
