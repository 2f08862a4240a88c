"""Two connections on one plan, for real (a database of its own, committed transactions):
a withdrawal waits for the other connection's uncommitted withdrawal and then sees it, so the
plan is never overdrawn; concurrent deposits are all kept."""

from datetime import date, timedelta
from decimal import Decimal
from functools import partial

import pytest
from sqlalchemy import func, select

from returnsvc.cases.models import Case
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.savings import services
from returnsvc.savings.models import EntryKind, SavingsEntry, SavingsPlan
from tests.concurrency import WAITED, all_at_once, keep_locks, race
from tests.factories import Factory

TODAY = date.today()
EN = {"Accept-Language": "en"}


@pytest.fixture
def plan_id(committed_app):
    make = Factory(committed_app)
    office = make.office("CO")
    case_id = make.case(office_id=office.id, returnee_id=make.returnee(origin_country="CO")).id
    with committed_app.test_request_context(headers=EN):
        plan = services.open_plan(
            db.session.get(Case, case_id),
            {
                "purpose": "education",
                "target_amount": Decimal(1000),
                "currency": "COP",
                "starts_on": TODAY - timedelta(days=10),
                "target_date": TODAY + timedelta(days=300),
            },
            actor=None,
        )
        services.record_entry(
            plan, EntryKind.WAGES, {"amount": Decimal(100), "booked_on": TODAY}, actor=None
        )
        db.session.commit()
        return plan.id


def _withdraw(app, plan_id, amount):
    with app.test_request_context(headers=EN):
        plan = db.session.get(SavingsPlan, plan_id)
        return services.record_entry(
            plan,
            EntryKind.WITHDRAWAL,
            {"amount": Decimal(amount), "booked_on": TODAY, "withdrawal_purpose": "education"},
            actor=None,
        )


def _ledger(app, plan_id) -> tuple[int, Decimal]:
    with app.app_context():
        return db.session.execute(
            select(func.count(), func.sum(SavingsEntry.amount)).where(
                SavingsEntry.plan_id == plan_id
            )
        ).one()


def test_a_withdrawal_waits_for_the_other_and_is_refused_when_it_would_overdraw(
    committed_app, plan_id
):
    app = committed_app
    outcome = {}

    def first(hold):
        with app.app_context():
            _withdraw(app, plan_id, 60)  # written, not committed: the plan is locked
            hold()
            db.session.commit()

    def second():
        with app.app_context():
            try:
                _withdraw(app, plan_id, 60)
                db.session.commit()
                outcome["second"] = "written"
            except Refusal as refusal:
                db.session.rollback()
                outcome["second"] = str(refusal.message)

    waited = race(first, second)
    assert "more than the plan holds" in outcome["second"]
    assert waited >= WAITED  # it waited for the first connection's lock
    assert _ledger(app, plan_id) == (2, Decimal("40.00"))


def test_concurrent_deposits_and_withdrawals_lose_no_entry(committed_app, plan_id):
    app = committed_app
    results = []

    def deposit(amount):
        with app.test_request_context(headers=EN):
            plan = db.session.get(SavingsPlan, plan_id)
            services.record_entry(
                plan, EntryKind.WAGES, {"amount": Decimal(amount), "booked_on": TODAY}, actor=None
            )
            db.session.commit()
            results.append(("deposit", amount))

    def withdraw(amount):
        with app.app_context():
            try:
                _withdraw(app, plan_id, amount)
                keep_locks()  # they overlap: without the plan's lock all three would pass
                db.session.commit()
                results.append(("withdraw", amount))
            except Refusal:
                db.session.rollback()
                results.append(("refused", amount))

    all_at_once(
        *(partial(deposit, amount) for amount in (10, 20, 30)),
        *(partial(withdraw, amount) for amount in (70, 70, 70)),
    )
    assert len(results) == 6
    expected = Decimal(100) + sum(
        Decimal(a) if kind == "deposit" else -Decimal(a) for kind, a in results if kind != "refused"
    )
    written = 1 + sum(1 for kind, _a in results if kind != "refused")
    count, total = _ledger(app, plan_id)
    assert (count, total) == (written, expected)
    assert total >= 0
    # 160 in all at most: at most two of the three withdrawals of 70 can have gone through.
    assert sum(1 for kind, _a in results if kind == "withdraw") <= 2
