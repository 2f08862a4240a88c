"""The APRE's arithmetic (apre.rules) with worked examples: the two payments always add up to
the total, the second comes at least 30 days after the first, the person leaves within 30
days of it, and the commitment not to return lasts three years (29 February included)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from returnsvc.apre import rules

LAW_OF_2008 = rules.Figures(
    first_share=Decimal(40),
    second_share=Decimal(60),
    min_days_between=30,
    days_to_leave=30,
    commitment_years=3,
)


@pytest.mark.parametrize(
    ("total", "first", "second"),
    [
        ("10000.00", "4000.00", "6000.00"),
        ("10000.01", "4000.00", "6000.01"),  # 4000.004 rounds down; the rest goes second
        ("0.05", "0.02", "0.03"),
        ("0.03", "0.01", "0.02"),
        ("12345.67", "4938.27", "7407.40"),
        ("1.00", "0.40", "0.60"),
    ],
)
def test_worked_examples_of_the_two_payments(total, first, second):
    assert rules.split(Decimal(total), LAW_OF_2008) == (Decimal(first), Decimal(second))


@given(st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2))
def test_the_two_payments_always_add_up_to_the_total(total):
    first, second = rules.split(total, LAW_OF_2008)
    assert first + second == total
    assert first >= 0 and second >= 0
    # The first is its share to the cent.
    assert abs(first - total * Decimal("0.4")) <= Decimal("0.005")


@given(
    st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2),
    st.integers(min_value=1, max_value=99),
)
def test_any_share_keeps_the_cents(total, share):
    figures = rules.Figures(Decimal(share), Decimal(100 - share), 30, 30, 3)
    first, second = rules.split(total, figures)
    assert first + second == total


def test_a_rule_whose_shares_do_not_make_100_is_refused():
    with pytest.raises(ValueError):
        rules.Figures(Decimal(40), Decimal(50), 30, 30, 3)
    with pytest.raises(ValueError):
        rules.Figures(Decimal(0), Decimal(100), 30, 30, 3)
    with pytest.raises(ValueError):
        rules.split(Decimal(-1), LAW_OF_2008)


def test_dates_after_the_first_payment():
    first = date(2024, 3, 1)
    assert rules.earliest_second_payment(first, LAW_OF_2008) == date(2024, 3, 31)
    assert rules.return_deadline(first, LAW_OF_2008) == date(2024, 3, 31)
    # Across a year end and a leap February.
    assert rules.return_deadline(date(2023, 12, 15), LAW_OF_2008) == date(2024, 1, 14)
    assert rules.earliest_second_payment(date(2024, 2, 10), LAW_OF_2008) == date(2024, 3, 11)
    assert rules.earliest_second_payment(date(2023, 2, 10), LAW_OF_2008) == date(2023, 3, 12)


def test_three_years_from_the_return():
    assert rules.commitment_end(date(2024, 3, 15), LAW_OF_2008) == date(2027, 3, 15)
    # A return on 29 February: the commitment ends on 28 February (no 29th in 2027) ...
    assert rules.commitment_end(date(2024, 2, 29), LAW_OF_2008) == date(2027, 2, 28)
    # ... and on the 29th again when the years are four.
    assert rules.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert rules.commitment_end(date(2023, 3, 1), LAW_OF_2008) == date(2026, 3, 1)


@given(st.dates(min_value=date(2008, 1, 1), max_value=date(2090, 12, 31)))
def test_the_commitment_lasts_three_years_to_the_day_or_the_month_end(day):
    end = rules.commitment_end(day, LAW_OF_2008)
    assert end.year == day.year + 3 and end.month == day.month
    assert end.day == day.day or (day.month, day.day, end.day) == (2, 29, 28)
