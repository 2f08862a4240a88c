from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from returnsvc.auth.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from returnsvc.core.i18n import lazy_text as _l


def new_password_fields():
    """A new password and its confirmation, checked against the password policy."""
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired()],
        description=_l(
            "At least %(min)d characters. A few unrelated words make a strong, memorable password.",
            min=MIN_LENGTH,
        ),
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    return new, confirm


class PolicyCheckedPassword:
    """Mixin for forms with `new_password`: applies the password policy, using the account's
    e-mail and name (set as `form.account`) to refuse personal passwords."""

    account = None

    def validate_new_password(self, field):
        problem = password_problem(
            field.data or "",
            email=getattr(self.account, "email", ""),
            full_name=getattr(self.account, "full_name", ""),
        )
        if problem:
            raise ValidationError(problem)


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


class ForgotPasswordForm(FlaskForm):
    """For "Forgot your password?": the address a new password link goes to."""

    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Length(max=320),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
        description=_l("The e-mail address you sign in with."),
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    submit = SubmitField(_l("Send me a link"))
