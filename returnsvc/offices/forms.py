from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from returnsvc.core.countries import country_choices
from returnsvc.core.forms import VersionField, select_choices
from returnsvc.core.i18n import lazy_text as _l


class OfficeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    country = SelectField(_l("Country"))
    region = StringField(
        _l("Region"),
        validators=[Length(max=120)],
        description=_l("Province, department or autonomous community."),
    )
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=120)])
    is_active = BooleanField(_l("Active"), default=True)
    version = VersionField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices(country_choices())
