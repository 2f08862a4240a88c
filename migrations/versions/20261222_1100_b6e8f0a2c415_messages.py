"""Messages between a returnee and their counsellor (issue #17): one conversation per case
(message_thread: closed by a counsellor, or open) and its messages (case_message: who sent
it, the text, when it was sent and read).

Revision ID: b6e8f0a2c415
Revises: d500b5199713
Create Date: 2026-12-22 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b6e8f0a2c415"
down_revision = "d500b5199713"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "message_thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "closed_by_id IS NULL OR closed_at IS NOT NULL",
            name=op.f("ck_message_thread_closer_when_closed"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_message_thread_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["user_account.id"],
            name=op.f("fk_message_thread_closed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_thread")),
        sa.UniqueConstraint("case_id", name=op.f("uq_message_thread_case_id")),
    )
    op.create_table(
        "case_message",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "sender",
            sa.Enum(
                "person",
                "counsellor",
                name="message_sender",
                native_enum=False,
                create_constraint=True,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("char_length(body) <= 2000", name=op.f("ck_case_message_body_length")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_case_message_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_message_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_message")),
    )
    op.create_index(
        "ix_case_message_case_sent", "case_message", ["case_id", "sent_at", "id"], unique=False
    )
    op.create_index(
        "ix_case_message_unread",
        "case_message",
        ["case_id", "sender"],
        unique=False,
        postgresql_where=sa.text("read_at IS NULL"),
    )


def downgrade():
    op.drop_index(
        "ix_case_message_unread",
        table_name="case_message",
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.drop_index("ix_case_message_case_sent", table_name="case_message")
    op.drop_table("case_message")
    op.drop_table("message_thread")
