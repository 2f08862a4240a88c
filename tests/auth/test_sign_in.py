from datetime import timedelta

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
    assert "no es correcta" in response.get_data(as_text=True)
    assert make.load_user(user.id).failed_login_count == 1
    assert audit_actions(app, actor_id=user.id)[-1] == "auth.login_failed"
    assert client.get("/home").status_code == 302  # still signed out


def test_unknown_email_gets_the_same_answer_and_is_audited(app, client):
    response = _post_sign_in(client, "nobody@example.org", WRONG)
    assert response.status_code == 200
    assert "no es correcta" in response.get_data(as_text=True)
    assert "auth.login_failed" in audit_actions(app, actor_id=None)


def test_ten_failures_lock_the_account_even_for_the_right_password(app, client, make):
    user = make.user()
    for _ in range(9):
        assert "bloqueada" not in _post_sign_in(client, user.email, WRONG).get_data(as_text=True)
    tenth = _post_sign_in(client, user.email, WRONG).get_data(as_text=True)
    assert "bloqueada" in tenth
    locked = make.load_user(user.id)
    assert locked.locked_until > utcnow() + timedelta(minutes=14)

    right = _post_sign_in(client, user.email, user.password)
    assert right.status_code == 200 and "bloqueada" in right.get_data(as_text=True)
    actions = audit_actions(app, actor_id=user.id)
    assert "auth.account_locked" in actions and actions[-1] == "auth.login_refused_locked"

    # Once the lock-out time has passed, the right password works again.
    with app.app_context():
        db.session.get(User, user.id).locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert _post_sign_in(client, user.email, user.password).status_code == 302


def test_lockout_message_in_english_counts_minutes(client, make):
    user = make.user(locale="en")
    for _ in range(10):
        response = _post_sign_in(client, user.email, WRONG)
    assert response.status_code == 200
    message = "Too many failed attempts. This account is locked; try again in 15 minutes."
    english = {"Accept-Language": "en"}
    refused = client.post(
        "/account/sign-in", data={"email": user.email, "password": WRONG}, headers=english
    )
    assert message in refused.get_data(as_text=True)


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
