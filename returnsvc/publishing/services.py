"""Writes every kind of published record shares: a key made from the title, per-locale texts
checked before anything is written, publish/unpublish, and deletion of drafts.

Support programmes and good practices are `Published` records with a unique `key`
(KEY_FORMAT) and a TranslationTable; their services call these with their own model, table
and audit action prefix ("programme", "practice"). Services flush and audit, never commit.
"""

from sqlalchemy import func, select

from returnsvc.audit.services import record
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.keys import KEY_FORMAT_MESSAGE, KEY_PATTERN, first_free, key_base, numbered
from returnsvc.core.refusals import Refusal
from returnsvc.core.translated import LOCALES, TranslationTable, check_texts
from returnsvc.extensions import db
from returnsvc.publishing.models import PublicationStatus


class ContentError(Refusal):
    """A refused change to a programme or good practice; `field` names the form field."""


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
            raise ContentError(KEY_FORMAT_MESSAGE, field="key")
        if _taken(model, [wanted], exclude_id):
            raise ContentError(_l("This key is already used by another record."), field="key")
        return wanted
    base = key_base(title, "item")
    return first_free(base, _taken(model, numbered(base), exclude_id))


def _taken(model, keys: list[str], exclude_id: int | None) -> set[str]:
    stmt = select(model.key).where(model.key.in_(keys))
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return set(db.session.scalars(stmt))


def clean_texts(table: TranslationTable, texts: dict, limits: dict[str, int]) -> dict:
    """Per-locale texts checked by the shared rule (core.translated.check_texts)."""
    return check_texts(table, texts, need_one=True, error=ContentError, limits=limits)


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
