"""APRE (issue #16): the dated rules of the capitalised unemployment benefit for voluntary
return, seeded with the rule of Real Decreto-ley 4/2008 and Real Decreto 1800/2008; per case
its record, its two payments and the earmarks of what was received (towards a savings plan's
ledger or a business's funding).

Revision ID: c9d1f5a7b432
Revises: b7c9e3f5a821
Create Date: 2026-12-20 09:00:00
"""

import datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "c9d1f5a7b432"
down_revision = "b7c9e3f5a821"
branch_labels = None
depends_on = None

# The rule in force since the APRE began (a later change in the law is a new row, added by a
# later migration, from the day it applies).
FIRST_RULE = {
    "valid_from": datetime.date(2008, 9, 20),
    "first_share": Decimal("40.00"),
    "second_share": Decimal("60.00"),
    "min_days_between": 30,
    "days_to_leave": 30,
    "commitment_years": 3,
    # The citation only, as the BOE titles them (the figures are the columns; pages explain
    # them in the reader's language).
    "source": (
        "Real Decreto-ley 4/2008, de 19 de septiembre, sobre abono acumulado y de forma "
        "anticipada de la prestación contributiva por desempleo a trabajadores extranjeros no "
        "comunitarios que retornen voluntariamente a sus países de procedencia; Real Decreto "
        "1800/2008, de 3 de noviembre, por el que se desarrolla el Real Decreto-ley 4/2008 "
        "(BOE)."
    ),
    "source_url": "https://www.boe.es/eli/es/rd/2008/11/03/1800",
}


def upgrade():
    rule_table = op.create_table(
        "apre_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("first_share", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("second_share", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("min_days_between", sa.SmallInteger(), nullable=False),
        sa.Column("days_to_leave", sa.SmallInteger(), nullable=False),
        sa.Column("commitment_years", sa.SmallInteger(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=300), nullable=False),
        sa.CheckConstraint(
            "first_share + second_share = 100", name=op.f("ck_apre_rule_shares_make_100")
        ),
        sa.CheckConstraint(
            "first_share > 0 AND second_share > 0", name=op.f("ck_apre_rule_shares_positive")
        ),
        sa.CheckConstraint(
            "min_days_between >= 0 AND days_to_leave >= 0 AND commitment_years >= 0",
            name=op.f("ck_apre_rule_periods_not_negative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apre_rule")),
        sa.UniqueConstraint("valid_from", name=op.f("uq_apre_rule_valid_from")),
    )
    op.create_table(
        "apre_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("total_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="EUR", nullable=False),
        sa.Column("recognised_on", sa.Date(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("return_deadline", sa.Date(), nullable=False),
        sa.Column("commitment_ends_on", sa.Date(), nullable=True),
        sa.Column("second_payment_task_id", sa.Integer(), nullable=True),
        sa.Column("return_task_id", sa.Integer(), nullable=True),
        sa.Column("commitment_task_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("currency = 'EUR'", name=op.f("ck_apre_record_currency_eur")),
        sa.CheckConstraint("total_amount > 0", name=op.f("ck_apre_record_total_positive")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_apre_record_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commitment_task_id"],
            ["task.id"],
            name=op.f("fk_apre_record_commitment_task_id_task"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_apre_record_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["return_task_id"],
            ["task.id"],
            name=op.f("fk_apre_record_return_task_id_task"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["apre_rule.id"],
            name=op.f("fk_apre_record_rule_id_apre_rule"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["second_payment_task_id"],
            ["task.id"],
            name=op.f("fk_apre_record_second_payment_task_id_task"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apre_record")),
        sa.UniqueConstraint("case_id", name=op.f("uq_apre_record_case_id")),
    )
    op.create_table(
        "apre_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("expected_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("expected_on", sa.Date(), nullable=False),
        sa.Column("received_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("received_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(received_amount IS NULL) = (received_on IS NULL)"
            " AND (received_amount IS NULL) = (received_recorded_at IS NULL)",
            name=op.f("ck_apre_payment_received_together"),
        ),
        sa.CheckConstraint(
            "expected_amount >= 0", name=op.f("ck_apre_payment_expected_not_negative")
        ),
        sa.CheckConstraint("number IN (1, 2)", name=op.f("ck_apre_payment_number")),
        sa.CheckConstraint("received_amount > 0", name=op.f("ck_apre_payment_received_positive")),
        sa.ForeignKeyConstraint(
            ["received_recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_apre_payment_received_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["apre_record.id"],
            name=op.f("fk_apre_payment_record_id_apre_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apre_payment")),
        sa.UniqueConstraint("record_id", "number", name="uq_apre_payment_record_number"),
    )
    op.create_table(
        "apre_earmark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column(
            "target",
            sa.Enum(
                "savings",
                "enterprise",
                name="apre_earmark_target",
                native_enum=False,
                create_constraint=True,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("credited_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("credited_currency", sa.String(length=3), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=False),
        sa.Column("savings_plan_id", sa.Integer(), nullable=True),
        sa.Column("savings_entry_id", sa.BigInteger(), nullable=True),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("funding_source_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "target <> 'savings' OR (savings_plan_id IS NOT NULL AND savings_entry_id IS NOT NULL)",
            name=op.f("ck_apre_earmark_savings_ids"),
        ),
        sa.CheckConstraint(
            "target = 'enterprise' OR (enterprise_id IS NULL AND funding_source_id IS NULL)",
            name=op.f("ck_apre_earmark_only_enterprise_ids"),
        ),
        sa.CheckConstraint(
            "target = 'savings' OR (savings_plan_id IS NULL AND savings_entry_id IS NULL)",
            name=op.f("ck_apre_earmark_only_savings_ids"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_apre_earmark_amount_positive")),
        sa.CheckConstraint("credited_amount > 0", name=op.f("ck_apre_earmark_credited_positive")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_apre_earmark_enterprise_id_enterprise"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["funding_source_id"],
            ["funding_source.id"],
            name=op.f("fk_apre_earmark_funding_source_id_funding_source"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["apre_payment.id"],
            name=op.f("fk_apre_earmark_payment_id_apre_payment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_apre_earmark_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["savings_entry_id"],
            ["savings_entry.id"],
            name=op.f("fk_apre_earmark_savings_entry_id_savings_entry"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["savings_plan_id"],
            ["savings_plan.id"],
            name=op.f("fk_apre_earmark_savings_plan_id_savings_plan"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apre_earmark")),
    )
    op.create_index("ix_apre_earmark_payment", "apre_earmark", ["payment_id", "id"], unique=False)
    op.bulk_insert(rule_table, [FIRST_RULE])


def downgrade():
    op.drop_index("ix_apre_earmark_payment", table_name="apre_earmark")
    op.drop_table("apre_earmark")
    op.drop_table("apre_payment")
    op.drop_table("apre_record")
    op.drop_table("apre_rule")
