"""Indexes for the home page's recent activity: notes and stage changes by time.

Reviewed by hand: plain B-tree indexes, dropped on downgrade.

Revision ID: 2cfa9cc36811
Revises: d3c51e329920
Create Date: 2026-11-23 10:47:27.399217
"""

from alembic import op

revision = "2cfa9cc36811"
down_revision = "d3c51e329920"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_case_note_occurred_at", "case_note", ["occurred_at"], unique=False)
    op.create_index(
        "ix_case_transition_occurred_at", "case_transition", ["occurred_at"], unique=False
    )


def downgrade():
    op.drop_index("ix_case_transition_occurred_at", table_name="case_transition")
    op.drop_index("ix_case_note_occurred_at", table_name="case_note")
