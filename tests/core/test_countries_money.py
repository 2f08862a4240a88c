from decimal import Decimal

import pytest
from flask import render_template_string

from returnsvc.core.countries import CURRENCY, ORIGINS, country_choices, country_name
from returnsvc.core.money import Money, format_money, parse_amount


def test_country_names_follow_the_locale(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert country_name("ES") == "Spain"
        assert [code for code, _ in country_choices()] == ["ES", "BO", "CO", "EC", "PE"]
    with app.test_request_context():
        assert country_name("ES") == "España"
        assert country_name("PE") == "Perú"
    assert country_name("BO", "en") == "Bolivia"


def test_each_origin_country_has_its_currency():
    assert {c: CURRENCY[c] for c in ORIGINS} == {"BO": "BOB", "CO": "COP", "EC": "USD", "PE": "PEN"}


@pytest.mark.parametrize(
    ("locale", "amount", "currency", "expected"),
    [
        ("es", Decimal("1234.50"), "EUR", "1.234,50\xa0€"),
        ("en", Decimal("1234.50"), "EUR", "€1,234.50"),
        ("es", Decimal("1500000"), "COP", "1.500.000,00\xa0COP"),
        ("en", Decimal("2500"), "PEN", "PEN2,500.00"),
        ("en", Decimal("99.9"), "USD", "$99.90"),
    ],
)
def test_money_is_formatted_for_the_locale(app, locale, amount, currency, expected):
    with app.test_request_context(headers={"Accept-Language": locale}):
        assert format_money(amount, currency) == expected


def test_money_refuses_floats_and_unknown_currencies():
    with pytest.raises(TypeError):
        Money(1.5, "EUR")
    with pytest.raises(ValueError):
        Money(Decimal("1"), "XYZ")


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("1.234,56", "es", Decimal("1234.56")),
        ("1,234.56", "en", Decimal("1234.56")),
        ("250", "es", Decimal("250")),
    ],
)
def test_parse_amount(text, locale, expected):
    assert parse_amount(text, locale) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,2,3.4.5", "-"])
def test_parse_amount_rejects_garbage(text):
    with pytest.raises(ValueError):
        parse_amount(text, "es")


def test_the_decimal_filter_writes_numbers_as_the_page_language_does(app):
    """Rates ("24,5 %" on a Spanish page) go through the `decimal` filter, not str()."""
    for language, expected in (("es", "24,5"), ("en", "24.5")):
        with app.test_request_context(headers={"Accept-Language": language}):
            assert render_template_string("{{ r|decimal }}", r=Decimal("24.50")) == expected
            assert render_template_string("{{ r|decimal }}", r=None) == ""
