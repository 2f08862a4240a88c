"""Two connections at once, for real (a database of its own, committed transactions): a
person sending two corrections, or sending one while their counsellor approves the one
waiting. Both lock the person's row first, so the second waits: one request waits at the end,
never two (the partial unique index would refuse them with an error), and a replaced request
is never approved."""

import threading
import time

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.my_data import services
from returnsvc.my_data.models import ContactCorrection, CorrectionStatus
from returnsvc.returnees.models import Returnee
from tests.conftest import make_test_app
from tests.factories import Factory

EN = {"Accept-Language": "en"}


@pytest.fixture(scope="module")
def shared_app(databases):
    """An app on a database of its own: these tests commit for real."""
    app = make_test_app(databases.create("returnsvc_my_data_concurrency"))
    with app.app_context():
        upgrade(revision="heads")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def people(shared_app):
    """(case id, the person's account id, their counsellor's id)."""
    make = Factory(shared_app)
    office = make.office("ES")
    counsellor = make.user("counsellor", office_id=office.id)
    case = make.case(office_id=office.id, counsellor_id=counsellor.id)
    account = make.portal_account(case.returnee_id)
    return case.id, account.id, counsellor.id


def _ask(app, case_id, account_id, phone, hold=None):
    with app.test_request_context(headers=EN):
        case = db.session.get(Case, case_id)
        services.request_correction(
            case, case.returnee, {"phone": phone}, actor=db.session.get(User, account_id)
        )
        if hold:
            hold.set()
            time.sleep(0.5)
        db.session.commit()


def _requests(app, case_id):
    with app.app_context():
        returnee_id = db.session.get(Case, case_id).returnee_id
        return db.session.execute(
            select(ContactCorrection.status, ContactCorrection.phone)
            .where(ContactCorrection.returnee_id == returnee_id)
            .order_by(ContactCorrection.id)
        ).all()


def _run(first, second):
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)


def test_two_requests_at_once_leave_one_waiting(shared_app, people):
    case_id, account_id, _ = people
    holding = threading.Event()
    outcome = {}

    def first():
        _ask(shared_app, case_id, account_id, "+593 99 111 1111", hold=holding)

    def second():
        holding.wait(10)
        started = time.monotonic()
        _ask(shared_app, case_id, account_id, "+593 99 222 2222")
        outcome["waited"] = time.monotonic() - started

    _run(first, second)
    assert outcome["waited"] >= 0.4
    assert _requests(shared_app, case_id) == [
        (CorrectionStatus.REPLACED, "+593 99 111 1111"),
        (CorrectionStatus.PENDING, "+593 99 222 2222"),
    ]


def test_a_request_replaced_while_approved_is_not_approved(shared_app, people):
    case_id, account_id, counsellor_id = people
    _ask(shared_app, case_id, account_id, "+593 99 111 1111")
    holding = threading.Event()
    outcome = {}

    def person():  # replaces the waiting request, holding the locks a while
        _ask(shared_app, case_id, account_id, "+593 99 222 2222", hold=holding)

    def counsellor():  # approves the request they saw, which is being replaced
        holding.wait(10)
        with shared_app.test_request_context(headers=EN):
            case = db.session.get(Case, case_id)
            seen = db.session.scalars(
                select(ContactCorrection).where(ContactCorrection.returnee_id == case.returnee_id)
            ).first()
            try:
                services.approve_correction(case, seen, actor=db.session.get(User, counsellor_id))
                db.session.commit()
                outcome["approve"] = "approved"
            except Refusal as refusal:
                db.session.rollback()
                outcome["approve"] = str(refusal.message)

    _run(person, counsellor)
    assert outcome["approve"] == "This request has already been answered or replaced."
    assert _requests(shared_app, case_id) == [
        (CorrectionStatus.REPLACED, "+593 99 111 1111"),
        (CorrectionStatus.PENDING, "+593 99 222 2222"),
    ]
    with shared_app.app_context():
        returnee_id = db.session.get(Case, case_id).returnee_id
        assert db.session.get(Returnee, returnee_id).phone == ""
