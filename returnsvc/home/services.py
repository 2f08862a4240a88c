from returnsvc.audit.services import record
from returnsvc.auth.models import User
from returnsvc.core.clock import is_known_zone
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
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


def set_own_time_zone(user: User, zone: str | None) -> bool:
    """The person's own time zone (None or "": their office's). Refused when zoneinfo does not
    know it. Returns whether it changed."""
    zone = (zone or "").strip() or None
    if zone is not None and not is_known_zone(zone):
        raise Refusal(_l("This is not a time zone we know. Choose one from the list."), "time_zone")
    if user.time_zone == zone:
        return False
    record(
        "user.time_zone_changed",
        actor=user,
        target=user,
        changes={"time_zone": [user.time_zone, zone]},
    )
    user.time_zone = zone
    db.session.flush()
    return True
