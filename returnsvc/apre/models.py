"""APRE (Abono acumulado y anticipado de la prestación contributiva por desempleo a
trabajadores extranjeros no comunitarios que retornen voluntariamente a sus países de
procedencia): the dated rules it is worked out with, and per case its record, its two payments
and where the money received was put (earmarks towards a savings plan or the business plan).

Nothing here is free text: amounts (EUR, Numeric(14, 2)), dates, codes and ids. The record
keeps, worked out by apre.services from the rule in force on the day the benefit was
recognised, what each payment should be and when, the return deadline and the end of the
commitment not to return, and the ids of the reminder tasks it set on the counsellor's home.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.apre import rules
from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

CURRENCY = "EUR"  # the benefit is Spanish: both payments are in euros


class ApreRule(db.Model):
    """The APRE's figures from `valid_from` on, with the law they come from. The rule of a case
    is the one with the latest `valid_from` on or before the day its benefit was recognised.
    Rules are added by migrations (the first by c9d1f5a7b432), never changed: a change in the
    law is a new row from the day it applies."""

    __tablename__ = "apre_rule"
    __table_args__ = (
        CheckConstraint("first_share + second_share = 100", name="shares_make_100"),
        CheckConstraint("first_share > 0 AND second_share > 0", name="shares_positive"),
        CheckConstraint(
            "min_days_between >= 0 AND days_to_leave >= 0 AND commitment_years >= 0",
            name="periods_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date] = mapped_column(Date, unique=True)
    first_share: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    second_share: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    min_days_between: Mapped[int] = mapped_column(SmallInteger)
    days_to_leave: Mapped[int] = mapped_column(SmallInteger)
    commitment_years: Mapped[int] = mapped_column(SmallInteger)
    source: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(String(300))

    @property
    def figures(self) -> rules.Figures:
        return rules.Figures(
            first_share=self.first_share,
            second_share=self.second_share,
            min_days_between=self.min_days_between,
            days_to_leave=self.days_to_leave,
            commitment_years=self.commitment_years,
        )

    def __repr__(self) -> str:
        return f"<ApreRule from {self.valid_from}>"


class ApreRecord(TimestampMixin, VersionedMixin, db.Model):
    """A case's APRE: the benefit recognised (total, day), the day the person left Spain, and
    what follows from the rule: the return deadline and the end of the commitment (None
    while the return is not known)."""

    __tablename__ = "apre_record"
    __table_args__ = (
        CheckConstraint("total_amount > 0", name="total_positive"),
        CheckConstraint("currency = 'EUR'", name="currency_eur"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), unique=True
    )
    rule_id: Mapped[int] = mapped_column(ForeignKey("apre_rule.id", ondelete="RESTRICT"))
    total_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default=CURRENCY, server_default=CURRENCY)
    recognised_on: Mapped[date] = mapped_column(Date)
    returned_on: Mapped[date | None] = mapped_column(Date)
    return_deadline: Mapped[date] = mapped_column(Date)
    commitment_ends_on: Mapped[date | None] = mapped_column(Date)
    # The reminders on the counsellor's home (casework tasks), kept to move or complete them.
    second_payment_task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL")
    )
    return_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"))
    commitment_task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    rule = relationship("ApreRule", lazy="joined")

    def __repr__(self) -> str:
        return f"<ApreRecord case={self.case_id} {self.total_amount} {self.currency}>"


class AprePayment(VersionedMixin, db.Model):
    """One of the two payments: what it should be and from when (worked out from the rule),
    and what was received and when (recorded by the counsellor)."""

    __tablename__ = "apre_payment"
    __table_args__ = (
        UniqueConstraint("record_id", "number", name="uq_apre_payment_record_number"),
        CheckConstraint("number IN (1, 2)", name="number"),
        CheckConstraint("expected_amount >= 0", name="expected_not_negative"),
        CheckConstraint(
            "(received_amount IS NULL) = (received_on IS NULL)"
            " AND (received_amount IS NULL) = (received_recorded_at IS NULL)",
            name="received_together",
        ),
        CheckConstraint("received_amount > 0", name="received_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("apre_record.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    expected_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    expected_on: Mapped[date] = mapped_column(Date)
    received_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    received_on: Mapped[date | None] = mapped_column(Date)
    received_recorded_at: Mapped[datetime | None]
    received_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    @property
    def is_received(self) -> bool:
        return self.received_on is not None

    def __repr__(self) -> str:
        return f"<AprePayment {self.number} of record {self.record_id}>"


class ApreEarmarkTarget(LabelledEnum):
    SAVINGS = "savings", _l("Savings plan")
    ENTERPRISE = "enterprise", _l("Business plan")


class ApreEarmark(db.Model):
    """Part of a received payment put towards a savings plan (the ledger entry it made) or the
    business plan (the funding source it made). `amount` is in euros, taken from the payment;
    a savings plan in another currency was credited `credited_amount` in its own. The
    earmarks of a payment never add up to more than it received (apre.earmarks, under the
    payment's row lock)."""

    __tablename__ = "apre_earmark"
    __table_args__ = (
        Index("ix_apre_earmark_payment", "payment_id", "id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("credited_amount > 0", name="credited_positive"),
        CheckConstraint(
            "target <> 'savings' OR (savings_plan_id IS NOT NULL AND savings_entry_id IS NOT NULL)",
            name="savings_ids",
        ),
        CheckConstraint(
            "target = 'savings' OR (savings_plan_id IS NULL AND savings_entry_id IS NULL)",
            name="only_savings_ids",
        ),
        CheckConstraint(
            "target = 'enterprise' OR (enterprise_id IS NULL AND funding_source_id IS NULL)",
            name="only_enterprise_ids",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("apre_payment.id", ondelete="CASCADE"))
    target: Mapped[ApreEarmarkTarget] = mapped_column(
        enum_column_type(ApreEarmarkTarget, "apre_earmark_target")
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    credited_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    credited_currency: Mapped[str] = mapped_column(String(3))
    booked_on: Mapped[date] = mapped_column(Date)
    savings_plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("savings_plan.id", ondelete="RESTRICT")
    )
    savings_entry_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("savings_entry.id", ondelete="RESTRICT")
    )
    # A business and its funding may go with their case; the earmark keeps its amount.
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprise.id", ondelete="SET NULL")
    )
    funding_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_source.id", ondelete="SET NULL")
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ApreEarmark {self.id} {self.target} {self.amount} EUR>"
