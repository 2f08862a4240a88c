import time

from returnsvc.auth.sessions import AUTH_AT, SEEN_AT
from tests.helpers import audit_actions


def _cookie(client):
    return client.get_cookie("returnsvc_session").value


def _restore(client, value):
    client.set_cookie("returnsvc_session", value)


def test_sign_out_invalidates_the_old_cookie(app, client, sign_in):
    user = sign_in("counsellor")
    old = _cookie(client)
    response = client.post("/account/sign-out")
    assert response.status_code == 302
    assert "auth.logout" in audit_actions(app, actor_id=user.id)
    _restore(client, old)  # a stolen copy of the cookie no longer works
    assert client.get("/home").status_code == 302


def test_sign_out_by_get_is_not_allowed(client, sign_in):
    sign_in()
    assert client.get("/account/sign-out").status_code == 405
    assert client.get("/home").status_code == 200


def test_password_change_ends_other_sessions_but_keeps_this_one(app, make):
    user = make.user("counsellor")
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        c.post("/account/sign-in", data={"email": user.email, "password": user.password})
    response = first.post(
        "/account/password",
        data={
            "current_password": user.password,
            "new_password": "a brand new passphrase here",
            "confirm_password": "a brand new passphrase here",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert first.get("/home").status_code == 200
    assert second.get("/home").status_code == 302
    assert "auth.password_changed" in audit_actions(app, actor_id=user.id)


def test_deactivation_ends_the_users_sessions(app, client, make):
    target = make.user("counsellor")
    victim = app.test_client()
    victim.post("/account/sign-in", data={"email": target.email, "password": target.password})
    assert victim.get("/home").status_code == 200

    admin = make.user("admin")
    client.post("/account/sign-in", data={"email": admin.email, "password": admin.password})
    current = make.load_user(target.id)
    response = client.post(
        f"/admin/users/{target.id}",
        data={
            "full_name": current.full_name,
            "role": "counsellor",
            "office_id": str(target.office_id),
            "preferred_locale": "es",
            "version": str(current.version),  # is_active unticked
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert victim.get("/home").status_code == 302


def test_idle_timeout_signs_out(client, sign_in):
    sign_in()
    with client.session_transaction() as session:
        session[SEEN_AT] = int(time.time()) - 31 * 60
    response = client.get("/home")
    assert response.status_code == 302
    assert client.get("/home").status_code == 302


def test_absolute_lifetime_signs_out_even_when_active(client, sign_in):
    sign_in()
    with client.session_transaction() as session:
        session[AUTH_AT] = int(time.time()) - 13 * 3600
    assert client.get("/home").status_code == 302


def test_session_cookie_flags_and_no_remember_me(client, make):
    user = make.user()
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": user.password}
    )
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("returnsvc_session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert not any(c.startswith("remember_token") for c in cookies)


def test_the_idle_clock_moves_once_a_minute(client, sign_in):
    sign_in()
    assert client.get("/home").status_code == 200
    # Within the minute the session is unchanged, so no new cookie is sent.
    assert not client.get("/home").headers.getlist("Set-Cookie")
    with client.session_transaction() as session:
        session[SEEN_AT] = int(time.time()) - 29 * 60
    response = client.get("/home")
    assert response.status_code == 200 and response.headers.getlist("Set-Cookie")
    with client.session_transaction() as session:
        assert int(time.time()) - session[SEEN_AT] < 5  # activity moved it
