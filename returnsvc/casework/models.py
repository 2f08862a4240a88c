from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db


class NoteKind(LabelledEnum):
    VISIT = "visit", _l("Visit")
    PHONE = "phone", _l("Phone call")
    MESSAGE = "message", _l("Message")
    INTERNAL = "internal", _l("Internal note")


class CaseNote(db.Model):
    """A dated note. Notes are never edited or deleted: a correction is a new note.

    Confidential notes (psychosocial matters) are shown only to the counsellors of the office
    that owns the case; managers and administrators never see their text.
    """

    __tablename__ = "case_note"
    __table_args__ = (
        Index("ix_case_note_case_occurred", "case_id", "occurred_at"),
        # "Recent activity" on the home page: newest notes first, filtered by caseload.
        Index("ix_case_note_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    kind: Mapped[NoteKind] = mapped_column(enum_column_type(NoteKind, "note_kind"))
    body: Mapped[str] = mapped_column(Text)
    is_confidential: Mapped[bool] = mapped_column(default=False, server_default="false")
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="joined")

    def __repr__(self) -> str:
        return f"<CaseNote {self.id} case={self.case_id} {self.kind}>"


class Appointment(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "appointment"
    __table_args__ = (
        Index("ix_appointment_case_starts", "case_id", "starts_at"),
        Index("ix_appointment_counsellor_starts", "counsellor_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(300))
    # None until recorded after the date; then attended or missed.
    attended: Mapped[bool | None]
    counsellor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Set when it will not take place: accepting a transfer of the case cancels the sending
    # office's future appointments (casework.contributions, the hand-over step), and says which.
    cancelled_at: Mapped[datetime | None]
    cancelled_by_transfer_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_transfer.id", ondelete="SET NULL")
    )

    counsellor = relationship("User", foreign_keys=[counsellor_id], lazy="joined")
    # Loaded on demand (queries.appointments_of joins it with its receiving office).
    cancelled_by_transfer = relationship("CaseTransfer")

    def __repr__(self) -> str:
        return f"<Appointment {self.id} case={self.case_id} {self.starts_at:%Y-%m-%d}>"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Task(TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_case_due", "case_id", "due_date"),
        Index(
            "ix_task_assignee_open_due",
            "assignee_id",
            "due_date",
            postgresql_where=text("done_at IS NULL"),
        ),
        # The office's open tasks nobody has (the counsellor's home): walked in due order and
        # stopped at the first page's worth in the office, instead of sorting every office's.
        Index(
            "ix_task_unassigned_open_due",
            "due_date",
            "id",
            postgresql_where=text("assignee_id IS NULL AND done_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date] = mapped_column(Date)
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    assignee = relationship("User", foreign_keys=[assignee_id], lazy="joined")

    def __repr__(self) -> str:
        return f"<Task {self.id} case={self.case_id} due={self.due_date}>"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
