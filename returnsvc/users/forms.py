from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from returnsvc.core.enums import Role
from returnsvc.core.forms import VersionField, coerce_id, select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALE_CHOICES


class UserForm(FlaskForm):
    """Fields an administrator sets. The password is never set here: the person sets it
    through a one-time link."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=select_choices(Role.choices()))
    office_id = SelectField(
        _l("Office"),
        coerce=coerce_id,
        description=_l("Required for managers and counsellors."),
    )
    preferred_locale = SelectField(_l("Language"), choices=select_choices(LOCALE_CHOICES))

    def set_office_choices(self, offices):
        self.office_id.choices = select_choices(
            [("", _l("— No office —"))]
            + [(o.id, f"{o.name} ({o.city}, {o.country})") for o in offices]
        )

    def validate_office_id(self, field):
        if field.data is None and self.role.data in (Role.MANAGER.value, Role.COUNSELLOR.value):
            raise ValidationError(_l("Managers and counsellors must belong to an office."))


class NewUserForm(UserForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Length(max=320),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
    )
    submit = SubmitField(_l("Create account"))


class EditUserForm(UserForm):
    is_active = BooleanField(
        _l("Active"), description=_l("Inactive accounts cannot sign in; their sessions end.")
    )
    version = VersionField()
    submit = SubmitField(_l("Save changes"))


class ConfirmForm(FlaskForm):
    """A bare CSRF-protected POST (reset links, other one-click actions)."""

    submit = SubmitField(_l("Confirm"))


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    q = StringField(_l("Search"), validators=[Length(max=100)])
    role = SelectField(
        _l("Role"), choices=select_choices([("", _l("All roles"))] + Role.choices()), default=""
    )
    status = SelectField(
        _l("Status"),
        choices=select_choices(
            [("", _l("All")), ("active", _l("Active")), ("inactive", _l("Inactive"))]
        ),
        default="",
    )
