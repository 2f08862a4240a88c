from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.core.clock import day_start
from returnsvc.core.paging import keyset_page
from returnsvc.extensions import db


def audit_page(
    filters: dict, *, before_id: int | None = None, per_page: int = 50, zone: ZoneInfo | None = None
):
    """Newest first, keyset-paginated on id (the table only grows; no COUNT). The dates
    `date_from` and `date_to` are local days of `zone` (the viewer's by default).

    Returns (entries, next_before_id or None)."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if before_id:
        stmt = stmt.where(AuditEntry.id < before_id)
    if filters.get("actor"):
        stmt = stmt.where(func.lower(AuditEntry.actor_label) == filters["actor"].strip().lower())
    if filters.get("action"):
        action = filters["action"].strip()
        stmt = stmt.where(
            (AuditEntry.action == action)
            | AuditEntry.action.startswith(action.rstrip(".") + ".", autoescape=True)
        )
    if filters.get("target_type"):
        stmt = stmt.where(AuditEntry.target_type == filters["target_type"].strip())
    if filters.get("target_id"):
        stmt = stmt.where(AuditEntry.target_id == filters["target_id"].strip())
    if filters.get("date_from"):
        stmt = stmt.where(AuditEntry.occurred_at >= day_start(filters["date_from"], zone))
    if filters.get("date_to"):
        stmt = stmt.where(
            AuditEntry.occurred_at < day_start(filters["date_to"] + timedelta(days=1), zone)
        )
    return keyset_page(db.session.scalars(stmt.limit(per_page + 1)), per_page)
