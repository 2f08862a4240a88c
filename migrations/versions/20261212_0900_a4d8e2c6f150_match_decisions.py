"""Decisions on matches and placements (issue #14): a row per decision, never changed, with the
score, components, reasons, gaps and weights version of decision time; a placement per "hired".

Revision ID: a4d8e2c6f150
Revises: f2c6a9d4b818
Create Date: 2026-12-12 09:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a4d8e2c6f150"
down_revision = "f2c6a9d4b818"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "match_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entry_title", sa.Text(), nullable=False),
        sa.Column("entry_isco", sa.String(length=4), server_default="", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "shortlisted",
                "referred",
                "applied",
                "interview",
                "hired",
                "business_started",
                "dismissed",
                name="decision_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.SmallInteger(), nullable=False),
        sa.Column("components", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("reasons", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("gaps", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("weights_version", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('demand', 'opportunity')", name=op.f("ck_match_decision_kind")
        ),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name=op.f("ck_match_decision_score")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_match_decision_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_match_decision_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
            name=op.f("fk_match_decision_referral_id_referral"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_decision")),
    )
    op.create_index(
        "ix_match_decision_case_entry",
        "match_decision",
        ["case_id", "kind", "entry_id", "id"],
        unique=False,
    )
    op.create_table(
        "placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("employer_name", sa.Text(), server_default="", nullable=False),
        sa.Column("job_title", sa.Text(), server_default="", nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("wage", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column(
            "wage_period",
            sa.Enum(
                "month",
                "week",
                "day",
                "hour",
                name="wage_period",
                native_enum=False,
                create_constraint=True,
                length=13,
            ),
            nullable=False,
        ),
        sa.Column(
            "contract_type",
            sa.Enum(
                "permanent",
                "fixed_term",
                "seasonal",
                "apprenticeship",
                "verbal",
                name="contract_type",
                native_enum=False,
                create_constraint=True,
                length=22,
            ),
            nullable=False,
        ),
        sa.Column("is_formal", sa.Boolean(), nullable=False),
        sa.Column("hours_per_week", sa.SmallInteger(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("employer_name <> ''", name=op.f("ck_placement_employer")),
        sa.CheckConstraint(
            "(wage IS NULL) = (currency IS NULL)", name=op.f("ck_placement_wage_has_currency")
        ),
        sa.CheckConstraint(
            "hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND 98",
            name=op.f("ck_placement_hours"),
        ),
        sa.CheckConstraint(
            "wage IS NULL OR wage >= 0", name=op.f("ck_placement_wage_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_placement_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_placement_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["match_decision.id"],
            name=op.f("fk_placement_decision_id_match_decision"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_placement_partner_id_partner"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_placement_decision_id")),
    )
    op.create_index("ix_placement_case", "placement", ["case_id", "start_date"], unique=False)


def downgrade():
    op.drop_index("ix_placement_case", table_name="placement")
    op.drop_table("placement")
    op.drop_index("ix_match_decision_case_entry", table_name="match_decision")
    op.drop_table("match_decision")
