from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional

from returnsvc.core.i18n import lazy_text as _l


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter form

    actor = StringField(_l("Who (e-mail)"), validators=[Optional(), Length(max=320)])
    action = StringField(
        _l("Action"),
        validators=[Optional(), Length(max=80)],
        description=_l("For example auth.login or user."),
    )
    target_type = StringField(_l("Record type"), validators=[Optional(), Length(max=60)])
    target_id = StringField(_l("Record id"), validators=[Optional(), Length(max=60)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
