"""The calculator's arithmetic (pure): worked examples, bars, periods."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returnsvc.remittances.calculator import Frequency, bars, compare, cost_at, yearly_amount
from returnsvc.remittances.periods import parse_period, period_code


def test_worked_example_monthly_to_ecuador_at_the_average():
    # EUR 200 a month = 2,400 a year; 5.48% of it = 131.52; 3% = 72.00; 59.52 more to save.
    result = compare(D("200"), Frequency.MONTHLY, D("5.48"), D("3.00"))
    assert result.yearly == D("2400.00")
    assert result.at_average == D("131.52")
    assert result.at_target == D("72.00")
    assert result.at_own is None
    assert result.to_savings == D("59.52")
    assert result.compared == "average"


def test_worked_example_weekly_with_the_providers_rate():
    # EUR 50 a week = 2,600 a year; 7.5% = 195.00; Bolivia's 4.64% = 120.64; 3% = 78.00;
    # the person pays 195.00, so 117.00 a year would go to savings at the target.
    result = compare(D("50"), Frequency.WEEKLY, D("4.64"), D("3"), D("7.5"))
    assert result.yearly == D("2600.00")
    assert (result.at_own, result.at_average, result.at_target) == (
        D("195.00"),
        D("120.64"),
        D("78.00"),
    )
    assert result.to_savings == D("117.00")
    assert result.compared == "own"


def test_fortnightly_and_quarterly_round_to_the_cent_half_even():
    assert yearly_amount(D("123.45"), Frequency.FORTNIGHTLY) == D("3209.70")
    assert yearly_amount(D("1000"), Frequency.QUARTERLY) == D("4000.00")
    # 3209.70 x 4.41% = 141.547770 -> 141.55; 0.125 -> 0.12 (half even)
    assert cost_at(D("3209.70"), D("4.41")) == D("141.55")
    assert cost_at(D("12.50"), D("1")) == D("0.12")


def test_a_rate_below_the_target_saves_nothing_more():
    result = compare(D("300"), Frequency.MONTHLY, D("5.50"), D("3"), D("1.25"))
    assert result.at_own == D("45.00")
    assert result.to_savings == D("0.00")


def test_bars_scale_to_the_longest():
    result = compare(D("200"), Frequency.MONTHLY, D("5.48"), D("3.00"), D("10"))
    shown = bars(result)
    assert [bar.key for bar in shown] == ["average", "own", "target"]
    assert [bar.length for bar in shown] == [D("54.80"), D("100.00"), D("30.00")]
    zero = bars(compare(D("200"), Frequency.MONTHLY, D("0"), D("0")))
    assert [bar.length for bar in zero] == [D("0.00"), D("0.00")]


@given(
    amount=st.decimals(min_value=D("0.01"), max_value=D("1000000"), places=2),
    average=st.decimals(min_value=0, max_value=D("99.99"), places=2),
    own=st.none() | st.decimals(min_value=0, max_value=D("99.99"), places=2),
    frequency=st.sampled_from(list(Frequency)),
)
def test_costs_are_cents_and_savings_never_negative(amount, average, own, frequency):
    result = compare(amount, frequency, average, D("3.00"), own)
    for value in (result.yearly, result.at_average, result.at_target, result.to_savings):
        assert value.as_tuple().exponent == -2 and value >= 0
    assert all(D(0) <= bar.length <= D(100) for bar in bars(result))


@pytest.mark.parametrize(
    ("text", "period", "code"),
    [
        ("2020Q3", (date(2020, 7, 1), date(2020, 9, 30)), "2020Q3"),
        (" 2020q1 ", (date(2020, 1, 1), date(2020, 3, 31)), "2020Q1"),
        ("2021H2", (date(2021, 7, 1), date(2021, 12, 31)), "2021H2"),
        ("2024", (date(2024, 1, 1), date(2024, 12, 31)), "2024"),
    ],
)
def test_periods(text, period, code):
    assert parse_period(text) == period
    assert period_code(*period) == code


@pytest.mark.parametrize("text", ["", "2020Q5", "2020Q0", "2020H3", "1999", "2020-Q3", "²020", 3])
def test_odd_periods(text):
    assert parse_period(text) is None


def test_odd_span_is_shown_as_dates():
    assert period_code(date(2020, 2, 1), date(2020, 4, 30)) == "2020-02-01/2020-04-30"
