from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.core import countries
from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

_COUNTRY_CODES = ", ".join(f"'{c}'" for c in countries.ALL)


class PartnerKind(LabelledEnum):
    TRAINING = "training", _l("Training institution")
    MICROFINANCE = "microfinance", _l("Microfinance institution")
    FINANCIAL = "financial", _l("Bank or savings cooperative")
    EMPLOYER = "employer", _l("Employer")
    HEALTH = "health", _l("Health service")
    PSYCHOSOCIAL = "psychosocial", _l("Psychosocial service")
    OTHER = "other", _l("Other organisation")


class ReferralStatus(LabelledEnum):
    SENT = "sent", _l("Sent")
    ACCEPTED = "accepted", _l("Accepted")
    DECLINED = "declined", _l("Declined")
    COMPLETED = "completed", _l("Completed")
    CANCELLED = "cancelled", _l("Cancelled")


class Partner(TimestampMixin, VersionedMixin, db.Model):
    """An organisation cases are referred to. It need not have any user account here."""

    __tablename__ = "partner"
    __table_args__ = (
        CheckConstraint(f"country IN ({_COUNTRY_CODES})", name="country"),
        Index("uq_partner_country_name", "country", text("lower(name)"), unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PartnerKind] = mapped_column(enum_column_type(PartnerKind, "partner_kind"))
    country: Mapped[str] = mapped_column(String(2))
    region_code: Mapped[str] = mapped_column(String(10), default="", server_default="")
    city: Mapped[str] = mapped_column(String(120), default="", server_default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    services: Mapped[str] = mapped_column(Text, default="", server_default="")
    is_active: Mapped[bool] = mapped_column(default=True, server_default="true")
    is_demo: Mapped[bool] = mapped_column(default=False, server_default="false")

    def __repr__(self) -> str:
        return f"<Partner {self.id} {self.name!r}>"


class Referral(TimestampMixin, VersionedMixin, db.Model):
    """A case sent to a partner: sent -> accepted / declined (reason) -> completed."""

    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_case", "case_id", "id"),
        Index("ix_referral_partner_status", "partner_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"))
    purpose: Mapped[str] = mapped_column(Text)
    status: Mapped[ReferralStatus] = mapped_column(
        enum_column_type(ReferralStatus, "referral_status"), default=ReferralStatus.SENT
    )
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    responded_at: Mapped[datetime | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    completed_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(Text, default="", server_default="")

    partner = relationship("Partner", lazy="joined", innerjoin=True)
    sent_by = relationship("User", lazy="joined")

    def __repr__(self) -> str:
        return f"<Referral {self.id} case={self.case_id} {self.status}>"
