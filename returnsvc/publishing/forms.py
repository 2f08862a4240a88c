"""Form pieces of published content: per-language text fields, the key field's help, the
version-only form of one-click actions, and the stored record as a form sees it (for the
conflict page)."""

from types import SimpleNamespace

from flask_babel import LazyString
from flask_wtf import FlaskForm
from wtforms.validators import Length, Optional

from returnsvc.core.forms import VersionField, flat_texts
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALES, language_name

TOO_LONG = _l("At most %(max)d characters, please.")
KEY_HELP = _l(
    "Optional: a short identifier used by CSV files, e.g. “seed-capital-quito”. "
    "Left empty, it is made from the name."
)


def add_text_fields(form_cls, fields: dict[str, tuple]) -> None:
    """Add `<name>_<locale>` for each locale and text, fields = {name: (label, field class,
    max length)}, and name the texts in `form_cls.TEXTS` (core.forms texts_of_form and
    fill_texts read and fill them). Every text is optional here: the services decide which
    language needs which text."""
    for locale in LOCALES:
        # The language is in the label so that the error summary and the conflict page say
        # which "Name" they mean; lazy, so it is named in the page's language.
        language = LazyString(language_name, locale, capitalise=False)
        for name, (label, field_cls, limit) in fields.items():
            field = field_cls(
                _l("%(field)s (%(language)s)", field=label, language=language),
                validators=[Optional(), Length(max=limit, message=TOO_LONG)],
                render_kw={"lang": locale},
            )
            setattr(form_cls, f"{name}_{locale}", field)
    form_cls.TEXTS = tuple(fields)


def snapshot(obj, texts: dict, names, **overrides) -> SimpleNamespace:
    """The record as stored now, under the form's field names, for the conflict page (which
    reads `getattr(stored, field.name)`): its columns, its texts per locale, and `overrides`
    for fields that are not columns."""
    columns = {column.key: getattr(obj, column.key) for column in obj.__table__.columns}
    return SimpleNamespace(**(columns | flat_texts(texts, names) | overrides))


class ActionForm(FlaskForm):
    """Publish, unpublish or delete: a POST with the version the user saw (and CSRF)."""

    version = VersionField()
