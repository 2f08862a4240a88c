from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from returnsvc.core.forms import PolicyCheckedPassword, new_password_fields


class SignInForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=320)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class ChangePasswordForm(PolicyCheckedPassword, FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password, confirm_password = new_password_fields()
    submit = SubmitField(_l("Change password"))


class SetPasswordForm(PolicyCheckedPassword, FlaskForm):
    new_password, confirm_password = new_password_fields()
    submit = SubmitField(_l("Set password"))


class SignOutForm(FlaskForm):
    """Sign-out is a POST with a CSRF token: a link or an image must not sign anyone out."""

    submit = SubmitField(_l("Sign out"))
