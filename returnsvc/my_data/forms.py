"""The person's request to correct their contact details (portal), and the counsellor's
rejection of one (with an optional reason shown to the person). The rules are the staff
edit form's (returnees.forms.PersonFields: lengths, e-mail format) plus a phone number written
in digits, since nobody is there to check it with the person; the service checks them again."""

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Email, Length, Optional, ValidationError

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.my_data.models import CONTACT_FIELDS
from returnsvc.my_data.services import LENGTHS, REASON_MAX, is_phone_number


class ContactCorrectionForm(FlaskForm):
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=LENGTHS["phone"])],
        description=_l("With the country code, for example +593 99 123 4567."),
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            Optional(),
            Length(max=LENGTHS["email"]),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=LENGTHS["address"])])
    city = StringField(_l("City or town"), validators=[Optional(), Length(max=LENGTHS["city"])])

    def validate_phone(self, field):
        if field.data and not is_phone_number(field.data.strip()):
            raise ValidationError(
                _l("Write the phone number in digits, for example +593 99 123 4567.")
            )

    def values(self) -> dict[str, str]:
        """{field: value} of the four details as typed (empty asks to clear one)."""
        return {name: self[name].data or "" for name in CONTACT_FIELDS}


class RejectCorrectionForm(FlaskForm):
    reason = TextAreaField(
        _l("Why not (the person reads this)"),
        validators=[Optional(), Length(max=REASON_MAX)],
    )
