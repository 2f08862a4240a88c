"""Forgot your password? (auth): an e-mailed reset link when SMTP is configured and an active
account has the address; the same answer for every address, so it reveals nothing; without
SMTP, the page says to ask the counsellor."""

import re

from sqlalchemy import select

from returnsvc.auth.models import PasswordLink, User
from returnsvc.extensions import db
from tests.helpers import audit_actions
from tests.invitations.helpers import EN, NEW_PASSWORD, set_password, sign_in_as

URL = "/account/forgot-password"


def _ask(client, email):
    response = client.post(URL, data={"email": email}, headers=EN)
    body = response.get_data(as_text=True)
    response.close()  # the e-mail leaves once the answer has gone (send_after_response)
    return response.status_code, body


def _answer(body: str) -> str:
    """The page's own part (the CSRF token and the language form differ between requests)."""
    return body.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_sign_in_page_links_to_it(client):
    html = client.get("/account/sign-in", headers=EN).get_data(as_text=True)
    assert 'href="/account/forgot-password"' in html and "Forgot your password?" in html


def test_same_answer_for_known_and_unknown_addresses_and_a_mail_for_the_known(
    app, client, make, mailbox
):
    case = make.case(given_names="Freddy")
    account = make.portal_account(case.returnee_id, locale="en")
    revoked = make.user("returnee", is_active=False)

    known = _ask(client, account.email.upper())
    unknown = _ask(client, "nobody.here@example.org")
    inactive = _ask(client, revoked.email)
    assert known[0] == unknown[0] == inactive[0] == 200
    assert _answer(known[1]) == _answer(unknown[1]) == _answer(inactive[1])
    assert "If an account has this e-mail address, we have sent it a link" in known[1]
    assert "Ask your counsellor for a new invitation" in known[1]

    # One e-mail, to the active account only, in its language, with a reset link that works.
    (message,) = mailbox.sent
    assert message["To"] == account.email
    assert message["Subject"] == "Choose a new password for ReturnSvc"
    token = re.search(r"/account/password-link/([A-Za-z0-9_\-]+)", message.get_content()).group(1)
    with app.app_context():
        link = db.session.scalar(select(PasswordLink).where(PasswordLink.user_id == account.id))
        assert link.purpose == "reset" and link.created_by_id is None
        assert link.expires_at - link.created_at == app.config["PASSWORD_LINK_LIFETIME"]
    person = app.test_client()
    done = set_password(person, token)
    assert done.status_code == 302 and done.headers["Location"].endswith("/my")
    assert set_password(app.test_client(), token).status_code == 410

    actions = audit_actions(app, action="auth.password_reset_refused")
    assert len(actions) == 2
    assert "auth.password_reset_requested" in audit_actions(app, target_id=str(account.id))


def test_asking_does_not_sign_the_person_out_and_floods_nobody(app, client, make, mailbox):
    case = make.case()
    account = make.portal_account(case.returnee_id, locale="en")
    person = app.test_client()
    sign_in_as(person, account)
    for _ in range(3):
        assert _ask(client, account.email)[0] == 200
    assert len(mailbox.sent) == 1  # one e-mail per PASSWORD_RESET_MAIL_INTERVAL
    assert person.get("/my").status_code == 200  # a stranger asking signs nobody out
    # Once used, the sessions elsewhere end (a new password).
    token = re.search(r"password-link/([A-Za-z0-9_\-]+)", mailbox.sent[0].get_content()).group(1)
    assert set_password(app.test_client(), token).status_code == 302
    assert person.get("/my").status_code == 302


def test_without_smtp_the_page_says_to_ask_the_counsellor(app, client, make, monkeypatch):
    import smtplib

    def no_smtp(*args, **kwargs):
        raise AssertionError("no SMTP connection without MAIL_SERVER")

    monkeypatch.setattr(smtplib, "SMTP", no_smtp)
    case = make.case()
    account = make.portal_account(case.returnee_id)
    page = client.get(URL, headers=EN).get_data(as_text=True)
    assert "Ask your counsellor for a new invitation" in page
    assert 'name="email"' not in _answer(page)
    status, body = _ask(client, account.email)  # a form sent anyway asks nothing
    assert status == 200 and "Ask your counsellor for a new invitation" in body
    with app.app_context():
        assert db.session.scalar(select(PasswordLink.id)) is None


def test_bad_addresses_get_a_message(client, mailbox):
    status, body = _ask(client, "<b>not an address</b>")
    assert status == 200
    assert "Enter a valid e-mail address." in body
    assert "<b>not an address</b>" not in body and "&lt;b&gt;not an address" in body
    assert mailbox.sent == []


def test_the_form_is_throttled_per_client(app, client, mailbox, monkeypatch):
    from returnsvc.extensions import limiter

    monkeypatch.setitem(app.config, "SIGN_IN_RATE_LIMIT", "3 per minute")
    limiter.reset()
    try:
        statuses = [
            client.post(
                URL,
                data={"email": f"n{n}@example.org"},
                environ_base={"REMOTE_ADDR": "203.0.113.77"},
            ).status_code
            for n in range(5)
        ]
    finally:
        limiter.reset()
    assert statuses == [200, 200, 200, 429, 429]


def test_a_signed_in_person_is_unharmed(app, client, make, sign_in, mailbox):
    user = sign_in("counsellor")
    assert client.get(URL).status_code == 200
    assert _ask(client, user.email)[0] == 200
    with app.app_context():
        assert db.session.get(User, user.id).is_active
    assert len(mailbox.sent) == 1


def test_reset_links_still_end_sessions_when_an_administrator_issues_them(app, make):
    """The administrator's reset keeps its behaviour: the account is signed out at once."""
    from returnsvc.auth.services import issue_password_link

    user = make.user("counsellor")
    with app.test_request_context():
        row = db.session.get(User, user.id)
        before = row.session_version
        issue_password_link(row, purpose="reset", actor=None)
        assert row.session_version == before + 1
        issue_password_link(row, purpose="setup", actor=None)
        issue_password_link(row, purpose="invite", actor=None)
        assert row.session_version == before + 1
        db.session.rollback()


def test_setup_and_reset_links_keep_their_lifetime(app, make):
    from returnsvc.auth.services import link_lifetime

    with app.app_context():
        assert (
            link_lifetime("setup") == link_lifetime("reset") == app.config["PASSWORD_LINK_LIFETIME"]
        )
        assert link_lifetime("invite").days == 7


def test_a_password_link_of_a_returnee_lands_on_the_portal(app, make):
    from returnsvc.auth.services import issue_password_link

    case = make.case()
    account = make.portal_account(case.returnee_id)
    with app.test_request_context():
        token = issue_password_link(db.session.get(User, account.id), purpose="reset", actor=None)
        db.session.commit()
    response = set_password(app.test_client(), token, NEW_PASSWORD)
    assert response.headers["Location"].endswith("/my")


def test_the_mail_leaves_after_the_answer(client, make, mailbox):
    """The answer does not wait for the mail server: the e-mail goes once the response is
    closed (sent to the browser), so its timing cannot tell a known address."""
    account = make.portal_account(make.case().returnee_id)
    response = client.post(URL, data={"email": account.email})
    assert response.status_code == 200 and mailbox.sent == []
    response.close()
    assert len(mailbox.sent) == 1
