from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from returnsvc.core.forms import select_choices

LANGUAGE_CHOICES = [("es", "Español"), ("en", "English")]


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=select_choices(LANGUAGE_CHOICES))
    next = HiddenField()
