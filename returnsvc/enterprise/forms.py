"""Forms of the Enterprise tab. Each fills exactly the fields the services accept; ranges,
countries and states are checked by the services (enterprise.services, enterprise.funding),
whose refusals are shown next to the field."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from returnsvc.casework.forms import OptionalDateField
from returnsvc.core.countries import currency_of
from returnsvc.core.enums import IsicSection
from returnsvc.core.forms import (
    LocaleDecimalField,
    VersionField,
    WholeNumberField,
    coerce_id,
    select_choices,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import CURRENCIES
from returnsvc.core.numbers import parse_whole_number
from returnsvc.core.regions import regions_of
from returnsvc.enterprise.models import FundingKind, FundingStatus, LoanMethod
from returnsvc.enterprise.services import JOB_FIELDS

_MONEY = {"inputmode": "decimal", "autocomplete": "off"}
_WHOLE = {"inputmode": "numeric", "autocomplete": "off"}


def currency_choices(country: str) -> list:
    """The person's country's currency first, then the others."""
    own = currency_of(country)
    return select_choices([(code, code) for code in [own, *sorted(CURRENCIES - {own})]])


def _money(label, **kwargs):
    return LocaleDecimalField(label, places=2, example="1200.50", render_kw=_MONEY, **kwargs)


def _whole(label, maximum=10_000, **kwargs):
    return WholeNumberField(label, maximum=maximum, render_kw=_WHOLE, **kwargs)


def _data(form, names) -> dict:
    return {name: form[name].data for name in names}


class EnterpriseForm(FlaskForm):
    name = StringField(
        _l("Name of the business"), validators=[Length(max=200)], render_kw={"maxlength": 200}
    )
    sector = SelectField(_l("Sector (ISIC section)"), validate_choice=False)
    region_code = SelectField(_l("Region"), validate_choice=False)
    opportunity_id = SelectField(
        _l("Business opportunity of the guide"), coerce=coerce_id, validate_choice=False
    )
    # Not "tax_id": a field so named is taken for a record id (tests/route_walk.py).
    tax_number = StringField(
        _l("Tax id (if registered)"), validators=[Length(max=40)], render_kw={"maxlength": 40}
    )
    registered_on = OptionalDateField(_l("Date of formal registration"))
    jobs_owner = _whole(_l("Owners working in it"))
    jobs_family_women = _whole(_l("Family members working in it: women"))
    jobs_family_men = _whole(_l("Family members working in it: men"))
    jobs_employees_women = _whole(_l("Employees: women"))
    jobs_employees_men = _whole(_l("Employees: men"))
    submit = SubmitField(_l("Save the business"))

    def set_choices(self, country: str, opportunities) -> None:
        self.sector.choices = select_choices([("", "—"), *IsicSection.choices()])
        self.region_code.choices = select_choices([("", "—"), *regions_of(country)])
        self.opportunity_id.choices = select_choices([("", "—"), *opportunities])

    def enterprise_data(self) -> dict:
        data = _data(
            self,
            ("name", "sector", "region_code", "opportunity_id", "registered_on", *JOB_FIELDS),
        )
        return data | {"tax_id": self.tax_number.data}


class EditEnterpriseForm(EnterpriseForm):
    version = VersionField()


class StageForm(FlaskForm):
    stage = SelectField(_l("New stage"), validate_choice=False)
    launched_on = OptionalDateField(
        _l("Date the business opened"), description=_l("Needed to launch it.")
    )
    closed_on = OptionalDateField(
        _l("Date the business closed"), description=_l("Needed to close it.")
    )
    version = VersionField()
    submit = SubmitField(_l("Move the business"))

    def set_choices(self, stages) -> None:
        self.stage.choices = select_choices([(s.value, s.label) for s in stages])


class PlanForm(FlaskForm):
    description = TextAreaField(
        _l("The plan"),
        validators=[Length(max=5000)],
        description=_l("What the business will sell, to whom, and how."),
        render_kw={"rows": 5},
    )
    currency = SelectField(_l("Currency"), validate_choice=False)
    total_investment = _money(_l("Total investment"))
    own_contribution = _money(_l("Own contribution"))
    monthly_revenue = _money(_l("Expected monthly revenue"))
    monthly_costs = _money(_l("Expected monthly costs"))
    submit = SubmitField(_l("Save this version of the plan"))

    def plan_data(self) -> dict:
        return _data(
            self,
            ("description", "currency", "total_investment", "own_contribution",
             "monthly_revenue", "monthly_costs"),
        )  # fmt: skip


class TrainingForm(FlaskForm):
    programme_id = SelectField(_l("Training programme"), coerce=coerce_id, validate_choice=False)
    attended_on = OptionalDateField(_l("Date of the training"))
    is_completed = BooleanField(_l("Completed"))
    submit = SubmitField(_l("Record the training"))

    def training_data(self) -> dict:
        return _data(self, ("programme_id", "attended_on", "is_completed"))


class FundingForm(FlaskForm):
    kind = SelectField(_l("Kind of funding"), validate_choice=False)
    amount = _money(_l("Amount"))
    currency = SelectField(_l("Currency"), validate_choice=False)
    partner_id = SelectField(_l("Partner providing it"), coerce=coerce_id, validate_choice=False)
    programme_id = SelectField(
        _l("Support programme providing it"), coerce=coerce_id, validate_choice=False
    )
    status = SelectField(_l("Status"), validate_choice=False)
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)], render_kw={"rows": 3})
    submit = SubmitField(_l("Add the funding"))

    def set_choices(self, country: str, partners, programmes) -> None:
        """`partners`, `programmes`: (id, name) of the country's active partners and
        published programmes."""
        self.kind.choices = select_choices(FundingKind.choices())
        self.currency.choices = currency_choices(country)
        self.partner_id.choices = select_choices([("", "—"), *partners])
        self.programme_id.choices = select_choices([("", "—"), *programmes])
        self.status.choices = select_choices(
            (s.value, s.label) for s in (FundingStatus.REQUESTED, FundingStatus.APPROVED)
        )

    def funding_data(self) -> dict:
        return _data(
            self, ("kind", "amount", "currency", "partner_id", "programme_id", "status", "note")
        )


class FundingStatusForm(FlaskForm):
    status = SelectField(_l("New status"), validate_choice=False)
    version = VersionField()
    submit = SubmitField(_l("Change the status"))


class DisbursementForm(FlaskForm):
    disbursed_on = OptionalDateField(_l("Date it was paid"))
    amount = _money(_l("Amount paid"))
    paid_by = StringField(_l("Paid by"), validators=[Length(max=200)], render_kw={"maxlength": 200})
    submit = SubmitField(_l("Record the disbursement"))

    def disbursement_data(self) -> dict:
        return _data(self, ("disbursed_on", "amount", "paid_by"))


class LoanForm(FlaskForm):
    principal = _money(_l("Principal"), description=_l("Left empty: the amount of the funding."))
    annual_rate = LocaleDecimalField(
        _l("Yearly nominal rate (percent)"), example="24.5", render_kw=_MONEY
    )
    term_months = _whole(_l("Term in months"), maximum=120)
    grace_months = _whole(
        _l("Grace months"), maximum=119, description=_l("Months paying interest only.")
    )
    method = SelectField(_l("Method"), validate_choice=False)
    disbursed_on = OptionalDateField(_l("Date the loan was paid out"))
    submit = SubmitField(_l("Save the loan terms"))

    def set_choices(self) -> None:
        self.method.choices = select_choices(LoanMethod.choices())

    def loan_data(self) -> dict:
        return _data(
            self,
            ("principal", "annual_rate", "term_months", "grace_months", "method", "disbursed_on"),
        )


class RepaymentForm(FlaskForm):
    paid_on = OptionalDateField(_l("Date of the repayment"))
    amount = _money(_l("Amount repaid"))
    submit = SubmitField(_l("Record the repayment"))

    def repayment_data(self) -> dict:
        return _data(self, ("paid_on", "amount"))


class ReverseRepaymentForm(FlaskForm):
    """The button that reverses a repayment (it carries the CSRF token only)."""


class WriteOffForm(FlaskForm):
    reason = TextAreaField(
        _l("Why the loan is written off"), validators=[Length(max=5000)], render_kw={"rows": 4}
    )
    version = VersionField()
    submit = SubmitField(_l("Write off the loan"))


def _visit_month(value):
    """The scheduled visit chosen ("" for a visit between them); odd values are no choice."""
    if value in (None, "", "None"):
        return None
    month = parse_whole_number(value, maximum=1000)
    if month is None:
        raise ValueError(f"not a visit month: {value!r}")
    return month


class VisitForm(FlaskForm):
    due_month = SelectField(_l("Scheduled visit"), coerce=_visit_month)
    visited_on = OptionalDateField(_l("Date of the visit"))
    is_operating = BooleanField(_l("The business is operating"))
    monthly_revenue = _money(_l("Monthly revenue"))
    currency = SelectField(_l("Currency"), validate_choice=False)
    jobs = _whole(_l("Jobs"), description=_l("Everyone working in it, the owner included."))
    problems = TextAreaField(_l("Problems"), validators=[Length(max=5000)], render_kw={"rows": 3})
    next_steps = TextAreaField(
        _l("Next steps"), validators=[Length(max=5000)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("Record the visit"))

    def set_choices(self, months) -> None:
        """`months`: the scheduled visits not recorded yet."""
        self.due_month.choices = select_choices(
            [("", _l("Between scheduled visits")), *(
                (m, _l("%(months)s months after launch", months=m)) for m in months
            )]
        )  # fmt: skip

    def visit_data(self) -> dict:
        return _data(
            self,
            ("due_month", "visited_on", "is_operating", "monthly_revenue", "currency", "jobs",
             "problems", "next_steps"),
        )  # fmt: skip
