"""Set-ups shared by the portal-access tests: a case of an office with its counsellor signed
in, the invitation posted from its tab, the link read back from the answer, and a mailbox
that captures what would have gone through SMTP."""

import re
from dataclasses import dataclass, field

import pytest

EN = {"Accept-Language": "en"}
NEW_PASSWORD = "a quiet river under the bridge"
LINK = re.compile(r"https://returnsvc\.test/account/password-link/([A-Za-z0-9_\-]+)")


def sign_in_as(client, user):
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": user.password}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def counsellor_and_case(make, sign_in, *, country="ES", **person):
    """(counsellor, case): the counsellor (English) is signed in on `client` and works at the
    case's office."""
    office = make.office(country)
    counsellor = sign_in("counsellor", office_id=office.id, locale="en")
    case = make.case(office_id=office.id, counsellor_id=counsellor.id, **person)
    return counsellor, case


def invite(client, case_id, email="wilson.guaman@example.org", locale="es"):
    """POST an invitation; (response, token or None)."""
    response = client.post(
        f"/cases/{case_id}/portal-access/invite",
        data={"email": email, "preferred_locale": locale},
        headers=EN,
    )
    match = LINK.search(response.get_data(as_text=True))
    return response, (match.group(1) if match else None)


def set_password(client, token, password=NEW_PASSWORD):
    return client.post(
        f"/account/password-link/{token}",
        data={"new_password": password, "confirm_password": password},
    )


def tab(client, case_id) -> str:
    response = client.get(f"/cases/{case_id}/portal-access", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@dataclass
class Mailbox:
    """What went through the fake SMTP server; `fail` makes the next sends fail."""

    sent: list = field(default_factory=list)
    connections: list = field(default_factory=list)
    fail: bool = False


@pytest.fixture
def mailbox(app, monkeypatch):
    """SMTP configured (MAIL_SERVER and the rest) and smtplib.SMTP replaced by a recorder."""
    import smtplib

    box = Mailbox()

    class FakeSMTP:
        def __init__(self, host, port, timeout=None):
            if box.fail:
                raise ConnectionRefusedError("no mail server here")
            box.connections.append({"host": host, "port": port, "timeout": timeout})
            self.calls = box.connections[-1]

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self, context=None):
            self.calls["tls"] = True

        def login(self, username, password):
            self.calls["login"] = (username, password)

        def send_message(self, message):
            box.sent.append(message)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    for key, value in {
        "MAIL_SERVER": "smtp.example.org",
        "MAIL_PORT": 587,
        "MAIL_USE_TLS": True,
        "MAIL_USERNAME": "mailer",
        "MAIL_PASSWORD": "secret",
        "MAIL_FROM": "ReturnSvc <no-reply@returnsvc.test>",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return box
