"""Writes for accounts. Services flush, never commit; the request (or CLI command) commits.
The acting user is passed in explicitly as `actor`."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from returnsvc.audit.services import changed_fields, record
from returnsvc.auth.models import PasswordLink, User
from returnsvc.auth.passwords import hash_password, needs_rehash, verify_password
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.enums import Role
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db


class AccountError(Refusal):
    """A refused account operation; `message` is a translatable lazy string for the user."""


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> SignInResult:
    """Check a sign-in attempt, update the lock-out counter and audit it either way.

    Exactly one argon2 verify runs per attempt, whatever the account's state (a dummy one for
    unknown e-mails, a real one, ignored, for a locked account), and the caller shows one
    message for every failure: neither the answer nor its timing tells whether an account
    exists or is locked.
    """
    now = utcnow()
    # Row lock: two workers counting failures for the same account must not lose one.
    user = db.session.scalar(
        select(User).where(func.lower(User.email) == email.strip().lower()).with_for_update(of=User)
    )
    valid = verify_password(user.password_hash if user else None, password)
    if user is None:
        record("auth.login_failed", changes={"email": email.strip()[:320], "reason": "unknown"})
        return SignInResult(None)
    if user.is_locked(now):
        record("auth.login_refused_locked", actor=user, target=user)
        return SignInResult(None, locked_until=user.locked_until)
    if not valid or not user.is_active:
        count_failed_password(user, reason="inactive" if valid else "bad_password", now=now)
        return SignInResult(None, locked_until=user.locked_until if user.is_locked(now) else None)

    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record("auth.login", actor=user, target=user)
    db.session.flush()
    return SignInResult(user)


def count_failed_password(user: User, *, reason: str, now: datetime | None = None) -> bool:
    """One more wrong password for this account (at sign-in or when changing the password);
    after LOGIN_MAX_FAILURES the account is locked for LOGIN_LOCKOUT (its sessions go on: a
    stranger failing to sign in must not be able to throw the owner out again and again).
    Returns whether this failure locked it."""
    cfg = current_app.config
    now = now or utcnow()
    user.failed_login_count += 1
    locked = user.failed_login_count >= cfg["LOGIN_MAX_FAILURES"]
    if locked:
        user.locked_until = now + cfg["LOGIN_LOCKOUT"]
        user.failed_login_count = 0
        record(
            "auth.account_locked",
            actor=user,
            target=user,
            changes={"locked_until": user.locked_until.isoformat()},
        )
    action = "auth.password_change_failed" if reason == "password_change" else "auth.login_failed"
    record(action, actor=user, target=user, changes={"reason": reason})
    db.session.flush()
    return locked


def sign_out(user: User) -> None:
    """End every session of this user: cookies carry the session version, which changes."""
    user.session_version += 1
    record("auth.logout", actor=user, target=user)
    db.session.flush()


class WrongCurrentPassword(AccountError):
    """The current password typed on the change-password form was wrong. The failure has
    been counted (and may have locked the account): the caller commits it, not rolls back."""

    def __init__(self, *, locked: bool):
        super().__init__(_l("The current password is not correct."), field="current_password")
        self.locked = locked


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Refused with WrongCurrentPassword when the current password is wrong: guessing it here
    counts towards the lock-out like a failed sign-in, and the lock ends every session."""
    if not verify_password(user.password_hash, current_password):
        locked = count_failed_password(user, reason="password_change")
        if locked:
            user.session_version += 1  # whoever was guessing from this session is out
        raise WrongCurrentPassword(locked=locked)
    _set_password(user, new_password)
    record("auth.password_changed", actor=user, target=user)
    db.session.flush()


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.failed_login_count = 0
    user.locked_until = None
    user.session_version += 1  # other sessions end; the caller signs this one in again


def create_user(data: dict, *, actor: User | None) -> User:
    """Create an account without a password; the person sets it through a one-time link."""
    if find_user_by_email(data["email"]) is not None:
        raise AccountError(_l("An account with this e-mail address already exists."))
    user = User(
        email=data["email"].strip(),
        full_name=data["full_name"].strip(),
        role=Role(data["role"]),
        office_id=data.get("office_id"),
        preferred_locale=data.get("preferred_locale") or "es",
        is_demo=data.get("is_demo", False),
    )
    db.session.add(user)
    db.session.flush()
    record(
        "user.created",
        actor=actor,
        target=user,
        changes={"email": user.email, "role": user.role.value, "office_id": user.office_id},
    )
    return user


def update_user(user: User, data: dict, *, version: int, actor: User) -> dict:
    """Change role, office, name, locale or active flag. Deactivation ends every session."""
    check_version(user, version)
    if user.id == actor.id and (
        data.get("is_active") is False or data.get("role", user.role) != user.role
    ):
        raise AccountError(_l("You cannot deactivate your own account or change your own role."))
    if "role" in data:
        data["role"] = Role(data["role"])
    changes = changed_fields(user, data)
    if "is_active" in changes or "role" in changes:
        user.session_version += 1
    if changes:
        record("user.updated", actor=actor, target=user, changes=changes)
        db.session.flush()
    return changes


# What a one-time link is for: "setup" (a new staff account), "reset" (an administrator's
# reset, or the person's own "forgot your password?"), "invite" (a counsellor's invitation
# of a returnee to the portal, which lives longer: PORTAL_INVITATION_LIFETIME).
LINK_PURPOSES = ("setup", "reset", "invite")


def link_lifetime(purpose: str):
    """How long a new link of this purpose works (a timedelta)."""
    config = current_app.config
    if purpose == "invite":
        return config["PORTAL_INVITATION_LIFETIME"]
    return config["PASSWORD_LINK_LIFETIME"]


def spend_password_links(user: User, now: datetime | None = None) -> int:
    """Every unused link of the user stops working (marked used). Returns how many."""
    now = now or utcnow()
    spent = 0
    for old in db.session.scalars(
        select(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
    ):
        old.used_at = now
        spent += 1
    return spent


def issue_password_link(
    user: User, *, purpose: str, actor: User | None, ends_sessions: bool | None = None
) -> str:
    """A single-use link token valid for `link_lifetime(purpose)`. Earlier unused links of the
    user stop working. Returns the raw token: it is shown once and never stored.

    `ends_sessions` (default: for an administrator's reset) also signs the account out
    everywhere at once; a reset the person asked for themselves does not (anyone may ask for
    one with their address), their sessions end when the new password is set."""
    if purpose not in LINK_PURPOSES:
        raise ValueError(f"unknown password link purpose {purpose!r}")
    now = utcnow()
    spend_password_links(user, now)
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordLink(
            user_id=user.id,
            token_hash=_token_hash(token),
            purpose=purpose,
            created_by_id=getattr(actor, "id", None),
            created_at=now,
            expires_at=now + link_lifetime(purpose),
        )
    )
    if ends_sessions if ends_sessions is not None else purpose == "reset":
        user.session_version += 1  # a reset also ends the sessions of whoever had the account
    record(f"user.password_link_{purpose}", actor=actor, target=user)
    db.session.flush()
    return token


def request_password_reset(email: str) -> tuple[User, str] | None:
    """For "Forgot your password?": (account, raw token of a new reset link) when an active
    account has this e-mail, else None; audited either way.

    None too when the account got a link this way less than PASSWORD_RESET_MAIL_INTERVAL ago
    and has not used it: one e-mail per interval, however often the form is sent. The caller
    answers the same whatever this returns."""
    now = utcnow()
    address = email.strip()[:320]
    user = db.session.scalar(
        select(User).where(func.lower(User.email) == address.lower()).with_for_update(of=User)
    )
    if user is None or not user.is_active:
        reason = "unknown" if user is None else "inactive"
        record(
            "auth.password_reset_refused",
            target=user,
            changes={"email": address, "reason": reason} if user is None else {"reason": reason},
        )
        db.session.flush()
        return None
    recent = db.session.scalar(
        select(PasswordLink.id).where(
            PasswordLink.user_id == user.id,
            PasswordLink.purpose == "reset",
            PasswordLink.created_by_id.is_(None),
            PasswordLink.used_at.is_(None),
            PasswordLink.created_at > now - current_app.config["PASSWORD_RESET_MAIL_INTERVAL"],
        )
    )
    if recent is not None:
        record("auth.password_reset_refused", actor=None, target=user, changes={"reason": "recent"})
        db.session.flush()
        return None
    record("auth.password_reset_requested", target=user)
    return user, issue_password_link(user, purpose="reset", actor=None, ends_sessions=False)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_usable_link(token: str) -> PasswordLink | None:
    link = db.session.scalar(
        select(PasswordLink).where(PasswordLink.token_hash == _token_hash(token))
    )
    if link is None or not link.is_usable() or not link.user.is_active:
        return None
    return link


def use_password_link(link: PasswordLink, new_password: str) -> User:
    """Set the password and spend the link (single use)."""
    link.used_at = utcnow()
    _set_password(link.user, new_password)
    record(
        "auth.password_set_by_link",
        actor=link.user,
        target=link.user,
        changes={"purpose": link.purpose},
    )
    db.session.flush()
    return link.user


def assign_password(user: User, password: str, *, actor: User | None) -> None:
    """Set a password without the current one: the first admin and demo accounts (CLI only)."""
    _set_password(user, password)
    record("auth.password_assigned", actor=actor, target=user)
    db.session.flush()


def create_admin(email: str, full_name: str, password: str) -> User:
    """The first account, from the CLI (there are no default accounts)."""
    user = create_user(
        {"email": email, "full_name": full_name, "role": Role.ADMIN.value}, actor=None
    )
    _set_password(user, password)
    db.session.flush()
    return user
