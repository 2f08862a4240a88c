"""The counsellor's reply on the case's Messages tab. The text's rules (required, at most
BODY_MAX characters, plain text) are the service's: its refusal is shown next to the field
(core.forms.show_refusal). The person's form on their portal is a plain form read by
messages.portal_section."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.messages.models import BODY_MAX


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Your message to the person"),
        description=_l(
            "Plain text, at most %(max)d characters. The person reads it in their portal.",
            max=BODY_MAX,
        ),
        render_kw={"maxlength": BODY_MAX, "rows": 5},
    )

    def message_data(self) -> dict:
        return {"body": self.body.data}
