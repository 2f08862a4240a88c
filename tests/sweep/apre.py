"""Expected status per role for the APRE tab (the case belongs to world.home_office): the tab
for whoever may read the case, its forms for counsellors of the owning office."""

from datetime import timedelta
from decimal import Decimal

from returnsvc.apre import services
from returnsvc.apre.earmarks import earmark
from returnsvc.apre.payments import record_payment
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.enterprise import services as enterprise_services
from returnsvc.extensions import db
from returnsvc.savings import services as savings_services
from tests.sweep.common import CASE_READ, status

WRITE_PAGE = status(302, 403, 200, 403, 403)

_CASE = "/cases/{case_id}/apre"
_BUILT = "/cases/{apre_case_id}/apre"
_PAYMENT = _BUILT + "/payments/{apre_payment_id}"
EXPECTED = {
    "apre.case_apre": ("GET", _CASE, CASE_READ),
    # Every factory returnee returns with the APRE; the world's case has no record yet.
    "apre.start_apre": ("GET", f"{_CASE}/new", WRITE_PAGE),
    "apre.edit_apre": ("GET", f"{_BUILT}/edit", WRITE_PAGE),
    "apre.record_payment": ("GET", f"{_PAYMENT}/received", WRITE_PAGE),
    "apre.earmark_savings": ("GET", f"{_PAYMENT}/savings", WRITE_PAGE),
    "apre.earmark_business": ("GET", f"{_PAYMENT}/business", WRITE_PAGE),
}


def _built(world) -> dict:
    """On the world's case: an APRE recognised 40 days ago whose first payment was received
    35 days ago, a savings plan in euros and a business, part of the payment put towards
    each (built once per world)."""
    cache = world.__dict__.setdefault("_apre", {})
    if cache:
        return cache
    today = local_today()
    with world.app.test_request_context():
        case = db.session.get(Case, world.case.id)
        record = services.start_apre(
            case,
            {"total_amount": Decimal("9000"), "recognised_on": today - timedelta(days=40)},
            actor=None,
        )
        first = services.payments_of(record.id)[1]
        record_payment(
            first,
            {"received_amount": Decimal("3600"), "received_on": today - timedelta(days=35)},
            version=first.version,
            actor=None,
        )
        plan = savings_services.open_plan(
            case,
            {
                "purpose": "enterprise_capital",
                "target_amount": Decimal("3000"),
                "currency": "EUR",
                "starts_on": today - timedelta(days=30),
                "target_date": today + timedelta(days=300),
            },
            actor=None,
        )
        enterprise = enterprise_services.create_enterprise(
            case, {"name": "Taller APRE", "sector": "C", "jobs_owner": 1}, actor=None
        )
        earmark(first, {"to": "savings", "plan_id": plan.id, "amount": Decimal("1000")}, actor=None)
        earmark(
            first,
            {"to": "enterprise", "enterprise_id": enterprise.id, "amount": Decimal("500")},
            actor=None,
        )
        db.session.commit()
        cache.update(case_id=case.id, payment_id=first.id)
    return cache


PLACEHOLDERS = {
    "apre_case_id": lambda world: _built(world)["case_id"],
    "apre_payment_id": lambda world: _built(world)["payment_id"],
}
