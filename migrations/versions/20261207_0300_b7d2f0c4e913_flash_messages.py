"""Flash messages kept on the server (core.flashes): the session cookie carries only ids.

Revision ID: b7d2f0c4e913
Revises: a41c9e7b2d55
Create Date: 2026-12-07 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b7d2f0c4e913"
down_revision = "a41c9e7b2d55"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "flash_message",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flash_message")),
    )
    op.create_index(
        op.f("ix_flash_message_created_at"), "flash_message", ["created_at"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_flash_message_created_at"), table_name="flash_message")
    op.drop_table("flash_message")
