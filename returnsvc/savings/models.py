"""Savings of returnees: a savings plan per goal (several over time) and its ledger.

The ledger is append-only, and the database says so, not only the services: a trigger refuses
every UPDATE, DELETE and TRUNCATE of `savings_entry` whoever sends it (migration f3a7c1d9e285),
and another checks each reversal against the entry it reverses. A mistake is corrected by a
reversal that references the original; the balance is the sum of the entries.

The ledger holds no free text (codes, amounts, dates and ids only), so erasing a person never
needs to touch it; what is free text or identifying (the account's last digits) is on the plan.
Money is Numeric(14, 2) next to a currency code, never float.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db


class SavingsPurpose(LabelledEnum):
    ENTERPRISE_CAPITAL = "enterprise_capital", _l("Capital for a business")
    HOUSING = "housing", _l("Housing")
    EDUCATION = "education", _l("Education")
    EMERGENCY = "emergency", _l("Emergency fund")
    OTHER = "other", _l("Other goal")


class PlanStatus(LabelledEnum):
    ACTIVE = "active", _l("Active")
    CLOSED = "closed", _l("Closed")


class EntryKind(LabelledEnum):
    REMITTANCE = "remittance", _l("Deposit from remittance")
    WAGES = "wages", _l("Deposit from wages")
    APRE = "apre", _l("APRE payment")
    INTEREST = "interest", _l("Interest")
    WITHDRAWAL = "withdrawal", _l("Withdrawal")
    REVERSAL = "reversal", _l("Reversal")


# What the person put in (counted against the recommended monthly deposit); interest is not.
DEPOSIT_KINDS = (EntryKind.REMITTANCE, EntryKind.WAGES, EntryKind.APRE)
CREDIT_KINDS = (*DEPOSIT_KINDS, EntryKind.INTEREST)


class RemittanceChannel(LabelledEnum):
    BANK = "bank", _l("Bank transfer")
    TRANSFER_OPERATOR = "operator", _l("Money transfer operator")
    MOBILE = "mobile", _l("Mobile or online service")
    POST = "post", _l("Post office")
    CARRIED = "carried", _l("Carried by hand")
    OTHER = "other", _l("Other channel")


class WithdrawalPurpose(LabelledEnum):
    BUSINESS = "business", _l("The business")
    HOUSING = "housing", _l("Housing")
    EDUCATION = "education", _l("Education")
    HEALTH = "health", _l("Health")
    HOUSEHOLD = "household", _l("Household needs")
    EMERGENCY = "emergency", _l("Emergency")
    OTHER = "other", _l("Other purpose")


class ReversalReason(LabelledEnum):
    WRONG_AMOUNT = "wrong_amount", _l("Wrong amount")
    WRONG_PLAN = "wrong_plan", _l("Recorded on the wrong plan")
    DUPLICATE = "duplicate", _l("Recorded twice")
    NOT_RECEIVED = "not_received", _l("Money not received")
    OTHER = "other", _l("Other mistake")


class SavingsPlan(TimestampMixin, VersionedMixin, db.Model):
    """A goal the person saves towards: how much by when, where, and what a month should add."""

    __tablename__ = "savings_plan"
    __table_args__ = (
        Index("ix_savings_plan_case", "case_id", "id"),
        CheckConstraint("target_amount > 0", name="target_positive"),
        CheckConstraint("recommended_monthly > 0", name="recommended_positive"),
        CheckConstraint("target_date > starts_on", name="target_after_start"),
        CheckConstraint("account_last4 ~ '^[0-9A-Za-z]{0,4}$'", name="account_last4"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    purpose: Mapped[SavingsPurpose] = mapped_column(
        enum_column_type(SavingsPurpose, "savings_purpose")
    )
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="SET NULL")
    )
    target_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    starts_on: Mapped[date] = mapped_column(Date)
    target_date: Mapped[date] = mapped_column(Date)
    recommended_monthly: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="SET NULL")
    )
    # Only the last characters of the account number are kept: enough to tell two accounts
    # apart on a receipt, useless to anyone who reads the record.
    account_last4: Mapped[str] = mapped_column(String(4), default="", server_default="")
    status: Mapped[PlanStatus] = mapped_column(
        enum_column_type(PlanStatus, "savings_plan_status"), default=PlanStatus.ACTIVE
    )
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    @property
    def masked_account(self) -> str:
        return f"•••• {self.account_last4}" if self.account_last4 else ""

    def __repr__(self) -> str:
        return f"<SavingsPlan {self.id} {self.target_amount} {self.currency}>"


class SavingsEntry(db.Model):
    """One movement of a plan's money, never changed once written.

    `amount` is signed in the plan's currency: credits positive, withdrawals negative, a
    reversal the exact opposite of the entry it reverses (`reverses_id`, at most once; a
    reversal is never reversed). A deposit sent in another currency keeps what was sent, in
    which currency, and the rate that gave the amount credited."""

    __tablename__ = "savings_entry"
    __table_args__ = (
        Index("ix_savings_entry_plan", "plan_id", "booked_on", "id"),
        Index("uq_savings_entry_reverses", "reverses_id", unique=True),
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        CheckConstraint(
            "(kind = 'withdrawal') = (amount < 0 AND reverses_id IS NULL) OR kind = 'reversal'",
            name="withdrawal_negative",
        ),
        CheckConstraint("(kind = 'reversal') = (reverses_id IS NOT NULL)", name="reversal_ref"),
        CheckConstraint(
            "(sent_amount IS NULL) = (sent_currency IS NULL)"
            " AND (sent_amount IS NULL) = (rate IS NULL)"
            " AND (sent_amount IS NULL OR (sent_amount > 0 AND rate > 0))",
            name="sent",
        ),
        CheckConstraint(
            "kind = 'withdrawal' OR withdrawal_purpose IS NULL", name="purpose_only_on_withdrawal"
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("savings_plan.id", ondelete="RESTRICT"))
    kind: Mapped[EntryKind] = mapped_column(enum_column_type(EntryKind, "savings_entry_kind"))
    booked_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3))
    sent_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    sent_currency: Mapped[str | None] = mapped_column(String(3))
    rate: Mapped[Decimal | None] = mapped_column(Numeric(18, 8))
    sender_country: Mapped[str | None] = mapped_column(String(2))
    channel: Mapped[RemittanceChannel | None] = mapped_column(
        enum_column_type(RemittanceChannel, "remittance_channel")
    )
    withdrawal_purpose: Mapped[WithdrawalPurpose | None] = mapped_column(
        enum_column_type(WithdrawalPurpose, "withdrawal_purpose")
    )
    reverses_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("savings_entry.id", ondelete="RESTRICT")
    )
    reversal_reason: Mapped[ReversalReason | None] = mapped_column(
        enum_column_type(ReversalReason, "reversal_reason")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<SavingsEntry {self.id} {self.kind} {self.amount} {self.currency}>"
