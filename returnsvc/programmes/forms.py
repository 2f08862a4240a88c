"""The support-programme form. Choices are not checked here (validate_choice=False): the
services check country, kind, regions and themes and say what is wrong next to the field
(core.forms.show_refusal), so the rules live in one place and the CLI demo loader gets the
same checks."""

from flask_wtf import FlaskForm
from wtforms import (
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length

from returnsvc.core.countries import ORIGINS, country_choices
from returnsvc.core.forms import VersionField, select_choices, texts_of_form
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.regions import regions_of
from returnsvc.programmes.models import ProgrammeKind
from returnsvc.publishing.forms import KEY_HELP, TOO_LONG, add_text_fields


def region_choices() -> list[SelectChoice]:
    """Regions of every origin country, grouped by country (the service checks they belong
    to the chosen one): the page works without JavaScript."""
    return [
        SelectChoice(code, name, optgroup=country_name)
        for country, country_name in country_choices(ORIGINS)
        for code, name in regions_of(country)
    ]


class ProgrammeForm(FlaskForm):
    key = StringField(
        _l("Key"), validators=[Length(max=80, message=TOO_LONG)], description=KEY_HELP
    )
    country = SelectField(_l("Country"), validate_choice=False)
    kind = SelectField(_l("Kind of programme"), validate_choice=False)
    provider = StringField(_l("Provider"), validators=[Length(max=200, message=TOO_LONG)])
    regions = SelectMultipleField(
        _l("Regions"),
        validate_choice=False,
        description=_l("Leave all unticked for a nationwide programme."),
    )
    contact = StringField(
        _l("Contact"),
        validators=[Length(max=300, message=TOO_LONG)],
        description=_l("A web address (https://…), an e-mail address or a phone number."),
    )
    version = VersionField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [SelectChoice("", "—"), *select_choices(country_choices(ORIGINS))]
        self.kind.choices = [SelectChoice("", "—"), *select_choices(ProgrammeKind.choices())]
        self.regions.choices = region_choices()

    def content_data(self) -> dict:
        return {
            "key": self.key.data or "",
            "country": self.country.data or "",
            "kind": self.kind.data or "",
            "provider": self.provider.data or "",
            "regions": list(self.regions.data or ()),
            "contact": self.contact.data or "",
            "texts": texts_of_form(self, self.TEXTS),
        }


add_text_fields(
    ProgrammeForm,
    {
        "name": (_l("Name"), StringField, 300),
        "conditions": (_l("Conditions"), TextAreaField, 10_000),
        "description": (_l("Description"), TextAreaField, 10_000),
    },
)
