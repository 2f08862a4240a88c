import re
from datetime import timedelta

from returnsvc.auth import services
from returnsvc.auth.models import User
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from tests.helpers import audit_actions

WRONG = "not the right password"


def _post_sign_in(client, email, password, **extra):
    return client.post("/account/sign-in", data={"email": email, "password": password, **extra})


def test_sign_in_success_records_login_and_opens_home(app, client, make):
    user = make.user("counsellor")
    response = _post_sign_in(client, user.email.upper(), user.password)  # e-mail case ignored
    assert response.status_code == 302
    assert response.headers["Location"] == "/home"
    assert client.get("/home").status_code == 200
    assert make.load_user(user.id).last_login_at is not None
    assert "auth.login" in audit_actions(app, actor_id=user.id)


def test_wrong_password_is_refused_counted_and_audited(app, client, make):
    user = make.user()
    response = _post_sign_in(client, user.email, WRONG)
    assert response.status_code == 200
    assert "no son correctas" in response.get_data(as_text=True)
    assert make.load_user(user.id).failed_login_count == 1
    assert audit_actions(app, actor_id=user.id)[-1] == "auth.login_failed"
    assert client.get("/home").status_code == 302  # still signed out


def test_unknown_email_gets_the_same_answer_and_is_audited(app, client):
    response = _post_sign_in(client, "nobody@example.org", WRONG)
    assert response.status_code == 200
    assert "no son correctas" in response.get_data(as_text=True)
    assert "auth.login_failed" in audit_actions(app, actor_id=None)


def _error_of(response) -> str:
    """The form's error as shown, whatever it says."""
    html = response.get_data(as_text=True)
    match = re.search(r'class="error-summary".*?<li>(.*?)</li>', html, re.S)
    assert match, html[:400]
    return " ".join(match.group(1).split())


def test_ten_failures_lock_the_account_even_for_the_right_password(app, client, make):
    user = make.user()
    for _ in range(9):
        _post_sign_in(client, user.email, WRONG)
    assert make.load_user(user.id).locked_until is None
    _post_sign_in(client, user.email, WRONG)
    locked = make.load_user(user.id)
    assert locked.locked_until > utcnow() + timedelta(minutes=14)

    right = _post_sign_in(client, user.email, user.password)
    assert right.status_code == 200 and client.get("/home").status_code == 302
    actions = audit_actions(app, actor_id=user.id)
    assert "auth.account_locked" in actions and actions[-1] == "auth.login_refused_locked"

    # Once the lock-out time has passed, the right password works again.
    with app.app_context():
        db.session.get(User, user.id).locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert _post_sign_in(client, user.email, user.password).status_code == 302


def test_a_locked_account_looks_like_any_failed_sign_in(app, client, make, monkeypatch):
    """The same words for an unknown e-mail, a wrong password and a locked account (right
    password or not), and exactly one password verification each: neither the answer nor its
    timing tells a stranger which accounts exist or are locked."""
    locked = make.user()
    for _ in range(10):
        _post_sign_in(client, locked.email, WRONG)
    other = make.user()
    verifications = []
    real_verify = services.verify_password
    monkeypatch.setattr(
        services, "verify_password", lambda *a: verifications.append(1) or real_verify(*a)
    )
    english = {"Accept-Language": "en"}
    answers = set()
    for email, password in (
        ("nobody-here@example.org", WRONG),
        (other.email, WRONG),
        (locked.email, WRONG),
        (locked.email, locked.password),
    ):
        verifications.clear()
        response = client.post(
            "/account/sign-in", data={"email": email, "password": password}, headers=english
        )
        assert response.status_code == 200 and len(verifications) == 1, email
        answers.add(_error_of(response))
    assert answers == {
        "The e-mail address or the password is not correct. After 10 failed attempts an "
        "account is locked for 15 minutes."
    }


def test_inactive_account_cannot_sign_in(client, make):
    user = make.user(is_active=False)
    response = _post_sign_in(client, user.email, user.password)
    assert response.status_code == 200
    assert client.get("/home").status_code == 302


def test_blank_form_shows_field_errors_not_a_500(client):
    response = client.post("/account/sign-in", data={"email": "", "password": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_next_is_followed_only_when_local(client, make):
    user = make.user()
    response = _post_sign_in(client, user.email, user.password, next="/account/password")
    assert response.headers["Location"] == "/account/password"
    client.post("/account/sign-out")
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = _post_sign_in(client, user.email, user.password, next=evil)
        assert response.headers["Location"] == "/home", evil
        client.post("/account/sign-out")


def test_anonymous_is_sent_to_sign_in_with_next(client):
    response = client.get("/admin/users/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in?next=")
