"""Micro-enterprises of returnees: the business, its plan (versions kept), the training its owner
attended, its funding (sources and disbursements), micro-loans and their repayments, and the
follow-up visits after launch.

Money is Numeric(14, 2) next to a currency code on every amount, never float. Loans keep their
terms only: the repayment schedule, arrears and balances are computed from the terms and the
repayments by `loans.py` (pure), so a recorded repayment can never disagree with a stored
schedule.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import IsicSection, LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

_AMOUNT = "({0} IS NULL OR {0} >= 0)"


class EnterpriseStage(LabelledEnum):
    IDEA = "idea", _l("Idea")
    PLAN = "plan", _l("Business plan")
    TRAINING = "training", _l("Training")
    FINANCING = "financing", _l("Financing")
    LAUNCHED = "launched", _l("Launched")
    OPERATING = "operating", _l("Operating")
    PAUSED = "paused", _l("Paused")
    CLOSED = "closed", _l("Closed")


# Where an enterprise may go next: the road from idea to operating (training may be skipped),
# a pause from any open stage and back to where it was or later, and closing from anywhere.
_ROAD = (
    EnterpriseStage.IDEA,
    EnterpriseStage.PLAN,
    EnterpriseStage.TRAINING,
    EnterpriseStage.FINANCING,
    EnterpriseStage.LAUNCHED,
    EnterpriseStage.OPERATING,
)
TRANSITIONS: dict[EnterpriseStage, tuple[EnterpriseStage, ...]] = {
    stage: (
        *_ROAD[i + 1 : i + 3 if stage is EnterpriseStage.PLAN else i + 2],
        EnterpriseStage.PAUSED,
        EnterpriseStage.CLOSED,
    )
    for i, stage in enumerate(_ROAD)
}
TRANSITIONS[EnterpriseStage.OPERATING] = (EnterpriseStage.PAUSED, EnterpriseStage.CLOSED)
TRANSITIONS[EnterpriseStage.PAUSED] = (*_ROAD, EnterpriseStage.CLOSED)
TRANSITIONS[EnterpriseStage.CLOSED] = ()


class FundingKind(LabelledEnum):
    OWN_SAVINGS = "own_savings", _l("Own savings")
    APRE = "apre", _l("APRE payment")
    SEED_GRANT = "seed_grant", _l("Seed-capital grant")
    MICRO_LOAN = "micro_loan", _l("Micro-loan")
    FAMILY = "family", _l("Family")
    OTHER = "other", _l("Other")


class FundingStatus(LabelledEnum):
    REQUESTED = "requested", _l("Requested")
    APPROVED = "approved", _l("Approved")
    DISBURSED = "disbursed", _l("Disbursed")
    REFUSED = "refused", _l("Refused")


class LoanMethod(LabelledEnum):
    FLAT = "flat", _l("Flat rate")
    DECLINING = "declining", _l("Declining balance")


class Enterprise(TimestampMixin, VersionedMixin, db.Model):
    """A returnee's business, on one case (a case may have more than one)."""

    __tablename__ = "enterprise"
    __table_args__ = (
        Index("ix_enterprise_case", "case_id", "id"),
        Index("ix_enterprise_launched", "launched_on"),
        CheckConstraint(
            "jobs_owner >= 0 AND jobs_family_women >= 0 AND jobs_family_men >= 0"
            " AND jobs_employees_women >= 0 AND jobs_employees_men >= 0",
            name="jobs_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[IsicSection] = mapped_column(enum_column_type(IsicSection, "isic_section"))
    region_code: Mapped[str] = mapped_column(String(10), default="", server_default="")
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("business_opportunity.id", ondelete="SET NULL")
    )
    stage: Mapped[EnterpriseStage] = mapped_column(
        enum_column_type(EnterpriseStage, "enterprise_stage"), default=EnterpriseStage.IDEA
    )
    launched_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    tax_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    registered_on: Mapped[date | None] = mapped_column(Date)
    jobs_owner: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    jobs_family_women: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    jobs_family_men: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    jobs_employees_women: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    jobs_employees_men: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    @property
    def jobs(self) -> int:
        return (
            self.jobs_owner + self.jobs_family_women + self.jobs_family_men
            + self.jobs_employees_women + self.jobs_employees_men
        )  # fmt: skip

    def __repr__(self) -> str:
        return f"<Enterprise {self.id} case={self.case_id} {self.stage}>"


class BusinessPlan(db.Model):
    """One version of an enterprise's business plan; a revision adds a version, the first one
    is never overwritten."""

    __tablename__ = "business_plan"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "version", name="uq_business_plan_version"),
        CheckConstraint(
            "total_investment >= 0 AND own_contribution >= 0 AND monthly_revenue >= 0"
            " AND monthly_costs >= 0",
            name="amounts_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"))
    version: Mapped[int]
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    currency: Mapped[str] = mapped_column(String(3))
    total_investment: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    own_contribution: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal(0))
    monthly_revenue: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    monthly_costs: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<BusinessPlan {self.enterprise_id} v{self.version}>"


class EnterpriseTraining(db.Model):
    """Entrepreneurship training the owner attended (a support programme of kind training)."""

    __tablename__ = "enterprise_training"
    __table_args__ = (
        UniqueConstraint("enterprise_id", "programme_id", name="uq_enterprise_training"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"))
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("support_programme.id", ondelete="RESTRICT")
    )
    attended_on: Mapped[date] = mapped_column(Date)
    is_completed: Mapped[bool] = mapped_column(default=False, server_default="false")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FundingSource(TimestampMixin, VersionedMixin, db.Model):
    """Money for the business plan: from where, how much, from whom, where it stands."""

    __tablename__ = "funding_source"
    __table_args__ = (
        Index("ix_funding_source_enterprise", "enterprise_id", "id"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"))
    kind: Mapped[FundingKind] = mapped_column(enum_column_type(FundingKind, "funding_kind"))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("support_programme.id", ondelete="SET NULL")
    )
    status: Mapped[FundingStatus] = mapped_column(
        enum_column_type(FundingStatus, "funding_status"), default=FundingStatus.REQUESTED
    )
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    disbursements = relationship(
        "Disbursement", order_by="Disbursement.disbursed_on", lazy="raise", viewonly=True
    )

    def __repr__(self) -> str:
        return f"<FundingSource {self.id} {self.kind} {self.amount} {self.currency}>"


class Disbursement(db.Model):
    """Money of a funding source actually paid out: when, how much, recorded by whom."""

    __tablename__ = "disbursement"
    __table_args__ = (
        Index("ix_disbursement_funding", "funding_id", "disbursed_on"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    funding_id: Mapped[int] = mapped_column(ForeignKey("funding_source.id", ondelete="CASCADE"))
    disbursed_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    paid_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Loan(TimestampMixin, VersionedMixin, db.Model):
    """The terms of a micro-loan (a funding source of kind micro-loan); its schedule, arrears
    and balance are computed (loans.py) from these terms and its repayments."""

    __tablename__ = "loan"
    __table_args__ = (
        CheckConstraint("principal > 0", name="principal_positive"),
        CheckConstraint("annual_rate >= 0 AND annual_rate <= 200", name="rate"),
        CheckConstraint("term_months BETWEEN 1 AND 120", name="term"),
        CheckConstraint("grace_months >= 0 AND grace_months < term_months", name="grace"),
        CheckConstraint(
            "outstanding_principal >= 0 AND outstanding_principal <= principal",
            name="outstanding",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    funding_id: Mapped[int] = mapped_column(
        ForeignKey("funding_source.id", ondelete="CASCADE"), unique=True
    )
    principal: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    annual_rate: Mapped[Decimal] = mapped_column(Numeric(6, 2))  # nominal, percent
    term_months: Mapped[int] = mapped_column(SmallInteger)
    method: Mapped[LoanMethod] = mapped_column(enum_column_type(LoanMethod, "loan_method"))
    grace_months: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    disbursed_on: Mapped[date] = mapped_column(Date)
    lender_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    written_off_on: Mapped[date | None] = mapped_column(Date)
    written_off_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    write_off_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Where the loan stands, kept by funding.refresh_loan_state with every repayment and
    # reversal (both follow from the total repaid alone): the principal still owed, and the due
    # date of the oldest instalment not fully paid (None once repaid). Days past due on a day
    # is that day minus this date; the figures aggregate these instead of every schedule.
    outstanding_principal: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    first_unpaid_due: Mapped[date | None] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"<Loan {self.id} {self.principal} {self.currency}>"


class Repayment(db.Model):
    """Money repaid on a loan; allocated to interest then principal, oldest instalment first,
    when the loan's position is computed. Never changed: a mistake is corrected by a
    reversal (a later row with `reverses_id`)."""

    __tablename__ = "repayment"
    __table_args__ = (
        Index("ix_repayment_loan", "loan_id", "paid_on", "id"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id", ondelete="CASCADE"))
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("repayment.id", ondelete="RESTRICT"), unique=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


VISIT_MONTHS = (3, 6, 12, 24)  # follow-up visits due this many months after launch


class FollowUpVisit(db.Model):
    """A visit to a launched business: operating or not, revenue, jobs, problems, next steps.
    `due_month` is the scheduled visit it answers (3, 6, 12 or 24 months after launch), or
    None for a visit between them."""

    __tablename__ = "follow_up_visit"
    __table_args__ = (
        Index("ix_follow_up_visit_enterprise", "enterprise_id", "visited_on"),
        CheckConstraint("due_month IS NULL OR due_month IN (3, 6, 12, 24)", name="due_month"),
        CheckConstraint(_AMOUNT.format("monthly_revenue"), name="revenue_not_negative"),
        CheckConstraint("jobs IS NULL OR jobs >= 0", name="jobs_not_negative"),
        UniqueConstraint("enterprise_id", "due_month", name="uq_follow_up_visit_due_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id", ondelete="CASCADE"))
    due_month: Mapped[int | None] = mapped_column(SmallInteger)
    visited_on: Mapped[date] = mapped_column(Date)
    is_operating: Mapped[bool]
    monthly_revenue: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    jobs: Mapped[int | None] = mapped_column(SmallInteger)
    problems: Mapped[str] = mapped_column(Text, default="", server_default="")
    next_steps: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
