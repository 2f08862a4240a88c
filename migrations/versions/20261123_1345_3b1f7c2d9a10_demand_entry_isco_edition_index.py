"""demand_entry: (isco_code, edition_id) index instead of isco_code alone

The explorer's occupation list asks, per ISCO-08 unit group, whether the current editions of a
country name it; with the edition in the index each question is one index-only probe.

Revision ID: 3b1f7c2d9a10
Revises: 8e3ad499150e
Create Date: 2026-11-23 13:45:00
"""

from alembic import op

revision = "3b1f7c2d9a10"
down_revision = "8e3ad499150e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_demand_entry_isco_edition", "demand_entry", ["isco_code", "edition_id"], unique=False
    )
    op.drop_index("ix_demand_entry_isco", table_name="demand_entry")


def downgrade():
    op.create_index("ix_demand_entry_isco", "demand_entry", ["isco_code"], unique=False)
    op.drop_index("ix_demand_entry_isco_edition", table_name="demand_entry")
