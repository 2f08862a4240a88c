"""Writes shared by every section of the profile: insert, update and delete one row, each
audited as `profile.<section>_added|_updated|_deleted` with the fields that changed.

A refusal leaves nothing behind: callers check every value before calling these, and the
flush runs in a savepoint, so that a duplicate slipping past those checks (two counsellors
saving at once) is refused like any other instead of breaking the request's transaction.
"""

from sqlalchemy.exc import IntegrityError

from returnsvc.audit.services import changed_fields, record
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.core.conflicts import check_version
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.skills.cleaning import ProfileError, jsonable

# Free text may hold personal details: the audit trail says that it changed, not what it says
# (profile rows are erased on anonymisation; audit entries are not).
FREE_TEXT_FIELDS = frozenset(
    {
        "free_text",
        "title",
        "code",
        "issuer",
        "institution",
        "recognition_authority",
        "recognition_notes",
        "notes",
    }
)


def _audit(action: str, item, case: Case, changes: dict, actor) -> None:
    redacted = {k: ("changed" if k in FREE_TEXT_FIELDS else v) for k, v in changes.items()}
    record(
        f"profile.{action}",
        actor=actor,
        target=item,
        changes={"case_id": case.id, "returnee_id": case.returnee_id, **redacted},
    )


def _refuse_integrity(error: IntegrityError, duplicate: ProfileError | None):
    name = getattr(getattr(error.orig, "diag", None), "constraint_name", "") or ""
    if duplicate is not None and name.startswith("uq_"):
        return duplicate
    return ProfileError(_l("This could not be saved. Check the values and try again."))


def add_item(case: Case, model, clean: dict, *, section: str, actor, duplicate=None):
    """Insert a profile row for the case's person and audit `profile.<section>_added`."""
    item = model(returnee_id=case.returnee_id, created_by_id=getattr(actor, "id", None), **clean)
    try:
        with db.session.begin_nested():
            db.session.add(item)
            db.session.flush()
    except IntegrityError as error:
        raise _refuse_integrity(error, duplicate) from None
    _audit(f"{section}_added", item, case, {k: jsonable(v) for k, v in clean.items()}, actor)
    return item


def update_item(case: Case, item, clean: dict, *, section: str, actor, duplicate=None) -> dict:
    """Apply `clean` to a profile row; audit `profile.<section>_updated` with the changed
    fields. Returns them ({} when nothing changed)."""
    try:
        with db.session.begin_nested():
            changes = changed_fields(item, clean)
            db.session.flush()
    except IntegrityError as error:
        raise _refuse_integrity(error, duplicate) from None
    if changes:
        _audit(f"{section}_updated", item, case, changes, actor)
    return changes


def delete_item(case: Case, item, *, section: str, actor, version: int | None) -> None:
    """Delete a profile row (the form carried the version the user saw)."""
    check_version(item, version)
    require_open(case)
    db.session.delete(item)
    db.session.flush()
    _audit(f"{section}_deleted", item, case, {}, actor)


def begin_change(case: Case, item=None, version: int | None = None) -> None:
    """Before any change: the form's version is current, and the case is open."""
    if item is not None:
        check_version(item, version)
    require_open(case)
