"""The rules guide content must meet, shared by the edition and entry services (and so by
every caller of them: forms, the CSV importer, the demo loader). Each check raises GuideError
naming the form field it concerns, so a view can show the message next to that field."""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from returnsvc.core.countries import ORIGINS
from returnsvc.core.refusals import Refusal
from returnsvc.core.regions import regions_of
from returnsvc.core.text import fold
from returnsvc.core.translated import LOCALES, is_blank
from returnsvc.extensions import db

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
MAX_AMOUNT = Decimal("999999999999.99")  # Numeric(14, 2)
_NOT_KEY = re.compile(r"[^a-z0-9]+")


class GuideError(Refusal):
    """A refused guide operation (bad input or a rule broken); nothing has been written."""


def check_country(country) -> str:
    if country not in ORIGINS:
        raise GuideError(_l("Choose one of the origin countries."), field="country")
    return country


def check_enum(enum_cls, value, field: str, *, optional: bool = False):
    if optional and value in (None, ""):
        return None
    try:
        return enum_cls.coerce(value)
    except ValueError:
        raise GuideError(_l("Choose one of the options."), field=field) from None


def check_texts(table, texts: dict | None, *, need_one: bool) -> dict:
    """{locale: {field: stripped value}} for the table's fields. A locale with any text needs
    the table's required field (its title); `need_one` asks for at least one such locale."""
    texts = texts or {}
    clean = {}
    for locale in LOCALES:
        given = texts.get(locale) or {}
        values = {name: str(given.get(name) or "").strip() for name in table.fields}
        clean[locale] = values
        if table.required and not is_blank(values) and not values[table.required]:
            raise GuideError(
                _l("Give the title in this language too, or leave all its texts blank."),
                field=f"{table.required}_{locale}",
            )
    if need_one and all(is_blank(values) for values in clean.values()):
        raise GuideError(
            _l("Give a title in at least one language."), field=f"{table.required}_{LOCALES[0]}"
        )
    return clean


def check_regions(regions, country: str) -> list[str]:
    """Region codes of `country`, in a stable order; none = the whole country."""
    known = {code for code, _ in regions_of(country)}
    chosen = list(dict.fromkeys(regions or ()))
    for code in chosen:
        if code not in known:
            raise GuideError(_l("Choose regions of the edition's country."), field="regions")
    return sorted(chosen)


def check_range(low, high, low_field: str, high_field: str):
    """Two optional non-negative amounts with low <= high."""
    for value, field in ((low, low_field), (high, high_field)):
        if value is None:
            continue
        if not isinstance(value, Decimal) or not value.is_finite():
            raise GuideError(_l("Enter an amount."), field=field)
        if value < 0:
            raise GuideError(_l("The amount cannot be negative."), field=field)
        if value > MAX_AMOUNT:
            raise GuideError(_l("The amount is too large."), field=field)
    if low is not None and high is not None and low > high:
        raise GuideError(_l("The maximum cannot be lower than the minimum."), field=high_field)
    low = None if low is None else low.quantize(Decimal("0.01"))
    high = None if high is None else high.quantize(Decimal("0.01"))
    return low, high


def slug(text: str) -> str:
    return _NOT_KEY.sub("-", fold(text)).strip("-")[:60].strip("-")


def _taken(model, edition_id: int, exclude_id, keys=None) -> set[str]:
    stmt = select(model.key).where(model.edition_id == edition_id, model.id != (exclude_id or 0))
    if keys is not None:
        stmt = stmt.where(model.key.in_(keys))
    return set(db.session.scalars(stmt))


def check_key(model, edition_id: int, key: str, *, exclude_id=None, fallback: str = "") -> str:
    """The entry's key: the one given (format and uniqueness in the edition checked), or, when
    blank, one made from `fallback` and numbered until it is free."""
    key = (key or "").strip().lower()
    if key:
        if not KEY_PATTERN.match(key):
            raise GuideError(
                _l(
                    "Use 2 to 80 lower-case letters, digits and hyphens, starting with a letter"
                    " or digit."
                ),
                field="key",
            )
        if _taken(model, edition_id, exclude_id, [key]):
            raise GuideError(_l("Another entry of this edition has this key."), field="key")
        return key
    base = slug(fallback) or "entry"
    if len(base) < 2:
        base = f"entry-{base}"
    # The keys already numbered from this base, read once (not one query per number tried).
    taken = {k for k in _taken(model, edition_id, exclude_id) if k.startswith(base)}
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
