"""Two connections at once, for real (a database of its own, committed transactions): a
person sending two corrections, or sending one while their counsellor approves the one
waiting. Both lock the person's row first, so the second waits: one request waits at the end,
never two (the partial unique index would refuse them with an error), and a replaced request
is never approved."""

import pytest
from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.my_data import services
from returnsvc.my_data.models import ContactCorrection, CorrectionStatus
from returnsvc.returnees.models import Returnee
from tests.concurrency import WAITED, race
from tests.factories import Factory

EN = {"Accept-Language": "en"}


@pytest.fixture
def people(committed_app):
    """(case id, the person's account id, their counsellor's id)."""
    make = Factory(committed_app)
    office = make.office("ES")
    counsellor = make.user("counsellor", office_id=office.id)
    case = make.case(office_id=office.id, counsellor_id=counsellor.id)
    account = make.portal_account(case.returnee_id)
    return case.id, account.id, counsellor.id


def _ask(app, case_id, account_id, phone, hold=None):
    """The person asks for `phone`; `hold` (tests.concurrency.race) keeps their locks a while."""
    with app.test_request_context(headers=EN):
        case = db.session.get(Case, case_id)
        services.request_correction(
            case, case.returnee, {"phone": phone}, actor=db.session.get(User, account_id)
        )
        if hold:
            hold()
        db.session.commit()


def _requests(app, case_id):
    with app.app_context():
        returnee_id = db.session.get(Case, case_id).returnee_id
        return db.session.execute(
            select(ContactCorrection.status, ContactCorrection.phone)
            .where(ContactCorrection.returnee_id == returnee_id)
            .order_by(ContactCorrection.id)
        ).all()


def test_two_requests_at_once_leave_one_waiting(committed_app, people):
    app, (case_id, account_id, _) = committed_app, people

    def first(hold):
        _ask(app, case_id, account_id, "+593 99 111 1111", hold=hold)

    def second():
        _ask(app, case_id, account_id, "+593 99 222 2222")

    assert race(first, second) >= WAITED
    assert _requests(app, case_id) == [
        (CorrectionStatus.REPLACED, "+593 99 111 1111"),
        (CorrectionStatus.PENDING, "+593 99 222 2222"),
    ]


def test_a_request_replaced_while_approved_is_not_approved(committed_app, people):
    app, (case_id, account_id, counsellor_id) = committed_app, people
    _ask(app, case_id, account_id, "+593 99 111 1111")
    outcome = {}

    def person(hold):  # replaces the waiting request, holding the locks a while
        _ask(app, case_id, account_id, "+593 99 222 2222", hold=hold)

    def counsellor():  # approves the request they saw, which is being replaced
        with app.test_request_context(headers=EN):
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

    race(person, counsellor)
    assert outcome["approve"] == "This request has already been answered or replaced."
    assert _requests(app, case_id) == [
        (CorrectionStatus.REPLACED, "+593 99 111 1111"),
        (CorrectionStatus.PENDING, "+593 99 222 2222"),
    ]
    with app.app_context():
        returnee_id = db.session.get(Case, case_id).returnee_id
        assert db.session.get(Returnee, returnee_id).phone == ""
