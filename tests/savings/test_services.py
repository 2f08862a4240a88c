"""The savings services (issue #16): a plan with its recommended deposit, deposits from
remittances (in another currency too), wages and interest, withdrawals never beyond the
balance, reversals (once, never of a reversal), closing; refusals write nothing; every change
audited."""

from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

import pytest
from sqlalchemy import func, select

from returnsvc.cases.models import Case
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.savings import ledger, services
from returnsvc.savings.models import EntryKind, PlanStatus, SavingsEntry, SavingsPlan
from tests.helpers import audit_actions

TODAY = date.today()
EN = {"Accept-Language": "en"}  # the refusals are matched in English


@pytest.fixture
def case_id(make):
    office = make.office("BO")
    return make.case(office_id=office.id, returnee_id=make.returnee(origin_country="BO")).id


def open_plan(app, case_id, **data) -> int:
    values = {
        "purpose": "housing",
        "target_amount": Decimal("1200"),
        "currency": "BOB",
        "target_date": TODAY + timedelta(days=400),
    } | data
    with app.test_request_context(headers=EN):
        plan = services.open_plan(db.session.get(Case, case_id), values, actor=None)
        db.session.commit()
        return plan.id


def plan_of(plan_id) -> SavingsPlan:
    return db.session.get(SavingsPlan, plan_id)


def deposit(app, plan_id, amount, kind=EntryKind.WAGES, **data) -> int:
    with app.test_request_context(headers=EN):
        values = {"amount": Decimal(amount), "booked_on": TODAY} | data
        entry = services.record_entry(plan_of(plan_id), kind, values, actor=None)
        db.session.commit()
        return entry.id


def test_a_plan_gets_its_recommended_deposit_from_the_goal(app, case_id):
    plan_id = open_plan(app, case_id)
    with app.app_context():
        plan = plan_of(plan_id)
        assert plan.status is PlanStatus.ACTIVE
        assert plan.starts_on == TODAY
        # 1,200 over the whole months to the goal's date (13 or so), rounded up to the cent.
        months = ledger.whole_months(TODAY, plan.target_date)
        assert plan.recommended_monthly == (Decimal(1200) / months).quantize(
            Decimal("0.01"), rounding=ROUND_CEILING
        )


def test_deposits_withdrawals_and_the_balance(app, case_id):
    plan_id = open_plan(app, case_id)
    deposit(app, plan_id, "100.50")
    deposit(app, plan_id, "20", EntryKind.INTEREST)
    with app.test_request_context(headers=EN):
        plan = plan_of(plan_id)
        with pytest.raises(Refusal, match="more than the plan holds"):
            services.record_entry(
                plan,
                EntryKind.WITHDRAWAL,
                {"amount": Decimal("120.51"), "booked_on": TODAY, "withdrawal_purpose": "health"},
                actor=None,
            )
        services.record_entry(
            plan,
            EntryKind.WITHDRAWAL,
            {"amount": Decimal("120.50"), "booked_on": TODAY, "withdrawal_purpose": "health"},
            actor=None,
        )
        db.session.commit()
        assert services.balance(plan_id) == Decimal("0.00")
    assert audit_actions(app).count("savings_entry.recorded") == 3


def test_a_remittance_in_another_currency_keeps_what_was_sent_and_the_rate(app, case_id):
    plan_id = open_plan(app, case_id)
    entry_id = deposit(
        app,
        plan_id,
        "745.20",
        EntryKind.REMITTANCE,
        sent_amount=Decimal("100"),
        sent_currency="EUR",
        sender_country="ES",
        channel="operator",
    )
    with app.app_context():
        entry = db.session.get(SavingsEntry, entry_id)
        assert (entry.amount, entry.currency) == (Decimal("745.20"), "BOB")
        assert (entry.sent_amount, entry.sent_currency) == (Decimal("100.00"), "EUR")
        assert entry.rate == Decimal("7.452")


def test_a_reversal_cancels_once_and_is_never_reversed(app, case_id):
    plan_id = open_plan(app, case_id)
    entry_id = deposit(app, plan_id, "50")
    with app.test_request_context(headers=EN):
        entry = db.session.get(SavingsEntry, entry_id)
        reversal = services.reverse_entry(entry, {"reason": "duplicate"}, actor=None)
        db.session.commit()
        assert reversal.amount == Decimal("-50.00") and reversal.reverses_id == entry_id
        assert services.balance(plan_id) == 0
        with pytest.raises(Refusal, match="already reversed"):
            services.reverse_entry(entry, {"reason": "duplicate"}, actor=None)
        with pytest.raises(Refusal, match="cannot be reversed"):
            services.reverse_entry(reversal, {"reason": "other"}, actor=None)


def test_the_database_refuses_to_change_or_delete_an_entry(app, case_id, tx):
    plan_id = open_plan(app, case_id)
    entry_id = deposit(app, plan_id, "50")
    for statement in (
        f"UPDATE savings_entry SET amount = 5000 WHERE id = {entry_id}",
        f"DELETE FROM savings_entry WHERE id = {entry_id}",
        "TRUNCATE savings_entry CASCADE",
    ):
        savepoint = tx.begin_nested()
        with pytest.raises(Exception, match="append-only"):
            tx.exec_driver_sql(statement)
        savepoint.rollback()
    count = tx.execute(select(func.count()).select_from(SavingsEntry)).scalar()
    assert count >= 1
