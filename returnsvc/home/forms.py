from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField

from returnsvc.core.clock import zone_label
from returnsvc.core.forms import select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALE_CHOICES
from returnsvc.core.time_fields import ZoneField


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=select_choices(LOCALE_CHOICES))
    next = HiddenField()


class OwnTimeZoneForm(FlaskForm):
    """The person's own time zone; empty: their office's."""

    time_zone = ZoneField(
        _l("My own time zone"),
        description=_l(
            "Times are shown, and typed, in this zone. Leave it empty to use your office's."
        ),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, office_zone: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if office_zone:
            empty = _l("My office's time zone (%(zone)s)", zone=zone_label(office_zone))
        else:
            empty = _l("The default time zone")
        self.time_zone.set_zone_choices(empty)
