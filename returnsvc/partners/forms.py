"""Forms of the partner directory and of referrals. Each fills exactly the fields the services
accept (nothing else can be assigned from a request)."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from returnsvc.core.countries import ALL, country_choices, country_name
from returnsvc.core.forms import VersionField, coerce_id, select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.regions import is_region_of, regions_of
from returnsvc.partners.models import PartnerKind, ReferralStatus
from returnsvc.partners.services import PARTNER_FIELDS

PHONE_PATTERN = r"^[0-9+()./\s-]*$"


class PartnerForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(message=_l("Enter the organisation's name.")),
            Length(max=200),
        ],
    )
    kind = SelectField(_l("Kind of organisation"), choices=select_choices(PartnerKind.choices()))
    country = SelectField(
        _l("Country"), validators=[DataRequired(message=_l("Choose the country."))]
    )
    region_code = SelectField(
        _l("Region"),
        default="",
        description=_l("Department, province or autonomous community, if it works in one."),
    )
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("E-mail"),
        validators=[
            Optional(),
            Length(max=320),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(PHONE_PATTERN, message=_l("Use only digits, spaces and + ( ) - . /")),
        ],
        description=_l("With the country code, for example +57 601 546 1500."),
    )
    services = TextAreaField(
        _l("Services offered"),
        validators=[Optional(), Length(max=5000)],
        description=_l("What the organisation offers returnees, and on what conditions."),
        render_kw={"rows": 5},
    )
    is_active = BooleanField(
        _l("Active"),
        default=True,
        description=_l(
            "Inactive partners stay in the directory with their referrals but receive no new ones."
        ),
    )
    version = VersionField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices([("", "—")] + country_choices())
        self.region_code.choices = [SelectChoice("", "—")] + [
            SelectChoice(code, name, optgroup=country_name(c))
            for c in ALL
            for code, name in regions_of(c)
        ]

    def validate_region_code(self, field):
        if field.data and not is_region_of(field.data, self.country.data or ""):
            raise ValidationError(_l("This region is not in the chosen country."))

    def partner_data(self) -> dict:
        return {name: self[name].data for name in PARTNER_FIELDS}


class PartnerFilterForm(FlaskForm):
    """The directory's search and filters (GET; no CSRF). Bad values are simply not applied."""

    class Meta:
        csrf = False

    q = StringField(_l("Name"), validators=[Optional(), Length(max=100)])
    country = SelectField(_l("Country"), default="")
    kind = SelectField(_l("Kind of organisation"), default="")
    status = SelectField(_l("Status"), default="active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices([("", _l("All countries"))] + country_choices())
        self.kind.choices = select_choices([("", _l("All kinds"))] + PartnerKind.choices())
        self.status.choices = select_choices(
            [("active", _l("Active")), ("inactive", _l("Inactive")), ("all", _l("All"))]
        )

    def applied(self) -> dict:
        """The filters that passed validation (a bad one is dropped, the rest still apply)."""
        self.validate()
        applied = {
            name: field.data
            for name, field in self._fields.items()
            if not field.errors and field.data not in (None, "")
        }
        if "q" in applied:
            applied["q"] = applied["q"].strip()
        return {k: v for k, v in applied.items() if v}


class ReferralForm(FlaskForm):
    partner_id = SelectField(
        _l("Partner"),
        coerce=coerce_id,
        validators=[DataRequired(message=_l("Choose a partner."))],
    )
    purpose = TextAreaField(
        _l("Purpose of the referral"),
        validators=[
            DataRequired(message=_l("Say what the person is referred for.")),
            Length(max=2000),
        ],
        description=_l("What the partner is asked to do, for example: a welding course."),
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Send the referral"))

    def set_partner_choices(self, partners) -> None:
        """Active partners grouped by country (the caller orders them)."""
        self.partner_id.choices = [SelectChoice("", "—")] + [
            SelectChoice(p.id, f"{p.name} — {p.kind.label}", optgroup=country_name(p.country))
            for p in partners
        ]

    def referral_data(self) -> dict:
        return {"partner_id": self.partner_id.data, "purpose": self.purpose.data or ""}


def _seen_status():
    """The status the user saw, sent back as a hidden input: not used to decide anything (the
    version does that), but shown on the conflict page next to the status stored now."""
    return SelectField(
        _l("Status"),
        choices=select_choices(ReferralStatus.choices()),
        validate_choice=False,
    )


class ReferralStepForm(FlaskForm):
    """Accept or cancel: nothing to fill in but the version the user saw."""

    status = _seen_status()
    version = VersionField()


class DeclineReferralForm(FlaskForm):
    decline_reason = TextAreaField(
        _l("Why the partner declined"),
        validators=[
            DataRequired(message=_l("Say why the partner declined the referral.")),
            Length(max=2000),
        ],
        render_kw={"rows": 3},
    )
    status = _seen_status()
    version = VersionField()
    submit = SubmitField(_l("Record the decline"))


class CompleteReferralForm(FlaskForm):
    outcome = TextAreaField(
        _l("Outcome"),
        validators=[
            DataRequired(message=_l("Describe the outcome of the referral.")),
            Length(max=2000),
        ],
        description=_l("For example: finished the course with a certificate."),
        render_kw={"rows": 3},
    )
    status = _seen_status()
    version = VersionField()
    submit = SubmitField(_l("Record the completion"))
