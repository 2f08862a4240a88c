"""Micro-enterprises (issue #15): enterprise, business plan versions, training attended, funding
sources and disbursements, micro-loans (terms) and repayments, follow-up visits.

Revision ID: d9a3c5e7f182
Revises: c8f2a4e6b391
Create Date: 2026-12-15 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d9a3c5e7f182"
down_revision = "c8f2a4e6b391"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "enterprise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "sector",
            sa.Enum(
                "A",
                "B",
                "C",
                "D",
                "E",
                "F",
                "G",
                "H",
                "I",
                "J",
                "K",
                "L",
                "M",
                "N",
                "O",
                "P",
                "Q",
                "R",
                "S",
                "T",
                "U",
                name="isic_section",
                native_enum=False,
                create_constraint=True,
                length=9,
            ),
            nullable=False,
        ),
        sa.Column("region_code", sa.String(length=10), server_default="", nullable=False),
        sa.Column("opportunity_id", sa.Integer(), nullable=True),
        sa.Column(
            "stage",
            sa.Enum(
                "idea",
                "plan",
                "training",
                "financing",
                "launched",
                "operating",
                "paused",
                "closed",
                name="enterprise_stage",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("launched_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("tax_id", sa.String(length=40), server_default="", nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("jobs_owner", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("jobs_family_women", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("jobs_family_men", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("jobs_employees_women", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("jobs_employees_men", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "jobs_owner >= 0 AND jobs_family_women >= 0 AND jobs_family_men >= 0"
            " AND jobs_employees_women >= 0 AND jobs_employees_men >= 0",
            name=op.f("ck_enterprise_jobs_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_enterprise_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_enterprise_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["business_opportunity.id"],
            name=op.f("fk_enterprise_opportunity_id_business_opportunity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise")),
    )
    op.create_index("ix_enterprise_case", "enterprise", ["case_id", "id"], unique=False)
    op.create_index("ix_enterprise_launched", "enterprise", ["launched_on"], unique=False)
    op.create_table(
        "business_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_investment", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("own_contribution", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("monthly_revenue", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("monthly_costs", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "total_investment >= 0 AND own_contribution >= 0 AND monthly_revenue >= 0"
            " AND monthly_costs >= 0",
            name=op.f("ck_business_plan_amounts_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_business_plan_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_business_plan_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_plan")),
        sa.UniqueConstraint("enterprise_id", "version", name="uq_business_plan_version"),
    )
    op.create_table(
        "enterprise_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("attended_on", sa.Date(), nullable=False),
        sa.Column("is_completed", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_enterprise_training_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["support_programme.id"],
            name=op.f("fk_enterprise_training_programme_id_support_programme"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_training")),
        sa.UniqueConstraint("enterprise_id", "programme_id", name="uq_enterprise_training"),
    )
    op.create_table(
        "follow_up_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("due_month", sa.SmallInteger(), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("is_operating", sa.Boolean(), nullable=False),
        sa.Column("monthly_revenue", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("jobs", sa.SmallInteger(), nullable=True),
        sa.Column("problems", sa.Text(), server_default="", nullable=False),
        sa.Column("next_steps", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "due_month IS NULL OR due_month IN (3, 6, 12, 24)",
            name=op.f("ck_follow_up_visit_due_month"),
        ),
        sa.CheckConstraint(
            "jobs IS NULL OR jobs >= 0", name=op.f("ck_follow_up_visit_jobs_not_negative")
        ),
        sa.CheckConstraint(
            "(monthly_revenue IS NULL OR monthly_revenue >= 0)",
            name=op.f("ck_follow_up_visit_revenue_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_follow_up_visit_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_follow_up_visit_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_visit")),
        sa.UniqueConstraint("enterprise_id", "due_month", name="uq_follow_up_visit_due_month"),
    )
    op.create_index(
        "ix_follow_up_visit_enterprise",
        "follow_up_visit",
        ["enterprise_id", "visited_on"],
        unique=False,
    )
    op.create_table(
        "funding_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "own_savings",
                "apre",
                "seed_grant",
                "micro_loan",
                "family",
                "other",
                name="funding_kind",
                native_enum=False,
                create_constraint=True,
                length=19,
            ),
            nullable=False,
        ),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "approved",
                "disbursed",
                "refused",
                name="funding_status",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_funding_source_amount_positive")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_funding_source_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner.id"],
            name=op.f("fk_funding_source_partner_id_partner"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["support_programme.id"],
            name=op.f("fk_funding_source_programme_id_support_programme"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_source")),
    )
    op.create_index(
        "ix_funding_source_enterprise", "funding_source", ["enterprise_id", "id"], unique=False
    )
    op.create_table(
        "disbursement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("funding_id", sa.Integer(), nullable=False),
        sa.Column("disbursed_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("paid_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_disbursement_amount_positive")),
        sa.ForeignKeyConstraint(
            ["funding_id"],
            ["funding_source.id"],
            name=op.f("fk_disbursement_funding_id_funding_source"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_disbursement_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disbursement")),
    )
    op.create_index(
        "ix_disbursement_funding", "disbursement", ["funding_id", "disbursed_on"], unique=False
    )
    op.create_table(
        "loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("funding_id", sa.Integer(), nullable=False),
        sa.Column("principal", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("annual_rate", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("term_months", sa.SmallInteger(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "flat",
                "declining",
                name="loan_method",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("grace_months", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("disbursed_on", sa.Date(), nullable=False),
        sa.Column("lender_id", sa.Integer(), nullable=True),
        sa.Column("written_off_on", sa.Date(), nullable=True),
        sa.Column("written_off_by_id", sa.Integer(), nullable=True),
        sa.Column("write_off_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("annual_rate >= 0 AND annual_rate <= 200", name=op.f("ck_loan_rate")),
        sa.CheckConstraint(
            "grace_months >= 0 AND grace_months < term_months", name=op.f("ck_loan_grace")
        ),
        sa.CheckConstraint("principal > 0", name=op.f("ck_loan_principal_positive")),
        sa.CheckConstraint("term_months BETWEEN 1 AND 120", name=op.f("ck_loan_term")),
        sa.ForeignKeyConstraint(
            ["funding_id"],
            ["funding_source.id"],
            name=op.f("fk_loan_funding_id_funding_source"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lender_id"],
            ["partner.id"],
            name=op.f("fk_loan_lender_id_partner"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["written_off_by_id"],
            ["user_account.id"],
            name=op.f("fk_loan_written_off_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan")),
        sa.UniqueConstraint("funding_id", name=op.f("uq_loan_funding_id")),
    )
    op.create_table(
        "repayment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_repayment_amount_positive")),
        sa.ForeignKeyConstraint(
            ["loan_id"], ["loan.id"], name=op.f("fk_repayment_loan_id_loan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_repayment_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["repayment.id"],
            name=op.f("fk_repayment_reverses_id_repayment"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repayment")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_repayment_reverses_id")),
    )
    op.create_index("ix_repayment_loan", "repayment", ["loan_id", "paid_on", "id"], unique=False)


def downgrade():
    op.drop_index("ix_repayment_loan", table_name="repayment")
    op.drop_table("repayment")
    op.drop_table("loan")
    op.drop_index("ix_disbursement_funding", table_name="disbursement")
    op.drop_table("disbursement")
    op.drop_index("ix_funding_source_enterprise", table_name="funding_source")
    op.drop_table("funding_source")
    op.drop_index("ix_follow_up_visit_enterprise", table_name="follow_up_visit")
    op.drop_table("follow_up_visit")
    op.drop_table("enterprise_training")
    op.drop_table("business_plan")
    op.drop_index("ix_enterprise_launched", table_name="enterprise")
    op.drop_index("ix_enterprise_case", table_name="enterprise")
    op.drop_table("enterprise")
