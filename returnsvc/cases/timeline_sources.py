"""The case's own events on its timeline: stage changes, transfer requests and answers,
reassignments, edits of the person's record and consents (case_event rows), the person's
registration and the duplicates overridden at intake. Registered with the rest of the cases
package's contributions (cases.contributions)."""

from flask_babel import gettext as _
from sqlalchemy import Integer, cast, select
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import (
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
    EventKind,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.offices.models import Office
from returnsvc.returnees.models import ConsentKind, DuplicateOverride, Returnee
from returnsvc.returnees.services import PERSON_FIELD_LABELS

# Kinds of CaseEvent this package writes (cases.events.record_event).
ASSIGNED = "case.assigned"
PERSON_EDITED = "person.edited"
CONSENT_CHANGED = "person.consent"


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


