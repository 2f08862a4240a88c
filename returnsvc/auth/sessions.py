"""Session checks: the user loader compares the session version on every request, and a
before-request guard ends sessions that were idle too long or are older than the absolute
lifetime. Nothing here writes to the database; only the signed cookie changes."""

import time

from flask import current_app, flash, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from returnsvc.auth.models import User
from returnsvc.extensions import db

AUTH_AT = "auth_at"
SEEN_AT = "seen_at"
# The idle clock moves in steps of a minute. Moving it every second meant signing and sending a
# new cookie with every response (SESSION_REFRESH_EACH_REQUEST is off, so an unchanged session
# is not rewritten). A session therefore ends up to a minute early, never late.
SEEN_AT_STEP = 60


def load_user(user_id: str) -> User | None:
    """Flask-Login loader. The cookie holds "id:session_version"; an older version (after
    sign-out elsewhere, password change, deactivation) or an inactive account loads nobody."""
    try:
        raw_id, raw_version = user_id.split(":", 1)
        ident, version = int(raw_id), int(raw_version)
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, ident)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def start_session() -> None:
    now = int(time.time())
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME idle (refreshed)
    session[AUTH_AT] = now
    session[SEEN_AT] = now


def enforce_session_lifetime():
    """before_request: sign out sessions past the idle timeout or the absolute lifetime."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    cfg = current_app.config
    now = int(time.time())
    auth_at = session.get(AUTH_AT, 0)
    seen_at = session.get(SEEN_AT, 0)
    idle = cfg["PERMANENT_SESSION_LIFETIME"].total_seconds()
    absolute = cfg["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    if now - seen_at > idle or now - auth_at > absolute:
        logout_user()
        session.pop(AUTH_AT, None)
        session.pop(SEEN_AT, None)
        flash(_l("Your session has expired. Please sign in again."), "info")
        return None
    if now - seen_at >= SEEN_AT_STEP:
        session[SEEN_AT] = now
    return None
