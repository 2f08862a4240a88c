"""The managers' forms (one figure, or a file of them) and the public calculator's query.

Choices of the figure form are not checked here (validate_choice=False): services.check_figure
checks every value and says what is wrong next to its field, the same checks a CSV row gets.

The calculator is a GET form read by hand, as the explorer's is (explorer/forms.py): a link or
a bookmark must work, and whatever arrives ends up as a clean value or as a message next to
its field, never as an exception. Numbers are written as the page's language writes them
("1.234,50" in Spanish, "1,234.50" in English), in ASCII digits with the language's
separators only: Babel alone would read "1e3", "+5" or full-width digits.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField, SubmitField

from returnsvc.core.countries import HOST, world_country_choices
from returnsvc.core.forms import LocaleDecimalField
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import parse_amount
from returnsvc.remittances.calculator import MAX_AMOUNT, MAX_RATE, Frequency
from returnsvc.remittances.services import REFERENCE_CURRENCIES, decimal_places

# Digits and the separators of either language; 30 characters hold any number we accept.
_TYPED_NUMBER = re.compile(r"[0-9][0-9.,]{0,29}")


def typed_number(text) -> Decimal | None:
    """The number `text` writes in the page's language, or None (no number, or an odd one)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not _TYPED_NUMBER.fullmatch(text):
        return None
    try:
        return parse_amount(text)
    except ValueError:
        return None


class TypedDecimalField(LocaleDecimalField):
    """LocaleDecimalField refusing what typed_number refuses ("1e3", "+5", "１２")."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        if text and typed_number(text) is None:
            self.data = None
            example = self._format(Decimal(self.example), grouping=True)
            raise ValueError(_l("Enter a number, for example %(example)s.", example=example))
        super().process_formdata(valuelist)


class FigureForm(FlaskForm):
    sending_country = SelectField(_l("Sent from"), validate_choice=False, default=HOST)
    receiving_country = SelectField(_l("Sent to"), validate_choice=False)
    period = StringField(
        _l("Period"),
        description=_l("A quarter (2020Q3), a half year (2021H1) or a year (2022)."),
    )
    reference_amount = TypedDecimalField(
        _l("Reference amount"),
        example="200",
        places=2,
        description=_l("The amount the figure is for: 200 (USD) or 345 (EUR)."),
    )
    reference_currency = SelectField(_l("Currency of the reference amount"), validate_choice=False)
    cost_percent = TypedDecimalField(
        _l("Average total cost (%)"),
        example="4.64",
        description=_l("Fees and exchange-rate margin, as a percentage of the amount sent."),
    )
    source_name = StringField(
        _l("Source"),
        description=_l("Who published it, and which issue or release."),
    )
    source_url = StringField(_l("Web address of the source"))
    submit = SubmitField(_l("Record the figure"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sending_country.choices = world_country_choices()
        self.receiving_country.choices = world_country_choices()
        self.reference_currency.choices = [
            SelectChoice(code, code) for code in REFERENCE_CURRENCIES
        ]

    def figure_data(self) -> dict:
        return {
            "sending_country": self.sending_country.data or "",
            "receiving_country": self.receiving_country.data or "",
            "period": self.period.data or "",
            "reference_amount": self.reference_amount.data,
            "reference_currency": self.reference_currency.data or "",
            "cost_percent": self.cost_percent.data,
            "source_name": self.source_name.data or "",
            "source_url": self.source_url.data or "",
        }


class ImportForm(FlaskForm):
    # The content is checked by reading.read_figures_file (size, encoding, columns, rows);
    # the file name and type the browser sends are not trusted.
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(message=_l("Choose a CSV file."))],
        render_kw={"accept": ".csv,text/csv"},
    )
    submit = SubmitField(_l("Import"))


@dataclass
class CalculatorQuery:
    """Clean values and the message of each field that was refused."""

    country: str = ""
    amount: Decimal | None = None
    frequency: Frequency = Frequency.MONTHLY
    rate: Decimal | None = None
    errors: dict = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return bool(self.country and self.amount is not None and not self.errors)


def _text(args, name: str) -> str:
    value = args.get(name, "")
    return value.strip()[:100] if isinstance(value, str) else ""


def calculator_query(args, countries) -> CalculatorQuery:
    """The calculator's query string: country (one of `countries`), amount, frequency, rate
    (the person's provider's cost in %, optional). No parameter at all is a first visit."""
    query = CalculatorQuery()
    country = _text(args, "country").upper()
    if country in countries:
        query.country = country
    elif country:
        query.errors["country"] = _("Choose one of the listed countries.")
    if not any(name in args for name in ("amount", "frequency", "rate")):
        return query
    if not country:
        query.errors["country"] = _("Choose the country you send money to.")
    example = _("for example %(example)s", example=_example("150.50"))
    text = _text(args, "amount")
    amount = typed_number(text)
    if not text:
        query.errors["amount"] = _("Enter the amount you send each time.")
    elif amount is None or not 0 < amount <= MAX_AMOUNT or decimal_places(amount) > 2:
        query.errors["amount"] = _(
            "Enter an amount above 0 with at most two decimals, %(example)s.", example=example
        )
    else:
        query.amount = amount
    frequency = _text(args, "frequency")
    try:
        query.frequency = Frequency(frequency or Frequency.MONTHLY.value)
    except ValueError:
        query.errors["frequency"] = _("Choose how often you send money.")
    text = _text(args, "rate")
    rate = typed_number(text)
    if text and (rate is None or rate > MAX_RATE or decimal_places(rate) > 2):
        query.errors["rate"] = _(
            "Enter a percentage from 0 to 99.99, %(example)s.",
            example=_("for example %(example)s", example=_example("4.5")),
        )
    else:
        query.rate = rate
    return query


def _example(number: str) -> str:
    return format_decimal(Decimal(number))
