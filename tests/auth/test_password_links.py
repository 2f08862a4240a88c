import re
from datetime import timedelta

from sqlalchemy import update

from returnsvc.auth.models import PasswordLink
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from tests.helpers import audit_actions

NEW = "a long and fresh passphrase"


def _create_account(client, email="nueva.persona@example.org", office_id=None):
    response = client.post(
        "/admin/users/new",
        data={
            "email": email,
            "full_name": "Nueva Persona Ríos",
            "role": "counsellor",
            "office_id": str(office_id),
            "preferred_locale": "es",
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    match = re.search(r"/account/password-link/([A-Za-z0-9_\-]+)", response.get_data(as_text=True))
    assert match, "the one-time link is shown to the admin"
    return match.group(1)


def test_new_account_sets_password_through_one_time_link(app, client, sign_in, make):
    sign_in("admin")
    office = make.office("EC", city="Quito")
    token = _create_account(client, office_id=office.id)
    client.post("/account/sign-out")

    person = app.test_client()
    page = person.get(f"/account/password-link/{token}")
    assert page.status_code == 200 and "nueva.persona@example.org" in page.get_data(as_text=True)
    response = person.post(
        f"/account/password-link/{token}", data={"new_password": NEW, "confirm_password": NEW}
    )
    assert response.status_code == 302
    assert person.get("/home").status_code == 200
    # Single use.
    assert app.test_client().get(f"/account/password-link/{token}").status_code == 410
    assert "auth.password_set_by_link" in audit_actions(app)


def test_expired_and_unknown_links_are_gone(app, client, sign_in, make):
    sign_in("admin")
    token = _create_account(client, office_id=make.office().id)
    with app.app_context():
        db.session.execute(update(PasswordLink).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert client.get(f"/account/password-link/{token}").status_code == 410
    assert client.get("/account/password-link/not-a-real-token").status_code == 410


def test_reset_issues_a_new_link_and_ends_sessions(app, client, sign_in, make):
    target = make.user("counsellor")
    victim = app.test_client()
    victim.post("/account/sign-in", data={"email": target.email, "password": target.password})
    sign_in("admin")
    response = client.post(f"/admin/users/{target.id}/password-link")
    assert response.status_code == 200
    assert "/account/password-link/" in response.get_data(as_text=True)
    assert victim.get("/home").status_code == 302
    assert "user.password_link_reset" in audit_actions(app, target_id=str(target.id))


def test_duplicate_email_is_refused_with_a_message(client, sign_in, make):
    admin = sign_in("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "email": admin.email.upper(),
            "full_name": "Otra",
            "role": "admin",
            "office_id": "",
            "preferred_locale": "es",
        },
    )
    assert response.status_code == 200
    assert "Ya existe una cuenta" in response.get_data(as_text=True)
