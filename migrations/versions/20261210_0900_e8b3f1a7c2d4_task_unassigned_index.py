"""An index for the office's open tasks nobody has, in due order (the counsellor's home): at
100,000 cases the query sorted every office's unassigned tasks (~10 ms); with it, ~1 ms.

Revision ID: e8b3f1a7c2d4
Revises: d5a7c2e91b34
Create Date: 2026-12-07 03:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e8b3f1a7c2d4"
down_revision = "d5a7c2e91b34"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_task_unassigned_open_due",
        "task",
        ["due_date", "id"],
        postgresql_where=sa.text("assignee_id IS NULL AND done_at IS NULL"),
    )


def downgrade():
    op.drop_index("ix_task_unassigned_open_due", table_name="task")
