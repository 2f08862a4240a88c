"""Outgoing e-mail through SMTP, with the standard library only (smtplib, email.message).

Configured by MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS (STARTTLS), MAIL_USERNAME, MAIL_PASSWORD and
MAIL_FROM (config.py, from the environment). Without MAIL_SERVER nothing is sent and nothing
breaks: callers ask `mail_configured()` and offer another way (a counsellor hands an
invitation over as a link or a QR code).

Sending never raises: a refused connection, a wrong password or a rejected recipient is logged
and reported as False, so a page says "not sent" instead of failing. Messages are plain text;
their headers are built by `email.message.EmailMessage`, which refuses line breaks in a header
(no header injection through an address or a name).
"""

import logging
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from flask import current_app

log = logging.getLogger("returnsvc.mail")

# Seconds to wait for the mail server: a page that sends waits at most this long.
TIMEOUT = 10


def mail_configured(app=None) -> bool:
    """Whether e-mail can be sent (MAIL_SERVER is set)."""
    app = app or current_app
    return bool(app.config.get("MAIL_SERVER"))


def sender(app=None) -> str:
    """MAIL_FROM, else the SMTP login, else no-reply at the public host."""
    config = (app or current_app).config
    if config.get("MAIL_FROM"):
        return config["MAIL_FROM"]
    if config.get("MAIL_USERNAME") and "@" in config["MAIL_USERNAME"]:
        return config["MAIL_USERNAME"]
    host = urlsplit(config.get("PUBLIC_BASE_URL") or "").hostname or "localhost"
    return str(Address(addr_spec=f"no-reply@{host}"))


def compose(to: str, subject: str, body: str, *, app=None) -> EmailMessage:
    """A plain-text UTF-8 message. Raises ValueError on an address or subject that cannot be
    a header (a line break in it)."""
    message = EmailMessage()
    message["From"] = sender(app)
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain_of(message["From"]))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def _domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip(" >") or "localhost"


def send(message: EmailMessage, *, app=None) -> bool:
    """Send through the configured server; False (logged) when it could not be sent or when
    no server is configured. Never raises."""
    app = app or current_app
    config = app.config
    if not mail_configured(app):
        return False
    recipients = message.get_all("To", [])
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=TIMEOUT) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException, ValueError) as error:
        # Neither the address nor the server's words (which may quote it) are logged: logs
        # outlive the person's record. The kind of failure and the SMTP code say enough.
        log.warning(
            "mail not sent through %s: %s %s",
            config["MAIL_SERVER"],
            type(error).__name__,
            getattr(error, "smtp_code", ""),
        )
        return False
    log.info("mail sent through %s to %d recipient(s)", config["MAIL_SERVER"], len(recipients))
    return True


def send_after_response(response, message: EmailMessage) -> None:
    """Send `message` once the response has gone to the browser (and the request's writes are
    committed): the answer's timing does not depend on the mail server, so it cannot tell
    whether there was anything to send. Failures are only logged."""
    app = current_app._get_current_object()

    def deliver():
        with app.app_context():
            send(message, app=app)

    response.call_on_close(deliver)
