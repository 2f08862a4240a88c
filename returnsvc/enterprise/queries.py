"""Reads for the Enterprise tab: a case's enterprises with their plan versions, training,
funding (with disbursements), loans (their computed position) and visits (the visits due on a
counsellor's home are in follow_up.py). A fixed number of statements whatever the number of
rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from returnsvc.enterprise import loans
from returnsvc.enterprise.funding import terms_of
from returnsvc.enterprise.models import (
    VISIT_MONTHS,
    BusinessPlan,
    Disbursement,
    Enterprise,
    EnterpriseTraining,
    FollowUpVisit,
    FundingSource,
    FundingStatus,
    Loan,
    Repayment,
)
from returnsvc.enterprise.services import break_even_month
from returnsvc.extensions import db
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme


def months_after(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    return loans.due_date(day, months)


@dataclass
class LoanView:
    loan: Loan
    position: loans.Position
    repayments: list  # Repayment rows, newest first (reversals included)
    reversed_ids: set


@dataclass
class FundingView:
    funding: FundingSource
    disbursed: Decimal
    disbursements: list
    loan: LoanView | None = None


@dataclass
class EnterpriseView:
    enterprise: Enterprise
    plans: list = field(default_factory=list)  # newest first
    trainings: list = field(default_factory=list)  # (EnterpriseTraining, programme name)
    funding: list = field(default_factory=list)  # FundingView
    visits: list = field(default_factory=list)  # newest first
    due_visits: list = field(default_factory=list)  # (month, due date) not recorded yet

    @property
    def plan(self):
        return self.plans[0] if self.plans else None

    @property
    def break_even(self):
        return break_even_month(self.plan) if self.plan else None

    def funded(self) -> dict[str, Decimal]:
        """{currency: approved or disbursed funding}: what the plan can count on."""
        found: dict[str, Decimal] = defaultdict(Decimal)
        for view in self.funding:
            if view.funding.status in (FundingStatus.APPROVED, FundingStatus.DISBURSED):
                found[view.funding.currency] += view.funding.amount
        return dict(found)


def _programme_names(ids, locale: str) -> dict[int, str]:
    if not ids:
        return {}
    stmt, text = PROGRAMME_TEXT.joined(select(SupportProgramme), SupportProgramme.id, locale)
    rows = db.session.execute(
        stmt.with_only_columns(SupportProgramme.id, text.name).where(
            SupportProgramme.id.in_(sorted(ids))
        )
    )
    return {row.id: row.name for row in rows}


def enterprises_of(case_id: int, today: date, locale: str) -> list[EnterpriseView]:
    """The case's enterprises, oldest first, with everything the tab shows: nine statements."""
    enterprises = list(
        db.session.scalars(
            select(Enterprise).where(Enterprise.case_id == case_id).order_by(Enterprise.id)
        )
    )
    if not enterprises:
        return []
    views = {e.id: EnterpriseView(e) for e in enterprises}
    ids = list(views)
    for plan in db.session.scalars(
        select(BusinessPlan)
        .where(BusinessPlan.enterprise_id.in_(ids))
        .order_by(BusinessPlan.version.desc())
    ):
        views[plan.enterprise_id].plans.append(plan)
    trainings = list(
        db.session.scalars(
            select(EnterpriseTraining)
            .where(EnterpriseTraining.enterprise_id.in_(ids))
            .order_by(EnterpriseTraining.attended_on)
        )
    )
    names = _programme_names({t.programme_id for t in trainings}, locale)
    for training in trainings:
        views[training.enterprise_id].trainings.append(
            (training, names.get(training.programme_id, ""))
        )
    fundings = list(
        db.session.scalars(
            select(FundingSource)
            .where(FundingSource.enterprise_id.in_(ids))
            .order_by(FundingSource.id)
        )
    )
    funding_ids = [f.id for f in fundings]
    paid_out = defaultdict(list)
    for row in db.session.scalars(
        select(Disbursement)
        .where(Disbursement.funding_id.in_(funding_ids))
        .order_by(Disbursement.disbursed_on, Disbursement.id)
    ):
        paid_out[row.funding_id].append(row)
    loans_by_funding = {
        loan.funding_id: loan
        for loan in db.session.scalars(select(Loan).where(Loan.funding_id.in_(funding_ids)))
    }
    repayments = defaultdict(list)
    for row in db.session.scalars(
        select(Repayment)
        .where(Repayment.loan_id.in_([loan.id for loan in loans_by_funding.values()]))
        .order_by(Repayment.paid_on, Repayment.id)
    ):
        repayments[row.loan_id].append(row)
    for funding in fundings:
        view = FundingView(
            funding, sum((d.amount for d in paid_out[funding.id]), Decimal(0)), paid_out[funding.id]
        )
        loan = loans_by_funding.get(funding.id)
        if loan is not None:
            rows = repayments[loan.id]
            cancelled = {r.reverses_id for r in rows if r.reverses_id} | {
                r.id for r in rows if r.reverses_id
            }
            payments = [loans.Payment(r.paid_on, r.amount) for r in rows if r.id not in cancelled]
            view.loan = LoanView(
                loan,
                loans.position(terms_of(loan), payments, today),
                list(reversed(rows)),
                {r.reverses_id for r in rows if r.reverses_id},
            )
        views[funding.enterprise_id].funding.append(view)
    for visit in db.session.scalars(
        select(FollowUpVisit)
        .where(FollowUpVisit.enterprise_id.in_(ids))
        .order_by(FollowUpVisit.visited_on.desc(), FollowUpVisit.id.desc())
    ):
        views[visit.enterprise_id].visits.append(visit)
    for view in views.values():
        launched = view.enterprise.launched_on
        if launched is None:
            continue
        done = {v.due_month for v in view.visits}
        view.due_visits = [
            (months, months_after(launched, months))
            for months in VISIT_MONTHS
            if months not in done
        ]
    return list(views.values())
