"""Links to the calculator from other features' pages (the explorer, a case's savings tab,
the portal), without their knowing this package beyond this module."""

from decimal import Decimal

from flask import current_app, url_for
from flask_babel import format_decimal

ENDPOINT = "remittances.calculator"


def calculator_url(country: str, amount: Decimal | None = None, frequency: str | None = None):
    """The calculator's URL for sending to `country` (an ISO code), filled in with `amount`
    (in euros, sent from Spain) and `frequency` ("monthly"...) when given; None when the app
    has no calculator. The amount is written as the page's language writes numbers, as the
    calculator reads it (a whole amount without separators reads the same in every language)."""
    if ENDPOINT not in current_app.view_functions:
        return None
    values = {"country": country.upper()}
    if amount is not None:
        if amount == amount.to_integral_value():
            values["amount"] = str(int(amount))
        else:
            values["amount"] = format_decimal(amount, format="0.00")
    if frequency:
        values["frequency"] = str(frequency)
    return url_for(ENDPOINT, **values)
