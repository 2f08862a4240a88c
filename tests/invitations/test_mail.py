"""E-mail (core.mail): invitations e-mailed in the person's language when SMTP is configured,
a failure reported to the counsellor as a warning (never a 500), nothing sent and nothing
broken without MAIL_SERVER."""

import smtplib
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import select

from returnsvc.auth.models import PasswordLink, User
from returnsvc.auth.services import _token_hash
from returnsvc.core.mail import compose, mail_configured, send
from returnsvc.extensions import db
from tests.helpers import audit_actions
from tests.invitations.helpers import EN, counsellor_and_case, invite


def _body(message) -> str:
    return message.get_content()


def counsellor_name(app, counsellor) -> str:
    with app.app_context():
        return db.session.get(User, counsellor.id).full_name


def _expiry(app, token):
    with app.app_context():
        return db.session.scalar(
            select(PasswordLink.expires_at).where(PasswordLink.token_hash == _token_hash(token))
        )


def _long_date(instant, locale: str) -> str:
    local = instant.astimezone(ZoneInfo("Europe/Madrid")).date()  # the counsellor's office
    return format_date(local, "long", locale=locale)


def test_the_invitation_is_emailed_in_the_persons_language(app, client, make, sign_in, mailbox):
    counsellor, case = counsellor_and_case(make, sign_in, given_names="Luz Dary")
    response, token = invite(client, case.id, email="luz.dary@example.org", locale="es")
    assert token
    html = response.get_data(as_text=True)
    assert "The invitation was e-mailed to luz.dary@example.org." in html
    assert "It was also e-mailed to the person." in html
    (message,) = mailbox.sent
    assert message["To"] == "luz.dary@example.org"
    assert message["From"] == "ReturnSvc <no-reply@returnsvc.test>"
    body = _body(message)
    assert "Luz Dary" in body and counsellor_name(app, counsellor) in body
    assert f"https://returnsvc.test/account/password-link/{token}" in body
    # Written in Spanish for a person who chose Spanish, the counsellor's page being English:
    # the date of the end of the link as Spanish writes it (the messages around it are
    # translated by the lead at the end of the issue).
    expires = _expiry(app, token)
    assert _long_date(expires, "es") in body and _long_date(expires, "en") not in body
    assert mailbox.connections == [
        {
            "host": "smtp.example.org",
            "port": 587,
            "timeout": 10,
            "tls": True,
            "login": ("mailer", "secret"),
        }
    ]
    assert "portal_access.mailed" in audit_actions(app, target_type="returnee")

    # In English for a person who chose English (the counsellor's page stays in theirs).
    mailbox.sent.clear()
    _, token = invite(client, case.id, email="luz.dary@example.org", locale="en")
    (message,) = mailbox.sent
    assert message["Subject"] == "Your invitation to ReturnSvc"
    body = _body(message)
    assert token in body and _long_date(_expiry(app, token), "en") in body
    assert "Next time, sign in at https://returnsvc.test/account/sign-in" in body
    summary = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert "The invitation was e-mailed." in summary


def test_a_mail_server_that_fails_is_a_warning_not_an_error(app, client, make, sign_in, mailbox):
    _, case = counsellor_and_case(make, sign_in)
    mailbox.fail = True
    response, token = invite(client, case.id)
    assert response.status_code == 200 and token  # the link is still handed over
    html = response.get_data(as_text=True)
    assert "The invitation could not be e-mailed." in html and "flash-warning" in html
    assert mailbox.sent == []
    assert "portal_access.mail_failed" in audit_actions(app, target_type="returnee")
    # The invitation itself stands.
    assert app.test_client().get(f"/account/password-link/{token}").status_code == 200


def test_the_invitation_is_committed_before_its_link_is_mailed(
    app, client, make, sign_in, mailbox, monkeypatch
):
    """The link leaves only once the invitation is safe: the request commits before sending,
    and when that commit fails nothing is sent (an error page, nothing half-written)."""
    from returnsvc.core import request_cycle

    _, case = counsellor_and_case(make, sign_in)
    commits = []
    real_commit = request_cycle.commit_before_outside_effect

    def committing():
        commits.append(len(mailbox.sent))  # how many mails had left when it committed
        real_commit()

    monkeypatch.setattr("returnsvc.invitations.views.commit_before_outside_effect", committing)
    response, token = invite(client, case.id)
    assert response.status_code == 200 and token and commits == [0] and len(mailbox.sent) == 1

    def failing():
        raise RuntimeError("the database went away")

    monkeypatch.setattr("returnsvc.invitations.views.commit_before_outside_effect", failing)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        again = client.post(
            f"/cases/{case.id}/portal-access/invite",
            data={"email": "otra.persona@example.org", "preferred_locale": "es"},
            headers=EN,
        )
    finally:
        client.application.config["PROPAGATE_EXCEPTIONS"] = None
    assert again.status_code == 500 and len(mailbox.sent) == 1  # nothing more left


def test_without_a_mail_server_nothing_is_sent_and_nothing_breaks(
    app, client, make, sign_in, monkeypatch
):
    def no_smtp(*args, **kwargs):
        raise AssertionError("no SMTP connection without MAIL_SERVER")

    monkeypatch.setattr(smtplib, "SMTP", no_smtp)
    assert app.config["MAIL_SERVER"] == ""
    _, case = counsellor_and_case(make, sign_in)
    assert "E-mail is not set up on this service" in client.get(
        f"/cases/{case.id}/portal-access", headers=EN
    ).get_data(as_text=True)
    response, token = invite(client, case.id)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and token
    assert "e-mailed" not in html
    with app.app_context():
        assert not mail_configured()
        assert send(compose("x@example.org", "s", "b")) is False


def test_a_header_cannot_be_injected(app):
    import pytest

    with app.app_context():
        with pytest.raises(ValueError):
            compose("x@example.org\r\nBcc: all@example.org", "Subject", "Body")


def test_no_tls_and_no_login_when_not_configured(app, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "")
    monkeypatch.setitem(app.config, "MAIL_FROM", "")
    with app.app_context():
        message = compose("x@example.org", "Asunto", "Cuerpo ñ")
        assert message["From"] == "no-reply@returnsvc.test"
        assert send(message) is True
    assert mailbox.connections == [{"host": "smtp.example.org", "port": 587, "timeout": 10}]
    assert mailbox.sent[0].get_content().strip() == "Cuerpo ñ"
