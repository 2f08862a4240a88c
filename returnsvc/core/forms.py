"""Form pieces shared by features: the hidden version field and password validation."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, SelectChoice
from wtforms.validators import DataRequired, EqualTo, ValidationError

from returnsvc.auth.passwords import MAX_LENGTH, MIN_LENGTH, password_problem


def select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 select choices (tuples are deprecated there)."""
    return [SelectChoice(value, label) for value, label in pairs]


class VersionField(HiddenField):
    """Carries the record version the user loaded (lost-update protection)."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip().isdigit():
            self.data = int(valuelist[0])


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
