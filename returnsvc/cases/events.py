"""Writing case events (cases.models.CaseEvent): what happened on a case that has no row of
its own. Services of any case feature call `record_event`; it flushes with the rest of the
request's writes and is rolled back with them."""

from returnsvc.cases.models import CaseEvent
from returnsvc.core.db import utcnow
from returnsvc.extensions import db


def record_event(case_id: int, kind: str, *, actor, **data) -> CaseEvent:
    """Append an event; `data` holds codes and ids only (it is never erased)."""
    event = CaseEvent(
        case_id=case_id,
        kind=kind,
        actor_id=getattr(actor, "id", None),
        occurred_at=utcnow(),
        data=data,
    )
    db.session.add(event)
    return event
