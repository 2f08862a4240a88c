"""The requests in the staff's subject-access record (JSON and printable), their erasure when
the person is anonymised, and the services' refusals called directly."""

import pytest
from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.cases.subject import anonymise
from returnsvc.extensions import db
from returnsvc.my_data import services
from returnsvc.my_data.models import ContactCorrection, CorrectionStatus
from tests.my_data.helpers import EN, ask, client_of, corrections, world


def test_the_staff_record_lists_the_requests_with_labels(app, make):
    mine = world(make)
    ask(client_of(app, mine.person), phone="+593 99 765 4321", city="Loja")
    counsellor = client_of(app, mine.counsellor)
    data = counsellor.get(f"/cases/{mine.case.id}/person/export.json").get_json()
    (asked,) = data["contact_corrections"]
    assert asked["asked"] == {"phone": "+593 99 765 4321", "city": "Loja"}
    assert asked["case"] == mine.case.reference and asked["status"] == "pending"
    html = counsellor.get(f"/cases/{mine.case.id}/person/record", headers=EN).get_data(as_text=True)
    assert "Requests to correct contact details" in html
    assert "Phone: +593 99 765 4321; City or town: Loja." in html
    assert "Waiting for the counsellor" in html and "pending" not in html.split("<main", 1)[1]


def test_anonymising_the_person_blanks_their_requests(app, make):
    mine = world(make)
    client = client_of(app, mine.person)
    ask(client, phone="+593 99 765 4321", city="Loja")
    (first,) = corrections(app, mine.case.returnee_id)
    with app.test_request_context():
        case = db.session.get(Case, mine.case.id)
        services.reject_correction(
            case, first, "Not yours", actor=db.session.get(User, mine.counsellor.id)
        )
        db.session.commit()
    ask(client, email="nueva@example.org")
    with app.test_request_context():
        anonymise(db.session.get(Case, mine.case.id).returnee, actor=None)
        db.session.commit()
    rejected, waiting = corrections(app, mine.case.returnee_id)
    assert rejected.asked == {"phone": "", "city": ""} and rejected.reason == ""
    assert rejected.status is CorrectionStatus.REJECTED
    assert waiting.asked == {"email": ""}  # closed: nobody is left to answer it
    assert waiting.status is CorrectionStatus.REJECTED and waiting.decided_at is not None
    with app.app_context():
        values = db.session.scalars(select(ContactCorrection.phone)).all()
    assert "+593 99 765 4321" not in values


def test_the_services_refuse_what_the_pages_never_send(app, make):
    mine = world(make)
    other = world(make)
    with app.test_request_context(headers=EN):
        case = db.session.get(Case, mine.case.id)
        theirs = db.session.get(Case, other.case.id)
        person = db.session.get(User, mine.person.id)
        for values, field in (
            ({"phone": "x" * 41}, "phone"),
            ({"email": "a@b"}, "email"),
            ({"city": "x" * 121}, "city"),
        ):
            with pytest.raises(services.CorrectionError) as refused:
                services.request_correction(case, case.returnee, values, actor=person)
            assert refused.value.field == field
        # Another person's case is not one's own: refused as a case one cannot use.
        with pytest.raises(services.CorrectionError, match="closed"):
            services.request_correction(theirs, case.returnee, {"city": "Loja"}, actor=person)
        with pytest.raises(services.CorrectionError, match="stop the service"):
            services.withdraw_consent(case, case.returnee, "service", actor=person)
        # Keys other than the four details are ignored.
        correction = services.request_correction(
            case, case.returnee, {"city": "Loja", "given_names": "Otra"}, actor=person
        )
        assert correction.asked == {"city": "Loja"}
        db.session.rollback()
