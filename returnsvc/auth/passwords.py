"""Password hashing (argon2id) and the password policy (ASVS 5.0 L2).

Policy: at least 12 characters, up to 128, any characters, no composition rules, and not one of
the common passwords in `common_passwords.txt` (compared case-insensitively, also with the
account's own e-mail name and full name refused).
"""

import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

from returnsvc.core.i18n import lazy_text as _l

MIN_LENGTH = 12
MAX_LENGTH = 128
_COMMON_FILE = Path(__file__).with_name("common_passwords.txt")


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_KIB"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """One argon2 verify. With no stored hash, a dummy verify keeps the timing the same, so
    response time does not reveal whether an account exists."""
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _dummy_hash(hasher), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


_DUMMY = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY:
        _DUMMY[key] = hasher.hash("not a real password, only for timing")
    return _DUMMY[key]


@cache
def common_passwords() -> frozenset[str]:
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_normalise(line) for line in lines if line.strip())


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def password_problem(password: str, *, email: str = "", full_name: str = ""):
    """A translated reason the password is not acceptable, or None when it is."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(n)d characters.", n=MAX_LENGTH)
    normalised = _normalise(password)
    if normalised in common_passwords() or len(set(normalised)) <= 2:
        return _l("This password is too common. Choose a less predictable one.")
    personal = {_normalise(email), _normalise(email.split("@")[0]), _normalise(full_name)}
    personal.discard("")
    if normalised in personal or normalised.replace(" ", "") in {
        p.replace(" ", "") for p in personal
    }:
        return _l("Do not use your name or e-mail address as your password.")
    return None
