"""The person's business in their own portal (/my/business, issue #17): each of their
businesses with its stage in plain words, for each of its loans the next repayment (day and
amount, from the loan's schedule and what was repaid: loans.position, as the Enterprise tab
computes it) or what is late, and the day of the last follow-up visit.

Four statements whatever the number of businesses, loans and repayments. A written-off loan
is not shown (nothing is asked of the person any more). Hidden without a business.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.enterprise import loans
from returnsvc.enterprise.funding import terms_of
from returnsvc.enterprise.models import (
    Enterprise,
    EnterpriseStage,
    FollowUpVisit,
    FundingSource,
    Loan,
    Repayment,
)
from returnsvc.extensions import db
from returnsvc.partners.models import Partner

KEY = "business"

# Where the business is, said to the person.
STAGE_WORDS = {
    EnterpriseStage.IDEA: _l("An idea: you are thinking about the business you want."),
    EnterpriseStage.PLAN: _l("The plan: you write down with your counsellor how it will work."),
    EnterpriseStage.TRAINING: _l("Learning: you are taking a course to run your business."),
    EnterpriseStage.FINANCING: _l("Looking for the money to start."),
    EnterpriseStage.LAUNCHED: _l("Open: your business has started."),
    EnterpriseStage.OPERATING: _l("Working: your business is running."),
    EnterpriseStage.PAUSED: _l("Stopped for now."),
    EnterpriseStage.CLOSED: _l("Closed."),
}


@dataclass(frozen=True)
class LoanForYou:
    lender: str  # who lent it ("" when not recorded)
    currency: str
    late_amount: Decimal  # due by today and not paid (0: nothing late)
    late_since: date | None  # the due day of the oldest unpaid instalment, when late
    days_late: int
    next_on: date | None  # the next instalment still to pay, after today
    next_amount: Decimal | None
    repaid: bool  # everything paid

    @property
    def is_late(self) -> bool:
        return self.late_amount > 0 and self.days_late > 0

    @property
    def due_today(self) -> bool:
        return self.late_amount > 0 and self.days_late == 0


@dataclass
class BusinessForYou:
    enterprise: Enterprise
    loans: list = field(default_factory=list)  # LoanForYou
    last_visit: date | None = None

    @property
    def stage_words(self):
        return STAGE_WORDS[self.enterprise.stage]

    @property
    def is_late(self) -> bool:
        return any(loan.is_late for loan in self.loans)


@dataclass
class MyBusiness:
    businesses: list  # BusinessForYou, oldest first

    @property
    def late(self) -> bool:
        return any(b.is_late for b in self.businesses)


def loan_for_you(loan: Loan, lender: str, payments, today: date) -> LoanForYou:
    """Where a loan stands for the person today: what is late, and the next repayment."""
    position = loans.position(terms_of(loan), payments, today)
    upcoming = next(
        (i for i in position.instalments if not i.fully_paid and i.due_on > today), None
    )
    unpaid = position.next_due
    return LoanForYou(
        lender=lender,
        currency=loan.currency,
        late_amount=position.overdue_amount,
        late_since=unpaid.due_on if unpaid is not None and position.overdue_amount else None,
        days_late=position.days_past_due,
        next_on=upcoming.due_on if upcoming is not None else None,
        next_amount=upcoming.left if upcoming is not None else None,
        repaid=position.repaid,
    )


def businesses_of(case_id: int, today: date) -> list[BusinessForYou]:
    """The case's businesses, oldest first, with their loans and last visit: four
    statements."""
    found = {
        e.id: BusinessForYou(e)
        for e in db.session.scalars(
            select(Enterprise).where(Enterprise.case_id == case_id).order_by(Enterprise.id)
        )
    }
    if not found:
        return []
    ids = list(found)
    rows = db.session.execute(
        select(Loan, FundingSource.enterprise_id, Partner.name)
        .join(FundingSource, FundingSource.id == Loan.funding_id)
        .outerjoin(Partner, Partner.id == Loan.lender_id)
        .where(FundingSource.enterprise_id.in_(ids), Loan.written_off_on.is_(None))
        .order_by(Loan.disbursed_on, Loan.id)
    ).all()
    repaid = defaultdict(list)
    if rows:
        repayments = db.session.execute(
            select(Repayment.id, Repayment.loan_id, Repayment.paid_on, Repayment.amount,
                   Repayment.reverses_id)
            .where(Repayment.loan_id.in_([loan.id for loan, _e, _n in rows]))
            .order_by(Repayment.paid_on, Repayment.id)
        ).all()  # fmt: skip
        cancelled = {r.reverses_id for r in repayments if r.reverses_id} | {
            r.id for r in repayments if r.reverses_id
        }
        for r in repayments:
            if r.id not in cancelled:
                repaid[r.loan_id].append(loans.Payment(r.paid_on, r.amount))
    for loan, enterprise_id, lender in rows:
        found[enterprise_id].loans.append(loan_for_you(loan, lender or "", repaid[loan.id], today))
    for enterprise_id, visited_on in db.session.execute(
        select(FollowUpVisit.enterprise_id, func.max(FollowUpVisit.visited_on))
        .where(FollowUpVisit.enterprise_id.in_(ids))
        .group_by(FollowUpVisit.enterprise_id)
    ):
        found[enterprise_id].last_visit = visited_on
    return list(found.values())


def load(case, returnee, viewer) -> MyBusiness | None:
    """The person's businesses (None: no case, or no business)."""
    if case is None:
        return None
    found = businesses_of(case.id, local_today())
    return MyBusiness(found) if found else None
