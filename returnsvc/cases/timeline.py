"""The case timeline: everything that happened on a case, newest first, with who and when.

One UNION ALL statement reads the newest rows of every source (transfers, notes, appointments,
tasks, plan goals, referrals, the person's record, duplicate overrides) as JSON objects; the
stage changes come from the case history the case page loads anyway.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from types import SimpleNamespace
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Integer,
    bindparam,
    func,
    literal,
    literal_column,
    select,
    union_all,
)

from returnsvc.auth.models import User
from returnsvc.cases.models import (
    Case,
    CaseTransfer,
    CaseTransition,
    TransferStatus,
)
from returnsvc.cases.queries import case_history
from returnsvc.cases.visibility import can_read_confidential
from returnsvc.casework.models import Appointment, CaseNote, NoteKind, Task
from returnsvc.core.db import inline
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.partners.models import Partner, Referral
from returnsvc.plans.models import Dimension, PlanGoal
from returnsvc.returnees.models import DuplicateOverride, Returnee

TIMELINE_LIMIT = 100  # per source; the page shows the newest TIMELINE_LIMIT events overall


@dataclass
class Event:
    at: datetime
    kind: str  # css/icon hint: stage, transfer, note, appointment, task, plan, referral, person,
    # profile
    title: str
    detail: str = ""
    actor_id: int | None = None
    actor: str = field(default="")


def case_timeline(case: Case, viewer, history: list[CaseTransition] | None = None) -> list[Event]:
    """Everything that happened on the case, newest first, with who and when.

    The same few statements whatever happened: the stage changes (`history`, which the case
    page loads anyway for the time in each stage), one UNION ALL with the newest rows of every
    other source, one for the skills profile and one for the actors' names.
    """
    if history is None:
        history = case_history(case)
    rows = _source_rows(case, with_confidential=can_read_confidential(case, viewer))
    events = _transition_events(history[-TIMELINE_LIMIT:])
    # Source by source in a fixed order, so that events of the same instant keep that order.
    for position, source in enumerate(_SOURCES):
        for row in rows.get(position, ()):
            events += source.events(row)
    events += _profile_events(case)
    events.sort(key=lambda e: e.at, reverse=True)
    events = events[:TIMELINE_LIMIT]
    _fill_actor_names(events)
    return events


@dataclass(frozen=True)
class _Source:
    """One kind of thing that happens on a case, as a branch of the timeline's UNION ALL."""

    at: Any  # the column that orders its rows (the newest TIMELINE_LIMIT are read)
    rows: Callable  # (with_confidential) -> SELECT of one JSON object per row, for the
    # case and returnee ids bound as _CASE_ID and _RETURNEE_ID
    events: Callable  # the row (attributes named as in the JSON) -> its events
    timestamps: tuple[str, ...] = ()  # JSON keys holding timestamps (JSON gives them as text)
    enums: tuple[tuple[str, type], ...] = ()  # JSON keys holding enum codes


def _source_rows(case: Case, *, with_confidential: bool) -> dict[int, list[SimpleNamespace]]:
    """{position in _SOURCES: its newest rows, newest first}, from one statement."""
    result = db.session.execute(
        _sources_statement(with_confidential), {"case_id": case.id, "returnee_id": case.returnee_id}
    )
    rows: dict[int, list[SimpleNamespace]] = {}
    for position, payload in result:
        rows.setdefault(position, []).append(_decode(_SOURCES[position], payload))
    return rows


_CASE_ID = bindparam("case_id", type_=Integer)
_RETURNEE_ID = bindparam("returnee_id", type_=Integer)


@cache
def _sources_statement(with_confidential: bool):
    """The UNION ALL of every source's newest rows, built once per variant (building and
    fingerprinting an eight-branch statement on every page cost more than running it). The
    sources differ in shape, so each branch gives its rows as JSON objects."""
    branches = [
        source.rows(with_confidential)
        .add_columns(literal(position).label("source"), source.at.label("at"))
        .order_by(source.at.desc())
        .limit(inline(TIMELINE_LIMIT))
        for position, source in enumerate(_SOURCES)
    ]
    union = union_all(*branches).subquery()
    return select(union.c.source, union.c.row).order_by(union.c.source, union.c.at.desc())


def _json_row(**columns):
    """One JSON object per row: {"key": column, ...} (keys are names from this module)."""
    pairs = [
        part for key, column in columns.items() for part in (literal_column(f"'{key}'"), column)
    ]
    return func.json_build_object(*pairs).label("row")


def _decode(source: _Source, payload: dict) -> SimpleNamespace:
    for key in source.timestamps:
        if payload[key] is not None:
            payload[key] = datetime.fromisoformat(payload[key])
    for key, enum in source.enums:
        if payload[key] is not None:
            payload[key] = enum(payload[key])
    return SimpleNamespace(**payload)


def _transition_events(rows):
    events = []
    for t in rows:
        if t.from_stage is None:
            title = _l("Case opened")
        else:
            title = _l(
                "Stage: %(from)s → %(to)s", **{"from": t.from_stage.label, "to": t.to_stage.label}
            )
        detail = t.close_reason.label if t.close_reason else ""
        events.append(Event(t.occurred_at, "stage", title, _join(detail, t.note), t.actor_id))
    return events


def _transfer_rows(_with_confidential):
    return (
        select(
            _json_row(
                requested_at=CaseTransfer.requested_at,
                to_office=Office.name,
                reason=CaseTransfer.reason,
                requested_by_id=CaseTransfer.requested_by_id,
                status=CaseTransfer.status,
                decided_at=CaseTransfer.decided_at,
                decided_by_id=CaseTransfer.decided_by_id,
                decline_reason=CaseTransfer.decline_reason,
            )
        )
        .join(Office, CaseTransfer.to_office_id == Office.id)
        .where(CaseTransfer.case_id == _CASE_ID)
    )


def _transfer_events(t):
    events = [
        Event(
            t.requested_at,
            "transfer",
            _l("Transfer to %(office)s requested", office=t.to_office),
            t.reason,
            t.requested_by_id,
        )
    ]
    if t.decided_at is not None:
        if t.status is TransferStatus.ACCEPTED:
            title = _l("Transfer to %(office)s accepted", office=t.to_office)
        elif t.status is TransferStatus.DECLINED:
            title = _l("Transfer to %(office)s declined", office=t.to_office)
        else:
            title = _l("Transfer to %(office)s cancelled", office=t.to_office)
        events.append(Event(t.decided_at, "transfer", title, t.decline_reason, t.decided_by_id))
    return events


def _note_rows(with_confidential):
    stmt = select(
        _json_row(
            occurred_at=CaseNote.occurred_at,
            kind=CaseNote.kind,
            is_confidential=CaseNote.is_confidential,
            body=CaseNote.body,
            author_id=CaseNote.author_id,
        )
    ).where(CaseNote.case_id == _CASE_ID)
    if not with_confidential:
        stmt = stmt.where(CaseNote.is_confidential.is_(False))
    return stmt


def _note_events(n):
    title = _l("Note (%(kind)s)", kind=n.kind.label)
    if n.is_confidential:
        title = _l("Confidential note (%(kind)s)", kind=n.kind.label)
    return [Event(n.occurred_at, "note", title, _excerpt(n.body), n.author_id)]


def _appointment_rows(_with_confidential):
    return select(
        _json_row(
            created_at=Appointment.created_at,
            purpose=Appointment.purpose,
            location=Appointment.location,
            created_by_id=Appointment.created_by_id,
            attended=Appointment.attended,
            starts_at=Appointment.starts_at,
            counsellor_id=Appointment.counsellor_id,
        )
    ).where(Appointment.case_id == _CASE_ID)


def _appointment_events(a):
    events = [
        Event(
            a.created_at,
            "appointment",
            _l("Appointment set: %(purpose)s", purpose=a.purpose),
            a.location,
            a.created_by_id,
        )
    ]
    if a.attended is not None:
        title = _l("Attended the appointment") if a.attended else _l("Missed the appointment")
        events.append(Event(a.starts_at, "appointment", title, a.purpose, a.counsellor_id))
    return events


def _task_rows(_with_confidential):
    return select(
        _json_row(
            created_at=Task.created_at,
            title=Task.title,
            created_by_id=Task.created_by_id,
            done_at=Task.done_at,
            done_by_id=Task.done_by_id,
        )
    ).where(Task.case_id == _CASE_ID)


def _task_events(t):
    events = [
        Event(t.created_at, "task", _l("Task added: %(title)s", title=t.title), "", t.created_by_id)
    ]
    if t.done_at is not None:
        events.append(
            Event(t.done_at, "task", _l("Task done: %(title)s", title=t.title), "", t.done_by_id)
        )
    return events


def _plan_rows(_with_confidential):
    return select(
        _json_row(
            created_at=PlanGoal.created_at,
            dimension=PlanGoal.dimension,
            title=PlanGoal.title,
            created_by_id=PlanGoal.created_by_id,
        )
    ).where(PlanGoal.case_id == _CASE_ID)


def _plan_events(g):
    return [
        Event(
            g.created_at,
            "plan",
            _l("Plan goal (%(dimension)s): %(title)s", dimension=g.dimension.label, title=g.title),
            "",
            g.created_by_id,
        )
    ]


_REFERRAL_ANSWERS = {
    "accepted": "Referral accepted by %(partner)s",
    "declined": "Referral declined by %(partner)s",
    "cancelled": "Referral to %(partner)s cancelled",
}
# The same strings, marked for extraction (the dict above holds the msgids).
_l("Referral accepted by %(partner)s")
_l("Referral declined by %(partner)s")
_l("Referral to %(partner)s cancelled")


def _answer(referral, status: str):
    message = _REFERRAL_ANSWERS[status]  # a msgid marked for extraction above
    return _l(message, partner=referral.partner)


def _referral_rows(_with_confidential):
    return (
        select(
            _json_row(
                sent_at=Referral.sent_at,
                partner=Partner.name,
                purpose=Referral.purpose,
                sent_by_id=Referral.sent_by_id,
                status=Referral.status,
                responded_at=Referral.responded_at,
                decline_reason=Referral.decline_reason,
                updated_at=Referral.updated_at,
                completed_at=Referral.completed_at,
                outcome=Referral.outcome,
            )
        )
        .join(Partner, Referral.partner_id == Partner.id)
        .where(Referral.case_id == _CASE_ID)
    )


def _referral_events(r):
    events = [
        Event(
            r.sent_at,
            "referral",
            _l("Referred to %(partner)s", partner=r.partner),
            _excerpt(r.purpose),
            r.sent_by_id,
        )
    ]
    status = r.status  # the code, as stored
    if status in ("accepted", "completed", "declined") and r.responded_at is not None:
        answer = "declined" if status == "declined" else "accepted"
        events.append(Event(r.responded_at, "referral", _answer(r, answer), r.decline_reason))
    elif status == "cancelled":
        # No cancelled_at column: the last change of the row is the cancellation.
        events.append(Event(r.updated_at, "referral", _answer(r, "cancelled")))
    if r.completed_at is not None:
        events.append(
            Event(
                r.completed_at,
                "referral",
                _l("Referral completed: %(partner)s", partner=r.partner),
                _excerpt(r.outcome),
            )
        )
    return events


def _person_rows(_with_confidential):
    return select(
        _json_row(created_at=Returnee.created_at, created_by_id=Returnee.created_by_id)
    ).where(Returnee.id == _RETURNEE_ID)


def _person_events(p):
    return [Event(p.created_at, "person", _l("Person registered"), "", p.created_by_id)]


def _override_rows(_with_confidential):
    return select(
        _json_row(
            created_at=DuplicateOverride.created_at,
            reason=DuplicateOverride.reason,
            actor_id=DuplicateOverride.actor_id,
        )
    ).where(DuplicateOverride.returnee_id == _RETURNEE_ID)


def _override_events(o):
    return [
        Event(
            o.created_at,
            "person",
            _l("Registered despite a possible duplicate"),
            o.reason,
            o.actor_id,
        )
    ]


# The timeline's sources after the stage changes, in the order events of the same instant keep.
_SOURCES = (
    _Source(
        CaseTransfer.requested_at, _transfer_rows, _transfer_events,
        ("requested_at", "decided_at"), (("status", TransferStatus),),
    ),
    _Source(CaseNote.occurred_at, _note_rows, _note_events, ("occurred_at",),
            (("kind", NoteKind),)),
    _Source(Appointment.created_at, _appointment_rows, _appointment_events,
            ("created_at", "starts_at")),
    _Source(Task.created_at, _task_rows, _task_events, ("created_at", "done_at")),
    _Source(PlanGoal.created_at, _plan_rows, _plan_events, ("created_at",),
            (("dimension", Dimension),)),
    _Source(
        Referral.sent_at, _referral_rows, _referral_events,
        ("sent_at", "responded_at", "updated_at", "completed_at"),
    ),
    _Source(Returnee.created_at, _person_rows, _person_events, ("created_at",)),
    _Source(DuplicateOverride.created_at, _override_rows, _override_events, ("created_at",)),
)  # fmt: skip


def _profile_events(case):
    # The skills feature builds on cases, so it is imported here rather than at the top.
    from returnsvc.skills.timeline import grouped_entries, profile_timeline_rows

    rows = profile_timeline_rows(case.returnee_id, TIMELINE_LIMIT)
    return [
        Event(at, "profile", title, detail, actor)
        for at, title, detail, actor in grouped_entries(rows)
    ]


def _fill_actor_names(events: list[Event]) -> None:
    ids = {e.actor_id for e in events if e.actor_id}
    if not ids:
        return
    names = dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
    for e in events:
        e.actor = names.get(e.actor_id, "")


def _excerpt(text: str, length: int = 240) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _join(*parts: str) -> str:
    return " — ".join(str(p) for p in parts if p)
