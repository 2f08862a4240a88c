"""Programme outcomes (issue #18): the dashboard's scope of cases read from two covering indexes.

Every figure of /reports/ reads the viewer's cases joined to their people (reports.filters.
scope_of: case_id, returnee_id, office_id, sex, opened_at, closed_at, stage, close_reason, by
office and country of return, anonymised people left out). For one country's manager at
100,000 cases that join read both tables' heaps (6,400 pages) in ~100 ms a statement; from
these indexes alone (no heap fetches once vacuumed) it takes ~16 ms, ~11 ms for one year's
registrations (bench/dashboard.py).

- ix_case_file_office_opened_scope: an office's cases by date opened (the key of
  ix_case_file_office_opened, which it could replace) with the other columns of the scope.
- ix_returnee_origin_scope: the people of a country of return not anonymised, with their sex
  and birth date (the sex and age band filters).

Revision ID: 557333eb13f5
Revises: b6e8f0a2c415
Create Date: 2026-12-23 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "557333eb13f5"
down_revision = "b6e8f0a2c415"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_case_file_office_opened_scope",
        "case_file",
        ["office_id", "opened_at", "id"],
        postgresql_include=["returnee_id", "closed_at", "stage", "close_reason"],
    )
    op.create_index(
        "ix_returnee_origin_scope",
        "returnee",
        ["origin_country", "id"],
        postgresql_include=["sex", "birth_date"],
        postgresql_where=sa.text("anonymised_at IS NULL"),
    )


def downgrade():
    op.drop_index("ix_returnee_origin_scope", table_name="returnee")
    op.drop_index("ix_case_file_office_opened_scope", table_name="case_file")
