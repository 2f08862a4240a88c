"""Writing the audit trail. Services call `record(...)`; it adds the entry to the session and
logs a line, and is committed with the rest of the request (or rolled back with it)."""

import logging

from flask import has_request_context, request

from returnsvc.audit.models import AuditEntry
from returnsvc.core.request_cycle import keep_on_rollback
from returnsvc.extensions import db

log = logging.getLogger("returnsvc.audit")


def _describe_target(target) -> tuple[str | None, str | None]:
    if target is None:
        return None, None
    if isinstance(target, tuple):
        kind, ident = target
        return kind, None if ident is None else str(ident)
    return target.__tablename__, None if target.id is None else str(target.id)


def record(
    action: str, *, actor=None, target=None, changes: dict | None = None, keep: bool = False
) -> AuditEntry:
    """Append an audit entry.

    `target` is a model instance (flushed, so it has an id) or a `(type, id)` pair; `changes`
    is JSON-serialisable detail such as `{"field": [old, new]}`. Never put secrets in it.
    `keep`: the entry records an attempt that failed (a refused authorisation, a wrong
    password) and is committed even when the request's writes are rolled back.
    """
    target_type, target_id = _describe_target(target)
    fields = {
        "actor_id": getattr(actor, "id", None),
        "actor_label": getattr(actor, "email", None),
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "changes": changes or None,
        "ip_address": request.remote_addr if has_request_context() else None,
    }
    entry = AuditEntry(**fields)
    db.session.add(entry)
    if keep and has_request_context():
        keep_on_rollback(lambda: AuditEntry(**fields))
    log.info(
        "audit action=%s actor=%s target=%s:%s",
        action,
        entry.actor_label or "-",
        target_type or "-",
        target_id or "-",
    )
    return entry


def record_denial(app, *, actor, target, details) -> None:
    """Receiver of core.permissions.access_denied: a refused authorisation, kept in the log."""
    record("authorisation.denied", actor=actor, target=target, changes=details, keep=True)


def changed_fields(obj, data: dict) -> dict:
    """Set the attributes in `data` that really changed on `obj`; return {field: [old, new]}
    for those. Values are compared normalised (`same_value`), so saving a form unchanged
    writes and records nothing, even when the browser sends line breaks as \r\n or a list in
    another order."""
    changes = {}
    for field, new in data.items():
        old = getattr(obj, field)
        if not same_value(old, new):
            setattr(obj, field, new)
            changes[field] = [_jsonable(old), _jsonable(new)]
    return changes


def same_value(old, new) -> bool:
    """Whether two values of a field say the same: text compared with \r\n as \n and without
    trailing spaces on its lines or blank lines around it; "" the same as None; lists compared
    as sets (our list fields, such as regions and languages, are sets: their order means
    nothing)."""
    return _normalised(old) == _normalised(new)


def _normalised(value):
    if value is None:
        return ""
    if isinstance(value, str):
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip("\n").strip()
    if isinstance(value, list | tuple | set | frozenset):
        items = [_normalised(item) for item in value]
        try:
            return frozenset(items) if items else ""
        except TypeError:  # unhashable items (dicts): their order is kept
            return items
    return value


def _jsonable(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "id") and hasattr(value, "__tablename__"):
        return value.id
    return str(value)
