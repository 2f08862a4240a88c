"""An index on returnee.origin_country: the reverse match lists the people of one country of
return with an open case (matching.ranking), which scanned every returnee (~100 ms at 100,000
people).

Revision ID: c8f2a4e6b391
Revises: b6e1d3f9a027
Create Date: 2026-12-14 09:00:00
"""

from alembic import op

revision = "c8f2a4e6b391"
down_revision = "b6e1d3f9a027"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_returnee_origin_country", "returnee", ["origin_country", "id"])


def downgrade():
    op.drop_index("ix_returnee_origin_country", table_name="returnee")
