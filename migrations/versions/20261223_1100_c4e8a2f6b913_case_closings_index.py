"""Programme outcomes (issue #18): the closings of cases in a period, from one partial index.

The dashboard's registrations-and-closures and closures-by-reason figures (cases.figures) count
every change of stage to "closed" in the period (a case closed, reopened and closed again counts
twice) from the stage history. Without this index PostgreSQL probes the history of every case of
the selection (21,000 index scans for one country at 100,000 cases, ~60 ms); with it, it reads
the period's closings alone (~8,000 rows of the index, no heap: the case and the reason are
included), ~14 ms, measured in the same run.

Revision ID: c4e8a2f6b913
Revises: a7c3e9f1d258
Create Date: 2026-12-23 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c4e8a2f6b913"
down_revision = "a7c3e9f1d258"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_case_transition_closed",
        "case_transition",
        ["occurred_at"],
        postgresql_include=["case_id", "close_reason"],
        postgresql_where=sa.text("to_stage = 'closed'"),
    )


def downgrade():
    op.drop_index("ix_case_transition_closed", table_name="case_transition")
