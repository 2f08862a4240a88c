"""Set-ups shared by the case tests."""

from returnsvc.cases.models import Case
from returnsvc.extensions import db
from tests.factories import DEFAULT_PASSWORD


def office_with_counsellor(make, sign_in, country="ES", city=None):
    """An office, a signed-in counsellor of it and a case assigned to them."""
    office = make.office(country, city=city)
    me = sign_in("counsellor", office_id=office.id)
    case = make.case(office_id=office.id, counsellor_id=me.id)
    return office, me, case


def other_client(app, user):
    client = app.test_client()
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return client


def load_case(app, case_id) -> Case:
    with app.app_context():
        case = db.session.get(Case, case_id)
        db.session.expunge(case)
        return case
