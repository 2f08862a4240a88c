"""What savings hang on the case workspace: the Savings tab, the panel (active plans with their
balance against the goal), the timeline's savings events (plans opened, ledger entries, plans
closed), the person's plans and ledgers in the subject-access record, and their erasure.

The timeline's rows and descriptions are in savings.timeline_sources, the subject-access
record in savings.subject_data; this module registers them (savings.views contributes it)."""

from decimal import Decimal

from sqlalchemy import String, cast, func, or_, select, update

from returnsvc.cases.models import CaseEvent
from returnsvc.cases.workspace import (
    CASE_ID,
    CaseTab,
    ErasureStep,
    EventKind,
    PortalSection,
    ReportFigure,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_kind,
    json_object,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.savings import ledger, portal, report_figures
from returnsvc.savings.models import PlanStatus, SavingsEntry, SavingsPlan, SavingsPurpose
from returnsvc.savings.services import PLAN_CLOSED
from returnsvc.savings.subject_data import savings_record
from returnsvc.savings.timeline_sources import (
    ENTRY,
    OPENED,
    closed_rows,
    describe_closed,
    describe_entry,
    describe_opened,
    entry_rows,
    opened_rows,
)

__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE", "PORTAL", "FIGURES"]

TABS = (CaseTab("savings.case_savings", _l("Savings"), 78),)


# --- the panel --------------------------------------------------------------------------------

PANEL_PLANS = 3  # plans shown on the panel at most


def _panel_column(_confidential):
    """{active: n, plans: [{id, purpose, status, target, currency, balance}]}: the number of
    active plans, and the newest active plans (at most PANEL_PLANS; the latest plan when none
    is active) with their balances, summed over the ledger's index."""
    active = SavingsPlan.status == PlanStatus.ACTIVE
    latest = (
        select(func.max(SavingsPlan.id)).where(SavingsPlan.case_id == CASE_ID).scalar_subquery()
    )
    balance = (
        select(func.coalesce(func.sum(SavingsEntry.amount), 0))
        .where(SavingsEntry.plan_id == SavingsPlan.id)
        .correlate(SavingsPlan)
        .scalar_subquery()
    )
    shown = (
        select(
            SavingsPlan.id.label("id"),
            json_object(
                id=SavingsPlan.id,
                purpose=SavingsPlan.purpose,
                status=SavingsPlan.status,
                target=cast(SavingsPlan.target_amount, String),
                currency=SavingsPlan.currency,
                balance=cast(balance, String),
            ).label("plan"),
        )
        .where(SavingsPlan.case_id == CASE_ID, or_(active, SavingsPlan.id == latest))
        .order_by(active.desc(), SavingsPlan.id.desc())
        .limit(PANEL_PLANS)
        .subquery()
    )
    plans = select(func.jsonb_agg(shown.c.plan)).scalar_subquery()
    count = (
        select(func.count())
        .select_from(SavingsPlan)
        .where(SavingsPlan.case_id == CASE_ID, active)
        .scalar_subquery()
    )
    return select(json_object(active=count, plans=plans)).scalar_subquery()


def _panel(value, case, viewer) -> dict:
    value = dict(value or {})
    active = value.get("active") or 0
    plans = []
    for item in value.get("plans") or []:
        status = PlanStatus(item["status"])
        if active and status is not PlanStatus.ACTIVE:
            continue
        balance, target = Decimal(item["balance"]), Decimal(item["target"])
        plans.append(
            {
                "id": item["id"],
                "purpose": SavingsPurpose(item["purpose"]),
                "status": status,
                "balance": balance,
                "target": target,
                "currency": item["currency"],
                "percent": ledger.Progress(balance, target).percent,
            }
        )
    return {"active": active, "plans": plans}


PANELS = (SummaryPanel("savings", 39, "savings/_panel.html", _panel_column, _panel),)


# --- the timeline (savings.timeline_sources) --------------------------------------------------

TIMELINE = (
    TimelineSource(
        "savings plans", SavingsPlan.created_at, event_kind(OPENED), SavingsPlan.id, opened_rows
    ),
    TimelineSource(
        "savings entries",
        SavingsEntry.recorded_at,
        event_kind(ENTRY),
        SavingsEntry.id,
        entry_rows,
    ),
    TimelineSource(
        "savings plans closed", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, closed_rows
    ),
)

EVENTS = (
    EventKind(OPENED, "savings", describe_opened),
    EventKind(ENTRY, "savings", describe_entry),
    EventKind(PLAN_CLOSED, "savings", describe_closed),
)


# --- the subject-access record (savings.subject_data) and erasure -----------------------------

SUBJECT = (SubjectSection("savings", 58, _l("Savings"), savings_record, "savings/_record.html"),)


def _erase(returnee_id: int, case_ids) -> None:
    """The account's last characters are blanked (they can lead to the person's bank account);
    purposes, goals, dates and the ledger stay for statistics. The ledger holds no free text and
    cannot be changed (the database refuses it). The version moves on, so a form opened
    before the erasure cannot write the digits back."""
    db.session.execute(
        update(SavingsPlan)
        .where(SavingsPlan.case_id.in_(case_ids))
        .values(account_last4="", version=SavingsPlan.version + 1)
        .execution_options(synchronize_session=False)
    )


ERASURE = (ErasureStep("savings", _erase),)


# --- the returnee's portal (savings.portal) ------------------------------------------------------

PORTAL = (
    PortalSection(
        portal.KEY,
        _l("My savings"),
        40,
        portal.load,
        "savings/portal_savings.html",
        card="savings/portal_card.html",
    ),
)


# --- the programme-outcomes dashboard (savings.report_figures) -------------------------------

FIGURES = (
    ReportFigure(
        "savings",
        _l("Savings mobilised"),
        60,
        report_figures.savings_mobilised,
        "reports/figures/savings.html",
        _l(
            "The savings plans of the selection's cases. People saving: people with at least "
            "one deposit (from remittances, wages or an APRE payment) booked in the period that "
            "was not reversed. Saved: per currency (currencies are never added together), the "
            "deposits less the withdrawals booked in the period (from its first to its last "
            "day), leaving out every entry that was reversed, whenever the reversal was "
            "recorded. Interest is not saving and is not counted. By the person's sex."
        ),
        report_figures.savings_export,
    ),
)
