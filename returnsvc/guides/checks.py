"""The rules guide content must meet, shared by the edition and entry services (and so by
every caller of them: forms, the CSV importer, the demo loader). Each check raises GuideError
naming the form field it concerns, so a view can show the message next to that field."""

from decimal import Decimal

from sqlalchemy import select

from returnsvc.core import translated
from returnsvc.core.countries import ORIGINS
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.keys import KEY_FORMAT_MESSAGE, KEY_PATTERN, first_free, key_base
from returnsvc.core.refusals import Refusal
from returnsvc.core.regions import regions_of
from returnsvc.extensions import db

MAX_AMOUNT = Decimal("999999999999.99")  # Numeric(14, 2)


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
    """Per-locale texts checked by the shared rule (core.translated.check_texts)."""
    return translated.check_texts(table, texts, need_one=need_one, error=GuideError)


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
            raise GuideError(KEY_FORMAT_MESSAGE, field="key")
        if _taken(model, edition_id, exclude_id, [key]):
            raise GuideError(_l("Another entry of this edition has this key."), field="key")
        return key
    base = key_base(fallback, "entry")
    # The keys already numbered from this base, read once (not one query per number tried).
    taken = {k for k in _taken(model, edition_id, exclude_id) if k.startswith(base)}
    return first_free(base, taken)
