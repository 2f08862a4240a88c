"""Session checks: the user loader compares the session version and the active flag with the
database on every request, and a before-request guard ends sessions that were idle too long or
are older than the absolute lifetime. Nothing here writes to the database; only the signed
cookie changes.

Every signed-in request pays for the loader, so it reads the few columns pages use with one
narrow statement and hands out a small immutable `SignedInUser` instead of an ORM `User` (half
the time of loading the mapped row with its office). Views that change the account itself
load its row with `account_of(current_user)`.
"""

import time
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from flask import current_app, request, session
from flask_login import current_user, logout_user
from psycopg.pq import TransactionStatus
from sqlalchemy import bindparam, column, func, select, table

from returnsvc.auth.models import User
from returnsvc.core.enums import Role
from returnsvc.core.flashes import flash
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.numbers import parse_id
from returnsvc.extensions import db

AUTH_AT = "auth_at"
SEEN_AT = "seen_at"
# The idle clock moves in steps of a minute. Moving it every second meant signing and sending a
# new cookie with every response (SESSION_REFRESH_EACH_REQUEST is off, so an unchanged session
# is not rewritten). A session therefore ends up to a minute early, never late.
SEEN_AT_STEP = 60


class SignedInOffice(NamedTuple):
    id: int
    name: str
    country: str


@dataclass(frozen=True, slots=True)
class SignedInUser:
    """The signed-in person as `current_user`: what pages, permission checks, visibility rules
    and services (`actor=`) read. Only signed-in, active accounts with the cookie's session
    version are ever built."""

    id: int
    email: str
    full_name: str
    role: Role
    office_id: int | None
    office: SignedInOffice | None
    preferred_locale: str
    session_version: int
    # The IANA zone this person reads and types times in: their own, else their office's
    # (None: the app's default; core.clock.zone_of reads it).
    zone: str | None = None

    # Flask-Login protocol.
    is_active: ClassVar[bool] = True
    is_authenticated: ClassVar[bool] = True
    is_anonymous: ClassVar[bool] = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


# Auth sits below offices (pyproject's layers): the office's columns are named, not imported.
_office = table("office", column("id"), column("name"), column("country"), column("time_zone"))
# Built once: building and keying it on every request cost as much as running it.
_SIGNED_IN = (
    select(
        User.id, User.email, User.full_name, User.role, User.office_id, User.preferred_locale,
        User.session_version, _office.c.name, _office.c.country,
        func.coalesce(User.time_zone, _office.c.time_zone).label("zone"),
    )
    .outerjoin(_office, _office.c.id == User.office_id)
    .where(
        User.id == bindparam("ident"),
        User.is_active,
        User.session_version == bindparam("version"),
    )
)  # fmt: skip


def load_user(user_id: str) -> SignedInUser | None:
    """Flask-Login loader. The cookie holds "id:session_version"; an older version (after
    sign-out elsewhere, password change, deactivation) or an inactive account loads nobody."""
    raw_id, _colon, raw_version = str(user_id).partition(":")
    ident, version = parse_id(raw_id), parse_id(raw_version)
    if ident is None or version is None:
        return None
    row = _read_outside_transaction(_SIGNED_IN, {"ident": ident, "version": version})
    if row is None:
        return None
    office = SignedInOffice(row.office_id, row.name, row.country) if row.office_id else None
    return SignedInUser(
        row.id, row.email, row.full_name, row.role, row.office_id, office,
        row.preferred_locale, row.session_version, row.zone,
    )  # fmt: skip


def _read_outside_transaction(statement, params: dict):
    """One row, on the request's own connection, before its transaction begins.

    psycopg sends BEGIN with a transaction's first statement, and the request commits at the
    end: a signed-in page that reads nothing else (or a 403) would pay three round trips for
    one read. When no transaction is open yet, the read runs in autocommit and the request's
    transaction starts with its next statement. Inside an open transaction (a test's, or a
    request that already read something) it simply runs in it."""
    connection = db.session.connection()
    driver = connection.connection.dbapi_connection
    if driver is None or driver.info.transaction_status != TransactionStatus.IDLE:
        return connection.execute(statement, params).first()
    driver.autocommit = True
    try:
        return connection.execute(statement, params).first()
    finally:
        # A broken connection is discarded by the pool; only a live idle one goes back.
        if not driver.closed and driver.info.transaction_status == TransactionStatus.IDLE:
            driver.autocommit = False


def account_of(user) -> User:
    """The ORM row of the signed-in user, for the views that change their own account
    (password, language, sign-out). Loaded in the request's transaction."""
    account = db.session.get(User, user.id)
    if account is None:  # deleted during the request: nobody to change
        raise LookupError(f"user {user.id} is gone")
    return account


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
