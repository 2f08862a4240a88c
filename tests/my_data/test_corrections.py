"""Correcting contact details (#17): the person asks in the portal, the counsellor of the
office that holds the case sees it on the case (and on their home) and approves (the record
changes through the person-edit service, audited) or rejects it (with a reason the person
reads). Bad input: a message in the person's language, nothing written."""

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.extensions import db
from returnsvc.my_data.models import CorrectionStatus
from tests.my_data.helpers import (
    EN,
    ask,
    audit,
    client_of,
    close_case,
    corrections,
    my_data,
    person,
    world,
)


def _case_page(client, case_id) -> str:
    response = client.get(f"/cases/{case_id}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _answer(client, case_id, correction_id, how, **form):
    url = f"/cases/{case_id}/contact-corrections/{correction_id}/{how}"
    return client.post(url, data=form, headers=EN)


def test_asked_then_approved_changes_the_record(app, make):
    mine = world(make)
    person_client = client_of(app, mine.person)
    html = ask(
        person_client, phone=" +593  99 765 4321 ", email="Rosa.Nueva@Example.org", city="Loja"
    )
    assert "Your counsellor will check the new details" in html
    assert "You sent it on" in html
    (waiting,) = corrections(app, mine.case.returnee_id)
    assert waiting.status is CorrectionStatus.PENDING
    # Only what changed, trimmed as the record keeps it; the address was left as it was.
    assert waiting.asked == {
        "phone": "+593 99 765 4321",
        "email": "rosa.nueva@example.org",
        "city": "Loja",
    }
    assert waiting.requested_by_id == mine.person.id
    (requested,) = audit(app, "contact_correction.requested")
    assert requested.actor_id == mine.person.id
    assert requested.changes == {"fields": ["city", "email", "phone"]}  # never the values
    # The record has not changed yet.
    assert person(app, mine.case.returnee_id).phone == ""
    # The home card says a request waits.
    home = person_client.get("/my", headers=EN).get_data(as_text=True)
    assert "You asked to correct your details." in home

    counsellor = client_of(app, mine.counsellor)
    page = _case_page(counsellor, mine.case.id)
    assert "Correction of contact details asked for" in page
    assert "+593 99 765 4321" in page and "rosa.nueva@example.org" in page
    assert "Approve: change the details" in page
    assert "The person asked to correct their contact details" in page  # timeline
    home = counsellor.get("/home", headers=EN).get_data(as_text=True)
    assert "Contact details to check" in home and "Phone, E-mail, City or town" in home
    assert f"/cases/{mine.case.id}#contact-correction" in home
    assert 'href="#dashboard-corrections">People asked to correct their contact details' in home
    assert "Nothing is waiting for you" not in home

    response = _answer(counsellor, mine.case.id, waiting.id, "approve")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/cases/{mine.case.id}"
    )
    returnee = person(app, mine.case.returnee_id)
    assert (returnee.phone, returnee.email, returnee.city) == (
        "+593 99 765 4321",
        "rosa.nueva@example.org",
        "Loja",
    )
    assert returnee.phone_digits == "593997654321"  # search fields rewritten by the service
    (approved,) = corrections(app, mine.case.returnee_id)
    assert approved.status is CorrectionStatus.APPROVED
    assert approved.decided_by_id == mine.counsellor.id and approved.decided_at is not None
    (updated,) = audit(app, "returnee.updated")
    assert updated.actor_id == mine.counsellor.id
    assert set(updated.changes) == {"phone", "email", "city"}
    (entry,) = audit(app, "contact_correction.approved")
    assert entry.actor_id == mine.counsellor.id
    page = _case_page(counsellor, mine.case.id)
    assert "Approve: change the details" not in page
    assert "Contact details to check" not in counsellor.get("/home", headers=EN).get_data(
        as_text=True
    )
    assert "Correction of contact details approved" in page  # timeline

    html = my_data(person_client)
    assert "Your counsellor accepted it on" in html
    assert html.count("+593 99 765 4321") >= 1 and "Loja" in html
    home = person_client.get("/my", headers=EN).get_data(as_text=True)
    assert "Your counsellor accepted the correction of your details." in home
    # Answered once only.
    response = _answer(counsellor, mine.case.id, waiting.id, "approve")
    assert response.status_code == 302
    assert "already been answered" in counsellor.get("/home", headers=EN).get_data(as_text=True)


def test_rejected_with_a_reason_the_person_reads(app, make):
    mine = world(make, phone="+593 99 000 0000")
    person_client = client_of(app, mine.person)
    ask(person_client, phone="+593 99 765 4321")
    (waiting,) = corrections(app, mine.case.returnee_id)
    counsellor = client_of(app, mine.counsellor)
    response = _answer(
        counsellor, mine.case.id, waiting.id, "reject", reason="This number is not yours."
    )
    assert response.status_code == 302
    assert person(app, mine.case.returnee_id).phone == "+593 99 000 0000"
    (rejected,) = corrections(app, mine.case.returnee_id)
    assert rejected.status is CorrectionStatus.REJECTED
    assert rejected.reason == "This number is not yours."
    (entry,) = audit(app, "contact_correction.rejected")
    assert entry.actor_id == mine.counsellor.id and entry.changes["reason_given"] is True
    assert audit(app, "returnee.updated") == []
    html = my_data(person_client)
    assert "Your counsellor did not accept it" in html and "This number is not yours." in html
    page = _case_page(counsellor, mine.case.id)
    assert "Correction of contact details not accepted" in page  # timeline
    # A reason past the limit is refused, the request still waits.
    ask(person_client, phone="+593 99 765 4322")
    (_, again) = corrections(app, mine.case.returnee_id)
    response = _answer(counsellor, mine.case.id, again.id, "reject", reason="x" * 1001)
    assert response.status_code == 302
    assert corrections(app, mine.case.returnee_id)[-1].status is CorrectionStatus.PENDING
    # Without a reason.
    _answer(counsellor, mine.case.id, again.id, "reject")
    assert corrections(app, mine.case.returnee_id)[-1].status is CorrectionStatus.REJECTED


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"email": "not-an-email"}, "E-mail: Enter a valid e-mail address."),
        ({"email": "rosa@"}, "E-mail: Enter a valid e-mail address."),
        ({"phone": "call me"}, "Phone: Write the phone number in digits"),
        ({"phone": "١٢٣٤٥٦٧٨"}, "Phone: Write the phone number in digits"),
        ({"phone": "12"}, "Phone: Write the phone number in digits"),
        ({"phone": "+" + "1" * 45}, "Phone: Field cannot be longer than 40 characters."),
        ({"address": "x" * 301}, "Address: Field cannot be longer than 300 characters."),
        ({"city": "x" * 121}, "City or town: Field cannot be longer than 120 characters."),
        ({}, "These are the details we already have."),
    ],
)
def test_bad_input_is_a_message_and_nothing_is_written(app, make, values, message):
    mine = world(make)
    html = ask(client_of(app, mine.person), **values)
    assert message in html
    for typed in values.values():  # what the person typed is still in the form
        assert f'value="{typed}"' in html
    assert corrections(app, mine.case.returnee_id) == []
    assert audit(app, "contact_correction.requested") == []


def test_a_bad_input_message_is_in_the_persons_language(app, make):
    office = make.office("ES")
    case = make.case(office_id=office.id)
    account = make.portal_account(case.returnee_id)  # Spanish
    client = client_of(app, account)
    response = client.post(
        "/my/data",
        data={"do": "correct", "email": "no-es-correo", "phone": "", "address": "", "city": ""},
    )
    assert response.status_code == 200  # the page again, with the reason
    html = response.get_data(as_text=True)
    assert "Correo electrónico" in html or "correo" in html.lower()
    assert 'value="no-es-correo"' in html
    assert "Enter a valid e-mail address." not in html
    assert corrections(app, case.returnee_id) == []


def test_a_new_request_replaces_the_waiting_one(app, make):
    mine = world(make)
    client = client_of(app, mine.person)
    ask(client, phone="+593 99 111 1111")
    html = ask(client, phone="+593 99 222 2222", address="Calle Nueva 1")
    assert "it replaces the one waiting" in html
    first, second = corrections(app, mine.case.returnee_id)
    assert first.status is CorrectionStatus.REPLACED and first.decided_by_id == mine.person.id
    assert second.status is CorrectionStatus.PENDING
    assert second.asked == {"phone": "+593 99 222 2222", "address": "Calle Nueva 1"}
    (replaced,) = audit(app, "contact_correction.replaced")
    assert replaced.actor_id == mine.person.id
    # The replaced one cannot be approved any more.
    counsellor = client_of(app, mine.counsellor)
    _answer(counsellor, mine.case.id, first.id, "approve")
    assert person(app, mine.case.returnee_id).phone == ""
    assert "already been answered or replaced" in _case_page(counsellor, mine.case.id)
    _answer(counsellor, mine.case.id, second.id, "approve")
    assert person(app, mine.case.returnee_id).address == "Calle Nueva 1"


def test_asking_to_clear_a_detail(app, make):
    mine = world(make, email="old@example.org")
    client = client_of(app, mine.person)
    ask(client, email="")
    (waiting,) = corrections(app, mine.case.returnee_id)
    assert waiting.asked == {"email": ""}
    counsellor = client_of(app, mine.counsellor)
    assert "remove it" in _case_page(counsellor, mine.case.id)
    _answer(counsellor, mine.case.id, waiting.id, "approve")
    assert person(app, mine.case.returnee_id).email == ""


def test_only_counsellors_of_the_office_answer_and_only_their_cases_requests(app, make):
    mine = world(make)
    other = world(make)
    ask(client_of(app, mine.person), phone="+593 99 765 4321")
    ask(client_of(app, other.person), phone="+593 99 765 4322")
    (waiting,) = corrections(app, mine.case.returnee_id)
    (theirs,) = corrections(app, other.case.returnee_id)
    # Another office's counsellor: the case is invisible.
    stranger = client_of(app, other.counsellor)
    assert _answer(stranger, mine.case.id, waiting.id, "approve").status_code == 404
    # A request of another person through one's own case: not found.
    assert _answer(stranger, other.case.id, waiting.id, "approve").status_code == 404
    for odd in ("²", "-1", "2147483648", "99999999999999999999", "0"):
        url = f"/cases/{mine.case.id}/contact-corrections/{odd}/approve"
        assert client_of(app, mine.counsellor).post(url).status_code == 404
    manager = make.user("manager", office_id=mine.office.id, locale="en")
    assert _answer(client_of(app, manager), mine.case.id, waiting.id, "approve").status_code == 403
    # The person themselves cannot approve their own request.
    assert (
        _answer(client_of(app, mine.person), mine.case.id, waiting.id, "approve").status_code == 403
    )
    # A manager reads the panel without the buttons.
    page = _case_page(client_of(app, manager), mine.case.id)
    assert "+593 99 765 4321" in page and "Approve: change the details" not in page
    assert person(app, mine.case.returnee_id).phone == ""
    assert corrections(app, other.case.returnee_id)[0].status is CorrectionStatus.PENDING
    assert theirs.id != waiting.id


def test_a_closed_case_takes_no_request(app, make):
    mine = world(make)
    close_case(app, mine.case.id, mine.counsellor.id)
    client = client_of(app, mine.person)
    html = my_data(client)
    assert "Send the correction" not in html
    html = ask(client, phone="+593 99 765 4321")
    assert "Your case is closed." in html
    assert corrections(app, mine.case.returnee_id) == []


def test_markup_in_a_request_stays_text_everywhere(app, make):
    markup = "<script>alert(1)</script>"
    mine = world(make, given_names=f"Rosa{markup}")
    person_client = client_of(app, mine.person)
    ask(person_client, address=f"Calle{markup}", city=f"Loja{markup}")
    html = my_data(person_client)
    assert markup not in html and "Calle&lt;script&gt;" in html
    counsellor = client_of(app, mine.counsellor)
    page = _case_page(counsellor, mine.case.id)
    assert markup not in page and "Calle&lt;script&gt;" in page and "Loja&lt;script&gt;" in page
    home = counsellor.get("/home", headers=EN).get_data(as_text=True)
    assert "Contact details to check" in home
    assert markup not in home and "Rosa&lt;script&gt;" in home
    (waiting,) = corrections(app, mine.case.returnee_id)
    _answer(counsellor, mine.case.id, waiting.id, "reject", reason=f"No{markup}")
    html = my_data(person_client)
    assert markup not in html and "No&lt;script&gt;alert(1)&lt;/script&gt;" in html
    with app.app_context():
        assert db.session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("contact_correction.%"))
        ).all()
