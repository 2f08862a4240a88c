"""What the APRE hangs on the case workspace: the APRE tab, the panel (payments received, the
return deadline, the end of the commitment), the timeline's APRE events (record started,
payment received, money put towards savings or a business) and the person's APRE in the
subject-access record. apre.views contributes it.

No erasure step: the APRE holds no free text and nothing that identifies the person beyond
their case (amounts in euros, dates, codes and ids), which statistics keep. The names it shows
next to an earmark are the business's (erased with the enterprise) or a plan's purpose.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import String, and_, cast, exists, func, select
from sqlalchemy.orm import aliased

from returnsvc.apre.models import ApreEarmark, AprePayment, ApreRecord
from returnsvc.apre.subject_data import apre_record
from returnsvc.apre.timeline import (
    EARMARKED,
    RECEIVED,
    STARTED,
    describe_earmarked,
    describe_received,
    describe_started,
    earmark_rows,
    received_rows,
    started_rows,
)
from returnsvc.cases.workspace import (
    CASE_ID,
    RETURNEE_ID,
    CaseTab,
    EventKind,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_kind,
    json_object,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.returnees.models import MigrationHistory, ReturnProgramme

__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT"]

TABS = (CaseTab("apre.case_apre", _l("APRE"), 79),)


# --- the panel --------------------------------------------------------------------------------


def _panel_column(_confidential):
    """{is_apre, record: {total, deadline, returned_on, commitment_ends_on, first_received,
    first_on, second_expected_on, second_received, second_on, earmarked} or null}."""
    first, second = aliased(AprePayment), aliased(AprePayment)
    earmarked = (
        select(func.sum(ApreEarmark.amount))
        .where(ApreEarmark.payment_id.in_((first.id, second.id)))
        .scalar_subquery()
    )
    record = (
        select(
            json_object(
                total=cast(ApreRecord.total_amount, String),
                deadline=ApreRecord.return_deadline,
                returned_on=ApreRecord.returned_on,
                commitment_ends_on=ApreRecord.commitment_ends_on,
                first_received=cast(first.received_amount, String),
                first_on=first.received_on,
                second_expected_on=second.expected_on,
                second_received=cast(second.received_amount, String),
                second_on=second.received_on,
                earmarked=cast(earmarked, String),
            )
        )
        .join(first, and_(first.record_id == ApreRecord.id, first.number == 1))
        .join(second, and_(second.record_id == ApreRecord.id, second.number == 2))
        .where(ApreRecord.case_id == CASE_ID)
        .scalar_subquery()
    )
    is_apre = exists().where(
        MigrationHistory.returnee_id == RETURNEE_ID,
        MigrationHistory.return_programme == ReturnProgramme.APRE,
    )
    return select(json_object(is_apre=is_apre, record=record)).scalar_subquery()


def _day(value):
    return date.fromisoformat(value) if value else None


def _amount(value):
    return Decimal(value) if value is not None else None


def _panel(value, case, viewer) -> dict:
    value = dict(value or {})
    data = value.get("record")
    if not data:
        return {"is_apre": bool(value.get("is_apre")), "record": None}
    return {
        "is_apre": bool(value.get("is_apre")),
        "record": {
            "total": _amount(data.get("total")),
            "deadline": _day(data.get("deadline")),
            "returned_on": _day(data.get("returned_on")),
            "commitment_ends_on": _day(data.get("commitment_ends_on")),
            "first_received": _amount(data.get("first_received")),
            "first_on": _day(data.get("first_on")),
            "second_expected_on": _day(data.get("second_expected_on")),
            "second_received": _amount(data.get("second_received")),
            "second_on": _day(data.get("second_on")),
            "earmarked": _amount(data.get("earmarked")) or Decimal("0.00"),
        },
    }


PANELS = (SummaryPanel("apre", 41, "apre/_panel.html", _panel_column, _panel),)


# --- the timeline (apre.timeline) -------------------------------------------------------------

TIMELINE = (
    TimelineSource(
        "apre records", ApreRecord.created_at, event_kind(STARTED), ApreRecord.id, started_rows
    ),
    TimelineSource(
        "apre payments",
        AprePayment.received_recorded_at,
        event_kind(RECEIVED),
        AprePayment.id,
        received_rows,
    ),
    TimelineSource(
        "apre earmarks",
        ApreEarmark.recorded_at,
        event_kind(EARMARKED),
        ApreEarmark.id,
        earmark_rows,
    ),
)

EVENTS = (
    EventKind(STARTED, "apre", describe_started),
    EventKind(RECEIVED, "apre", describe_received),
    EventKind(EARMARKED, "apre", describe_earmarked),
)


# --- the subject-access record (apre.subject_data) --------------------------------------------

SUBJECT = (SubjectSection("apre", 59, _l("APRE"), apre_record, "apre/_record.html"),)
