"""Cancelled appointments: when, and the transfer that cancelled them (a case handed over to
another office takes none of the sending office's future appointments along).

Revision ID: d5a7c2e91b34
Revises: c3e8a1f5d270
Create Date: 2026-12-09 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d5a7c2e91b34"
down_revision = "c3e8a1f5d270"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "appointment", sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("appointment", sa.Column("cancelled_by_transfer_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_appointment_cancelled_by_transfer_id_case_transfer"),
        "appointment",
        "case_transfer",
        ["cancelled_by_transfer_id"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade():
    op.drop_constraint(
        op.f("fk_appointment_cancelled_by_transfer_id_case_transfer"),
        "appointment",
        type_="foreignkey",
    )
    op.drop_column("appointment", "cancelled_by_transfer_id")
    op.drop_column("appointment", "cancelled_at")
