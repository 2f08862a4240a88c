"""Matching's tables: the weights as data, the decisions taken on matches, and placements.

Weights: each save adds a version, the newest of a kind is the current set. Rows are never
changed or deleted, so the version a match was scored with can always be shown again; with no
row for a kind, the defaults shipped in `scorer_weights` are the current set. Decisions are a
history too (a row per decision); a placement hangs on the "hired" decision that recorded it."""

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
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.auth.models import User
from returnsvc.core.db import utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

KINDS = ("demand", "opportunity")


class MatchingWeights(db.Model):
    """One version of the weights of a kind: {component: integer}, summing to 100."""

    __tablename__ = "matching_weights"
    __table_args__ = (
        CheckConstraint("kind IN ('demand', 'opportunity')", name="kind"),
        CheckConstraint("version > 0", name="version_positive"),
        # Also the index "the newest version of a kind" walks.
        UniqueConstraint("kind", "version", name="uq_matching_weights_kind_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    # 1, 2, 3... per kind; the scorer's Weights carry it as text (the shipped set's is a name).
    version: Mapped[int]
    values: Mapped[dict] = mapped_column(JSONB)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<MatchingWeights {self.kind} v{self.version}>"


class DecisionStatus(LabelledEnum):
    """Where a match stands for the person. Jobs go shortlisted -> referred / applied ->
    interview -> hired; business opportunities shortlisted -> referred -> business started;
    any open one may be dismissed (with a reason) and a dismissed one shortlisted again."""

    SHORTLISTED = "shortlisted", _l("Shortlisted")
    REFERRED = "referred", _l("Referred")
    APPLIED = "applied", _l("Applied")
    INTERVIEW = "interview", _l("Interview")
    HIRED = "hired", _l("Hired")
    BUSINESS_STARTED = "business_started", _l("Business started")
    DISMISSED = "dismissed", _l("Dismissed")


class ContractType(LabelledEnum):
    PERMANENT = "permanent", _l("Permanent")
    FIXED_TERM = "fixed_term", _l("Fixed term")
    SEASONAL = "seasonal", _l("Seasonal or by the job")
    APPRENTICESHIP = "apprenticeship", _l("Apprenticeship or traineeship")
    VERBAL = "verbal", _l("Verbal agreement, nothing written")


class WagePeriod(LabelledEnum):
    MONTH = "month", _l("per month")
    WEEK = "week", _l("per week")
    DAY = "day", _l("per day")
    HOUR = "hour", _l("per hour")


class MatchDecision(db.Model):
    """One decision on one match of a case, never changed: the latest row of a (case, kind,
    entry) is where the match stands, the earlier ones its history. The score, its components,
    reasons and gaps and the weights version are those at decision time, and the entry's
    title is copied, so a later guide edition or new weights do not rewrite history."""

    __tablename__ = "match_decision"
    __table_args__ = (
        CheckConstraint("kind IN ('demand', 'opportunity')", name="kind"),
        CheckConstraint("score BETWEEN 0 AND 100", name="score"),
        Index("ix_match_decision_case_entry", "case_id", "kind", "entry_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(Text)
    # No foreign key: the guide entry may leave with its edition; the copy below stays.
    entry_id: Mapped[int]
    entry_title: Mapped[str] = mapped_column(Text)
    entry_isco: Mapped[str] = mapped_column(String(4), default="", server_default="")
    status: Mapped[DecisionStatus] = mapped_column(
        enum_column_type(DecisionStatus, "decision_status")
    )
    score: Mapped[int] = mapped_column(SmallInteger)
    components: Mapped[list] = mapped_column(JSONB)
    reasons: Mapped[list] = mapped_column(JSONB)
    gaps: Mapped[list] = mapped_column(JSONB)
    weights_version: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    decided_by: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<MatchDecision {self.id} {self.kind}:{self.entry_id} {self.status}>"


class Placement(db.Model):
    """A job found through a match ("hired"): who employs the person, from when, for what pay
    (Decimal and currency), under what contract, formal or not, how many hours a week."""

    __tablename__ = "placement"
    __table_args__ = (
        CheckConstraint("wage IS NULL OR wage >= 0", name="wage_not_negative"),
        CheckConstraint("(wage IS NULL) = (currency IS NULL)", name="wage_has_currency"),
        CheckConstraint("hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 98", name="hours"),
        CheckConstraint("employer_name <> ''", name="employer"),
        Index("ix_placement_case", "case_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("match_decision.id", ondelete="CASCADE"), unique=True
    )
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    employer_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    job_title: Mapped[str] = mapped_column(Text, default="", server_default="")
    start_date: Mapped[date] = mapped_column(Date)
    wage: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    wage_period: Mapped[WagePeriod] = mapped_column(
        enum_column_type(WagePeriod, "wage_period"), default=WagePeriod.MONTH
    )
    contract_type: Mapped[ContractType] = mapped_column(
        enum_column_type(ContractType, "contract_type")
    )
    is_formal: Mapped[bool]
    hours_per_week: Mapped[int | None] = mapped_column(SmallInteger)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner = relationship("Partner", lazy="raise")

    def __repr__(self) -> str:
        return f"<Placement {self.id} case={self.case_id} from {self.start_date}>"
