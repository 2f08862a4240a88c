"""Writing good practices. Data is plain: {"key", "countries", "themes", "texts": {locale:
{"title", "summary", "body"}}}. The body is plain text (paragraphs separated by blank lines);
pages escape it, so no HTML is ever stored as markup. Services flush and audit; the request
(or the CLI command) commits."""

from returnsvc.audit.services import changed_fields, record
from returnsvc.core.conflicts import check_version
from returnsvc.core.countries import ORIGINS
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice, PracticeTheme
from returnsvc.publishing import services as publishing
from returnsvc.publishing.services import ContentError

PREFIX = "practice"
TEXT_LIMITS = {"title": 300, "summary": 2000, "body": 50_000}
THEMES = tuple(theme.value for theme in PracticeTheme)


def _clean(data: dict, practice: GoodPractice | None = None) -> dict:
    countries = set(data.get("countries") or ())
    if not countries <= set(ORIGINS):
        raise ContentError(_l("Choose origin countries only (none = all)."), field="countries")
    themes = set(data.get("themes") or ())
    if not themes or not themes <= set(THEMES):
        raise ContentError(_l("Choose at least one theme."), field="themes")
    texts = publishing.clean_texts(PRACTICE_TEXT, data.get("texts"), TEXT_LIMITS)
    key = publishing.choose_key(
        GoodPractice,
        data.get("key") or "",
        publishing.title_of(texts, "title"),
        current=practice,
    )
    return {
        "key": key,
        # Stored in a fixed order so that re-saving the same choice is no change.
        "countries": [code for code in ORIGINS if code in countries],
        "themes": [code for code in THEMES if code in themes],
        "texts": texts,
    }


def create_practice(data: dict, *, actor, is_demo: bool = False) -> GoodPractice:
    """A new draft good practice with its texts."""
    data = _clean(data)
    texts = data.pop("texts")
    practice = GoodPractice(**data, is_demo=is_demo, created_by_id=getattr(actor, "id", None))
    db.session.add(practice)
    db.session.flush()
    changes = {**data, **PRACTICE_TEXT.save(practice.id, texts)}
    record(f"{PREFIX}.created", actor=actor, target=practice, changes=changes)
    return practice


def update_practice(practice: GoodPractice, data: dict, *, version, actor) -> dict:
    """Apply the edit; returns the changed fields (empty: nothing changed, nothing recorded)."""
    check_version(practice, version)
    data = _clean(data, practice)
    texts = data.pop("texts")
    changes = changed_fields(practice, data)
    changes.update(PRACTICE_TEXT.save(practice.id, texts))
    if changes:
        publishing.touch(practice)
        record(f"{PREFIX}.updated", actor=actor, target=practice, changes=changes)
    return changes


def publish_practice(practice: GoodPractice, *, version, actor) -> bool:
    """Make the practice public; False when it already was."""
    return publishing.publish(practice, version=version, actor=actor, prefix=PREFIX)


def unpublish_practice(practice: GoodPractice, *, version, actor) -> bool:
    """Back to draft; False when it was a draft already."""
    return publishing.unpublish(practice, version=version, actor=actor, prefix=PREFIX)


def delete_practice(practice: GoodPractice, *, version, actor) -> None:
    """Delete a draft practice with its texts (published ones are refused)."""
    publishing.delete_draft(practice, version=version, actor=actor, prefix=PREFIX)
