"""Exports of the dashboard that run as background jobs (reports.jobs).

A job belongs to the person who asked for it: only they see its page and download its file,
once, before `expires_at`. The file lies outside the web root (EXPORTS_DIR, by default
instance/exports) under a random name (`file_name`); it is deleted once downloaded or expired.
`filters` are the dashboard's filters as URL arguments (Filters.query_args), read again for the
requester when the job runs; `progress` counts the rows written so far, `total` the rows the
file will hold (known once the job starts).
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db


class ExportKind(LabelledEnum):
    FIGURES = "figures", _l("Figures")
    CASES = "cases", _l("List of cases")


class ExportFormat(LabelledEnum):
    CSV = "csv", _l("CSV")
    XLSX = "xlsx", _l("Spreadsheet (XLSX)")


class ExportStatus(LabelledEnum):
    QUEUED = "queued", _l("Waiting to start")
    RUNNING = "running", _l("Being written")
    READY = "ready", _l("Ready to download")
    FAILED = "failed", _l("Failed")
    DOWNLOADED = "downloaded", _l("Downloaded")
    EXPIRED = "expired", _l("Expired")


class ExportJob(db.Model):
    __tablename__ = "report_export_job"
    __table_args__ = (
        # A requester's exports, newest first (their list).
        Index("ix_report_export_job_requester_created", "requester_id", "created_at"),
        # Files to delete: those past their time that still have one.
        Index(
            "ix_report_export_job_files",
            "expires_at",
            postgresql_where=text("file_name IS NOT NULL"),
        ),
        CheckConstraint("progress >= 0", name="progress_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[ExportKind] = mapped_column(enum_column_type(ExportKind, "export_kind"))
    file_format: Mapped[ExportFormat] = mapped_column(
        enum_column_type(ExportFormat, "export_format")
    )
    # The filters as URL arguments ({"country": "EC", "year": 2025, ...}).
    filters: Mapped[dict] = mapped_column(JSONB, default=dict)
    # The language of the labels (the requester's when they asked).
    locale: Mapped[str] = mapped_column(String(5))
    status: Mapped[ExportStatus] = mapped_column(
        enum_column_type(ExportStatus, "export_status"), default=ExportStatus.QUEUED
    )
    progress: Mapped[int] = mapped_column(default=0, server_default="0")
    total: Mapped[int | None]
    # The file's name in EXPORTS_DIR (random; None before it is written and once deleted).
    file_name: Mapped[str | None] = mapped_column(String(80))
    error: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Moved on with every batch of rows: a running job that stops moving has died.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime]
    downloaded_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<ExportJob {self.id} {self.kind} {self.file_format} {self.status}>"
