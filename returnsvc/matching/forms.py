"""Matching's forms: the weights (one whole-number field per score component of a kind), the
Matches tab's filters, and a decision on a match."""

from functools import cache

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from returnsvc.casework.forms import OptionalDateField
from returnsvc.core.forms import (
    LocaleDecimalField,
    VersionField,
    WholeNumberField,
    coerce_id,
    select_choices,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.regions import regions_of
from returnsvc.matching.components import COMPONENT_LABELS, KIND_LABELS
from returnsvc.matching.models import ContractType, WagePeriod
from returnsvc.matching.scorer_weights import COMPONENTS, Kind


class WeightsFormBase(FlaskForm):
    # The version the form was filled from (0: the shipped defaults); a newer one is refused.
    based_on = VersionField()
    note = TextAreaField(_l("Why this change (optional)"), validators=[Length(max=1000)])


@cache
def weights_form_class(kind: str) -> type[WeightsFormBase]:
    """The form class of a kind: its components as fields, in the scorer's order."""
    fields = {
        name: WholeNumberField(COMPONENT_LABELS[name], validators=[InputRequired()])
        for name in COMPONENTS[Kind(kind)]
    }
    return type(f"{kind.title()}WeightsForm", (WeightsFormBase,), fields)


def component_names(kind: str) -> tuple[str, ...]:
    return COMPONENTS[Kind(kind)]


class MatchFilterForm(FlaskForm):
    """The Matches tab's filters (a GET form: shareable URLs, no CSRF)."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Show"), default="")
    region = SelectField(_l("Region"), default="")
    min_score = WholeNumberField(
        _l("Lowest score"), validators=[Optional(), NumberRange(min=0, max=100)], maximum=100
    )

    def set_choices(self, country: str) -> None:
        self.kind.choices = select_choices([("", _l("Jobs and businesses")), *KIND_LABELS.items()])
        self.region.choices = select_choices([("", _l("Any region")), *regions_of(country)])


class DecisionForm(FlaskForm):
    """A decision on a match, with what a referral or a placement needs. Which fields count
    depends on the status chosen; the service says what is missing for that status."""

    seen = VersionField()  # the latest decision shown (0: none), see decide_match
    status = SelectField(_l("Decision"))
    note = TextAreaField(
        _l("Note"),
        validators=[Length(max=2000)],
        description=_l("Required to dismiss: say why."),
        render_kw={"rows": 3},
    )
    partner_id = SelectField(_l("Refer to"), coerce=coerce_id, validate_choice=False)
    purpose = TextAreaField(
        _l("Purpose of the referral"), validators=[Length(max=2000)], render_kw={"rows": 3}
    )
    employer_id = SelectField(_l("Employer"), coerce=coerce_id, validate_choice=False)
    employer_name = StringField(
        _l("Employer's name, if not in the list"), validators=[Length(max=200)]
    )
    job_title = StringField(_l("Job title"), validators=[Length(max=200)])
    start_date = OptionalDateField(_l("Start date"))
    wage = LocaleDecimalField(_l("Wage"), places=2, example="1200.50")
    # Choices the service checks (with its own message), so that a field left out of a POST
    # that is not a "hired" one is no error.
    currency = SelectField(_l("Currency"), default="", validate_choice=False)
    wage_period = SelectField(
        _l("Wage period"), choices=select_choices(WagePeriod.choices()), validate_choice=False
    )
    contract_type = SelectField(
        _l("Contract"),
        choices=select_choices([("", "—"), *ContractType.choices()]),
        validate_choice=False,
    )
    is_formal = BooleanField(_l("Formal job (registered, with social security)"))
    hours_per_week = WholeNumberField(_l("Hours a week"), maximum=168)
    submit = SubmitField(_l("Record the decision"))

    def set_choices(self, statuses, partners, employers, currencies) -> None:
        self.status.choices = select_choices([(s.value, s.label) for s in statuses])
        self.partner_id.choices = select_choices(
            [("", "—"), *((p.id, f"{p.name} — {p.kind.label}") for p in partners)]
        )
        self.employer_id.choices = select_choices([("", "—"), *((p.id, p.name) for p in employers)])
        self.currency.choices = select_choices([("", "—"), *((c, c) for c in currencies)])

    def decision_data(self) -> dict:
        return {
            name: getattr(self, name).data
            for name in (
                "status", "note", "partner_id", "purpose", "employer_id", "employer_name",
                "job_title", "start_date", "wage", "currency", "wage_period", "contract_type",
                "is_formal", "hours_per_week",
            )
        }  # fmt: skip
