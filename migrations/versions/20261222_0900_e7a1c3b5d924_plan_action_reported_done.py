"""Returnee portal (issue #17), "My plan": an action of the plan can be the person's own to do
(`by_returnee`), and the person can say in their portal that they did it (`reported_done_at`,
`reported_done_by_id`) until their counsellor confirms it or clears the claim. A partial index
finds the few actions waiting for an answer (the counsellor's home).

Existing actions are nobody's to mark from the portal: the counsellor ticks "the person does
it" on the ones that are (their "who does it" is free text).

Revision ID: e7a1c3b5d924
Revises: d2e4f6a8b013
Create Date: 2026-12-22 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e7a1c3b5d924"
down_revision = "d2e4f6a8b013"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "plan_action",
        sa.Column("by_returnee", sa.Boolean(), server_default="false", nullable=False),
    )
    op.add_column(
        "plan_action", sa.Column("reported_done_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("plan_action", sa.Column("reported_done_by_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_plan_action_reported_done_by_id_user_account"),
        "plan_action",
        "user_account",
        ["reported_done_by_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_index(
        "ix_plan_action_reported_done",
        "plan_action",
        ["reported_done_at"],
        postgresql_where=sa.text("reported_done_at IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_plan_action_reported_done", table_name="plan_action")
    op.drop_constraint(
        op.f("fk_plan_action_reported_done_by_id_user_account"), "plan_action", type_="foreignkey"
    )
    op.drop_column("plan_action", "reported_done_by_id")
    op.drop_column("plan_action", "reported_done_at")
    op.drop_column("plan_action", "by_returnee")
