"""Form pieces shared by features: the hidden version field and password validation."""

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import HiddenField, PasswordField, SelectChoice
from wtforms.validators import DataRequired, EqualTo, ValidationError
from wtforms.widgets import html_params

from returnsvc.auth.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from returnsvc.core.translated import LOCALES


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
        self.data = None
        if valuelist and valuelist[0].strip().isdigit():
            self.data = int(valuelist[0])


def new_password_fields():
    """A new password and its confirmation, checked against the password policy."""
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired()],
        description=_l(
            "At least %(min)d characters. A few unrelated words make a strong, memorable password.",
            min=MIN_LENGTH,
        ),
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    return new, confirm


class PolicyCheckedPassword:
    """Mixin for forms with `new_password`: applies the password policy, using the account's
    e-mail and name (set as `form.account`) to refuse personal passwords."""

    account = None

    def validate_new_password(self, field):
        problem = password_problem(
            field.data or "",
            email=getattr(self.account, "email", ""),
            full_name=getattr(self.account, "full_name", ""),
        )
        if problem:
            raise ValidationError(problem)


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
    """A service's Refusal goes next to its field, or to the top of the form."""
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
