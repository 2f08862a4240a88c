"""Micro-loan arithmetic (issue #15) against worked examples from published sources.

Sources of the figures checked here:
- Declining balance (annuity): Microsoft Support, "PMT function" (Excel): 10,000 at 8 % a year
  over 10 monthly payments -> 1,037.03 a month. Claris FileMaker Pro Help, "PMT": 21,000 at
  6.9 % a year over 48 months -> 501.90. numpy-financial documentation, `pmt`: 200,000 over
  15 years at 7.5 % a year -> 1,854.02 a month (a 180-month term, beyond what a micro-loan may
  have, so only the formula is checked).
- The textbook annuity of 10,000 at 12 % a year over 12 months: 888.49 a month, 661.85 of
  interest at the unrounded payment (12 x 888.4879 - 10,000); checked here with the formula and
  with a table computed independently in exact fractions. Paid in cents, the last instalment
  absorbs the rounding (888.47) and the interest comes to 661.86.
- Flat rate: Wikipedia, "Flat rate (finance)": 1,200 repaid in 12 monthly repayments of 100
  plus 1 % (12) of interest a month, 112 a month. The issue's example: 12,000 at 24 % flat over
  12 months, 240.00 of interest a month.
"""

from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction

import pytest

from returnsvc.enterprise.loans import (
    BUCKETS,
    METHODS,
    LoanTerms,
    Payment,
    annuity,
    bucket_of,
    due_date,
    minor_units,
    par30,
    position,
    schedule,
)


def terms(principal="10000", rate="12", months=12, method="declining", grace=0,
          disbursed=date(2026, 1, 15), currency="USD"):  # fmt: skip
    return LoanTerms(D(principal), D(rate), months, method, grace, disbursed, currency)


def pay(day: date, amount: str) -> Payment:
    return Payment(day, D(amount))


# --- Currencies and validation -----------------------------------------------------------------


def test_minor_units_of_the_programme_currencies():
    assert METHODS == ("flat", "declining")
    assert BUCKETS == ("current", "1_30", "31_60", "61_90", "over_90")
    assert {c: minor_units(c) for c in ("BOB", "COP", "USD", "PEN", "EUR")} == dict.fromkeys(
        ("BOB", "COP", "USD", "PEN", "EUR"), 2
    )
    with pytest.raises(ValueError, match="unknown currency"):
        minor_units("JPY")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"principal": "0"}, "principal must be"),
        ({"principal": "-5"}, "principal must be"),
        ({"principal": "100.005"}, "minor units"),
        ({"rate": "-1"}, "annual rate"),
        ({"rate": "200.01"}, "annual rate"),
        ({"months": 0}, "term"),
        ({"months": 121}, "term"),
        ({"grace": -1}, "grace"),
        ({"grace": 12}, "grace"),
        ({"method": "balloon"}, "method must be one of flat, declining"),
        ({"currency": "GBP"}, "unknown currency"),
    ],
)
def test_terms_are_validated_in_plain_english(changes, message):
    with pytest.raises(ValueError, match=message):
        terms(**changes)


def test_terms_refuse_floats():
    with pytest.raises(ValueError, match="principal must be a Decimal"):
        LoanTerms(1000.0, D(12), 12, "flat", 0, date(2026, 1, 1), "USD")
    with pytest.raises(ValueError, match="annual rate"):
        LoanTerms(D(1000), 12.0, 12, "flat", 0, date(2026, 1, 1), "USD")


def test_the_limits_themselves_are_allowed():
    assert len(schedule(terms(rate="200", months=120, grace=119))) == 120
    assert len(schedule(terms(rate="0", months=1))) == 1


def test_payments_are_positive_decimals():
    for amount in (D(0), D(-1)):
        with pytest.raises(ValueError, match="greater than zero"):
            Payment(date(2026, 2, 1), amount)
    with pytest.raises(ValueError, match="Decimal"):
        Payment(date(2026, 2, 1), 10.0)


# --- Declining balance ------------------------------------------------------------------------


def _cents(x: Fraction) -> int:
    """x (in currency units) to whole cents, half to even, with the standard library's round."""
    return round(x * 100)


def _independent_annuity_table(principal: int, annual_percent: int, months: int):
    """The same schedule, computed apart from the module: exact fractions and integer cents."""
    r = Fraction(annual_percent, 1200)
    payment = _cents(principal * r / (1 - (1 + r) ** -months))
    balance, rows = principal * 100, []
    for number in range(1, months + 1):
        interest = _cents(Fraction(balance, 100) * r)
        part = balance if number == months else payment - interest
        rows.append((part, interest))
        balance -= part
    return payment, rows


def test_annuity_10000_at_12_percent_over_12_months():
    loan = terms("10000", "12", 12)
    rows = schedule(loan)
    # The formula: 10,000 x 0.01 / (1 - 1.01^-12) = 888.4879 -> 888.49.
    exact = annuity(D(10000), D("0.01"), 12)
    assert exact.quantize(D("0.0001")) == D("888.4879")
    assert (12 * exact - 10000).quantize(D("0.01")) == D("661.85")
    assert [r.total for r in rows[:-1]] == [D("888.49")] * 11
    assert rows[0].interest == D("100.00") and rows[0].principal == D("788.49")
    assert rows[-1].total == D("888.47") and rows[-1].interest == D("8.80")
    assert sum(r.interest for r in rows) == D("661.86")
    assert sum(r.principal for r in rows) == D("10000")

    payment, table = _independent_annuity_table(10000, 12, 12)
    assert payment == 88849
    assert [(int(r.principal * 100), int(r.interest * 100)) for r in rows] == table


def test_published_pmt_examples():
    # Microsoft Support, "PMT function": 10,000 at 8 % a year, 10 monthly payments.
    excel = schedule(terms("10000", "8", 10))
    assert [r.total for r in excel[:-1]] == [D("1037.03")] * 9
    # The last absorbs the rounding of the payment: at most half a cent for each month.
    assert abs(excel[-1].total - D("1037.03")) <= 10 * D("0.005")
    # Claris FileMaker Pro Help, "PMT": 21,000 at 6.9 % a year over 48 months.
    claris = schedule(terms("21000", "6.9", 48))
    assert {r.total for r in claris[:-1]} == {D("501.90")}
    assert claris[-1].total == D("501.76")  # 501.8974 paid as 501.90 for 47 months
    assert abs(claris[-1].total - D("501.90")) <= 48 * D("0.005")
    # numpy-financial, `pmt`: 200,000 over 15 years at 7.5 % a year (formula only).
    assert annuity(D(200000), D("7.5") / 1200, 180).quantize(D("0.01")) == D("1854.02")
    for months, principal, rate in ((10, 10000, 8), (48, 21000, D("6.9"))):
        payment, table = _independent_annuity_table(principal, Fraction(rate), months)
        loan = schedule(terms(str(principal), str(rate), months))
        assert [(int(r.principal * 100), int(r.interest * 100)) for r in loan] == table


def test_declining_grace_months_pay_interest_only_then_the_annuity():
    rows = schedule(terms("10000", "12", 14, grace=2))
    assert [(r.principal, r.interest) for r in rows[:2]] == [(D("0.00"), D("100.00"))] * 2
    # Then exactly the 12-month annuity on the whole principal.
    plain = schedule(terms("10000", "12", 12))
    assert [(r.principal, r.interest) for r in rows[2:]] == [
        (r.principal, r.interest) for r in plain
    ]
    assert [r.number for r in rows] == list(range(1, 15))
    assert sum(r.principal for r in rows) == D("10000")


# --- Flat -------------------------------------------------------------------------------------


def test_flat_wikipedia_example_1200_at_1_percent_a_month():
    rows = schedule(terms("1200", "12", 12, "flat"))
    assert {(r.principal, r.interest, r.total) for r in rows} == {
        (D("100.00"), D("12.00"), D("112.00"))
    }


def test_flat_12000_at_24_percent_over_12_months():
    rows = schedule(terms("12000", "24", 12, "flat"))
    assert {r.interest for r in rows} == {D("240.00")}
    assert {r.principal for r in rows} == {D("1000.00")}
    assert sum(r.interest for r in rows) == D("2880.00")


def test_flat_grace_months_charge_interest_on_the_original_principal():
    rows = schedule(terms("12000", "24", 12, "flat", grace=2))
    assert {r.interest for r in rows} == {D("240.00")}
    assert [r.principal for r in rows[:2]] == [D("0.00")] * 2
    assert {r.principal for r in rows[2:]} == {D("1200.00")}


# --- Rounding and rate 0 ----------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_rounding_remainder_goes_on_the_last_instalment(method):
    rows = schedule(terms("1000", "0", 3, method))
    assert [r.principal for r in rows] == [D("333.33"), D("333.33"), D("333.34")]
    assert {r.interest for r in rows} == {D("0.00")}


def test_flat_remainder_with_interest():
    rows = schedule(terms("1000", "10", 3, "flat"))
    # 1,000 x 10 % / 12 = 8.3333 -> 8.33 every month, on the original principal.
    assert [(r.principal, r.interest) for r in rows] == [
        (D("333.33"), D("8.33")), (D("333.33"), D("8.33")), (D("333.34"), D("8.33")),
    ]  # fmt: skip


@pytest.mark.parametrize("method", METHODS)
def test_zero_rate_with_grace(method):
    rows = schedule(terms("900", "0", 5, method, grace=2))
    assert [r.principal for r in rows] == [D("0.00"), D("0.00"), D("300.00"), D("300.00"),
                                           D("300.00")]  # fmt: skip
    assert {r.interest for r in rows} == {D("0.00")}


def test_a_tiny_flat_loan_over_many_months_never_goes_negative():
    rows = schedule(terms("0.61", "0", 120, "flat"))
    assert all(r.principal >= 0 for r in rows)
    assert sum(r.principal for r in rows) == D("0.61")


def test_amounts_are_in_the_minor_unit():
    for method in METHODS:
        for row in schedule(terms("7777.77", "33.3", 17, method, grace=3, currency="COP")):
            assert row.principal.as_tuple().exponent == -2
            assert row.interest.as_tuple().exponent == -2


# --- Due dates --------------------------------------------------------------------------------


def test_due_dates_are_counted_from_the_disbursement_day_and_clamped():
    rows = schedule(terms(months=4, disbursed=date(2026, 1, 31)))
    assert [r.due_on for r in rows] == [
        date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
    ]  # fmt: skip
    leap = schedule(terms(months=3, disbursed=date(2024, 1, 31)))
    assert [r.due_on for r in leap] == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]


def test_due_dates_cross_the_year():
    assert due_date(date(2026, 11, 30), 1) == date(2026, 12, 30)
    assert due_date(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert due_date(date(2026, 12, 31), 14) == date(2028, 2, 29)
    assert due_date(date(2026, 1, 15), 120) == date(2036, 1, 15)


# --- Allocation -------------------------------------------------------------------------------


FLAT_1200 = terms("1200", "12", 12, "flat", disbursed=date(2026, 1, 15))  # 100 + 12 a month


def test_a_payment_goes_to_interest_before_principal():
    pos = position(FLAT_1200, [pay(date(2026, 2, 15), "50")], date(2026, 2, 15))
    first = pos.instalments[0]
    assert (first.interest_paid, first.principal_paid) == (D("12.00"), D("38.00"))
    assert not first.fully_paid and first.left == D("62.00")
    assert pos.paid_interest == D("12.00") and pos.paid_principal == D("38.00")
    assert pos.outstanding_principal == D("1162.00")
    assert pos.overdue_amount == D("62.00")  # due today and unpaid
    assert pos.days_past_due == 0 and pos.bucket == "current"  # due today is not late yet
    assert pos.next_due.due_on == date(2026, 2, 15) and pos.next_due.amount == D("62.00")


def test_payments_go_to_the_oldest_instalment_first():
    payments = [pay(date(2026, 4, 20), "100"), pay(date(2026, 4, 20), "100")]
    pos = position(FLAT_1200, payments, date(2026, 4, 20))
    # Three instalments are due (15 Feb, 15 Mar, 15 Apr): 200 pays the first (112), then the
    # second's interest (12) and 76 of its principal; the third is untouched.
    first, second, third = pos.instalments[:3]
    assert first.fully_paid
    assert (second.interest_paid, second.principal_paid) == (D("12.00"), D("76.00"))
    assert third.paid == 0
    assert pos.overdue_amount == D("136.00")  # 24 left of the second, 112 of the third
    assert pos.days_past_due == (date(2026, 4, 20) - date(2026, 3, 15)).days == 36
    assert pos.bucket == "31_60"
    assert pos.prepaid == D("0.00")
    assert pos.next_due.due_on == date(2026, 3, 15) and pos.next_due.amount == D("24.00")


def test_payment_order_and_dates_do_not_change_the_allocation():
    a = position(FLAT_1200, [pay(date(2026, 2, 1), "30"), pay(date(2026, 3, 1), "200")],
                 date(2026, 3, 20))  # fmt: skip
    b = position(FLAT_1200, [pay(date(2026, 3, 1), "200"), pay(date(2026, 2, 1), "30")],
                 date(2026, 3, 20))  # fmt: skip
    assert a == b


def test_payments_after_the_date_are_not_counted():
    payments = [pay(date(2026, 2, 15), "112"), pay(date(2026, 3, 16), "112")]
    pos = position(FLAT_1200, payments, date(2026, 3, 15))
    assert pos.paid_principal == D("100.00") and pos.paid_interest == D("12.00")
    assert pos.overdue_amount == D("112.00") and pos.days_past_due == 0


def test_prepayment_goes_on_to_the_next_instalments_by_the_same_rule():
    pos = position(FLAT_1200, [pay(date(2026, 2, 15), "300")], date(2026, 2, 15))
    first, second, third = pos.instalments[:3]
    assert first.fully_paid and second.fully_paid
    assert (third.interest_paid, third.principal_paid) == (D("12.00"), D("64.00"))
    assert pos.prepaid == D("188.00")
    assert pos.overdue_amount == D("0.00") and pos.days_past_due == 0
    assert pos.next_due.due_on == date(2026, 4, 15) and pos.next_due.amount == D("36.00")
    # The schedule is never recalculated: the instalments still say 100 + 12.
    assert {(i.principal_due, i.interest_due) for i in pos.instalments} == {
        (D("100.00"), D("12.00"))
    }
    # Once the third falls due and is not completed, it is late from its own due date.
    later = position(FLAT_1200, [pay(date(2026, 2, 15), "300")], date(2026, 4, 25))
    assert later.days_past_due == 10 and later.bucket == "1_30"
    assert later.overdue_amount == D("36.00") and later.prepaid == D("0.00")


def test_the_whole_loan_repaid_and_overpayment_refused():
    owed = sum(r.total for r in schedule(FLAT_1200))
    assert owed == D("1344.00")
    done = position(FLAT_1200, [pay(date(2026, 3, 1), "1344")], date(2026, 3, 1))
    assert done.outstanding_principal == 0 and done.next_due is None and done.repaid
    assert done.paid_interest == D("144.00") and done.prepaid == D("1232.00")
    with pytest.raises(ValueError, match="exceed everything the loan owes"):
        position(FLAT_1200, [pay(date(2026, 3, 1), "1344"), pay(date(2026, 3, 2), "0.01")],
                 date(2026, 3, 2))  # fmt: skip
    # An overpayment made after the date looked at is not counted yet.
    position(FLAT_1200, [pay(date(2026, 3, 1), "1344"), pay(date(2026, 3, 2), "5")],
             date(2026, 3, 1))  # fmt: skip


def test_payments_before_disbursement_or_with_too_many_decimals_are_refused():
    with pytest.raises(ValueError, match="before the loan is disbursed"):
        position(FLAT_1200, [pay(date(2026, 1, 14), "10")], date(2026, 3, 1))
    with pytest.raises(ValueError, match="at most 2 decimals"):
        position(FLAT_1200, [pay(date(2026, 2, 1), "10.001")], date(2026, 3, 1))


def test_no_payments_at_all():
    pos = position(FLAT_1200, [], date(2026, 1, 15))
    assert pos.paid_principal == pos.paid_interest == D("0.00")
    assert pos.outstanding_principal == D("1200")
    assert pos.overdue_amount == 0 and pos.prepaid == 0 and pos.bucket == "current"
    assert pos.next_due.due_on == date(2026, 2, 15) and pos.next_due.amount == D("112.00")


# --- Days past due and buckets ----------------------------------------------------------------


@pytest.mark.parametrize(
    "days, bucket",
    [(0, "current"), (1, "1_30"), (30, "1_30"), (31, "31_60"), (60, "31_60"), (61, "61_90"),
     (90, "61_90"), (91, "over_90"), (4000, "over_90")],
)  # fmt: skip
def test_bucket_boundaries(days, bucket):
    assert bucket_of(days) == bucket
    # And through a loan whose first instalment (15 Feb 2026) is unpaid.
    pos = position(FLAT_1200, [], date(2026, 2, 15) + timedelta(days=days))
    assert (pos.days_past_due, pos.bucket) == (days, bucket)


def test_bucket_of_refuses_negative_days():
    with pytest.raises(ValueError):
        bucket_of(-1)


def test_days_past_due_across_month_ends():
    # Disbursed 31 Jan in a leap year: first due 29 Feb 2024.
    leap = terms("1000", "12", 6, "flat", disbursed=date(2024, 1, 31))
    assert position(leap, [], date(2024, 2, 29)).days_past_due == 0
    assert position(leap, [], date(2024, 3, 1)).days_past_due == 1
    assert position(leap, [], date(2024, 3, 30)).days_past_due == 30
    assert position(leap, [], date(2024, 3, 31)).days_past_due == 31
    assert position(leap, [], date(2024, 3, 31)).bucket == "31_60"
    # Not a leap year: 28 Feb 2026; 1 Mar is 1 day late, 30 Mar 30 days, 31 Mar 31 days.
    plain = terms("1000", "12", 6, "flat", disbursed=date(2026, 1, 31))
    assert position(plain, [], date(2026, 3, 1)).days_past_due == 1
    assert position(plain, [], date(2026, 3, 30)).bucket == "1_30"
    assert position(plain, [], date(2026, 3, 31)).bucket == "31_60"
    # Paying the first instalment moves the count to the second (31 Mar): 1 May is 31 days.
    first = schedule(plain)[0].total
    paid = [Payment(date(2026, 2, 28), first)]
    assert position(plain, paid, date(2026, 3, 31)).days_past_due == 0
    assert position(plain, paid, date(2026, 4, 30)).days_past_due == 30
    assert position(plain, paid, date(2026, 5, 1)).days_past_due == 31
    # Across the year end.
    december = terms("1000", "12", 6, "flat", disbursed=date(2026, 11, 30))
    assert position(december, [], date(2027, 1, 1)).days_past_due == 2


# --- PAR30 ------------------------------------------------------------------------------------


def test_par30_per_currency_never_mixed():
    bob = terms("1200", "12", 12, "flat", currency="BOB")  # first due 15 Feb 2026
    usd = terms("1000", "12", 10, "flat", currency="USD")
    as_of = date(2026, 3, 20)  # 33 days after the first due date
    late_bob = position(bob, [], as_of)  # 33 days past due, 1,200 outstanding
    current_bob = position(bob, [pay(date(2026, 3, 15), "224")], as_of)  # 1,000 outstanding
    late_usd = position(usd, [pay(date(2026, 2, 15), "10")], as_of)  # interest only: 1,000
    current_usd = position(usd, [pay(date(2026, 3, 15), "220")], as_of)  # 800 outstanding
    assert late_bob.days_past_due == late_usd.days_past_due == 33
    assert (current_bob.bucket, current_usd.bucket) == ("current", "current")
    assert late_usd.outstanding_principal == D("1000.00")

    ratios = par30(
        [("BOB", late_bob), ("BOB", current_bob), ("USD", late_usd), ("USD", current_usd)]
    )
    assert ratios == {
        "BOB": (D(1200) / D(2200)).quantize(D("0.0001")),  # 0.5455
        "USD": (D(1000) / D(1800)).quantize(D("0.0001")),  # 0.5556
    }
    assert ratios["BOB"] == D("0.5455") and ratios["USD"] == D("0.5556")
    # Adding the currencies would have given (1200 + 1000) / (2200 + 1800) = 0.55: never done.
    assert set(ratios) == {"BOB", "USD"}


def test_par30_boundary_and_empty_currencies():
    loan = terms("1200", "12", 12, "flat", currency="PEN")
    thirty = position(loan, [], date(2026, 2, 15) + timedelta(days=30))
    thirty_one = position(loan, [], date(2026, 2, 15) + timedelta(days=31))
    assert par30([("PEN", thirty)]) == {"PEN": D("0.0000")}
    assert par30([("PEN", thirty_one)]) == {"PEN": D("1.0000")}
    repaid = position(terms("1200", "12", 12, "flat", currency="EUR"),
                      [pay(date(2026, 2, 1), "1344")], date(2026, 3, 1))  # fmt: skip
    assert par30([("EUR", repaid), ("PEN", thirty)]) == {"PEN": D("0.0000")}
    assert par30([]) == {}
    with pytest.raises(ValueError, match="unknown currency"):
        par30([("XXX", thirty)])
