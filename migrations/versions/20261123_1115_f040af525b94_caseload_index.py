"""Index for the caseload by stage on the home page (an index-only scan of one office).

Reviewed by hand: one B-tree index, dropped on downgrade.

Revision ID: f040af525b94
Revises: 7c57cef08efd
Create Date: 2026-11-23 11:15:22.041354
"""

from alembic import op

revision = "f040af525b94"
down_revision = "7c57cef08efd"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_case_file_office_stage_counsellor",
        "case_file",
        ["office_id", "stage", "counsellor_id"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_case_file_office_stage_counsellor", table_name="case_file")
