"""Per-client throttling of sign-in, password-change and password-link attempts, across
accounts; the lock-out counted from the change-password form; links from PUBLIC_BASE_URL."""

import secrets

import pytest
from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.auth.throttling import belongs_to_limiter
from returnsvc.extensions import db, limiter
from tests.conftest import make_test_app

WRONG = "not the right password"


@pytest.fixture
def strict(app, tx, monkeypatch):
    """Ten failed attempts a minute per client, as production has; each test its own
    client address, so the counters of other tests (all 127.0.0.1) do not matter."""
    monkeypatch.setitem(app.config, "SIGN_IN_RATE_LIMIT", "10 per minute")
    return {"REMOTE_ADDR": f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.7"}


def _client(app, address: dict):
    client = app.test_client()
    client.environ_base.update(address)
    return client


def _failed_sign_ins(app) -> int:
    with app.app_context():
        failed = AuditEntry.action == "auth.login_failed"
        return db.session.scalar(select(func.count()).select_from(AuditEntry).where(failed))


def test_thirty_e_mails_from_one_client_are_stopped_after_ten(app, strict):
    client = _client(app, strict)
    before = _failed_sign_ins(app)
    codes = [
        client.post(
            "/account/sign-in", data={"email": f"guess{n}@example.org", "password": WRONG}
        ).status_code
        for n in range(30)
    ]
    assert codes == [200] * 10 + [429] * 20
    assert _failed_sign_ins(app) - before == 10  # throttled attempts write nothing

    other_client = _client(app, {"REMOTE_ADDR": "10.250.250.251"})
    assert other_client.post(
        "/account/sign-in", data={"email": "x@example.org", "password": WRONG}
    ).status_code == 200


def test_the_429_page_says_what_to_do_in_both_languages(app, strict):
    client = _client(app, strict)
    for n in range(10):
        client.post("/account/sign-in", data={"email": f"g{n}@example.org", "password": WRONG})
    spanish = client.post("/account/sign-in", data={"email": "g@example.org", "password": WRONG})
    english = client.post(
        "/account/sign-in",
        data={"email": "g@example.org", "password": WRONG},
        headers={"Accept-Language": "en"},
    )
    assert spanish.status_code == english.status_code == 429
    assert "Retry-After" in english.headers
    assert "Too many attempts" in english.get_data(as_text=True)
    assert "Demasiados intentos" in spanish.get_data(as_text=True)


def test_successful_sign_ins_do_not_count(app, make, strict):
    """Thirty counsellors behind one office address all sign in at nine."""
    for _ in range(15):
        user = make.user("counsellor")
        client = _client(app, strict)
        response = client.post(
            "/account/sign-in", data={"email": user.email, "password": user.password}
        )
        assert response.status_code == 302


def test_guessing_password_link_tokens_is_stopped(app, strict):
    client = _client(app, strict)
    codes = [
        client.get(f"/account/password-link/{secrets.token_urlsafe(32)}").status_code
        for _ in range(12)
    ]
    assert codes == [410] * 10 + [429] * 2


def test_the_change_password_form_is_throttled(app, make, strict):
    user = make.user("counsellor")
    client = _client(app, strict)
    client.post("/account/sign-in", data={"email": user.email, "password": user.password})
    form = {"new_password": "x", "confirm_password": "y"}  # refused by the policy: a failure
    codes = [
        client.post("/account/password", data={"current_password": WRONG, **form}).status_code
        for _ in range(11)
    ]
    assert codes[-1] == 429 and codes.count(429) == 1


def test_guessing_the_current_password_counts_towards_the_lock_out(app, client, make, sign_in):
    me = sign_in("counsellor")
    new = "a brand new long passphrase"
    for attempt in range(10):
        response = client.post(
            "/account/password",
            data={"current_password": f"{WRONG} {attempt}", "new_password": new,
                  "confirm_password": new},
        )
    # The tenth wrong guess locked the account and ended the session it came from.
    assert response.status_code == 302 and response.headers["Location"] == "/account/sign-in"
    assert make.load_user(me.id).locked_until is not None
    assert client.get("/home").status_code == 302
    right = client.post("/account/sign-in", data={"email": me.email, "password": me.password})
    assert right.status_code == 200  # locked, even with the right password


def test_a_wrong_current_password_is_counted_not_rolled_back(app, client, make, sign_in):
    me = sign_in("counsellor")
    new = "a brand new long passphrase"
    response = client.post(
        "/account/password",
        data={"current_password": WRONG, "new_password": new, "confirm_password": new},
    )
    assert response.status_code == 200
    assert make.load_user(me.id).failed_login_count == 1


def _redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url("redis://127.0.0.1:6379/0").ping())
    except Exception:
        return False


@pytest.mark.skipif(not _redis_available(), reason="no Redis at 127.0.0.1:6379")
def test_workers_share_counters_through_redis(app):
    """Two app processes (two gunicorn workers, two servers) with REDIS_URL count together."""
    settings = {
        "database_url": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
        "SIGN_IN_RATE_LIMIT": "4 per minute",
    }
    address = {"REMOTE_ADDR": f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.9"}
    # The limiter is one object per process; each create_app gives it a new storage (as a
    # new worker process would have). Put the suite's own back afterwards.
    saved = limiter._storage, limiter._limiter
    try:
        codes = []
        for n in range(6):
            worker = make_test_app(**settings)  # a fresh process's memory each time
            codes.append(
                _client(worker, address)
                .post("/account/sign-in", data={"email": f"r{n}@example.org", "password": WRONG})
                .status_code
            )
            with worker.app_context():
                db.engine.dispose()  # as the process would on exit: no connection left open
    finally:
        limiter._storage, limiter._limiter = saved
    assert codes == [200] * 4 + [429] * 2


def test_only_the_auth_routes_pay_for_the_limiter(app):
    """Flask-Limiter's check cost ~0.2 ms on every request; it runs for auth's routes only."""
    app_wide = [
        *app.before_request_funcs.get(None, []),
        *app.after_request_funcs.get(None, []),
        *app.teardown_request_funcs.get(None, []),
    ]
    assert not [hook for hook in app_wide if belongs_to_limiter(hook)]
    assert any(belongs_to_limiter(hook) for hook in app.before_request_funcs["auth"])
