"""Set-ups shared by the My data tests: a counsellor's office with a case of a person who has
a portal account, and clients signed in as either."""

from dataclasses import dataclass

from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.cases.services import change_stage
from returnsvc.extensions import db
from returnsvc.my_data.models import ContactCorrection
from returnsvc.returnees.models import Returnee
from tests.factories import DEFAULT_PASSWORD, PERSON_DEFAULTS

EN = {"Accept-Language": "en"}


@dataclass
class World:
    office: object
    counsellor: object
    case: object
    person: object  # the portal account linked to the case's person


def client_of(app, user):
    """A client signed in as `user`."""
    client = app.test_client()
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return client


def world(make, country="ES", **person) -> World:
    office = make.office(country)
    counsellor = make.user("counsellor", office_id=office.id, locale="en")
    case = make.case(office_id=office.id, counsellor_id=counsellor.id, **person)
    account = make.portal_account(case.returnee_id, locale="en")
    return World(office, counsellor, case, account)


def my_data(client) -> str:
    response = client.get("/my/data", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_my_data(client, **form) -> str:
    """POST a form of the page: done, the portal redirects to the page, which shows the
    message; refused, it shows the page again at once with the reason and what was typed."""
    response = client.post("/my/data", data=form, headers=EN)
    if response.status_code == 200:
        return response.get_data(as_text=True)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].endswith("/my/data")
    return my_data(client)


def ask(client, **values) -> str:
    """Send the correction form as the page fills it (the factory's person: no phone, e-mail
    or address, in Cuenca), with `values` typed over it."""
    form = {field: PERSON_DEFAULTS[field] for field in ("phone", "email", "address", "city")}
    form.update(values)
    return post_my_data(client, do="correct", **form)


def person(app, returnee_id) -> Returnee:
    with app.app_context():
        returnee = db.session.get(Returnee, returnee_id)
        db.session.expunge(returnee)
        return returnee


def corrections(app, returnee_id) -> list[ContactCorrection]:
    with app.app_context():
        rows = db.session.scalars(
            select(ContactCorrection)
            .where(ContactCorrection.returnee_id == returnee_id)
            .order_by(ContactCorrection.id)
        ).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def audit(app, action) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def close_case(app, case_id, actor_id) -> None:
    """Close the case through the stage service (as a counsellor does)."""
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        change_stage(
            case,
            Stage.CLOSED,
            version=case.version,
            actor=db.session.get(User, actor_id),
            close_reason=CloseReason.OTHER,
        )
        db.session.commit()
