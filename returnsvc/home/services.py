from returnsvc.audit.services import record
from returnsvc.auth.models import User
from returnsvc.extensions import db


def set_preferred_locale(user: User, locale: str) -> None:
    """Remember the signed-in user's language across devices and sessions."""
    if user.preferred_locale != locale:
        record(
            "user.locale_changed",
            actor=user,
            target=user,
            changes={"preferred_locale": [user.preferred_locale, locale]},
        )
        user.preferred_locale = locale
        db.session.flush()
