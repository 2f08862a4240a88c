"""Property-based checks of the parsers that take raw user input."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from returnsvc.core.money import parse_amount
from returnsvc.core.security import is_safe_next


@given(st.text(max_size=60))
def test_safe_next_never_allows_another_host(target):
    if is_safe_next(target):
        assert target.startswith("/")
        assert not target.startswith(("//", "/\\"))
        assert "\n" not in target and "\r" not in target


@given(st.text(max_size=40), st.sampled_from(["es", "en"]))
def test_parse_amount_returns_a_finite_decimal_or_raises_value_error(text, locale):
    try:
        value = parse_amount(text, locale)
    except ValueError:
        return
    assert isinstance(value, Decimal) and value.is_finite()


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.sampled_from(["es", "en"]))
def test_amounts_written_in_a_locale_parse_back(amount, locale):
    from babel.numbers import format_decimal

    text = format_decimal(amount, format="#,##0.00", locale=locale)
    assert parse_amount(text, locale) == amount
