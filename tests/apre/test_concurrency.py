"""Two connections putting parts of one APRE payment aside at once, for real (a database of
its own, committed transactions): the second waits for the first's row lock on the payment,
then sees its earmark, so the earmarks never add up to more than the payment received."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from returnsvc.apre import services
from returnsvc.apre.earmarks import earmark
from returnsvc.apre.models import ApreEarmark, AprePayment
from returnsvc.apre.payments import record_payment
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.core.refusals import Refusal
from returnsvc.enterprise import services as enterprise_services
from returnsvc.extensions import db
from tests.concurrency import WAITED, race
from tests.factories import Factory

EN = {"Accept-Language": "en"}


@pytest.fixture
def received(committed_app):
    """(payment id, business id): a first payment of 4,000 received, a business to fund."""
    make = Factory(committed_app)
    case_id = make.case(office_id=make.office("ES").id).id
    today = local_today()
    with committed_app.test_request_context(headers=EN):
        case = db.session.get(Case, case_id)
        record = services.start_apre(
            case,
            {"total_amount": Decimal(10000), "recognised_on": today - timedelta(days=20)},
            actor=None,
        )
        first = services.payments_of(record.id)[1]
        record_payment(
            first,
            {"received_amount": Decimal(4000), "received_on": today - timedelta(days=15)},
            version=first.version,
            actor=None,
        )
        business = enterprise_services.create_enterprise(
            case, {"name": "Taller", "sector": "C", "jobs_owner": 1}, actor=None
        )
        db.session.commit()
        return first.id, business.id


def _earmark(app, payment_id, business_id, amount):
    with app.test_request_context(headers=EN):
        payment = db.session.get(AprePayment, payment_id)
        return earmark(
            payment,
            {"to": "enterprise", "enterprise_id": business_id, "amount": Decimal(amount)},
            actor=None,
        )


def test_a_second_earmark_waits_and_is_refused_beyond_the_payment(committed_app, received):
    app, (payment_id, business_id) = committed_app, received
    outcome = {}

    def first(hold):
        with app.app_context():
            _earmark(app, payment_id, business_id, 3000)  # the payment is locked
            hold()
            db.session.commit()

    def second():
        with app.app_context():
            try:
                _earmark(app, payment_id, business_id, 3000)
                db.session.commit()
                outcome["second"] = "written"
            except Refusal as refusal:
                db.session.rollback()
                outcome["second"] = str(refusal.message)

    waited = race(first, second)
    assert "more than is left of this payment" in outcome["second"]
    assert waited >= WAITED
    with app.app_context():
        count, total = db.session.execute(
            select(func.count(), func.sum(ApreEarmark.amount)).where(
                ApreEarmark.payment_id == payment_id
            )
        ).one()
    assert (count, total) == (1, Decimal("3000.00"))
