"""Programme outcomes (issue #18): the exports that run as background jobs (report_export_job:
who asked, the filters, kind and format, status, rows written, the file's random name under
EXPORTS_DIR, when it was asked, finished, expires and was downloaded).

Revision ID: a7c3e9f1d258
Revises: 557333eb13f5
Create Date: 2026-12-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a7c3e9f1d258"
down_revision = "557333eb13f5"
branch_labels = None
depends_on = None


def _enum(name: str, length: int, *codes: str) -> sa.Enum:
    return sa.Enum(*codes, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade():
    op.create_table(
        "report_export_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("export_kind", 15, "figures", "cases"), nullable=False),
        sa.Column("file_format", _enum("export_format", 12, "csv", "xlsx"), nullable=False),
        sa.Column("filters", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column(
            "status",
            _enum(
                "export_status",
                18,
                "queued",
                "running",
                "ready",
                "failed",
                "downloaded",
                "expired",
            ),  # fmt: skip
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), server_default="0", nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=80), nullable=True),
        sa.Column("error", sa.String(length=200), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "progress >= 0", name=op.f("ck_report_export_job_progress_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["user_account.id"],
            name=op.f("fk_report_export_job_requester_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_export_job")),
    )
    op.create_index(
        "ix_report_export_job_files",
        "report_export_job",
        ["expires_at"],
        unique=False,
        postgresql_where=sa.text("file_name IS NOT NULL"),
    )
    op.create_index(
        "ix_report_export_job_requester_created",
        "report_export_job",
        ["requester_id", "created_at"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_report_export_job_requester_created", table_name="report_export_job")
    op.drop_index(
        "ix_report_export_job_files",
        table_name="report_export_job",
        postgresql_where=sa.text("file_name IS NOT NULL"),
    )
    op.drop_table("report_export_job")
