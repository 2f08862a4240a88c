"""Set-ups shared by the APRE tests: a case of a person returning with the APRE, assigned to
a counsellor of its office; savings plans and businesses on it."""

from datetime import timedelta
from decimal import Decimal

from returnsvc.apre import services
from returnsvc.apre.models import ApreRecord
from returnsvc.apre.payments import record_payment
from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.enterprise import services as enterprise_services
from returnsvc.extensions import db
from returnsvc.savings import services as savings_services

EN = {"Accept-Language": "en"}


def today():
    return local_today()


def apre_case(make, counsellor_id=None, office_id=None):
    """(office id, counsellor id, case snapshot): every factory returnee returns with APRE."""
    if office_id is None:
        office_id = make.office("ES").id
    if counsellor_id is None:
        counsellor_id = make.user("counsellor", office_id=office_id).id
    case = make.case(office_id=office_id, counsellor_id=counsellor_id)
    return office_id, counsellor_id, case


def start(app, case_id, actor_id=None, **data) -> int:
    values = {"total_amount": Decimal("10000.00"), "recognised_on": today() - timedelta(days=10)}
    with app.test_request_context(headers=EN):
        actor = db.session.get(User, actor_id) if actor_id else None
        record = services.start_apre(db.session.get(Case, case_id), values | data, actor=actor)
        db.session.commit()
        return record.id


def payments(record_id) -> dict:
    return services.payments_of(record_id)


def receive(app, record_id, number, amount, on, actor_id=None) -> None:
    with app.test_request_context(headers=EN):
        payment = services.payments_of(record_id)[number]
        actor = db.session.get(User, actor_id) if actor_id else None
        record_payment(
            payment,
            {"received_amount": Decimal(amount), "received_on": on},
            version=payment.version,
            actor=actor,
        )
        db.session.commit()


def record(record_id) -> ApreRecord:
    return db.session.get(ApreRecord, record_id)


def open_plan(app, case_id, currency="EUR", **data) -> int:
    values = {
        "purpose": "enterprise_capital",
        "target_amount": Decimal("5000"),
        "currency": currency,
        "starts_on": today() - timedelta(days=60),
        "target_date": today() + timedelta(days=400),
    } | data
    with app.test_request_context(headers=EN):
        plan = savings_services.open_plan(db.session.get(Case, case_id), values, actor=None)
        db.session.commit()
        return plan.id


def add_business(app, case_id, name="Panadería Loja") -> int:
    with app.test_request_context(headers=EN):
        enterprise = enterprise_services.create_enterprise(
            db.session.get(Case, case_id),
            {"name": name, "sector": "C", "jobs_owner": 1},
            actor=None,
        )
        db.session.commit()
        return enterprise.id
