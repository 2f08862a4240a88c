"""The APRE services: a record only for a person returning with the APRE; payments expected
40/60 from the rule in force on the day recognised; the second at least 30 days after the
first; the return deadline and the three-year commitment; reminders as casework tasks that
move and complete with the record; earmarks towards a savings plan (a ledger entry of kind
APRE) or a business (a funding source of kind APRE) never beyond what a payment received;
refusals write nothing; every change audited."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from returnsvc.apre import rules, services
from returnsvc.apre.earmarks import earmark
from returnsvc.apre.models import ApreEarmark, ApreRecord, ApreRule
from returnsvc.apre.payments import record_payment
from returnsvc.cases.models import Case
from returnsvc.casework.models import Task
from returnsvc.core.refusals import Refusal
from returnsvc.enterprise.models import FundingKind, FundingSource, FundingStatus
from returnsvc.extensions import db
from returnsvc.returnees.models import ReturnProgramme
from returnsvc.savings.models import EntryKind, SavingsEntry
from tests.apre.helpers import (
    EN,
    add_business,
    apre_case,
    open_plan,
    payments,
    receive,
    record,
    start,
    today,
)
from tests.helpers import audit_actions


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _task(task_id) -> Task:
    return db.session.get(Task, task_id)


def test_the_seeded_rule_is_the_law_of_2008(app, tx):
    with app.app_context():
        rule = services.rule_on(today())
        assert rule.valid_from.isoformat() == "2008-09-20"
        assert (rule.first_share, rule.second_share) == (Decimal(40), Decimal(60))
        assert (rule.min_days_between, rule.days_to_leave, rule.commitment_years) == (30, 30, 3)
        assert "1800/2008" in rule.source and "4/2008" in rule.source
        assert rule.source_url.startswith("https://www.boe.es/")
        assert services.rule_on(rule.valid_from - timedelta(days=1)) is None


def test_a_record_works_out_payments_deadline_and_reminders(app, make):
    _office, counsellor_id, case = apre_case(make)
    recognised = today() - timedelta(days=10)
    record_id = start(app, case.id, total_amount=Decimal("10000.01"), recognised_on=recognised)
    with app.app_context():
        r = record(record_id)
        first, second = payments(record_id)[1], payments(record_id)[2]
        assert (first.expected_amount, second.expected_amount) == (
            Decimal("4000.00"),
            Decimal("6000.01"),
        )
        assert first.expected_on == recognised
        assert second.expected_on == recognised + timedelta(days=30)
        assert r.return_deadline == recognised + timedelta(days=30)
        assert r.returned_on is None and r.commitment_ends_on is None
        # Reminders on the counsellor's home: the second payment and the return deadline.
        second_task, return_task = _task(r.second_payment_task_id), _task(r.return_task_id)
        assert second_task.due_date == second.expected_on
        assert return_task.due_date == r.return_deadline
        assert {second_task.assignee_id, return_task.assignee_id} == {counsellor_id}
        assert r.commitment_task_id is None
    assert "apre.started" in audit_actions(app)
    assert audit_actions(app).count("task.added") == 2
    # The first payment received later than expected moves both reminders.
    first_on = today() - timedelta(days=2)
    receive(app, record_id, 1, "4000", first_on)
    with app.app_context():
        r = record(record_id)
        assert _task(r.second_payment_task_id).due_date == first_on + timedelta(days=30)
        assert _task(r.return_task_id).due_date == first_on + timedelta(days=30)
    assert audit_actions(app).count("task.updated") == 2


def test_payments_move_the_dates_and_complete_the_reminders(app, make):
    _office, _counsellor_id, case = apre_case(make)
    recognised = today() - timedelta(days=100)
    record_id = start(app, case.id, recognised_on=recognised)
    # A reminder whose day has passed is due today.
    with app.app_context():
        assert _task(record(record_id).return_task_id).due_date == today()
    first_on = today() - timedelta(days=90)
    receive(app, record_id, 1, "4000", first_on)
    with app.app_context():
        r = record(record_id)
        assert r.return_deadline == first_on + timedelta(days=30)
        assert payments(record_id)[2].expected_on == first_on + timedelta(days=30)
    # The person left Spain: the return reminder is done, the commitment's is set.
    returned = today() - timedelta(days=70)
    with app.test_request_context(headers=EN):
        r = record(record_id)
        services.update_apre(
            r,
            {"total_amount": r.total_amount, "recognised_on": recognised, "returned_on": returned},
            version=r.version,
            actor=None,
        )
        db.session.commit()
    with app.app_context():
        r = record(record_id)
        assert _task(r.return_task_id).is_done
        assert r.commitment_ends_on == rules.add_years(returned, 3)
        assert _task(r.commitment_task_id).due_date == r.commitment_ends_on
    receive(app, record_id, 2, "6000", today() - timedelta(days=55))
    with app.app_context():
        assert _task(record(record_id).second_payment_task_id).is_done
    actions = audit_actions(app)
    assert actions.count("apre_payment.received") == 2 and "apre.updated" in actions
    assert "task.completed" in actions


def test_the_second_payment_comes_at_least_30_days_after_the_first(app, make):
    _office, _c, case = apre_case(make)
    record_id = start(app, case.id, recognised_on=today() - timedelta(days=100))
    with app.test_request_context(headers=EN):
        second = payments(record_id)[2]
        with pytest.raises(Refusal, match="first payment before the second"):
            record_payment(
                second,
                {"received_amount": Decimal(6000), "received_on": today()},
                version=second.version,
                actor=None,
            )
    first_on = today() - timedelta(days=40)
    receive(app, record_id, 1, "4000", first_on)
    with app.test_request_context(headers=EN):
        second = payments(record_id)[2]
        with pytest.raises(Refusal, match="at least 30 days") as refused:
            record_payment(
                second,
                {"received_amount": Decimal(6000), "received_on": first_on + timedelta(days=29)},
                version=second.version,
                actor=None,
            )
        assert refused.value.field == "received_on"
        assert payments(record_id)[2].received_on is None
    receive(app, record_id, 2, "6000", first_on + timedelta(days=30))
    # Moving the first closer to the second is refused too.
    with app.test_request_context(headers=EN):
        first = payments(record_id)[1]
        with pytest.raises(Refusal, match="at least 30 days"):
            record_payment(
                first,
                {"received_amount": Decimal(4000), "received_on": first_on + timedelta(days=1)},
                version=first.version,
                actor=None,
            )


def test_a_later_rule_applies_from_its_date(app, make):
    changed_on = today() - timedelta(days=20)
    with app.app_context():
        db.session.add(
            ApreRule(
                valid_from=changed_on,
                first_share=Decimal(50),
                second_share=Decimal(50),
                min_days_between=45,
                days_to_leave=60,
                commitment_years=2,
                source="A later law (test)",
                source_url="https://www.boe.es/",
            )
        )
        db.session.commit()
    _office, _c, before_case = apre_case(make)
    _office, _c, after_case = apre_case(make)
    before = start(app, before_case.id, recognised_on=changed_on - timedelta(days=1))
    after = start(
        app, after_case.id, recognised_on=changed_on, returned_on=changed_on + timedelta(days=5)
    )
    with app.app_context():
        assert payments(before)[1].expected_amount == Decimal("4000.00")
        assert record(before).return_deadline == changed_on + timedelta(days=29)
        assert payments(after)[1].expected_amount == Decimal("5000.00")
        assert payments(after)[2].expected_on == changed_on + timedelta(days=45)
        assert record(after).return_deadline == changed_on + timedelta(days=60)
        assert record(after).commitment_ends_on == rules.add_years(
            changed_on + timedelta(days=5), 2
        )


def test_only_a_person_returning_with_the_apre_gets_a_record(app, make):
    _office, _c, case = apre_case(make)
    with app.test_request_context(headers=EN):
        returnee = db.session.get(Case, case.id).returnee
        returnee.migration.return_programme = ReturnProgramme.IOM_AVRR
        db.session.commit()
    with app.test_request_context(headers=EN):
        with pytest.raises(Refusal, match="not APRE"):
            services.start_apre(
                db.session.get(Case, case.id),
                {"total_amount": Decimal(1000), "recognised_on": today()},
                actor=None,
            )
        assert _count(ApreRecord) == 0


def test_the_return_date_defaults_from_the_migration_history(app, make):
    _office, _c, case = apre_case(make)
    left = today() - timedelta(days=3)
    with app.test_request_context(headers=EN):
        db.session.get(Case, case.id).returnee.migration.actual_return_date = left
        db.session.commit()
    record_id = start(app, case.id)
    with app.app_context():
        assert record(record_id).returned_on == left
        assert record(record_id).commitment_ends_on == rules.add_years(left, 3)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"total_amount": Decimal(0)}, "total_amount"),
        ({"total_amount": Decimal(-1)}, "total_amount"),
        ({"total_amount": None}, "total_amount"),
        ({"recognised_on": None}, "recognised_on"),
        ({"recognised_on": "2024-01-01"}, "recognised_on"),
        ({"recognised_on": today() + timedelta(days=1)}, "recognised_on"),
        ({"recognised_on": today().replace(year=2001)}, "recognised_on"),  # before any rule
        ({"returned_on": today() - timedelta(days=11)}, "returned_on"),  # before recognised
    ],
)
def test_bad_records_are_refused_with_nothing_written(app, make, data, field):
    _office, _c, case = apre_case(make)
    values = {"total_amount": Decimal(1000), "recognised_on": today() - timedelta(days=10)}
    with app.test_request_context(headers=EN):
        with pytest.raises(Refusal) as refused:
            services.start_apre(db.session.get(Case, case.id), values | data, actor=None)
        assert refused.value.field == field
        assert _count(ApreRecord) == 0 and _count(Task) == 0


def test_earmarks_go_to_a_savings_ledger_and_a_business_never_beyond_the_payment(app, make):
    _office, counsellor_id, case = apre_case(make)
    record_id = start(app, case.id, recognised_on=today() - timedelta(days=20))
    receive(app, record_id, 1, "4000", today() - timedelta(days=15))
    euro_plan = open_plan(app, case.id)
    dollar_plan = open_plan(app, case.id, currency="USD")
    business = add_business(app, case.id)
    with app.test_request_context(headers=EN):
        first = payments(record_id)[1]
        saved = earmark(
            first, {"to": "savings", "plan_id": euro_plan, "amount": Decimal("1500")}, actor=None
        )
        entry = db.session.get(SavingsEntry, saved.savings_entry_id)
        assert (entry.kind, entry.amount, entry.currency) == (EntryKind.APRE, Decimal(1500), "EUR")
        assert entry.plan_id == euro_plan and entry.booked_on == today()
        # A plan in dollars is credited what its account received in dollars.
        with pytest.raises(Refusal) as refused:
            earmark(
                first, {"to": "savings", "plan_id": dollar_plan, "amount": Decimal(500)}, actor=None
            )
        assert refused.value.field == "credited_amount"
        dollars = earmark(
            first,
            {
                "to": "savings",
                "plan_id": dollar_plan,
                "amount": Decimal(500),
                "credited_amount": Decimal("540.25"),
            },
            actor=None,
        )
        entry = db.session.get(SavingsEntry, dollars.savings_entry_id)
        assert (entry.amount, entry.currency) == (Decimal("540.25"), "USD")
        funded = earmark(
            first, {"to": "enterprise", "enterprise_id": business, "amount": Decimal(2000)},
            actor=None,
        )  # fmt: skip
        source = db.session.get(FundingSource, funded.funding_source_id)
        assert (source.kind, source.amount, source.currency, source.status) == (
            FundingKind.APRE,
            Decimal(2000),
            "EUR",
            FundingStatus.APPROVED,
        )
        assert source.enterprise_id == business
        # 4,000 received, 4,000 put aside: not a cent more.
        entries, sources = _count(SavingsEntry), _count(FundingSource)
        with pytest.raises(Refusal, match="more than is left") as refused:
            earmark(
                first, {"to": "savings", "plan_id": euro_plan, "amount": Decimal("0.01")},
                actor=None,
            )  # fmt: skip
        assert refused.value.field == "amount"
        assert (_count(SavingsEntry), _count(FundingSource), _count(ApreEarmark)) == (
            entries,
            sources,
            3,
        )
        assert services.earmarked(first.id) == Decimal(4000)
        # The payment cannot be corrected below what is put aside.
        with pytest.raises(Refusal, match="already put towards"):
            record_payment(
                first,
                {"received_amount": Decimal(3999), "received_on": first.received_on},
                version=first.version,
                actor=None,
            )
        db.session.commit()
    actions = audit_actions(app)
    assert actions.count("apre_earmark.added") == 3
    assert "savings_entry.recorded" in actions and "funding.added" in actions


def test_earmarks_refuse_unreceived_payments_and_other_cases_plans(app, make):
    office_id, counsellor_id, case = apre_case(make)
    _o, _c, other = apre_case(make, counsellor_id=counsellor_id, office_id=office_id)
    record_id = start(app, case.id, recognised_on=today() - timedelta(days=20))
    foreign_plan = open_plan(app, other.id)
    foreign_business = add_business(app, other.id)
    with app.test_request_context(headers=EN):
        first = payments(record_id)[1]
        with pytest.raises(Refusal, match="received first"):
            earmark(
                first, {"to": "savings", "plan_id": foreign_plan, "amount": Decimal(1)}, actor=None
            )
    receive(app, record_id, 1, "4000", today() - timedelta(days=15))
    with app.test_request_context(headers=EN):
        first = payments(record_id)[1]
        cases = [
            ({"to": "savings", "plan_id": foreign_plan}, "plan_id"),
            ({"to": "savings", "plan_id": 2147483647}, "plan_id"),
            ({"to": "savings", "plan_id": "1"}, "plan_id"),
            ({"to": "enterprise", "enterprise_id": foreign_business}, "enterprise_id"),
            ({"to": "enterprise", "enterprise_id": None}, "enterprise_id"),
            ({"to": "elsewhere"}, "to"),
            ({"to": "savings", "booked_on": today() - timedelta(days=16)}, "booked_on"),
        ]
        for data, field in cases:
            with pytest.raises(Refusal) as refused:
                earmark(first, {"amount": Decimal(10)} | data, actor=None)
            assert refused.value.field == field, data
        assert _count(ApreEarmark) == 0 and _count(SavingsEntry) == 0
