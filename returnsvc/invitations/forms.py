"""The forms of the Portal access tab."""

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from returnsvc.core.forms import select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALE_CHOICES


class InviteForm(FlaskForm):
    """Invite (or invite again): the address the person will sign in with, and their
    language (the e-mail and the printed invitation use it; the portal starts in it)."""

    email = EmailField(
        _l("E-mail the person will sign in with"),
        validators=[
            DataRequired(message=_l("Enter the person's e-mail address.")),
            Length(max=320),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
        description=_l(
            "Their own address, which only they read: it is their name to sign in, and "
            "where a forgotten-password link goes."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    preferred_locale = SelectField(
        _l("Their language"),
        choices=select_choices(LOCALE_CHOICES),
        default="es",
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Invite to the portal"))


class RevokeForm(FlaskForm):
    """A bare CSRF-protected POST: revoking needs nothing else."""

    submit = SubmitField(_l("Revoke portal access"))
