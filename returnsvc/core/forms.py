"""Form pieces shared by features: the hidden version field, numbers typed the way the
user's language writes them, selects written in one pass, refusals shown on forms, and
per-locale text fields."""

from decimal import Decimal

from babel.numbers import format_decimal
from flask_babel import get_locale
from markupsafe import Markup, escape
from wtforms import Field, HiddenField, IntegerField, SelectChoice
from wtforms.widgets import TextInput, html_params

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALES
from returnsvc.core.money import parse_amount
from returnsvc.core.numbers import INT_MAX, parse_id, parse_whole_number
from returnsvc.core.refusals import roll_back_request


def select_choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 select choices (tuples are deprecated there)."""
    return [SelectChoice(value, label) for value, label in pairs]


class VersionField(HiddenField):
    """Carries the record version the user loaded (lost-update protection)."""

    def __init__(self, label="", **kwargs):
        # No label is ever shown for it. Without one, WTForms would translate "Version" as a
        # default label, and Flask-WTF reads WTForms' message catalogue from disk for that,
        # once per request: about 0.12 ms on every page with a versioned form.
        super().__init__(label, **kwargs)

    def process_formdata(self, valuelist):
        # Anything odd is no version: the save is refused as a stale edit.
        self.data = parse_whole_number(valuelist[0]) if valuelist else None


def coerce_id(value) -> int | None:
    """SelectField coerce for a choice of database ids: "" (no choice) is None; anything but
    ASCII digits within PostgreSQL's integer raises ValueError, which WTForms turns into its
    own translated error on the field ("Invalid choice")."""
    if value in (None, "", "None"):
        return None
    ident = parse_id(value)
    if ident is None:
        raise ValueError(f"not a database id: {value!r}")
    return ident


NOT_A_WHOLE_NUMBER = _l("Enter a whole number in digits.")


class WholeNumberField(IntegerField):
    """IntegerField that reads only ASCII digits, up to PostgreSQL's integer (`int()` takes
    "٣", "1_000" and numbers no column holds). Range rules stay with NumberRange or the service."""

    def __init__(self, label=None, validators=None, maximum: int = INT_MAX, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.maximum = maximum

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_whole_number(valuelist[0], maximum=self.maximum)
        if self.data is None:
            raise ValueError(self.invalid_value_message or NOT_A_WHOLE_NUMBER)


def render_select(field, attrs: dict | None = None) -> Markup:
    """A single-choice <select> written in one pass.

    Same markup as WTForms' Select widget (id, name, render_kw, `required`, optgroups), without
    its per-option overhead, which made the case list's filter form a fifth of the page's cost.
    """
    attributes = {"id": field.id, "name": field.name, **(field.render_kw or {}), **(attrs or {})}
    if field.flags.required:
        attributes["required"] = True
    html = [f"<select {html_params(**attributes)}>"]
    current = "" if field.data is None else str(getattr(field.data, "value", field.data))
    group = None
    for choice in field.choices:
        if choice.optgroup != group:
            if group is not None:
                html.append("</optgroup>")
            if choice.optgroup is not None:
                html.append(f'<optgroup label="{escape(choice.optgroup)}">')
            group = choice.optgroup
        selected = "selected " if str(choice.value) == current else ""
        value, label = escape(choice.value), escape(choice.label)
        html.append(f'<option {selected}value="{value}">{label}</option>')
    if group is not None:
        html.append("</optgroup>")
    html.append("</select>")
    return Markup("".join(html))


def show_refusal(form, error) -> None:
    """A service's Refusal goes next to its field, or to the top of the form; the request's
    writes are rolled back (core.refusals)."""
    roll_back_request()
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)


# Per-locale text fields: a form holds `<name>_<locale>` for each translated text (title_es,
# title_en...), read and written as {locale: {name: value}} like core.translated's tables.


def texts_of_form(form, names) -> dict:
    """{locale: {name: value}} from the form's `<name>_<locale>` fields."""
    return {
        locale: {name: form[f"{name}_{locale}"].data or "" for name in names} for locale in LOCALES
    }


def fill_texts(form, texts: dict, names) -> None:
    """Put stored texts into the form's `<name>_<locale>` fields (GET of an edit page)."""
    for field_name, value in flat_texts(texts, names).items():
        form[field_name].data = value


def flat_texts(texts: dict, names) -> dict:
    """{"<name>_<locale>": value}: stored texts under the form's field names (conflict pages)."""
    return {
        f"{name}_{locale}": texts.get(locale, {}).get(name, "")
        for locale in LOCALES
        for name in names
    }


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
