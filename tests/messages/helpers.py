"""Set-ups shared by the messages tests: an office, its counsellor, a case of theirs and the
person's portal account, each signed in on their own client (English pages)."""

from dataclasses import dataclass

from flask.testing import FlaskClient
from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.messages.models import Message, MessageThread
from tests.factories import DEFAULT_PASSWORD

EN = {"Accept-Language": "en"}
MARKUP = '<meta http-equiv=refresh content=0>"><img src=x onerror=alert(1)>'
LIVE = ("<meta http-equiv", "<img src=x")


def signed_in(app, user) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return client


@dataclass
class Conversation:
    office: object
    counsellor: object
    case: object
    account: object
    staff: FlaskClient  # the counsellor's browser
    person: FlaskClient  # the person's browser (their portal)

    @property
    def tab(self) -> str:
        return f"/cases/{self.case.id}/messages"


def conversation(app, make, *, given_names="Rosa") -> Conversation:
    office = make.office("ES", name="Oficina de Retorno Madrid")
    counsellor = make.user(
        "counsellor", office_id=office.id, locale="en", full_name="Lucía Fernández"
    )
    case = make.case(office_id=office.id, counsellor_id=counsellor.id, given_names=given_names)
    account = make.portal_account(case.returnee_id, locale="en")
    return Conversation(
        office, counsellor, case, account, signed_in(app, counsellor), signed_in(app, account)
    )


def messages_of(app, case_id) -> list[Message]:
    with app.app_context():
        rows = db.session.scalars(
            select(Message).where(Message.case_id == case_id).order_by(Message.id)
        ).all()
        db.session.expunge_all()
        return rows


def thread_of(app, case_id) -> MessageThread | None:
    with app.app_context():
        thread = db.session.scalar(select(MessageThread).where(MessageThread.case_id == case_id))
        if thread is not None:
            db.session.expunge(thread)
        return thread


def main_part(html: str) -> str:
    """The page's own content (the menu and footer left out)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]
