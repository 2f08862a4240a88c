"""What the cases package itself hangs on the case workspace: the Summary, Person and
"Who viewed it" tabs, the stages panel, the timeline's case and person events (from
cases.timeline_sources), the person's and the cases' sections of the subject-access record,
and their erasure."""

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased

from returnsvc.cases.figures import (
    caseload_by_stage,
    caseload_export,
    closures_by_reason,
    closures_export,
    flow_export,
    registrations_and_closures,
    time_in_stage,
    time_in_stage_export,
)
from returnsvc.cases.models import (
    Case,
    CaseTransfer,
    CaseTransition,
    Stage,
    TransferStatus,
)
from returnsvc.cases.timeline_sources import EVENTS, TIMELINE
from returnsvc.cases.workspace import (
    CASE_ID,
    CaseTab,
    ErasureStep,
    ReportFigure,
    SubjectSection,
    SummaryPanel,
    json_object,
)
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.permissions import Permission
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import DuplicateOverride
from returnsvc.returnees.queries import person_record

__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE", "FIGURES"]

TABS = (
    CaseTab("cases.detail", _l("Summary"), 10),
    CaseTab("person.profile", _l("Person"), 20),
    CaseTab("cases.access_log", _l("Who viewed it"), 90, Permission.VIEW_CASE_ACCESS_LOG),
)


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


# --- subject access and erasure -------------------------------------------------------------


def _cases_record(returnee, case_ids, viewer) -> list[dict]:
    """Each case the viewer may see: office, stage, dates, stage history and transfers (enums and
    instants: see SubjectSection)."""
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
            "stage": case.stage,
            "opened_at": case.opened_at,
            "closed_at": case.closed_at,
            "close_reason": case.close_reason,
            "stage_history": [
                {
                    "from": t.from_stage,
                    "to": t.to_stage,
                    "at": t.occurred_at,
                    "note": t.note,
                }
                for t in transitions
                if t.case_id == case.id
            ],
            "transfers": [
                {
                    "to_office": t.to_office.name,
                    "status": t.status,
                    "requested_at": t.requested_at,
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


# --- the programme-outcomes dashboard -------------------------------------------------------

FIGURES = (
    ReportFigure(
        "caseload",
        _l("Cases by stage"),
        10,
        caseload_by_stage,
        "reports/figures/caseload.html",
        _l(
            "Every case of the selection opened by the last day of the period, in the stage it "
            "was in on that day (its last stage change before then; today's stage when the "
            "period reaches today), counted by the person's sex."
        ),
        caseload_export,
    ),
    ReportFigure(
        "registrations",
        _l("Registrations and closures per month"),
        20,
        registrations_and_closures,
        "reports/figures/registrations.html",
        _l(
            "For each calendar month of the period: the cases of the selection opened that "
            "month, and the closings that month (every time a case of the selection was closed: "
            "a case closed, reopened and closed again counts twice), counted by the person's "
            "sex. Days are those of the office that holds the case, in its time zone."
        ),
        flow_export,
    ),
    ReportFigure(
        "closures",
        _l("Closures by reason"),
        30,
        closures_by_reason,
        "reports/figures/closures.html",
        _l(
            "The closings of cases of the selection on a day of the period (every time a case "
            "was closed, as in the figure above), by the reason the counsellor gave when closing "
            "it and by the person's sex."
        ),
        closures_export,
    ),
    ReportFigure(
        "time_in_stage",
        _l("Time in each stage"),
        40,
        time_in_stage,
        "reports/figures/time_in_stage.html",
        _l(
            "From the stage history of the cases of the selection: a stay in a stage runs from "
            "the moment the case entered it (its opening, for “Registered”) to its next change "
            "of stage. Only stays that ended on a day of the period count, each with its whole "
            "length, including the part before the period; stays still going on are left out, "
            "and so is time spent closed. The figure is the median length in days (half the "
            "stays were shorter), for women, men, other or not said, and everyone, with the "
            "number of stays in brackets."
        ),
        time_in_stage_export,
    ),
)
