"""The pure arithmetic of a savings plan: the recommended monthly deposit, the months counted
and missed, progress to the goal. Worked examples, then properties."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from returnsvc.savings import ledger


def test_whole_months_between_two_days():
    assert ledger.whole_months(date(2026, 1, 15), date(2027, 1, 15)) == 12
    assert ledger.whole_months(date(2026, 1, 15), date(2027, 1, 14)) == 11
    assert ledger.whole_months(date(2026, 1, 31), date(2026, 2, 28)) == 0  # not a whole month
    assert ledger.whole_months(date(2026, 3, 1), date(2026, 2, 1)) == 0  # never negative


def test_recommended_monthly_worked_examples():
    today, in_a_year = date(2026, 1, 1), date(2027, 1, 1)
    assert ledger.recommended_monthly(Decimal(1200), Decimal(0), today, in_a_year) == 100
    # 1,000 over 3 months: 333.33... rounded up, so that three deposits reach the goal.
    assert ledger.recommended_monthly(
        Decimal(1000), Decimal(0), today, date(2026, 4, 1)
    ) == Decimal("333.34")
    # What is already saved counts; the goal reached asks for nothing.
    assert ledger.recommended_monthly(Decimal(1200), Decimal(600), today, in_a_year) == 50
    assert ledger.recommended_monthly(Decimal(1200), Decimal(1300), today, in_a_year) == 0
    # A goal less than a month away: the whole rest this month.
    assert ledger.recommended_monthly(Decimal(90), Decimal(0), today, date(2026, 1, 20)) == 90


@given(
    target=st.decimals(min_value=1, max_value=10**9, places=2),
    months=st.integers(min_value=1, max_value=360),
)
def test_the_recommended_deposits_reach_the_goal_and_overshoot_by_less_than_a_cent_each(
    target, months
):
    start = date(2026, 1, 10)
    year, month = divmod(start.month - 1 + months, 12)
    goal_date = date(start.year + year, month + 1, 10)
    monthly = ledger.recommended_monthly(target, Decimal(0), start, goal_date)
    assert monthly * months >= target
    assert monthly * months - target < Decimal("0.01") * months


def test_counted_months_stop_before_this_month_at_the_goal_and_at_closing():
    start, goal = date(2026, 1, 20), date(2026, 12, 31)
    # Today in April: January to March are over.
    assert ledger.counted_months(start, goal, date(2026, 4, 2)) == [(2026, 1), (2026, 2), (2026, 3)]
    # Long after the goal's date: only up to its month.
    assert len(ledger.counted_months(start, goal, date(2028, 1, 1))) == 12
    # Closed in March: January and February.
    assert ledger.counted_months(start, goal, date(2026, 6, 1), date(2026, 3, 5)) == [
        (2026, 1),
        (2026, 2),
    ]
    # Nothing to count in the first month.
    assert ledger.counted_months(start, goal, date(2026, 1, 31)) == []
    # Across the year's end.
    assert ledger.counted_months(date(2025, 11, 1), goal, date(2026, 2, 1)) == [
        (2025, 11),
        (2025, 12),
        (2026, 1),
    ]


def test_missed_months_are_those_below_the_recommended_deposit():
    months = [(2026, 1), (2026, 2), (2026, 3), (2026, 4)]
    deposited = {(2026, 1): Decimal(100), (2026, 2): Decimal("99.99"), (2026, 4): Decimal(250)}
    assert ledger.missed_months(months, Decimal(100), deposited) == [(2026, 2), (2026, 3)]


def test_progress_is_a_whole_percent_between_0_and_100():
    assert ledger.Progress(Decimal("333.33"), Decimal(1000)).percent == 33
    assert ledger.Progress(Decimal(1500), Decimal(1000)).percent == 100
    assert ledger.Progress(Decimal(0), Decimal(1000)).percent == 0
    assert ledger.Progress(Decimal(250), Decimal(1000)).remaining == 750
    assert ledger.Progress(Decimal(1500), Decimal(1000)).remaining == 0
