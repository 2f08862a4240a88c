"""Matching weights as data (issue #14): a version per save, the newest of a kind is current.

Revision ID: f2c6a9d4b818
Revises: e8b3f1a7c2d4
Create Date: 2026-12-11 09:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "f2c6a9d4b818"
down_revision = "e8b3f1a7c2d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "matching_weights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("values", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('demand', 'opportunity')", name=op.f("ck_matching_weights_kind")
        ),
        sa.CheckConstraint("version > 0", name=op.f("ck_matching_weights_version_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_matching_weights_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_weights")),
        sa.UniqueConstraint("kind", "version", name="uq_matching_weights_kind_version"),
    )
    op.create_index(
        op.f("ix_matching_weights_created_by_id"),
        "matching_weights",
        ["created_by_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_matching_weights_created_by_id"), table_name="matching_weights")
    op.drop_table("matching_weights")
