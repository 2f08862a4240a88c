"""The APRE tab as a counsellor uses it: the record started, both payments received, money put
towards a savings plan and a business; the reminders on the counsellor's home; refusals in the
user's language next to their field with nothing written; odd numbers and other cases' ids
answered with a form error or 404; managers and administrators read, never write; a person
not returning with the APRE gets an explanation and nothing to fill in; markup stays text."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from returnsvc.apre.models import ApreEarmark, AprePayment, ApreRecord
from returnsvc.cases.models import Case
from returnsvc.enterprise.models import FundingSource
from returnsvc.extensions import db
from returnsvc.returnees.models import ReturnProgramme
from returnsvc.savings.models import SavingsEntry
from tests.apre.helpers import (
    EN,
    add_business,
    apre_case,
    open_plan,
    payments,
    receive,
    start,
    today,
)
from tests.cases.helpers import other_client
from tests.helpers import audit_actions

MARKUPS = ('"><img src=x onerror=alert(1)>', "<meta http-equiv=refresh content=0>")


def _text(response) -> str:
    return response.get_data(as_text=True)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _mine(make, sign_in):
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id, locale="en")
    _o, _c, case = apre_case(make, counsellor_id=me.id, office_id=office.id)
    return office, me, case


def _record(app, case_id):
    with app.app_context():
        record = db.session.scalar(select(ApreRecord).where(ApreRecord.case_id == case_id))
        db.session.expunge(record)
        return record


def _payment(app, record_id, number) -> AprePayment:
    with app.app_context():
        payment = payments(record_id)[number]
        db.session.expunge(payment)
        return payment


def _day(value) -> str:
    return value.isoformat()


def test_a_counsellor_follows_an_apre_and_earmarks_a_payment(app, client, make, sign_in):
    _office, me, case = _mine(make, sign_in)
    tab = client.get(f"/cases/{case.id}/apre", headers=EN)
    assert tab.status_code == 200 and "No APRE recorded yet." in _text(tab)
    recognised = today() - timedelta(days=45)
    saved = client.post(
        f"/cases/{case.id}/apre/new",
        data={"total_amount": "12,000.50", "recognised_on": _day(recognised), "returned_on": ""},
        headers=EN,
    )
    assert saved.status_code == 302, _text(saved)[:3000]
    record = _record(app, case.id)
    assert record.total_amount == Decimal("12000.50")
    first = _payment(app, record.id, 1)
    assert first.expected_amount == Decimal("4800.20")
    # The first payment, received 40 days ago.
    received = client.post(
        f"/cases/{case.id}/apre/payments/{first.id}/received",
        data={"received_amount": "4,800.20", "received_on": _day(today() - timedelta(days=40)),
              "version": first.version},
        headers=EN,
    )  # fmt: skip
    assert received.status_code == 302, _text(received)[:3000]
    plan_id = open_plan(app, case.id)
    business_id = add_business(app, case.id, name="Panadería “La Loja”")
    page = client.get(f"/cases/{case.id}/apre/payments/{first.id}/savings", headers=EN)
    assert page.status_code == 200 and "Left of this payment: €4,800.20" in _text(page)
    done = client.post(
        f"/cases/{case.id}/apre/payments/{first.id}/savings",
        data={"plan_id": plan_id, "amount": "1,000", "booked_on": ""},
        headers=EN,
    )
    assert done.status_code == 302, _text(done)[:3000]
    done = client.post(
        f"/cases/{case.id}/apre/payments/{first.id}/business",
        data={"enterprise_id": business_id, "amount": "800.20"},
        headers=EN,
    )
    assert done.status_code == 302, _text(done)[:3000]
    with app.app_context():
        entry = db.session.scalar(select(SavingsEntry).where(SavingsEntry.plan_id == plan_id))
        assert (entry.kind.value, entry.amount) == ("apre", Decimal(1000))
        source = db.session.scalar(
            select(FundingSource).where(FundingSource.enterprise_id == business_id)
        )
        assert (source.kind.value, source.amount, source.currency) == (
            "apre",
            Decimal("800.20"),
            "EUR",
        )
    tab = _text(client.get(f"/cases/{case.id}/apre", headers=EN))
    assert "€12,000.50" in tab and "€3,000.00 left" in tab
    assert "Panadería “La Loja”" in tab and "Real Decreto 1800/2008" in tab
    # The timeline and the summary panel tell it.
    summary = _text(client.get(f"/cases/{case.id}", headers=EN))
    assert "APRE recorded: €12,000.50" in summary
    assert "APRE first payment received: €4,800.20" in summary
    assert "€800.20 put towards the business “Panadería “La Loja””" in summary
    assert "Open the APRE tab" in summary
    # The reminders are tasks on the counsellor's home.
    home = _text(client.get("/home", headers=EN))
    assert "APRE: the second payment can be claimed from this day" in home
    assert "APRE: last day to leave Spain" in home
    actions = audit_actions(app)
    for action in ("apre.started", "apre_payment.received", "apre_earmark.added", "task.added"):
        assert action in actions
    export = client.get(f"/cases/{case.id}/person/export.json")
    assert export.get_json()["apre"][0]["total_amount"] == "12000.50"
    record_page = _text(client.get(f"/cases/{case.id}/person/record", headers=EN))
    assert "Benefit recognised: €12,000.50" in record_page


def test_refusals_are_next_to_their_field_and_write_nothing(app, client, make, sign_in):
    _office, _me, case = _mine(make, sign_in)
    record_id = start(app, case.id, recognised_on=today() - timedelta(days=20))
    receive(app, record_id, 1, "4000", today() - timedelta(days=15))
    first = _payment(app, record_id, 1)
    plan_id = open_plan(app, case.id)
    url = f"/cases/{case.id}/apre/payments/{first.id}/savings"
    too_much = client.post(url, data={"plan_id": plan_id, "amount": "4000.01"}, headers=EN)
    assert too_much.status_code == 200
    assert "That is more than is left of this payment (€4,000.00)." in _text(too_much)
    second = _payment(app, record_id, 2)
    early = client.post(
        f"/cases/{case.id}/apre/payments/{second.id}/received",
        data={"received_amount": "6000", "received_on": _day(today()), "version": second.version},
        headers=EN,
    )
    assert early.status_code == 200
    assert "The second payment comes at least 30 days after the first" in _text(early)
    assert _count(app, ApreEarmark) == 0 and _count(app, SavingsEntry) == 0
    assert _payment(app, record_id, 2).received_on is None
    # A stale form is a conflict, not an overwrite.
    stale = client.post(
        f"/cases/{case.id}/apre/edit",
        data={"total_amount": "1", "recognised_on": _day(today()), "version": "999"},
        headers=EN,
    )
    assert stale.status_code == 409


@pytest.mark.parametrize("odd", ["²", "-1", "2147483648", "1e3", "①", "0"])
def test_odd_numbers_are_form_errors(app, client, make, sign_in, odd):
    _office, _me, case = _mine(make, sign_in)
    record_id = start(app, case.id, recognised_on=today() - timedelta(days=20))
    receive(app, record_id, 1, "4000", today() - timedelta(days=15))
    first = _payment(app, record_id, 1)
    open_plan(app, case.id)
    paid = f"/cases/{case.id}/apre/payments/{first.id}"
    for url, data in (
        (f"{paid}/savings", {"plan_id": odd, "amount": "10"}),
        (f"{paid}/savings", {"plan_id": "", "amount": odd}),
        (f"{paid}/business", {"enterprise_id": odd, "amount": "1"}),
        (f"/cases/{case.id}/apre/edit", {"total_amount": odd, "recognised_on": "", "version": odd}),
        (f"{paid}/received",
         {"received_amount": odd, "received_on": odd, "version": first.version}),
    ):  # fmt: skip
        response = client.post(url, data=data, headers=EN)
        assert response.status_code in (200, 409), (url, odd, response.status_code)
    assert _count(app, ApreEarmark) == 0
    assert client.get(f"/cases/{case.id}/apre/payments/2147483648/savings").status_code == 404


def test_other_cases_ids_answer_404_or_a_form_error(app, client, make, sign_in):
    office, me, case = _mine(make, sign_in)
    _o, _c, other = apre_case(make, counsellor_id=me.id, office_id=office.id)
    mine = start(app, case.id, recognised_on=today() - timedelta(days=20))
    theirs = start(app, other.id, recognised_on=today() - timedelta(days=20))
    receive(app, mine, 1, "4000", today() - timedelta(days=15))
    their_payment = _payment(app, theirs, 1)
    my_payment = _payment(app, mine, 1)
    for page in ("received", "savings", "business"):
        url = f"/cases/{case.id}/apre/payments/{their_payment.id}/{page}"
        assert client.get(url).status_code == 404
        assert client.post(url, data={"amount": "1"}).status_code == 404
    their_plan = open_plan(app, other.id)
    their_business = add_business(app, other.id)
    refused = client.post(
        f"/cases/{case.id}/apre/payments/{my_payment.id}/savings",
        data={"plan_id": their_plan, "amount": "10"},
        headers=EN,
    )
    assert refused.status_code == 200 and "Choose a savings plan of this case." in _text(refused)
    refused = client.post(
        f"/cases/{case.id}/apre/payments/{my_payment.id}/business",
        data={"enterprise_id": their_business, "amount": "10"},
        headers=EN,
    )
    assert refused.status_code == 200
    assert "Choose one of this person&#39;s businesses." in _text(refused)
    assert _count(app, ApreEarmark) == 0


def test_managers_and_administrators_read_and_never_write(app, make, sign_in):
    _office, _me, case = _mine(make, sign_in)
    record_id = start(app, case.id, recognised_on=today() - timedelta(days=20))
    first = _payment(app, record_id, 1)
    for role in ("manager", "admin"):
        office_id = case.office_id if role == "manager" else None
        user = make.user(role, office_id=office_id, locale="en")
        client = other_client(app, user)
        tab = client.get(f"/cases/{case.id}/apre", headers=EN)
        assert tab.status_code == 200 and "€10,000.00" in _text(tab)
        assert "Change the APRE" not in _text(tab) and "Record it received" not in _text(tab)
        for url in (
            f"/cases/{case.id}/apre/new",
            f"/cases/{case.id}/apre/edit",
            f"/cases/{case.id}/apre/payments/{first.id}/received",
        ):
            assert client.post(url, data={"received_amount": "1"}).status_code == 403
    returnee = make.user("returnee")
    assert other_client(app, returnee).get(f"/cases/{case.id}/apre").status_code == 403
    # A counsellor of another office does not see the case at all.
    stranger = make.user("counsellor", office_id=make.office("ES").id)
    assert other_client(app, stranger).get(f"/cases/{case.id}/apre").status_code == 404


def test_a_person_not_returning_with_the_apre_gets_an_explanation(app, client, make, sign_in):
    _office, _me, case = _mine(make, sign_in)
    with app.app_context():
        migration = db.session.get(Case, case.id).returnee.migration
        migration.return_programme = ReturnProgramme.OWN_MEANS
        db.session.commit()
    tab = _text(client.get(f"/cases/{case.id}/apre", headers=EN))
    assert "This person does not return with the APRE" in tab
    assert f"/cases/{case.id}/apre/new" not in tab
    assert client.get(f"/cases/{case.id}/apre/new").status_code == 302
    refused = client.post(
        f"/cases/{case.id}/apre/new",
        data={"total_amount": "1000", "recognised_on": _day(today())},
        headers=EN,
    )
    assert refused.status_code == 200 and "return programme is not APRE" in _text(refused)
    assert _count(app, ApreRecord) == 0
    summary = _text(client.get(f"/cases/{case.id}", headers=EN))
    assert "Open the APRE tab" not in summary


@pytest.mark.parametrize("markup", MARKUPS)
def test_markup_in_a_business_name_stays_text(app, client, make, sign_in, markup):
    _office, _me, case = _mine(make, sign_in)
    record_id = start(app, case.id, recognised_on=today() - timedelta(days=20))
    receive(app, record_id, 1, "4000", today() - timedelta(days=15))
    first = _payment(app, record_id, 1)
    business_id = add_business(app, case.id, name=markup)
    url = f"/cases/{case.id}/apre/payments/{first.id}/business"
    form = _text(client.get(url, headers=EN))
    assert markup not in form
    done = client.post(url, data={"enterprise_id": business_id, "amount": "100"}, headers=EN)
    assert done.status_code == 302
    for page in (f"/cases/{case.id}/apre", f"/cases/{case.id}", f"/cases/{case.id}/person/record"):
        html = _text(client.get(page, headers=EN))
        assert markup not in html and "<img src=x" not in html and "<meta http-equiv" not in html
