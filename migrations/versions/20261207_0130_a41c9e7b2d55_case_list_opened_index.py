"""Indexes for the case list sorted by date opened: an office's cases and everyone's, newest
first, read from the index instead of sorting the office's cases on every page.

Revision ID: a41c9e7b2d55
Revises: e532d7305379
Create Date: 2026-12-07 01:30:00
"""

from alembic import op

revision = "a41c9e7b2d55"
down_revision = "e532d7305379"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_case_file_office_opened", "case_file", ["office_id", "opened_at", "id"]
    )
    op.create_index("ix_case_file_opened", "case_file", ["opened_at", "id"])


def downgrade():
    op.drop_index("ix_case_file_opened", table_name="case_file")
    op.drop_index("ix_case_file_office_opened", table_name="case_file")
