"""The loan arithmetic's promises (issue #15), for any terms and any repayments: the principal
parts add up exactly to the loan, every amount is in the currency's minor unit, repayments never
make outstanding differ from principal - principal repaid or go below zero, every cent paid is
allocated, the order payments arrive in does not matter, and days past due and the bucket agree.
"""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from returnsvc.enterprise.loans import (
    BUCKETS,
    METHODS,
    LoanTerms,
    Payment,
    bucket_of,
    minor_units,
    par30,
    position,
    schedule,
)

CURRENCIES = ("BOB", "COP", "USD", "PEN", "EUR")


@st.composite
def loan_terms(draw):
    currency = draw(st.sampled_from(CURRENCIES))
    # Small principals too: they are where rounding could push a part below zero.
    cents = draw(st.integers(1, 100) | st.integers(1, 10**9))
    months = draw(st.integers(1, 120))
    return LoanTerms(
        principal=Decimal(cents).scaleb(-minor_units(currency)),
        annual_rate=draw(st.decimals(0, 200, places=2, allow_nan=False, allow_infinity=False)),
        term_months=months,
        method=draw(st.sampled_from(METHODS)),
        grace_months=draw(st.integers(0, months - 1)),
        disbursed_on=draw(st.dates(date(2000, 1, 1), date(2040, 12, 31))),
        currency=currency,
    )


def _in_minor_unit(amount: Decimal, currency: str) -> bool:
    return amount.as_tuple().exponent >= -minor_units(currency)


@st.composite
def repayments(draw, terms: LoanTerms):
    """Payments in the loan's currency, dated from disbursement to a while after the end,
    together never more than the schedule owes."""
    owed = sum(row.total for row in schedule(terms))
    unit = Decimal(1).scaleb(-minor_units(terms.currency))
    left, payments = int(owed / unit), []
    for _ in range(draw(st.integers(0, 8))):
        if left == 0:
            break
        units = draw(st.integers(1, left) | st.integers(1, min(left, 1000)))
        left -= units
        day = terms.disbursed_on + timedelta(days=draw(st.integers(0, terms.term_months * 31 + 60)))
        payments.append(Payment(day, units * unit))
    return payments


@settings(max_examples=300, deadline=None)
@given(loan_terms())
def test_schedule_sums_exactly_in_the_minor_unit(terms):
    rows = schedule(terms)
    assert len(rows) == terms.term_months
    assert [row.number for row in rows] == list(range(1, terms.term_months + 1))
    assert sum(row.principal for row in rows) == terms.principal
    assert all(row.principal >= 0 and row.interest >= 0 for row in rows)
    assert all(_in_minor_unit(row.principal, terms.currency) for row in rows)
    assert all(_in_minor_unit(row.interest, terms.currency) for row in rows)
    assert all(row.principal == 0 for row in rows[: terms.grace_months])
    assert all(a.due_on < b.due_on for a, b in zip(rows, rows[1:], strict=False))
    assert rows[0].due_on > terms.disbursed_on
    assert all(row.due_on.day <= terms.disbursed_on.day for row in rows)
    if terms.annual_rate == 0:
        assert all(row.interest == 0 for row in rows)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_repayments_keep_outstanding_consistent(data):
    terms = data.draw(loan_terms())
    payments = data.draw(repayments(terms))
    as_of = data.draw(st.dates(terms.disbursed_on, terms.disbursed_on + timedelta(days=4000)))
    pos = position(terms, payments, as_of)

    counted = sum((p.amount for p in payments if p.paid_on <= as_of), Decimal(0))
    assert pos.outstanding_principal == terms.principal - pos.paid_principal >= 0
    assert pos.paid_principal + pos.paid_interest == counted
    for amount in (pos.paid_principal, pos.paid_interest, pos.outstanding_principal,
                   pos.overdue_amount, pos.prepaid):  # fmt: skip
        assert amount >= 0 and _in_minor_unit(amount, terms.currency)
    for inst in pos.instalments:
        assert 0 <= inst.interest_paid <= inst.interest_due
        assert 0 <= inst.principal_paid <= inst.principal_due
        # Interest before principal: no principal is paid while interest is left.
        assert inst.principal_paid == 0 or inst.interest_paid == inst.interest_due
    # Oldest first: after an instalment not fully paid, nothing is paid on later ones.
    paid_flags = [inst.paid > 0 for inst in pos.instalments]
    first_open = next((i for i, inst in enumerate(pos.instalments) if not inst.fully_paid), None)
    if first_open is not None:
        assert not any(paid_flags[first_open + 1 :])

    assert pos.days_past_due >= 0
    assert pos.bucket in BUCKETS and pos.bucket == bucket_of(pos.days_past_due)
    assert (pos.days_past_due > 0) <= (pos.overdue_amount > 0)
    assert pos.overdue_amount == 0 or pos.prepaid == 0
    if pos.next_due is None:
        assert pos.outstanding_principal == 0 and pos.overdue_amount == 0
    else:
        assert pos.next_due.amount > 0

    # The order payments are given in never matters.
    assert position(terms, list(reversed(payments)), as_of) == pos


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_more_repayment_never_raises_the_outstanding(data):
    terms = data.draw(loan_terms())
    payments = data.draw(repayments(terms))
    as_of = terms.disbursed_on + timedelta(days=data.draw(st.integers(0, 4000)))
    outstanding = [
        position(terms, payments[:n], as_of).outstanding_principal for n in range(len(payments) + 1)
    ]
    assert all(a >= b for a, b in zip(outstanding, outstanding[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(loan_terms())
def test_overpaying_the_loan_is_always_refused(terms):
    owed = sum(row.total for row in schedule(terms))
    unit = Decimal(1).scaleb(-minor_units(terms.currency))
    day = terms.disbursed_on
    full = position(terms, [Payment(day, owed)], day)
    assert full.outstanding_principal == 0 and full.next_due is None
    try:
        position(terms, [Payment(day, owed), Payment(day, unit)], day)
    except ValueError:
        pass
    else:
        raise AssertionError("an overpayment was accepted")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.data(), st.integers(0, 200)), max_size=6), st.data())
def test_par30_is_a_ratio_per_currency(loans, data):
    pairs = []
    for inner, late_days in loans:
        terms = inner.draw(loan_terms())
        as_of = schedule(terms)[0].due_on + timedelta(days=late_days)
        pairs.append((terms.currency, position(terms, [], as_of)))
    ratios = par30(pairs)
    assert set(ratios) == {currency for currency, _ in pairs}
    for currency, ratio in ratios.items():
        assert Decimal(0) <= ratio <= 1 and ratio.as_tuple().exponent == -4
        late = [p.days_past_due > 30 for c, p in pairs if c == currency]
        # Rounded to 4 places, a ratio near 0 or 1 may show as one: only the ends are exact.
        if all(late):
            assert ratio == 1
        if not any(late):
            assert ratio == 0
