"""Remittance costs (issue #16): dated figures per corridor (history kept: a correction
supersedes, never overwrites) and the dated target the calculator compares them with.

A fresh install gets the World Bank's Remittance Prices Worldwide figures for Q3 2020 from
Spain to the four origin countries (USD 200) and the SDG 10.c target of 3%.

Revision ID: a5b8d2e4f619
Revises: f3a7c1d9e285
Create Date: 2026-12-18 09:00:00
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "a5b8d2e4f619"
down_revision = "f3a7c1d9e285"
branch_labels = None
depends_on = None

RPW_Q3_2020 = "World Bank, Remittance Prices Worldwide, issue 35 (Q3 2020)"
RPW_URL = "https://remittanceprices.worldbank.org"
SEED_FIGURES = (("BO", "4.64"), ("CO", "4.41"), ("EC", "5.48"), ("PE", "5.50"))
SDG_SOURCE = (
    "United Nations, Transforming our world: the 2030 Agenda for Sustainable Development"
    " (A/RES/70/1), target 10.c"
)
SDG_URL = "https://sdgs.un.org/goals/goal10"


def upgrade():
    figure = op.create_table(
        "remittance_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sending_country", sa.String(length=2), nullable=False),
        sa.Column("receiving_country", sa.String(length=2), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("reference_amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("reference_currency", sa.String(length=3), nullable=False),
        sa.Column("cost_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("source_url", sa.String(length=500), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "sending_country ~ '^[A-Z]{2}$'", name=op.f("ck_remittance_figure_sending_country")
        ),
        sa.CheckConstraint(
            "receiving_country ~ '^[A-Z]{2}$'",
            name=op.f("ck_remittance_figure_receiving_country"),
        ),
        sa.CheckConstraint(
            "sending_country <> receiving_country", name=op.f("ck_remittance_figure_corridor")
        ),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_remittance_figure_period")),
        sa.CheckConstraint(
            "reference_amount > 0", name=op.f("ck_remittance_figure_reference_amount")
        ),
        sa.CheckConstraint(
            "reference_currency ~ '^[A-Z]{3}$'",
            name=op.f("ck_remittance_figure_reference_currency"),
        ),
        sa.CheckConstraint(
            "cost_percent >= 0 AND cost_percent < 100",
            name=op.f("ck_remittance_figure_cost_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_remittance_figure_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittance_figure")),
    )
    op.create_index(
        "uq_remittance_figure_current",
        "remittance_figure",
        [
            "sending_country",
            "receiving_country",
            "period_start",
            "period_end",
            "reference_currency",
        ],
        unique=True,
        postgresql_where=sa.text("superseded_at IS NULL"),
    )
    op.create_index(
        "ix_remittance_figure_corridor",
        "remittance_figure",
        ["receiving_country", "sending_country", "period_end"],
    )
    target = op.create_table(
        "remittance_cost_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("cost_percent", sa.Numeric(5, 2), nullable=False),
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("source_url", sa.String(length=500), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "cost_percent >= 0 AND cost_percent < 100",
            name=op.f("ck_remittance_cost_target_cost_percent"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittance_cost_target")),
        sa.UniqueConstraint(
            "effective_from", name=op.f("uq_remittance_cost_target_effective_from")
        ),
    )
    recorded_at = datetime.now(UTC)
    op.bulk_insert(
        figure,
        [
            {
                "sending_country": "ES",
                "receiving_country": country,
                "period_start": date(2020, 7, 1),
                "period_end": date(2020, 9, 30),
                "reference_amount": Decimal("200.00"),
                "reference_currency": "USD",
                "cost_percent": Decimal(percent),
                "source_name": RPW_Q3_2020,
                "source_url": RPW_URL,
                "recorded_at": recorded_at,
            }
            for country, percent in SEED_FIGURES
        ],
    )
    # The 2030 Agenda was adopted on 25 September 2015.
    op.bulk_insert(
        target,
        [
            {
                "effective_from": date(2015, 9, 25),
                "cost_percent": Decimal("3.00"),
                "source_name": SDG_SOURCE,
                "source_url": SDG_URL,
                "recorded_at": recorded_at,
            }
        ],
    )


def downgrade():
    op.drop_table("remittance_cost_target")
    op.drop_index("ix_remittance_figure_corridor", table_name="remittance_figure")
    op.drop_index("uq_remittance_figure_current", table_name="remittance_figure")
    op.drop_table("remittance_figure")
