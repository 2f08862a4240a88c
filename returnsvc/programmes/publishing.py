"""What support programmes and good practices share: a key made from the title, per-locale
texts checked before anything is written, publish/unpublish, and deletion of drafts.

Both are `Published` records with a unique `key` (KEY_FORMAT in guides.models) and a
TranslationTable; the services of each package call these with their own model, table and
audit action prefix ("programme", "practice").
"""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from returnsvc.audit.services import record
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.refusals import Refusal
from returnsvc.core.text import fold
from returnsvc.core.translated import LOCALES, TranslationTable, is_blank
from returnsvc.extensions import db
from returnsvc.guides.models import PublicationStatus

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
KEY_MAX = 80
_NOT_KEY = re.compile(r"[^a-z0-9]+")


class ContentError(Refusal):
    """A refused change to a programme or good practice; `field` names the form field."""


def slug(text: str) -> str:
    """'Crédito Semilla – Quito' -> 'credito-semilla-quito' (may be too short to be a key)."""
    return _NOT_KEY.sub("-", fold(text)).strip("-")[:KEY_MAX].rstrip("-")


def choose_key(model, wanted: str, title: str, *, current=None) -> str:
    """The key typed by the manager (checked: format, unique), else the record's `current`
    key (an edit that leaves it blank keeps it: CSV files match rows by key), else one made
    from `title`.

    A typed key that is taken is refused, because the manager chose it on purpose; a made-up
    key gets a number instead ("seed-capital-2"), since nobody chose that spelling."""
    exclude_id = current.id if current is not None else None
    wanted = (wanted or "").strip()
    if not wanted and current is not None:
        return current.key
    if wanted:
        if not KEY_PATTERN.match(wanted):
            raise ContentError(
                _l(
                    "Use 2 to 80 lower-case letters, digits and hyphens, "
                    "starting with a letter or digit."
                ),
                field="key",
            )
        if _taken(model, [wanted], exclude_id):
            raise ContentError(_l("This key is already used by another record."), field="key")
        return wanted
    base = slug(title) or "item"
    if len(base) < 2:
        base = f"{base}-item"
    candidates = [base] + [f"{base[: KEY_MAX - 1 - len(str(n))]}-{n}" for n in range(2, 50)]
    taken = _taken(model, candidates, exclude_id)
    return next(key for key in candidates if key not in taken)


def _taken(model, keys: list[str], exclude_id: int | None) -> set[str]:
    stmt = select(model.key).where(model.key.in_(keys))
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return set(db.session.scalars(stmt))


def clean_texts(table: TranslationTable, texts: dict, limits: dict[str, int]) -> dict:
    """{locale: {field: stripped value}} for both locales, refusing what cannot be saved:
    no text at all, a locale with text but without its required field, or a value longer
    than its column (`limits`). Error fields are named `<field>_<locale>` like the forms'."""
    cleaned = {}
    for locale in LOCALES:
        given = (texts or {}).get(locale) or {}
        values = {name: str(given.get(name) or "").strip() for name in table.fields}
        for name, limit in limits.items():
            if len(values[name]) > limit:
                raise ContentError(
                    _l("At most %(max)d characters, please.", max=limit), field=f"{name}_{locale}"
                )
        if not is_blank(values) and not values[table.required]:
            raise ContentError(
                _l("Write the title in this language, or leave all its texts empty."),
                field=f"{table.required}_{locale}",
            )
        cleaned[locale] = values
    if all(is_blank(values) for values in cleaned.values()):
        raise ContentError(
            _l("Write the texts in at least one language."), field=f"{table.required}_es"
        )
    return cleaned


def title_of(texts: dict, field: str) -> str:
    """The first locale's title, for making a key."""
    return next((texts[locale][field] for locale in LOCALES if texts[locale][field]), "")


def touch(obj) -> None:
    """Mark `obj` updated and flush: a change to its texts alone must bump its version too,
    or a form opened before that change could still be saved over it."""
    obj.updated_at = utcnow()
    db.session.flush()


def publish(obj, *, version, actor, prefix: str) -> bool:
    """Make `obj` public; False when it already was (nothing recorded)."""
    check_version(obj, version)
    if obj.status == PublicationStatus.PUBLISHED:
        return False
    obj.status = PublicationStatus.PUBLISHED
    obj.published_at = func.now()
    db.session.flush()
    record(
        f"{prefix}.published", actor=actor, target=obj, changes={"status": ["draft", "published"]}
    )
    return True


def unpublish(obj, *, version, actor, prefix: str) -> bool:
    """Take `obj` back to draft (no longer public); False when it was a draft already.
    `published_at` is kept: it tells when it was last public."""
    check_version(obj, version)
    if obj.status == PublicationStatus.DRAFT:
        return False
    obj.status = PublicationStatus.DRAFT
    db.session.flush()
    record(
        f"{prefix}.unpublished", actor=actor, target=obj, changes={"status": ["published", "draft"]}
    )
    return True


def delete_draft(obj, *, version, actor, prefix: str, detail: dict | None = None) -> None:
    """Delete a draft (its texts go with it, by the foreign keys' ON DELETE CASCADE).
    Published content is refused: unpublish it first, so deleting is always deliberate."""
    check_version(obj, version)
    if obj.status != PublicationStatus.DRAFT:
        raise ContentError(_l("Only drafts can be deleted. Unpublish it first."))
    record(
        f"{prefix}.deleted",
        actor=actor,
        target=(obj.__tablename__, obj.id),
        changes={"key": obj.key, **(detail or {})},
    )
    db.session.delete(obj)
    db.session.flush()
