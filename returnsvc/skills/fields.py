"""Fields and the picker form the profile's forms are built from."""

from decimal import Decimal

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional
from wtforms.widgets import TextInput

from returnsvc.core.countries import ALL, country_name
from returnsvc.core.money import parse_amount
from returnsvc.skills import choices
from returnsvc.skills.picker import hit_text

TOO_LONG = _l("At most %(max)d characters, please.")


class LocaleDecimalField(Field):
    """A number typed the way the user's language writes it ("2,5" or "1.200,50" in Spanish,
    "2.5" or "1,200.50" in English). Empty is None; the service checks the range."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, example="2.5", places=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.example = example
        self.places = places  # shown with this many decimals (money: 2)

    def _format(self, value: Decimal, grouping: bool) -> str:
        pattern = None
        if self.places:
            pattern = ("#,##0." if grouping else "0.") + "0" * self.places
        return format_decimal(value, format=pattern, locale=get_locale(), group_separator=grouping)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Decimal):
            return self._format(self.data, grouping=False)
        return ""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        try:
            self.data = parse_amount(text)
        except ValueError:
            example = self._format(Decimal(self.example), grouping=True)
            raise ValueError(
                _l("Enter a number, for example %(example)s.", example=example)
            ) from None


class PickerForm(FlaskForm):
    """A search box (`q`), a "Search" button and the hits as radio choices (`concept`),
    drawn by the taxonomy picker macro; the view fills the hits (set_hits) from the taxonomy
    search."""

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200, message=TOO_LONG)])
    search = SubmitField(_l("Search"))
    # The hits change with every search: the service validates the chosen key instead.
    concept = RadioField(_l("Results"), choices=[], validate_choice=False)
    hits: tuple = ()
    selected = None  # the hit already chosen (taxonomy ConceptHit), shown first and checked

    def set_hits(self, hits, selected=None) -> None:
        shown = ([selected] if selected else []) + [h for h in hits if h != selected]
        self.concept.choices = [SelectChoice(hit.value, hit_text(hit)) for hit in shown]
        self.hits, self.selected = tuple(hits), selected

    @property
    def searched(self) -> bool:
        return self.is_submitted() and bool(self.search.data)


class CountryField(SelectField):
    """Any country (ISO 3166-1), CLDR names in the user's language, the programme's first."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=[], **kwargs)

    def set_country_choices(self) -> None:
        programme, rest = _l("Programme countries"), _l("Other countries")
        self.choices = (
            [SelectChoice("", "—")]
            + [SelectChoice(c, country_name(c), optgroup=programme) for c in ALL]
            + [
                SelectChoice(code, name, optgroup=rest)
                for code, name in choices.countries()
                if code not in ALL
            ]
        )
