"""Forms for support programmes, and the per-locale text fields that the good-practice form
shares. Choices are not checked here (validate_choice=False): the services check country,
kind, regions and themes and say what is wrong next to the field (core.forms.show_refusal),
so the rules live in one place and the CLI demo loader gets the same checks."""

from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
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
from returnsvc.core.forms import VersionField, flat_texts, select_choices, texts_of_form
from returnsvc.core.regions import regions_of
from returnsvc.core.translated import LOCALES
from returnsvc.programmes.models import ProgrammeKind

TOO_LONG = _l("At most %(max)d characters, please.")
# Endonyms, as the language switcher shows them.
LANGUAGE_NAMES = {"es": "Español", "en": "English"}

KEY_HELP = _l(
    "Optional: a short identifier used by CSV files, e.g. “seed-capital-quito”. "
    "Left empty, it is made from the name."
)


def add_text_fields(form_cls, fields: dict[str, tuple]) -> None:
    """Add `<field>_<locale>` for each locale: fields = {name: (label, field class, max)}."""
    for locale in LOCALES:
        for name, (label, field_cls, limit) in fields.items():
            validators = [Length(max=limit, message=TOO_LONG)] if limit else []
            # The language is in the label so that the error summary and the conflict page
            # say which "Name" they mean.
            label_in = _l("%(field)s (%(language)s)", field=label, language=LANGUAGE_NAMES[locale])
            setattr(form_cls, f"{name}_{locale}", field_cls(label_in, validators=validators))


def snapshot(obj, texts: dict, fields) -> SimpleNamespace:
    """The stored record as the form sees it (texts flattened), for the conflict page."""
    flat = flat_texts(texts, fields)
    columns = {column.key: getattr(obj, column.key) for column in obj.__table__.columns}
    return SimpleNamespace(**columns, **flat)


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

    TEXTS = ("name", "conditions", "description")

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


class ActionForm(FlaskForm):
    """Publish, unpublish or delete: a POST with the version the user saw."""

    version = VersionField()
