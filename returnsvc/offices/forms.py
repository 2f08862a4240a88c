from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from returnsvc.core.countries import country_choices
from returnsvc.core.forms import VersionField, select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.time_fields import ZoneField


class OfficeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    country = SelectField(_l("Country"))
    region = StringField(
        _l("Region"),
        validators=[Length(max=120)],
        description=_l("Province, department or autonomous community."),
    )
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=120)])
    time_zone = ZoneField(
        _l("Time zone"),
        description=_l(
            "Its staff see and type times in this zone (each person may choose their own). "
            "Left as it is, the usual zone of the office's country."
        ),
    )
    is_active = BooleanField(_l("Active"), default=True)
    version = VersionField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = select_choices(country_choices())
        self.time_zone.set_zone_choices(_l("The country's usual time zone"))
