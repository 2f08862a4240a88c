"""What micro-enterprise support hangs on the case workspace: the Enterprise tab, the panel
(businesses by stage, loans in arrears), the timeline's enterprise events (created, stage
changes, plan versions, funding added and disbursed, loans, repayments and reversals, visits),
the person's businesses in the subject-access record, and their erasure."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from sqlalchemy import Integer, String, cast, func, select, update

from returnsvc.cases.models import Case, CaseEvent
from returnsvc.cases.workspace import (
    CASE_ID,
    VIEWER_TODAY,
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
from returnsvc.core import codes
from returnsvc.core.enums import IsicSection
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.money import format_money
from returnsvc.enterprise.models import (
    BusinessPlan,
    Disbursement,
    Enterprise,
    EnterpriseStage,
    EnterpriseTraining,
    FollowUpVisit,
    FundingKind,
    FundingSource,
    FundingStatus,
    Loan,
    LoanMethod,
    Repayment,
)
from returnsvc.enterprise.services import STAGE_CHANGED
from returnsvc.extensions import db
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme

__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE"]

TABS = (CaseTab("enterprise.case_enterprises", _l("Enterprise"), 77),)
EXCERPT = 240


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


# --- the timeline -----------------------------------------------------------------------------

CREATED = "enterprise.created"
PLAN = "enterprise.plan"
FUNDING = "enterprise.funding"
DISBURSED = "enterprise.disbursed"
LOAN = "enterprise.loan"
REPAYMENT = "enterprise.repayment"
VISIT = "enterprise.visit"


def _of_case(stmt, *, via_funding=False, via_loan=False):
    """`stmt` joined up to the enterprise and kept to the case's."""
    if via_loan:
        stmt = stmt.join(FundingSource, FundingSource.id == Loan.funding_id)
    if via_funding or via_loan:
        stmt = stmt.join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
    return stmt.where(Enterprise.case_id == CASE_ID)


def _created_rows(_confidential):
    return select(
        *event_columns(Enterprise.created_by_id, name=Enterprise.name, sector=Enterprise.sector)
    ).where(Enterprise.case_id == CASE_ID)


def _stage_rows(_confidential):
    return (
        select(
            CaseEvent.actor_id.label("actor_id"),
            CaseEvent.data.op("||")(json_object(name=Enterprise.name)).label("data"),
        )
        .join(Enterprise, Enterprise.id == cast(CaseEvent.data["enterprise_id"].astext, Integer))
        .where(CaseEvent.case_id == CASE_ID, CaseEvent.kind == STAGE_CHANGED)
    )


def _plan_rows(_confidential):
    return (
        select(
            *event_columns(
                BusinessPlan.created_by_id,
                name=Enterprise.name,
                version=BusinessPlan.version,
                amount=cast(BusinessPlan.total_investment, String),
                currency=BusinessPlan.currency,
            )
        )
        .join(Enterprise, Enterprise.id == BusinessPlan.enterprise_id)
        .where(Enterprise.case_id == CASE_ID)
    )


def _funding_rows(_confidential):
    return _of_case(
        select(
            *event_columns(
                None,
                name=Enterprise.name,
                kind=FundingSource.kind,
                amount=cast(FundingSource.amount, String),
                currency=FundingSource.currency,
                status=FundingSource.status,
            )
        ),
        via_funding=True,
    )


def _disbursement_rows(_confidential):
    return _of_case(
        select(
            *event_columns(
                Disbursement.recorded_by_id,
                name=Enterprise.name,
                kind=FundingSource.kind,
                amount=cast(Disbursement.amount, String),
                currency=FundingSource.currency,
                on=Disbursement.disbursed_on,
            )
        ).join(FundingSource, FundingSource.id == Disbursement.funding_id),
        via_funding=True,
    )


def _loan_rows(_confidential):
    return _of_case(
        select(
            *event_columns(
                None,
                name=Enterprise.name,
                amount=cast(Loan.principal, String),
                currency=Loan.currency,
                rate=cast(Loan.annual_rate, String),
                term=Loan.term_months,
                method=Loan.method,
            )
        ),
        via_loan=True,
    )


def _repayment_rows(_confidential):
    return _of_case(
        select(
            *event_columns(
                Repayment.recorded_by_id,
                name=Enterprise.name,
                amount=cast(Repayment.amount, String),
                currency=Loan.currency,
                on=Repayment.paid_on,
                is_reversal=Repayment.reverses_id.is_not(None),
            )
        ).join(Loan, Loan.id == Repayment.loan_id),
        via_loan=True,
    )


def _visit_rows(_confidential):
    return (
        select(
            *event_columns(
                FollowUpVisit.recorded_by_id,
                name=Enterprise.name,
                on=FollowUpVisit.visited_on,
                due_month=FollowUpVisit.due_month,
                is_operating=FollowUpVisit.is_operating,
                next_steps=func.left(FollowUpVisit.next_steps, EXCERPT + 1),
            )
        )
        .join(Enterprise, Enterprise.id == FollowUpVisit.enterprise_id)
        .where(Enterprise.case_id == CASE_ID)
    )


TIMELINE = (
    TimelineSource(
        "enterprises", Enterprise.created_at, event_kind(CREATED), Enterprise.id, _created_rows
    ),
    TimelineSource(
        "enterprise stages", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, _stage_rows
    ),
    TimelineSource(
        "business plans", BusinessPlan.created_at, event_kind(PLAN), BusinessPlan.id, _plan_rows
    ),
    TimelineSource(
        "enterprise funding",
        FundingSource.created_at,
        event_kind(FUNDING),
        FundingSource.id,
        _funding_rows,
    ),
    TimelineSource(
        "disbursements",
        Disbursement.recorded_at,
        event_kind(DISBURSED),
        Disbursement.id,
        _disbursement_rows,
    ),
    TimelineSource("loans", Loan.created_at, event_kind(LOAN), Loan.id, _loan_rows),
    TimelineSource(
        "repayments", Repayment.recorded_at, event_kind(REPAYMENT), Repayment.id, _repayment_rows
    ),
    TimelineSource(
        "follow-up visits",
        FollowUpVisit.recorded_at,
        event_kind(VISIT),
        FollowUpVisit.id,
        _visit_rows,
    ),
)


def _excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _money(d) -> str:
    return format_money(Decimal(d.amount), d.currency)


def _day(value: str | None) -> str:
    return format_date(date.fromisoformat(value)) if value else ""


def _describe_created(d):
    title = message_with(_("Business added: %(name)s"), name=d.name)
    return title, IsicSection(d.sector).label


def _describe_stage(d):
    title = message_with(
        _("Business “%(name)s”: %(from)s → %(to)s"),
        name=d.name,
        **{"from": EnterpriseStage(d["from"]).label, "to": EnterpriseStage(d.to).label},
    )
    return title, ""


def _describe_plan(d):
    title = message_with(
        _("Business plan of “%(name)s”, version %(version)s"), name=d.name, version=d.version
    )
    return title, message_with(_("Total investment %(amount)s"), amount=_money(d))


def _describe_funding(d):
    title = message_with(
        _("Funding for “%(name)s”: %(kind)s, %(amount)s"),
        name=d.name,
        kind=FundingKind(d.kind).label,
        amount=_money(d),
    )
    return title, FundingStatus(d.status).label


def _describe_disbursement(d):
    title = message_with(
        _("Funding paid out for “%(name)s”: %(amount)s (%(kind)s)"),
        name=d.name,
        amount=_money(d),
        kind=FundingKind(d.kind).label,
    )
    return title, _day(d.on)


def _describe_loan(d):
    title = message_with(_("Micro-loan for “%(name)s”: %(amount)s"), name=d.name, amount=_money(d))
    detail = message_with(
        _("%(rate)s %% a year, %(term)s months, %(method)s"),
        rate=d.rate,
        term=d.term,
        method=LoanMethod(d.method).label,
    )
    return title, detail


def _describe_repayment(d):
    message = (
        _("Repayment reversed on the loan of “%(name)s”: %(amount)s")
        if d.is_reversal
        else _("Loan repayment for “%(name)s”: %(amount)s")
    )
    return message_with(message, name=d.name, amount=_money(d)), _day(d.on)


def _describe_visit(d):
    title = message_with(
        _("Follow-up visit to “%(name)s”: %(state)s"),
        name=d.name,
        state=_("operating") if d.is_operating else _("not operating"),
    )
    return title, _excerpt(d.next_steps)


EVENTS = (
    EventKind(CREATED, "enterprise", _describe_created),
    EventKind(STAGE_CHANGED, "enterprise", _describe_stage),
    EventKind(PLAN, "enterprise", _describe_plan),
    EventKind(FUNDING, "enterprise", _describe_funding),
    EventKind(DISBURSED, "enterprise", _describe_disbursement),
    EventKind(LOAN, "enterprise", _describe_loan),
    EventKind(REPAYMENT, "enterprise", _describe_repayment),
    EventKind(VISIT, "enterprise", _describe_visit),
)


# --- the subject-access record and erasure ------------------------------------------------------


def _programme_names(ids) -> dict[int, str]:
    if not ids:
        return {}
    stmt, text = PROGRAMME_TEXT.joined(
        select(SupportProgramme.id), SupportProgramme.id, str(get_locale() or "es")
    )
    rows = db.session.execute(
        stmt.add_columns(text.name).where(SupportProgramme.id.in_(sorted(ids)))
    )
    return {row.id: row.name for row in rows}


def _record(returnee, case_ids, viewer) -> list[dict]:
    """The person's businesses on the viewer's visible cases, with their plans, training,
    funding, loans with repayments, and visits (one statement per kind of row)."""
    rows = db.session.execute(
        select(Enterprise, Case.reference)
        .join(Case, Case.id == Enterprise.case_id)
        .where(Enterprise.case_id.in_(case_ids))
        .order_by(Enterprise.id)
    ).all()
    if not rows:
        return []
    ids = [enterprise.id for enterprise, _reference in rows]
    plans, trainings, fundings, visits = (defaultdict(list) for _ in range(4))
    for plan in db.session.scalars(
        select(BusinessPlan)
        .where(BusinessPlan.enterprise_id.in_(ids))
        .order_by(BusinessPlan.version)
    ):
        plans[plan.enterprise_id].append(
            {
                "version": plan.version,
                "saved_at": plan.created_at,
                "description": plan.description,
                "currency": plan.currency,
                "total_investment": plan.total_investment,
                "own_contribution": plan.own_contribution,
                "monthly_revenue": plan.monthly_revenue,
                "monthly_costs": plan.monthly_costs,
            }
        )
    training_rows = db.session.scalars(
        select(EnterpriseTraining)
        .where(EnterpriseTraining.enterprise_id.in_(ids))
        .order_by(EnterpriseTraining.attended_on)
    ).all()
    names = _programme_names({t.programme_id for t in training_rows})
    for training in training_rows:
        trainings[training.enterprise_id].append(
            {
                "programme": names.get(training.programme_id, ""),
                "attended_on": training.attended_on,
                "is_completed": training.is_completed,
            }
        )
    sources = db.session.scalars(
        select(FundingSource).where(FundingSource.enterprise_id.in_(ids)).order_by(FundingSource.id)
    ).all()
    source_ids = [s.id for s in sources]
    paid_out = defaultdict(list)
    for row in db.session.scalars(
        select(Disbursement)
        .where(Disbursement.funding_id.in_(source_ids))
        .order_by(Disbursement.disbursed_on, Disbursement.id)
    ):
        paid_out[row.funding_id].append({"disbursed_on": row.disbursed_on, "amount": row.amount})
    loan_of = {
        loan.funding_id: loan
        for loan in db.session.scalars(select(Loan).where(Loan.funding_id.in_(source_ids)))
    }
    repaid = defaultdict(list)
    for row in db.session.scalars(
        select(Repayment)
        .where(Repayment.loan_id.in_([loan.id for loan in loan_of.values()]))
        .order_by(Repayment.paid_on, Repayment.id)
    ):
        repaid[row.loan_id].append(
            {
                "paid_on": row.paid_on,
                "amount": row.amount,
                "is_reversal": row.reverses_id is not None,
            }
        )
    for source in sources:
        item = {
            "kind": source.kind,
            "amount": source.amount,
            "currency": source.currency,
            "status": source.status,
            "note": source.note,
            "disbursements": paid_out[source.id],
        }
        loan = loan_of.get(source.id)
        if loan is not None:
            item["loan"] = {
                "principal": loan.principal,
                "currency": loan.currency,
                "annual_rate": loan.annual_rate,
                "term_months": loan.term_months,
                "grace_months": loan.grace_months,
                "method": loan.method,
                "disbursed_on": loan.disbursed_on,
                "written_off_on": loan.written_off_on,
                "write_off_reason": loan.write_off_reason,
                "repayments": repaid[loan.id],
            }
        fundings[source.enterprise_id].append(item)
    for visit in db.session.scalars(
        select(FollowUpVisit)
        .where(FollowUpVisit.enterprise_id.in_(ids))
        .order_by(FollowUpVisit.visited_on, FollowUpVisit.id)
    ):
        visits[visit.enterprise_id].append(
            {
                "visited_on": visit.visited_on,
                "due_month": visit.due_month,
                "is_operating": visit.is_operating,
                "monthly_revenue": visit.monthly_revenue,
                "currency": visit.currency,
                "jobs": visit.jobs,
                "problems": visit.problems,
                "next_steps": visit.next_steps,
            }
        )
    return [
        {
            "case": reference,
            "name": e.name,
            "sector": e.sector,
            "region": codes.region(e.region_code),
            "stage": e.stage,
            "launched_on": e.launched_on,
            "closed_on": e.closed_on,
            "tax_id": e.tax_id,
            "registered_on": e.registered_on,
            "jobs": e.jobs,
            "plans": plans[e.id],
            "trainings": trainings[e.id],
            "funding": fundings[e.id],
            "visits": visits[e.id],
        }
        for e, reference in rows
    ]


SUBJECT = (SubjectSection("enterprise", 57, _l("Businesses"), _record, "enterprise/_record.html"),)


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
