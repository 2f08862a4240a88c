from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db


class Stage(LabelledEnum):
    REGISTERED = "registered", _l("Registered")
    ASSESSED = "assessed", _l("Assessed")
    PLAN_AGREED = "plan_agreed", _l("Plan agreed")
    IN_SUPPORT = "in_support", _l("In support")
    FOLLOW_UP = "follow_up", _l("Follow-up")
    CLOSED = "closed", _l("Closed")
    REOPENED = "reopened", _l("Reopened")


class CloseReason(LabelledEnum):
    EMPLOYED = "employed", _l("Employed")
    SELF_EMPLOYED = "self_employed", _l("Self-employed")
    IN_TRAINING = "in_training", _l("In training")
    RE_MIGRATED = "re_migrated", _l("Migrated again")
    LOST_CONTACT = "lost_contact", _l("Lost contact")
    WITHDREW = "withdrew", _l("Withdrew")
    DECEASED = "deceased", _l("Deceased")
    OTHER = "other", _l("Other")


class TransferStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting for the receiving office")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")
    CANCELLED = "cancelled", _l("Cancelled")


class Case(TimestampMixin, VersionedMixin, db.Model):
    """The support relationship with one returnee, owned by an office."""

    __tablename__ = "case_file"
    __table_args__ = (
        # One open case per returnee (closed ones stay as history).
        Index(
            "uq_case_file_open_per_returnee",
            "returnee_id",
            unique=True,
            postgresql_where=text("stage <> 'closed'"),
        ),
        # The list pages: an office's cases by recent change, and everyone's (admin).
        Index("ix_case_file_office_changed", "office_id", "stage_changed_at", "id"),
        Index("ix_case_file_changed", "stage_changed_at", "id"),
        # The list sorted by date opened (an office's, everyone's).
        Index("ix_case_file_office_opened", "office_id", "opened_at", "id"),
        Index("ix_case_file_opened", "opened_at", "id"),
        # The programme-outcomes dashboard's scope (reports.filters.scope_of) from the index alone.
        Index(
            "ix_case_file_office_opened_scope",
            "office_id",
            "opened_at",
            "id",
            postgresql_include=["returnee_id", "closed_at", "stage", "close_reason"],
        ),
        Index("ix_case_file_counsellor_stage", "counsellor_id", "stage"),
        # The home page's caseload by stage, answered from the index alone.
        Index("ix_case_file_office_stage_counsellor", "office_id", "stage", "counsellor_id"),
        # Sorting by surname without joining every returnee (see person_sort).
        Index("ix_case_file_office_person_sort", "office_id", "person_sort", "id"),
        Index("ix_case_file_person_sort", "person_sort", "id"),
        CheckConstraint("(stage = 'closed') = (closed_at IS NOT NULL)", name="closed_has_date"),
        CheckConstraint("stage <> 'closed' OR close_reason IS NOT NULL", name="closed_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    returnee_id: Mapped[int] = mapped_column(
        ForeignKey("returnee.id", ondelete="RESTRICT"), index=True
    )
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    counsellor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    stage: Mapped[Stage] = mapped_column(enum_column_type(Stage, "stage"), default=Stage.REGISTERED)
    stage_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[CloseReason | None] = mapped_column(
        enum_column_type(CloseReason, "close_reason")
    )
    is_demo: Mapped[bool] = mapped_column(default=False, server_default="false")
    # The person's folded "surnames given names", copied here so the list sorts by surname
    # from an index of this table; kept in step by the services (open, edit, anonymise).
    person_sort: Mapped[str] = mapped_column(String(400), default="", server_default="")

    returnee = relationship("Returnee", lazy="joined", innerjoin=True)
    office = relationship("Office", lazy="joined", innerjoin=True)
    counsellor = relationship("User", lazy="joined")

    def __repr__(self) -> str:
        return f"<Case {self.reference} {self.stage}>"

    @property
    def is_open(self) -> bool:
        return self.stage is not Stage.CLOSED


class CaseTransition(db.Model):
    """Every stage change, with who and when: time in each stage is the gap to the next row."""

    __tablename__ = "case_transition"
    __table_args__ = (
        Index("ix_case_transition_case_at", "case_id", "occurred_at"),
        Index("ix_case_transition_occurred_at", "occurred_at"),  # recent activity
        # The closings of a period (the dashboard's closures), from the index alone.
        Index(
            "ix_case_transition_closed",
            "occurred_at",
            postgresql_include=["case_id", "close_reason"],
            postgresql_where=text("to_stage = 'closed'"),
        ),
        # The stays that ended in a period (the dashboard's time in each stage).
        Index(
            "ix_case_transition_stays",
            "occurred_at",
            postgresql_include=["case_id", "from_stage", "stay_began_at"],
            postgresql_where=text("stay_began_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    from_stage: Mapped[Stage | None] = mapped_column(enum_column_type(Stage, "from_stage"))
    to_stage: Mapped[Stage] = mapped_column(enum_column_type(Stage, "to_stage"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the stay this change ends began: the case's previous change's occurred_at (None
    # for its first row, the opening). Kept by the database's triggers (migration
    # e5b7d9f1a360), never written by the app: read-only here.
    stay_began_at: Mapped[datetime | None]
    close_reason: Mapped[CloseReason | None] = mapped_column(
        enum_column_type(CloseReason, "transition_close_reason")
    )
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    actor = relationship("User", lazy="joined")

    def __repr__(self) -> str:
        return f"<CaseTransition {self.case_id} {self.from_stage}->{self.to_stage}>"


class CaseTransfer(db.Model):
    """A request to move a case to another office; the sending office keeps it until accepted."""

    __tablename__ = "case_transfer"
    __table_args__ = (
        Index(
            "uq_case_transfer_pending",
            "case_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_case_transfer_to_office_status", "to_office_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    from_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    to_office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    status: Mapped[TransferStatus] = mapped_column(
        enum_column_type(TransferStatus, "transfer_status"), default=TransferStatus.PENDING
    )
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    # Loaded on demand: queries that list transfers say what they need (joinedload).
    case = relationship("Case")
    from_office = relationship("Office", foreign_keys=[from_office_id])
    to_office = relationship("Office", foreign_keys=[to_office_id])
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<CaseTransfer {self.case_id} {self.from_office_id}->{self.to_office_id}>"


class CaseAccess(db.Model):
    """Who opened which case, when. Append-only (the "who viewed this case" list)."""

    __tablename__ = "case_access"
    __table_args__ = (Index("ix_case_access_case_id_id", "case_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    what: Mapped[str] = mapped_column(String(40), default="case", server_default="case")
    ip_address: Mapped[str | None] = mapped_column(String(45))

    user = relationship("User", lazy="joined")

    def __repr__(self) -> str:
        return f"<CaseAccess case={self.case_id} user={self.user_id}>"


class CaseEvent(db.Model):
    """Something that happened on a case and has no row of its own to show it: a
    reassignment, a consent given or withdrawn, an edit of the person's record (which fields,
    never their values), a status change of a plan action or of a referral. Append-only.

    `kind` is "<feature>.<what>" and the feature that writes a kind also shows it on the
    timeline. `data` holds codes and ids only, never free text: nothing here needs erasing
    when the person is anonymised.
    """

    __tablename__ = "case_event"
    __table_args__ = (Index("ix_case_event_case_occurred", "case_id", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    data: Mapped[dict] = mapped_column(JSONB, default=dict, server_default="{}")

    def __repr__(self) -> str:
        return f"<CaseEvent {self.id} case={self.case_id} {self.kind}>"
