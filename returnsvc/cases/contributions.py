"""What the cases package itself hangs on the case workspace: the Summary, Person and
"Who viewed it" tabs, the stages panel, the timeline's case and person events, the person's
and the cases' sections of the subject-access record, and their erasure."""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, cast, func, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import (
    Case,
    CaseEvent,
    CaseTransfer,
    CaseTransition,
    CloseReason,
    Stage,
    TransferStatus,
)
from returnsvc.cases.workspace import (
    CASE_ID,
    RETURNEE_ID,
    CaseTab,
    ErasureStep,
    EventKind,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import message_with
from returnsvc.core.permissions import Permission
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import ConsentKind, DuplicateOverride, Returnee
from returnsvc.returnees.queries import person_record
from returnsvc.returnees.services import PERSON_FIELD_LABELS

TABS = (
    CaseTab("cases.detail", _l("Summary"), 10),
    CaseTab("person.profile", _l("Person"), 20),
    CaseTab("cases.access_log", _l("Who viewed it"), 90, Permission.VIEW_CASE_ACCESS_LOG),
)

# Kinds of CaseEvent this package writes (cases.events.record_event).
ASSIGNED = "case.assigned"
PERSON_EDITED = "person.edited"
CONSENT_CHANGED = "person.consent"


# --- the stages panel -----------------------------------------------------------------------


def _stages_column(_confidential):
    history = (
        select(
            func.jsonb_agg(
                aggregate_order_by(
                    json_object(stage=CaseTransition.to_stage, at=CaseTransition.occurred_at),
                    CaseTransition.occurred_at,
                    CaseTransition.id,
                )
            )
        )
        .where(CaseTransition.case_id == CASE_ID)
        .scalar_subquery()
    )
    from_office, to_office = aliased(Office), aliased(Office)
    transfer = (
        select(
            json_object(
                id=CaseTransfer.id,
                from_office=from_office.name,
                to_office=to_office.name,
                to_office_id=CaseTransfer.to_office_id,
                requested_at=CaseTransfer.requested_at,
                reason=CaseTransfer.reason,
            )
        )
        .join(from_office, from_office.id == CaseTransfer.from_office_id)
        .join(to_office, to_office.id == CaseTransfer.to_office_id)
        .where(CaseTransfer.case_id == CASE_ID, CaseTransfer.status == TransferStatus.PENDING)
        .scalar_subquery()
    )
    return select(json_object(history=history, transfer=transfer)).scalar_subquery()


def _stages_panel(value, case, viewer) -> dict:
    """{"spans": [{stage, entered_at, left_at, days}] oldest first, "transfer": the pending
    transfer ({id, from_office, to_office, to_office_id, requested_at, reason}) or None}."""
    history = [
        (Stage(row["stage"]), datetime.fromisoformat(row["at"])) for row in value["history"] or ()
    ]
    now = utcnow()
    spans = []
    for index, (stage, entered_at) in enumerate(history):
        left_at = history[index + 1][1] if index + 1 < len(history) else None
        spans.append(
            {
                "stage": stage,
                "entered_at": entered_at,
                "left_at": left_at,
                "days": ((left_at or now) - entered_at).days,
            }
        )
    transfer = value["transfer"]
    if transfer is not None:
        transfer = dict(transfer, requested_at=datetime.fromisoformat(transfer["requested_at"]))
    return {"spans": spans, "transfer": transfer}


PANELS = (SummaryPanel("stages", 50, "cases/_panel_stages.html", _stages_column, _stages_panel),)


# --- timeline -------------------------------------------------------------------------------


def _transition_rows(_confidential):
    return select(
        *event_columns(
            CaseTransition.actor_id,
            from_stage=CaseTransition.from_stage,
            to_stage=CaseTransition.to_stage,
            close_reason=CaseTransition.close_reason,
            note=CaseTransition.note,
        )
    ).where(CaseTransition.case_id == CASE_ID)


def _describe_transition(d):
    if d.from_stage is None:
        title = _("Case opened")
    else:
        title = message_with(
            _("Stage: %(from)s → %(to)s"),
            **{"from": Stage(d.from_stage).label, "to": Stage(d.to_stage).label},
        )
    reason = str(CloseReason(d.close_reason).label) if d.close_reason else ""
    return title, " — ".join(part for part in (reason, d.note) if part)


_to_office = aliased(Office)


def _transfer_rows(answered: bool):
    def rows(_confidential):
        stmt = select(
            *event_columns(
                CaseTransfer.decided_by_id if answered else CaseTransfer.requested_by_id,
                office=_to_office.name,
                status=CaseTransfer.status,
                reason=CaseTransfer.decline_reason if answered else CaseTransfer.reason,
            )
        ).join(_to_office, _to_office.id == CaseTransfer.to_office_id)
        stmt = stmt.where(CaseTransfer.case_id == CASE_ID)
        return stmt.where(CaseTransfer.decided_at.is_not(None)) if answered else stmt

    return rows


_TRANSFER_ANSWERS = {
    TransferStatus.ACCEPTED: _l("Transfer to %(office)s accepted"),
    TransferStatus.DECLINED: _l("Transfer to %(office)s declined"),
    TransferStatus.CANCELLED: _l("Transfer to %(office)s cancelled"),
}


def _describe_transfer_request(d):
    return message_with(_("Transfer to %(office)s requested"), office=d.office), d.reason


def _describe_transfer_answer(d):
    title = _TRANSFER_ANSWERS[TransferStatus(d.status)]
    return message_with(title, office=d.office), d.reason


_counsellor = aliased(User)


def _event_rows(_confidential):
    """This package's CaseEvent kinds, with the name of the counsellor a case was assigned to."""
    return (
        select(
            CaseEvent.actor_id.label("actor_id"),
            CaseEvent.data.op("||")(json_object(counsellor=_counsellor.full_name)).label("data"),
        )
        .outerjoin(
            _counsellor, _counsellor.id == cast(CaseEvent.data["to"].astext, Integer)
        )
        .where(
            CaseEvent.case_id == CASE_ID,
            CaseEvent.kind.in_((ASSIGNED, PERSON_EDITED, CONSENT_CHANGED)),
        )
    )


def _describe_assigned(d):
    if d.to is None:
        return _("Counsellor unassigned"), ""
    return message_with(_("Assigned to %(counsellor)s"), counsellor=d.counsellor or "—"), ""


def _describe_person_edit(d):
    fields = ", ".join(str(PERSON_FIELD_LABELS.get(name, name)) for name in d.fields or ())
    return _("Person's record edited"), fields


def _describe_consent(d):
    consent = ConsentKind(d.consent).label
    if d.given:
        return message_with(_("Consent recorded: %(consent)s"), consent=consent), ""
    return message_with(_("Consent withdrawn: %(consent)s"), consent=consent), ""


def _registration_rows(_confidential):
    return select(*event_columns(Returnee.created_by_id)).where(Returnee.id == RETURNEE_ID)


def _override_rows(_confidential):
    return select(
        *event_columns(DuplicateOverride.actor_id, reason=DuplicateOverride.reason)
    ).where(DuplicateOverride.returnee_id == RETURNEE_ID)


TIMELINE = (
    TimelineSource(
        "stages",
        CaseTransition.occurred_at,
        event_kind("case.stage"),
        CaseTransition.id,
        _transition_rows,
    ),
    TimelineSource(
        "transfer requests",
        CaseTransfer.requested_at,
        event_kind("case.transfer_asked"),
        CaseTransfer.id,
        _transfer_rows(answered=False),
    ),
    TimelineSource(
        "transfer answers",
        CaseTransfer.decided_at,
        event_kind("case.transfer_answer"),
        CaseTransfer.id,
        _transfer_rows(answered=True),
    ),
    TimelineSource("case events", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, _event_rows),
    TimelineSource(
        "registration",
        Returnee.created_at,
        event_kind("person.registered"),
        Returnee.id,
        _registration_rows,
    ),
    TimelineSource(
        "duplicate overrides",
        DuplicateOverride.created_at,
        event_kind("person.duplicate"),
        DuplicateOverride.id,
        _override_rows,
    ),
)

EVENTS = (
    EventKind("case.stage", "stage", _describe_transition),
    EventKind("case.transfer_asked", "transfer", _describe_transfer_request),
    EventKind("case.transfer_answer", "transfer", _describe_transfer_answer),
    EventKind(ASSIGNED, "stage", _describe_assigned),
    EventKind(PERSON_EDITED, "person", _describe_person_edit),
    EventKind(CONSENT_CHANGED, "person", _describe_consent),
    EventKind("person.registered", "person", lambda d: (_("Person registered"), "")),
    EventKind(
        "person.duplicate",
        "person",
        lambda d: (_("Registered despite a possible duplicate"), d.reason),
    ),
)


# --- subject access and erasure -------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value is not None else None


def _cases_record(returnee, case_ids, viewer) -> list[dict]:
    """Each case the viewer may see: office, stage, dates, stage history and transfers."""
    cases = db.session.scalars(
        select(Case).where(Case.id.in_(case_ids)).order_by(Case.opened_at)
    ).all()
    transitions = db.session.scalars(
        select(CaseTransition)
        .where(CaseTransition.case_id.in_(case_ids))
        .order_by(CaseTransition.occurred_at, CaseTransition.id)
    ).all()
    transfers = db.session.scalars(
        select(CaseTransfer)
        .where(CaseTransfer.case_id.in_(case_ids))
        .order_by(CaseTransfer.requested_at)
    ).all()
    return [
        {
            "reference": case.reference,
            "office": case.office.name,
            "stage": case.stage.value,
            "opened_at": _iso(case.opened_at),
            "closed_at": _iso(case.closed_at),
            "close_reason": case.close_reason.value if case.close_reason else None,
            "stage_history": [
                {
                    "from": t.from_stage.value if t.from_stage else None,
                    "to": t.to_stage.value,
                    "at": _iso(t.occurred_at),
                    "note": t.note,
                }
                for t in transitions
                if t.case_id == case.id
            ],
            "transfers": [
                {
                    "to_office": t.to_office.name,
                    "status": t.status.value,
                    "requested_at": _iso(t.requested_at),
                    "reason": t.reason,
                    "decline_reason": t.decline_reason,
                }
                for t in transfers
                if t.case_id == case.id
            ],
        }
        for case in cases
    ]


SUBJECT = (
    SubjectSection(
        "person",
        10,
        _l("Person"),
        lambda returnee, case_ids, viewer: person_record(returnee),
        "cases/record/_person.html",
    ),
    SubjectSection("cases", 20, _l("Cases"), _cases_record, "cases/record/_cases.html"),
)


def _erase_case_text(returnee_id: int, case_ids) -> None:
    """Comments on stage changes and the reasons given for transfers."""
    db.session.execute(
        update(CaseTransition)
        .where(CaseTransition.case_id.in_(case_ids))
        .values(note="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(CaseTransfer)
        .where(CaseTransfer.case_id.in_(case_ids))
        .values(reason="", decline_reason="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(DuplicateOverride)
        .where(DuplicateOverride.returnee_id == returnee_id)
        .values(reason="")
        .execution_options(synchronize_session=False)
    )


ERASURE = (ErasureStep("case text", _erase_case_text),)
