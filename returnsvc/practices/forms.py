"""The good-practice form: countries and themes as checkboxes, title/summary/body per locale.
Choices are checked by the service, which says what is wrong next to the field (one place for
the rules, whoever calls it)."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from returnsvc.core.countries import ORIGINS, country_choices
from returnsvc.core.forms import VersionField, select_choices, texts_of_form
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.practices.models import PracticeTheme
from returnsvc.publishing.forms import KEY_HELP, TOO_LONG, add_text_fields


class PracticeForm(FlaskForm):
    key = StringField(
        _l("Key"), validators=[Length(max=80, message=TOO_LONG)], description=KEY_HELP
    )
    countries = SelectMultipleField(
        _l("Countries"),
        validate_choice=False,
        description=_l("Leave all unticked when it applies to every country."),
    )
    themes = SelectMultipleField(
        _l("Themes"), validate_choice=False, description=_l("Choose at least one.")
    )
    version = VersionField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries.choices = select_choices(country_choices(ORIGINS))
        self.themes.choices = select_choices(PracticeTheme.choices())

    def content_data(self) -> dict:
        return {
            "key": self.key.data or "",
            "countries": list(self.countries.data or ()),
            "themes": list(self.themes.data or ()),
            "texts": texts_of_form(self, self.TEXTS),
        }


add_text_fields(
    PracticeForm,
    {
        "title": (_l("Title"), StringField, 300),
        "summary": (_l("Summary"), TextAreaField, 2000),
        "body": (_l("Text"), TextAreaField, 50_000),
    },
)
