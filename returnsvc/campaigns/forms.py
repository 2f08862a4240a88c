"""Campaign forms. Choices are not checked here (validate_choice=False): the services check
country, audience, office and channel and say what is wrong next to the field
(core.forms.show_refusal), so the rules live in one place and the demo data gets them too."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields import URLField
from wtforms.validators import Length

from returnsvc.campaigns.models import Audience, Channel
from returnsvc.casework.forms import OptionalDateField
from returnsvc.core.countries import country_choices
from returnsvc.core.forms import (
    LocaleDecimalField,
    VersionField,
    WholeNumberField,
    coerce_id,
    select_choices,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import CURRENCIES

TOO_LONG = _l("At most %(max)d characters, please.")


class CampaignForm(FlaskForm):
    name = StringField(_l("Name"), validators=[Length(max=200, message=TOO_LONG)])
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=5000, message=TOO_LONG)],
        description=_l("What the campaign offers and how people hear of it."),
    )
    country = SelectField(_l("Country of origin"), validate_choice=False)
    audience = SelectField(_l("Audience"), validate_choice=False)
    office_id = SelectField(
        _l("Office"),
        coerce=coerce_id,
        validate_choice=False,
        description=_l("Only for a campaign for the returnees of one office."),
    )
    channel = SelectField(_l("Channel"), validate_choice=False)
    starts_on = OptionalDateField(_l("First day"))
    ends_on = OptionalDateField(_l("Last day"))
    target_plans = WholeNumberField(
        _l("Target: savings plans opened"),
        render_kw={"inputmode": "numeric"},
        description=_l("Leave empty for no target."),
    )
    target_amount = LocaleDecimalField(
        _l("Target: amount saved"), places=2, example="25000.00", render_kw={"inputmode": "decimal"}
    )
    target_currency = SelectField(_l("Currency of the target amount"), validate_choice=False)
    version = VersionField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, countries=(), audiences=(), offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices(country_choices(countries))
        self.audience.choices = [SelectChoice(a.value, a.label) for a in audiences]
        self.office_id.choices = [
            SelectChoice("", "—"),
            *(SelectChoice(str(ident), name, optgroup=group) for ident, name, group in offices),
        ]
        self.channel.choices = select_choices(Channel.choices())
        self.target_currency.choices = [
            SelectChoice("", _l("The country's currency")),
            *(SelectChoice(code, code) for code in sorted(CURRENCIES)),
        ]

    def campaign_data(self) -> dict:
        return {
            "country": self.country.data or "",
            "name": self.name.data or "",
            "description": self.description.data or "",
            "audience": self.audience.data or "",
            "office_id": self.office_id.data,
            "channel": self.channel.data or "",
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "target_plans": self.target_plans.data,
            "target_amount": self.target_amount.data,
            "target_currency": self.target_currency.data or "",
        }


AUDIENCES = tuple(Audience)


class LinkForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200, message=TOO_LONG)])
    url = URLField(
        _l("Web address"),
        validators=[Length(max=2000, message=TOO_LONG)],
        description=_l("Starting with https:// (plain http is accepted too)."),
    )
    submit = SubmitField(_l("Add the link"))


class FileForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200, message=TOO_LONG)])
    # Checked by content (campaigns.files): the name and type the browser sends are not trusted.
    file = FileField(
        _l("PDF file"),
        description=_l("A PDF document of at most 5 MB."),
        render_kw={"accept": ".pdf,application/pdf"},
    )
    submit = SubmitField(_l("Upload"))


class ReferenceForm(FlaskForm):
    reference = StringField(
        _l("Case reference"),
        validators=[Length(max=40, message=TOO_LONG)],
        description=_l("The reference of one of the cases you can see."),
    )
    submit = SubmitField(_l("Enrol"))


class EnrolPersonForm(FlaskForm):
    """One person found by the search: their id, checked again by the service."""

    returnee_id = HiddenField()


class ButtonForm(FlaskForm):
    """A button that posts nothing but the CSRF token (remove a material, un-enrol)."""
