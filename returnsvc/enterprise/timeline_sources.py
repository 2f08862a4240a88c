"""Micro-enterprise support's events on the case timeline: the rows each source reads
(businesses created, stage changes, plan versions, funding added and disbursed, loans,
repayments and reversals, follow-up visits), all kept to the case, and how each kind of event
reads. Registered with the rest of the enterprise contributions (enterprise.contributions)."""

from datetime import date
from decimal import Decimal

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from sqlalchemy import Integer, String, cast, func, select

from returnsvc.cases.models import CaseEvent
from returnsvc.cases.workspace import CASE_ID, event_columns, json_object
from returnsvc.core.enums import IsicSection
from returnsvc.core.i18n import message_with
from returnsvc.core.money import format_money
from returnsvc.enterprise.funding import WRITTEN_OFF
from returnsvc.enterprise.models import (
    BusinessPlan,
    Disbursement,
    Enterprise,
    EnterpriseStage,
    FollowUpVisit,
    FundingKind,
    FundingSource,
    FundingStatus,
    Loan,
    LoanMethod,
    Repayment,
)
from returnsvc.enterprise.services import STAGE_CHANGED

CREATED = "enterprise.created"
PLAN = "enterprise.plan"
FUNDING = "enterprise.funding"
DISBURSED = "enterprise.disbursed"
LOAN = "enterprise.loan"
REPAYMENT = "enterprise.repayment"
VISIT = "enterprise.visit"
EXCERPT = 240


def _of_case(stmt, *, via_funding=False, via_loan=False):
    """`stmt` joined up to the enterprise and kept to the case's."""
    if via_loan:
        stmt = stmt.join(FundingSource, FundingSource.id == Loan.funding_id)
    if via_funding or via_loan:
        stmt = stmt.join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
    return stmt.where(Enterprise.case_id == CASE_ID)


def created_rows(_confidential):
    return select(
        *event_columns(Enterprise.created_by_id, name=Enterprise.name, sector=Enterprise.sector)
    ).where(Enterprise.case_id == CASE_ID)


def stage_rows(_confidential):
    return (
        select(
            CaseEvent.actor_id.label("actor_id"),
            CaseEvent.data.op("||")(json_object(name=Enterprise.name)).label("data"),
        )
        .join(Enterprise, Enterprise.id == cast(CaseEvent.data["enterprise_id"].astext, Integer))
        .where(CaseEvent.case_id == CASE_ID, CaseEvent.kind.in_((STAGE_CHANGED, WRITTEN_OFF)))
    )


def plan_rows(_confidential):
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


def funding_rows(_confidential):
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


def disbursement_rows(_confidential):
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


def loan_rows(_confidential):
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


def repayment_rows(_confidential):
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


def visit_rows(_confidential):
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


def _excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _money(d) -> str:
    return format_money(Decimal(d.amount), d.currency)


def _day(value: str | None) -> str:
    return format_date(date.fromisoformat(value)) if value else ""


def describe_created(d):
    title = message_with(_("Business added: %(name)s"), name=d.name)
    return title, IsicSection(d.sector).label


def describe_stage(d):
    title = message_with(
        _("Business “%(name)s”: %(from)s → %(to)s"),
        name=d.name,
        **{"from": EnterpriseStage(d["from"]).label, "to": EnterpriseStage(d.to).label},
    )
    return title, ""


def describe_written_off(d):
    """A manager wrote off what a micro-loan still owed (the reason stays on the loan, which
    erasure can blank; the event keeps amounts and ids only)."""
    title = message_with(
        _("Micro-loan of “%(name)s” written off: %(amount)s outstanding"),
        name=d.name,
        amount=format_money(Decimal(d.outstanding), d.currency),
    )
    return title, ""


def describe_plan(d):
    title = message_with(
        _("Business plan of “%(name)s”, version %(version)s"), name=d.name, version=d.version
    )
    return title, message_with(_("Total investment %(amount)s"), amount=_money(d))


def describe_funding(d):
    title = message_with(
        _("Funding for “%(name)s”: %(kind)s, %(amount)s"),
        name=d.name,
        kind=FundingKind(d.kind).label,
        amount=_money(d),
    )
    return title, FundingStatus(d.status).label


def describe_disbursement(d):
    title = message_with(
        _("Funding paid out for “%(name)s”: %(amount)s (%(kind)s)"),
        name=d.name,
        amount=_money(d),
        kind=FundingKind(d.kind).label,
    )
    return title, _day(d.on)


def describe_loan(d):
    title = message_with(_("Micro-loan for “%(name)s”: %(amount)s"), name=d.name, amount=_money(d))
    detail = message_with(
        _("%(rate)s %% a year, %(term)s months, %(method)s"),
        rate=format_decimal(Decimal(d.rate)) if d.rate is not None else "",
        term=d.term,
        method=LoanMethod(d.method).label,
    )
    return title, detail


def describe_repayment(d):
    message = (
        _("Repayment reversed on the loan of “%(name)s”: %(amount)s")
        if d.is_reversal
        else _("Loan repayment for “%(name)s”: %(amount)s")
    )
    return message_with(message, name=d.name, amount=_money(d)), _day(d.on)


def describe_visit(d):
    title = message_with(
        _("Follow-up visit to “%(name)s”: %(state)s"),
        name=d.name,
        state=_("operating") if d.is_operating else _("not operating"),
    )
    return title, _excerpt(d.next_steps)
