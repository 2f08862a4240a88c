"""A person's request to correct their contact details, sent from the portal and decided by a
counsellor of the office that holds their case.

A column left NULL is a detail the person did not ask to change; "" asks to clear it. One
request per person waits at a time (a partial unique index): a new one replaces it. The values
become the person's record only when a counsellor approves (cases.services.edit_person)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

# The details a person may ask to correct, as the returnee's columns name them.
CONTACT_FIELDS = ("phone", "email", "address", "city")


class CorrectionStatus(LabelledEnum):
    PENDING = "pending", _l("Waiting for the counsellor")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Not accepted")
    REPLACED = "replaced", _l("Replaced by a newer request")


class ContactCorrection(db.Model):
    __tablename__ = "contact_correction"
    __table_args__ = (
        Index(
            "uq_contact_correction_pending",
            "returnee_id",
            unique=True,
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_contact_correction_returnee_id_id", "returnee_id", "id"),
        CheckConstraint(
            "phone IS NOT NULL OR email IS NOT NULL OR address IS NOT NULL OR city IS NOT NULL",
            name="asks_for_something",
        ),
        CheckConstraint(
            "(status = 'pending') = (decided_at IS NULL)", name="decided_unless_pending"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    returnee_id: Mapped[int] = mapped_column(ForeignKey("returnee.id", ondelete="CASCADE"))
    # The case it was sent on (its timeline shows it); decided on whichever case of the
    # person's a counsellor may work on.
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    status: Mapped[CorrectionStatus] = mapped_column(
        enum_column_type(CorrectionStatus, "contact_correction_status"),
        default=CorrectionStatus.PENDING,
    )
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(320))
    address: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Why a counsellor did not accept it (shown to the person); optional.
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    def __repr__(self) -> str:
        return f"<ContactCorrection {self.id} returnee={self.returnee_id} {self.status}>"

    @property
    def asked(self) -> dict[str, str]:
        """{field: the value asked for} of the details the person asked to change."""
        return {
            field: getattr(self, field)
            for field in CONTACT_FIELDS
            if getattr(self, field) is not None
        }
