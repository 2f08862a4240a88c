"""The ledger's invariants under any sequence of operations (hypothesis, on PostgreSQL): the
balance is the sum of the entries and never below zero; a withdrawal beyond it, a second
reversal and a reversal of a reversal are refused and write nothing; a reversal is the exact
opposite of its entry."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from returnsvc.cases.models import Case
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.savings import services
from returnsvc.savings.models import EntryKind, SavingsEntry

TODAY = date.today()
credit_kinds = st.sampled_from(("remittance", "wages", "interest"))
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2)
operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("deposit"), st.sampled_from(("remittance", "wages", "interest")), amounts
        ),
        st.tuples(st.just("withdraw"), amounts),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=30)),
    ),
    min_size=1,
    max_size=25,
)


def _sum(plan_id) -> Decimal:
    total = db.session.scalar(
        select(func.coalesce(func.sum(SavingsEntry.amount), 0)).where(
            SavingsEntry.plan_id == plan_id
        )
    )
    return Decimal(total)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations)
def test_any_sequence_keeps_the_balance_the_sum_and_never_below_zero(app, make, steps):
    office = make.office("PE")
    case_id = make.case(office_id=office.id, returnee_id=make.returnee(origin_country="PE")).id
    with app.test_request_context(headers={"Accept-Language": "en"}):
        plan = services.open_plan(
            db.session.get(Case, case_id),
            {
                "purpose": "emergency",
                "target_amount": Decimal(10000),
                "currency": "PEN",
                "starts_on": TODAY - timedelta(days=60),
                "target_date": TODAY + timedelta(days=365),
            },
            actor=None,
        )
        expected = Decimal(0)
        written: list[SavingsEntry] = []
        reversed_ids: set[int] = set()
        for step in steps:
            savepoint = db.session.begin_nested()
            allowed = True
            try:
                if step[0] == "deposit":
                    entry = services.record_entry(
                        plan,
                        EntryKind(step[1]),
                        {
                            "amount": step[2],
                            "booked_on": TODAY,
                            "sender_country": "ES",
                            "channel": "bank",
                        },
                        actor=None,
                    )
                    expected += step[2]
                elif step[0] == "withdraw":
                    allowed = step[1] <= expected
                    entry = services.record_entry(
                        plan,
                        EntryKind.WITHDRAWAL,
                        {"amount": step[1], "booked_on": TODAY, "withdrawal_purpose": "other"},
                        actor=None,
                    )
                    assert allowed, "a withdrawal beyond the balance was accepted"
                    expected -= step[1]
                else:
                    if not written:
                        savepoint.rollback()
                        continue
                    original = written[step[1] % len(written)]
                    allowed = (
                        original.kind is not EntryKind.REVERSAL
                        and original.id not in reversed_ids
                        and expected - original.amount >= 0
                    )
                    entry = services.reverse_entry(original, {"reason": "other"}, actor=None)
                    assert allowed, "a reversal that should be refused was accepted"
                    assert entry.amount == -original.amount
                    reversed_ids.add(original.id)
                    expected -= original.amount
                savepoint.commit()
                written.append(entry)
            except Refusal:
                savepoint.rollback()
                assert not allowed, f"a valid {step[0]} was refused"
            balance = services.balance(plan.id)
            assert balance == expected == _sum(plan.id)
            assert balance >= 0
        assert db.session.scalar(
            select(func.count()).select_from(SavingsEntry).where(SavingsEntry.plan_id == plan.id)
        ) == len(written)
