"""Forms of the Savings tab. Each fills exactly the fields the services accept; amounts are
typed the way the page's language writes them, and ranges, dates, institutions and businesses
are checked by the services (savings.services), whose refusals are shown next to the field."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length

from returnsvc.casework.forms import OptionalDateField
from returnsvc.core.countries import HOST, currency_of, world_country_choices
from returnsvc.core.forms import LocaleDecimalField, VersionField, coerce_id, select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import CURRENCIES
from returnsvc.savings.models import (
    RemittanceChannel,
    ReversalReason,
    SavingsPurpose,
    WithdrawalPurpose,
)

_MONEY = {"inputmode": "decimal", "autocomplete": "off"}


def _money(label, **kwargs):
    return LocaleDecimalField(label, places=2, example="1200.50", render_kw=_MONEY, **kwargs)


def _data(form, names) -> dict:
    return {name: form[name].data for name in names}


def currency_choices(country: str) -> list:
    """The person's country's currency first, then the others."""
    own = currency_of(country)
    return select_choices([(code, code) for code in [own, *sorted(CURRENCIES - {own})]])


def _none_or(pairs) -> list:
    return select_choices([("", "—"), *pairs])


class PlanChangeForm(FlaskForm):
    """A plan's goal, date, deposit and institution (what changes on an open plan)."""

    purpose = SelectField(_l("What the savings are for"), validate_choice=False)
    enterprise_id = SelectField(
        _l("The business it is for"),
        coerce=coerce_id,
        validate_choice=False,
        description=_l("Only for capital for a business."),
    )
    target_amount = _money(_l("Amount to save"))
    target_date = OptionalDateField(_l("Date the goal should be reached"))
    recommended_monthly = _money(
        _l("Recommended monthly deposit"),
        description=_l(
            "Left empty: what is still to save, shared over the whole months to the goal's date."
        ),
    )
    institution_id = SelectField(
        _l("Bank or savings institution"), coerce=coerce_id, validate_choice=False
    )
    account = StringField(
        _l("Account number"),
        validators=[Length(max=60)],
        description=_l(
            "Left empty: the account stays as it is. Only its last four characters are kept."
        ),
        render_kw={"maxlength": 60, "autocomplete": "off"},
    )
    version = VersionField()
    submit = SubmitField(_l("Save the plan"))

    def set_choices(self, enterprises, institutions) -> None:
        """`enterprises`, `institutions`: (id, name) pairs (savings.lookups)."""
        self.purpose.choices = select_choices(SavingsPurpose.choices())
        self.enterprise_id.choices = _none_or(enterprises)
        self.institution_id.choices = _none_or(institutions)

    def plan_data(self) -> dict:
        return _data(
            self,
            ("purpose", "enterprise_id", "target_amount", "target_date", "recommended_monthly",
             "institution_id", "account"),
        )  # fmt: skip


class PlanForm(PlanChangeForm):
    """A new plan: also its currency (the ledger's, for good) and its start."""

    currency = SelectField(_l("Currency"), validate_choice=False)
    starts_on = OptionalDateField(
        _l("Start date"),
        description=_l("Left empty: today. An earlier date if the person already saves."),
    )
    account = StringField(
        _l("Account number"),
        validators=[Length(max=60)],
        description=_l("Only its last four characters are kept."),
        render_kw={"maxlength": 60, "autocomplete": "off"},
    )
    version = None
    submit = SubmitField(_l("Open the plan"))

    # Fields in the order a counsellor fills them in.
    FIELD_ORDER = (
        "purpose", "enterprise_id", "target_amount", "currency", "target_date", "starts_on",
        "recommended_monthly", "institution_id", "account",
    )  # fmt: skip

    def set_choices(self, enterprises, institutions, country: str = HOST) -> None:
        super().set_choices(enterprises, institutions)
        self.currency.choices = currency_choices(country)

    def plan_data(self) -> dict:
        return super().plan_data() | _data(self, ("currency", "starts_on"))


class ClosePlanForm(FlaskForm):
    version = VersionField()
    submit = SubmitField(_l("Close the plan"))


class RemittanceForm(FlaskForm):
    booked_on = OptionalDateField(_l("Date the money arrived"))
    sender_country = SelectField(_l("Country it was sent from"), validate_choice=False)
    channel = SelectField(_l("How it was sent"), validate_choice=False)
    sent_currency = SelectField(
        _l("Currency it was sent in"),
        validate_choice=False,
        description=_l("Only when it was sent in another currency than the plan's."),
    )
    sent_amount = _money(_l("Amount sent"), description=_l("In the currency it was sent in."))
    amount = _money(_l("Amount credited to the plan"))
    submit = SubmitField(_l("Record the deposit"))

    def set_choices(self) -> None:
        self.sender_country.choices = world_country_choices()
        self.channel.choices = _none_or(RemittanceChannel.choices())
        self.sent_currency.choices = _none_or((code, code) for code in sorted(CURRENCIES))
        if not self.is_submitted():
            self.sender_country.data = HOST

    def entry_data(self) -> dict:
        return _data(
            self, ("booked_on", "amount", "sender_country", "channel", "sent_currency",
                   "sent_amount"),
        )  # fmt: skip


class WagesForm(FlaskForm):
    booked_on = OptionalDateField(_l("Date of the deposit"))
    amount = _money(_l("Amount deposited"))
    submit = SubmitField(_l("Record the deposit"))

    def set_choices(self) -> None:
        pass

    def entry_data(self) -> dict:
        return _data(self, ("booked_on", "amount"))


class InterestForm(WagesForm):
    booked_on = OptionalDateField(_l("Date the interest was paid"))
    amount = _money(_l("Interest paid"))
    submit = SubmitField(_l("Record the interest"))


class WithdrawalForm(FlaskForm):
    booked_on = OptionalDateField(_l("Date of the withdrawal"))
    amount = _money(_l("Amount withdrawn"))
    withdrawal_purpose = SelectField(_l("What the money was for"), validate_choice=False)
    submit = SubmitField(_l("Record the withdrawal"))

    def set_choices(self) -> None:
        self.withdrawal_purpose.choices = _none_or(WithdrawalPurpose.choices())

    def entry_data(self) -> dict:
        return _data(self, ("booked_on", "amount", "withdrawal_purpose"))


class ReverseEntryForm(FlaskForm):
    reason = SelectField(_l("What was wrong"), validate_choice=False)
    submit = SubmitField(_l("Reverse the entry"))

    def set_choices(self) -> None:
        self.reason.choices = _none_or(ReversalReason.choices())
