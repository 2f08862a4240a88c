"""What micro-enterprise support hangs on the case workspace: the Enterprise tab, the panel
(businesses by stage, loans in arrears), the timeline's enterprise events (created, stage
changes, plan versions, funding added and disbursed, loans, repayments and reversals, visits),
the person's businesses in the subject-access record, and their erasure.

The timeline's rows and descriptions are in enterprise.timeline_sources, the subject-access
record in enterprise.subject_data; this module registers them (enterprise.views contributes
it)."""

from sqlalchemy import func, select, update

from returnsvc.cases.models import CaseEvent
from returnsvc.cases.workspace import (
    CASE_ID,
    VIEWER_TODAY,
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
from returnsvc.enterprise import portal, report_figures
from returnsvc.enterprise.funding import WRITTEN_OFF
from returnsvc.enterprise.models import (
    BusinessPlan,
    Disbursement,
    Enterprise,
    EnterpriseStage,
    FollowUpVisit,
    FundingSource,
    Loan,
    Repayment,
)
from returnsvc.enterprise.services import STAGE_CHANGED
from returnsvc.enterprise.subject_data import enterprise_record
from returnsvc.enterprise.timeline_sources import (
    CREATED,
    DISBURSED,
    FUNDING,
    LOAN,
    PLAN,
    REPAYMENT,
    VISIT,
    created_rows,
    describe_created,
    describe_disbursement,
    describe_funding,
    describe_loan,
    describe_plan,
    describe_repayment,
    describe_stage,
    describe_visit,
    describe_written_off,
    disbursement_rows,
    funding_rows,
    loan_rows,
    plan_rows,
    repayment_rows,
    stage_rows,
    visit_rows,
)
from returnsvc.extensions import db

__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE", "PORTAL", "FIGURES"]

TABS = (CaseTab("enterprise.case_enterprises", _l("Enterprise"), 77),)


# --- the panel --------------------------------------------------------------------------------


def _panel_column(_confidential):
    """{stages: {stage: n}, loans, in_arrears, over_30}: the case's businesses by stage, and
    its loans not written off that still owe, late ones counted from the state each loan keeps
    (its oldest unpaid due date; days past due as everywhere: the viewer's today minus it)."""
    stages = (
        select(
            json_object(
                **{s.value: func.count().filter(Enterprise.stage == s) for s in EnterpriseStage}
            )
        )
        .where(Enterprise.case_id == CASE_ID)
        .scalar_subquery()
    )
    late = Loan.first_unpaid_due < VIEWER_TODAY
    loan_counts = (
        select(
            json_object(
                loans=func.count(),
                in_arrears=func.count().filter(late),
                over_30=func.count().filter(Loan.first_unpaid_due < VIEWER_TODAY - 30),
            )
        )
        .join(FundingSource, FundingSource.id == Loan.funding_id)
        .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
        .where(
            Enterprise.case_id == CASE_ID,
            Loan.written_off_on.is_(None),
            Loan.outstanding_principal > 0,
        )
        .scalar_subquery()
    )
    return select(json_object(stages=stages, loans=loan_counts)).scalar_subquery()


def _panel(value, case, viewer) -> dict:
    value = dict(value or {})
    counts = value.get("stages") or {}
    stages = [(stage, counts.get(stage.value) or 0) for stage in EnterpriseStage]
    loans_ = value.get("loans") or {}
    return {
        "total": sum(n for _stage, n in stages),
        "stages": [(stage, n) for stage, n in stages if n],
        "loans": loans_.get("loans") or 0,
        "in_arrears": loans_.get("in_arrears") or 0,
        "over_30": loans_.get("over_30") or 0,
    }


PANELS = (SummaryPanel("enterprise", 38, "enterprise/_panel.html", _panel_column, _panel),)


# --- the timeline (enterprise.timeline_sources) -----------------------------------------------

TIMELINE = (
    TimelineSource(
        "enterprises", Enterprise.created_at, event_kind(CREATED), Enterprise.id, created_rows
    ),
    TimelineSource(
        "enterprise stages", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, stage_rows
    ),
    TimelineSource(
        "business plans", BusinessPlan.created_at, event_kind(PLAN), BusinessPlan.id, plan_rows
    ),
    TimelineSource(
        "enterprise funding",
        FundingSource.created_at,
        event_kind(FUNDING),
        FundingSource.id,
        funding_rows,
    ),
    TimelineSource(
        "disbursements",
        Disbursement.recorded_at,
        event_kind(DISBURSED),
        Disbursement.id,
        disbursement_rows,
    ),
    TimelineSource("loans", Loan.created_at, event_kind(LOAN), Loan.id, loan_rows),
    TimelineSource(
        "repayments", Repayment.recorded_at, event_kind(REPAYMENT), Repayment.id, repayment_rows
    ),
    TimelineSource(
        "follow-up visits",
        FollowUpVisit.recorded_at,
        event_kind(VISIT),
        FollowUpVisit.id,
        visit_rows,
    ),
)

EVENTS = (
    EventKind(CREATED, "enterprise", describe_created),
    EventKind(STAGE_CHANGED, "enterprise", describe_stage),
    EventKind(WRITTEN_OFF, "enterprise", describe_written_off),
    EventKind(PLAN, "enterprise", describe_plan),
    EventKind(FUNDING, "enterprise", describe_funding),
    EventKind(DISBURSED, "enterprise", describe_disbursement),
    EventKind(LOAN, "enterprise", describe_loan),
    EventKind(REPAYMENT, "enterprise", describe_repayment),
    EventKind(VISIT, "enterprise", describe_visit),
)


# --- the subject-access record (enterprise.subject_data) and erasure --------------------------

SUBJECT = (
    SubjectSection(
        "enterprise", 57, _l("Businesses"), enterprise_record, "enterprise/_record.html"
    ),
)


def _erase(returnee_id: int, case_ids) -> None:
    """Free text about the person and their business is blanked: plan descriptions, funding
    notes, visit problems and next steps, write-off reasons, and the tax id. Names, sectors,
    stages, amounts, dates and jobs stay for statistics (survival, repayment). Versions move on
    where a form carries one, so a form opened before the erasure cannot write it back."""
    enterprises = select(Enterprise.id).where(Enterprise.case_id.in_(case_ids))
    # A sole trader's tax id is often their identity number with a suffix (Ecuador's RUC).
    db.session.execute(
        update(Enterprise)
        .where(Enterprise.case_id.in_(case_ids))
        .values(tax_id="", version=Enterprise.version + 1)
        .execution_options(synchronize_session=False)
    )
    sources = select(FundingSource.id).where(FundingSource.enterprise_id.in_(enterprises))
    for stmt in (
        update(BusinessPlan)
        .where(BusinessPlan.enterprise_id.in_(enterprises))
        .values(description=""),
        update(FundingSource)
        .where(FundingSource.enterprise_id.in_(enterprises))
        .values(note="", version=FundingSource.version + 1),
        update(FollowUpVisit)
        .where(FollowUpVisit.enterprise_id.in_(enterprises))
        .values(problems="", next_steps=""),
        update(Loan)
        .where(Loan.funding_id.in_(sources))
        .values(write_off_reason="", version=Loan.version + 1),
    ):
        db.session.execute(stmt.execution_options(synchronize_session=False))


ERASURE = (ErasureStep("enterprise", _erase),)


# --- the returnee's portal (enterprise.portal) ---------------------------------------------------

PORTAL = (
    PortalSection(
        portal.KEY,
        _l("My business"),
        50,
        portal.load,
        "enterprise/portal_business.html",
        card="enterprise/portal_card.html",
    ),
)


# --- the programme-outcomes dashboard (enterprise.report_figures) ----------------------------

FIGURES = (
    ReportFigure(
        "enterprises_launched",
        _l("Enterprises launched"),
        50,
        report_figures.enterprises_launched,
        "reports/figures/enterprises_launched.html",
        _l(
            "The businesses of the selection's cases whose launch date falls in the period (from "
            "its first to its last day, both included), by sector and by the owner's sex. A "
            "business launched and closed in the period is counted."
        ),
        report_figures.launched_export,
    ),
    ReportFigure(
        "enterprise_survival",
        _l("Enterprise survival"),
        51,
        report_figures.survival_by_cohort,
        "reports/figures/enterprise_survival.html",
        _l(
            "The businesses launched in the period, grouped by the calendar quarter of their "
            "launch, read today: the share still open 6, 12 and 24 months after their launch "
            "day (not closed, or closed after that day; closing on the day counts as closed; a "
            "paused business is open). A quarter's figure at N months is shown only once the "
            "quarter's last day is N months past, so that every business of the quarter has "
            "reached its mark; before, it is 'not yet known'. The rows by sex (the owner's) add "
            "up the quarters known at each mark."
        ),
        report_figures.survival_export,
    ),
    ReportFigure(
        "loan_par30",
        _l("Portfolio at risk (PAR30)"),
        52,
        report_figures.portfolio_at_risk,
        "reports/figures/loan_par30.html",
        _l(
            "The micro-loans of the selection's businesses on the period's last day (today when "
            "the period reaches today): the principal still owed by loans more than 30 days "
            "past due (their oldest unpaid instalment was due more than 30 days before), over "
            "all principal still owed, per currency (currencies are never added together) and "
            "by the borrower's sex. Loans disbursed by that day and not written off by then; "
            "loans repaid in full are not in the portfolio. A past day counts only the "
            "repayments made by then (a reversed repayment counts for nothing)."
        ),
        report_figures.risk_export,
    ),
)
