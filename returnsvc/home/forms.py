from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from returnsvc.core.forms import select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALE_CHOICES


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=select_choices(LOCALE_CHOICES))
    next = HiddenField()
