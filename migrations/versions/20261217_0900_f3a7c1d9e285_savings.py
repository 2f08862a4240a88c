"""Savings (issue #16): savings plans and their append-only ledger; banks and savings
cooperatives as a kind of partner (a plan's institution).

The ledger is append-only in the database itself: a row trigger refuses UPDATE and DELETE of
savings_entry and a statement trigger refuses TRUNCATE, for every role that writes through SQL
(the application's included), and a row trigger checks each reversal against what it reverses:
same plan, the exact opposite amount, never a reversal of a reversal.

Revision ID: f3a7c1d9e285
Revises: e2b6d8f4a193
Create Date: 2026-12-17 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f3a7c1d9e285"
down_revision = "e2b6d8f4a193"
branch_labels = None
depends_on = None

_KINDS = ("training", "microfinance", "employer", "health", "psychosocial", "other")

_APPEND_ONLY = """
CREATE FUNCTION savings_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'savings_entry is append-only: % refused; record a reversal instead', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER savings_entry_append_only BEFORE UPDATE OR DELETE ON savings_entry
    FOR EACH ROW EXECUTE FUNCTION savings_entry_refuse_change();
CREATE TRIGGER savings_entry_no_truncate BEFORE TRUNCATE ON savings_entry
    FOR EACH STATEMENT EXECUTE FUNCTION savings_entry_refuse_change();
"""

_REVERSAL_CHECK = """
CREATE FUNCTION savings_entry_check_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    original savings_entry%ROWTYPE;
BEGIN
    IF NEW.reverses_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO original FROM savings_entry WHERE id = NEW.reverses_id;
    IF original.kind = 'reversal' THEN
        RAISE EXCEPTION 'a reversal is never reversed' USING ERRCODE = 'check_violation';
    END IF;
    IF original.plan_id <> NEW.plan_id OR original.amount <> -NEW.amount
       OR original.currency <> NEW.currency THEN
        RAISE EXCEPTION 'a reversal is the exact opposite of its entry, on the same plan'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER savings_entry_reversal BEFORE INSERT ON savings_entry
    FOR EACH ROW EXECUTE FUNCTION savings_entry_check_reversal();
"""


def _partner_kinds(kinds):
    op.drop_constraint(op.f("ck_partner_partner_kind"), "partner", type_="check")
    listed = ", ".join(f"'{kind}'" for kind in kinds)
    op.create_check_constraint(op.f("ck_partner_partner_kind"), "partner", f"kind IN ({listed})")


def upgrade():
    op.create_table(
        "savings_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "enterprise_capital",
                "housing",
                "education",
                "emergency",
                "other",
                name="savings_purpose",
                native_enum=False,
                create_constraint=True,
                length=26,
            ),
            nullable=False,
        ),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("target_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("recommended_monthly", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("account_last4", sa.String(length=4), server_default="", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "closed",
                name="savings_plan_status",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=False,
        ),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "account_last4 ~ '^[0-9A-Za-z]{0,4}$'", name=op.f("ck_savings_plan_account_last4")
        ),
        sa.CheckConstraint(
            "recommended_monthly > 0", name=op.f("ck_savings_plan_recommended_positive")
        ),
        sa.CheckConstraint("target_amount > 0", name=op.f("ck_savings_plan_target_positive")),
        sa.CheckConstraint(
            "target_date > starts_on", name=op.f("ck_savings_plan_target_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_savings_plan_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_savings_plan_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_savings_plan_enterprise_id_enterprise"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["partner.id"],
            name=op.f("fk_savings_plan_institution_id_partner"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_savings_plan")),
    )
    op.create_index("ix_savings_plan_case", "savings_plan", ["case_id", "id"], unique=False)
    op.create_table(
        "savings_entry",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "remittance",
                "wages",
                "apre",
                "interest",
                "withdrawal",
                "reversal",
                name="savings_entry_kind",
                native_enum=False,
                create_constraint=True,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("sent_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("sent_currency", sa.String(length=3), nullable=True),
        sa.Column("rate", sa.Numeric(precision=18, scale=8), nullable=True),
        sa.Column("sender_country", sa.String(length=2), nullable=True),
        sa.Column(
            "channel",
            sa.Enum(
                "bank",
                "operator",
                "mobile",
                "post",
                "carried",
                "other",
                name="remittance_channel",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column(
            "withdrawal_purpose",
            sa.Enum(
                "business",
                "housing",
                "education",
                "health",
                "household",
                "emergency",
                "other",
                name="withdrawal_purpose",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=True,
        ),
        sa.Column("reverses_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "reversal_reason",
            sa.Enum(
                "wrong_amount",
                "wrong_plan",
                "duplicate",
                "not_received",
                "other",
                name="reversal_reason",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'reversal') = (reverses_id IS NOT NULL)",
            name=op.f("ck_savings_entry_reversal_ref"),
        ),
        sa.CheckConstraint(
            "(kind = 'withdrawal') = (amount < 0 AND reverses_id IS NULL) OR kind = 'reversal'",
            name=op.f("ck_savings_entry_withdrawal_negative"),
        ),
        sa.CheckConstraint(
            "kind = 'withdrawal' OR withdrawal_purpose IS NULL",
            name=op.f("ck_savings_entry_purpose_only_on_withdrawal"),
        ),
        sa.CheckConstraint(
            "(sent_amount IS NULL) = (sent_currency IS NULL)"
            " AND (sent_amount IS NULL) = (rate IS NULL)"
            " AND (sent_amount IS NULL OR (sent_amount > 0 AND rate > 0))",
            name=op.f("ck_savings_entry_sent"),
        ),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_savings_entry_amount_not_zero")),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["savings_plan.id"],
            name=op.f("fk_savings_entry_plan_id_savings_plan"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_savings_entry_recorded_by_id_user_account"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["savings_entry.id"],
            name=op.f("fk_savings_entry_reverses_id_savings_entry"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_savings_entry")),
    )
    op.create_index(
        "ix_savings_entry_plan", "savings_entry", ["plan_id", "booked_on", "id"], unique=False
    )
    op.create_index("uq_savings_entry_reverses", "savings_entry", ["reverses_id"], unique=True)
    op.execute(_APPEND_ONLY)
    op.execute(_REVERSAL_CHECK)
    _partner_kinds(_KINDS + ("financial",))


def downgrade():
    op.execute("UPDATE partner SET kind = 'microfinance' WHERE kind = 'financial'")
    _partner_kinds(_KINDS)
    op.execute("DROP FUNCTION savings_entry_check_reversal() CASCADE")
    op.execute("DROP FUNCTION savings_entry_refuse_change() CASCADE")
    op.drop_index("uq_savings_entry_reverses", table_name="savings_entry")
    op.drop_index("ix_savings_entry_plan", table_name="savings_entry")
    op.drop_table("savings_entry")
    op.drop_index("ix_savings_plan_case", table_name="savings_plan")
    op.drop_table("savings_plan")
