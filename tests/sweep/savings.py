"""Expected status per role for the Savings tab (the case belongs to world.home_office): the tab
and a plan's ledger for whoever may read the case, its forms for counsellors of the owning
office."""

from datetime import timedelta
from decimal import Decimal

from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.extensions import db
from returnsvc.partners.services import create_partner
from returnsvc.savings import services
from returnsvc.savings.models import EntryKind
from tests.sweep.common import CASE_READ, status
from tests.sweep.enterprise import _built as _enterprise

WRITE_PAGE = status(302, 403, 200, 403, 403)

_CASE = "/cases/{case_id}/savings"
_PLAN = _CASE + "/{savings_plan_id}"
EXPECTED = {
    "savings.case_savings": ("GET", _CASE, CASE_READ),
    "savings.plan": ("GET", _PLAN, CASE_READ),
    "savings.open_plan": ("GET", f"{_CASE}/new", WRITE_PAGE),
    "savings.change_plan": ("GET", f"{_PLAN}/edit", WRITE_PAGE),
    "savings.close_plan": ("GET", f"{_PLAN}/close", WRITE_PAGE),
    "savings.record_entry": ("GET", f"{_PLAN}/entries/new/remittance", WRITE_PAGE),
    "savings.reverse_entry": (
        "GET",
        f"{_CASE}/entries/{{savings_entry_id}}/reverse",
        WRITE_PAGE,
    ),
}


def _built(world) -> dict:
    """On the world's case: a plan for the business's capital kept at a bank of the person's
    country, with a remittance sent in euros, a wages deposit, a withdrawal and a reversed
    interest payment (built once per world)."""
    cache = world.__dict__.setdefault("_savings", {})
    if cache:
        return cache
    enterprise_id = _enterprise(world)["enterprise_id"]
    today = local_today()
    started = today - timedelta(days=200)
    with world.app.test_request_context():
        case = db.session.get(Case, world.case.id)
        bank = create_partner(
            {"name": "Cooperativa de Ahorro Loja", "kind": "financial", "country": "EC"},
            actor=None,
        )
        db.session.flush()
        plan = services.open_plan(
            case,
            {"purpose": "enterprise_capital", "enterprise_id": enterprise_id,
             "target_amount": Decimal("3000"), "currency": "USD", "starts_on": started,
             "target_date": today + timedelta(days=400), "institution_id": bank.id,
             "account": "ES12 3456 7890 1234"},
            actor=None,
        )  # fmt: skip
        services.record_entry(
            plan,
            EntryKind.REMITTANCE,
            {"amount": Decimal("540"), "booked_on": started + timedelta(days=10),
             "sent_amount": Decimal("500"), "sent_currency": "EUR", "sender_country": "ES",
             "channel": "operator"},
            actor=None,
        )  # fmt: skip
        wages = services.record_entry(
            plan,
            EntryKind.WAGES,
            {"amount": Decimal("120"), "booked_on": today - timedelta(days=40)},
            actor=None,
        )
        services.record_entry(
            plan,
            EntryKind.WITHDRAWAL,
            {"amount": Decimal("60"), "booked_on": today - timedelta(days=20),
             "withdrawal_purpose": "business"},
            actor=None,
        )  # fmt: skip
        interest = services.record_entry(
            plan,
            EntryKind.INTEREST,
            {"amount": Decimal("3.15"), "booked_on": today - timedelta(days=5)},
            actor=None,
        )
        services.reverse_entry(interest, {"reason": "duplicate"}, actor=None)
        db.session.commit()
        cache.update(plan_id=plan.id, entry_id=wages.id, bank_id=bank.id)
    return cache


PLACEHOLDERS = {
    "savings_plan_id": lambda world: _built(world)["plan_id"],
    "savings_entry_id": lambda world: _built(world)["entry_id"],
}
