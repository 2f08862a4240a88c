"""What sending money home costs: dated figures per corridor (sending -> receiving country),
as published by a source such as the World Bank's Remittance Prices Worldwide, and the dated
target the calculator compares them with (SDG 10.c: less than 3%).

Figures are history: a newer period is a new row, and a correction of a period already
recorded is a new row too, the one it corrects keeping its values with `superseded_at` set.
The natural key (sending, receiving, period, reference currency) is unique among the rows not
superseded. Nothing here knows of people: the calculator is a public page.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import utcnow
from returnsvc.extensions import db

COUNTRY_FORMAT = "~ '^[A-Z]{2}$'"


class RemittanceFigure(db.Model):
    """The average total cost of sending `reference_amount` along one corridor in a period."""

    __tablename__ = "remittance_figure"
    __table_args__ = (
        CheckConstraint(f"sending_country {COUNTRY_FORMAT}", name="sending_country"),
        CheckConstraint(f"receiving_country {COUNTRY_FORMAT}", name="receiving_country"),
        CheckConstraint("sending_country <> receiving_country", name="corridor"),
        CheckConstraint("period_end >= period_start", name="period"),
        CheckConstraint("reference_amount > 0", name="reference_amount"),
        CheckConstraint("reference_currency ~ '^[A-Z]{3}$'", name="reference_currency"),
        CheckConstraint("cost_percent >= 0 AND cost_percent < 100", name="cost_percent"),
        # One current figure per corridor, period and reference; corrections supersede.
        Index(
            "uq_remittance_figure_current",
            "sending_country",
            "receiving_country",
            "period_start",
            "period_end",
            "reference_currency",
            unique=True,
            postgresql_where=text("superseded_at IS NULL"),
        ),
        # The calculator's lookup: a corridor's latest current figure.
        Index(
            "ix_remittance_figure_corridor",
            "receiving_country",
            "sending_country",
            "period_end",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sending_country: Mapped[str] = mapped_column(String(2))
    receiving_country: Mapped[str] = mapped_column(String(2))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    reference_amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    reference_currency: Mapped[str] = mapped_column(String(3))
    # Average total cost (fees and exchange-rate margin) as a percentage of the amount sent.
    cost_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    source_name: Mapped[str] = mapped_column(String(300))
    source_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Set when a correction of the same corridor, period and reference replaced this figure.
    superseded_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return (
            f"<RemittanceFigure {self.id} {self.sending_country}->{self.receiving_country}"
            f" {self.period_start} {self.reference_currency} {self.cost_percent}%>"
        )


class RemittanceCostTarget(db.Model):
    """The cost the calculator compares with, from a date on (SDG 10.c: 3%, from 2015)."""

    __tablename__ = "remittance_cost_target"
    __table_args__ = (
        CheckConstraint("cost_percent >= 0 AND cost_percent < 100", name="cost_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    cost_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    source_name: Mapped[str] = mapped_column(String(300))
    source_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<RemittanceCostTarget {self.effective_from} {self.cost_percent}%>"
