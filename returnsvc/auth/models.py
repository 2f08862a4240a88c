from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, column, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import Role, enum_column_type
from returnsvc.extensions import db


class User(TimestampMixin, VersionedMixin, db.Model):
    """A person who signs in: staff (admin, manager, counsellor) or a returnee."""

    __tablename__ = "user_account"
    __table_args__ = (
        # E-mail is unique whatever its case.
        Index("uq_user_account_email_lower", func.lower(column("email")), unique=True),
        CheckConstraint("preferred_locale IN ('es', 'en')", name="preferred_locale"),
        CheckConstraint("failed_login_count >= 0", name="failed_login_count"),
        # Staff belong to an office; only admins and returnees may be without one.
        CheckConstraint(
            "office_id IS NOT NULL OR role IN ('admin', 'returnee')", name="staff_office"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    preferred_locale: Mapped[str] = mapped_column(String(5), default="es", server_default="es")
    is_active: Mapped[bool] = mapped_column(default=True, server_default="true")
    is_demo: Mapped[bool] = mapped_column(default=False, server_default="false")
    # NULL until the person sets a password through their one-time link.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None]
    failed_login_count: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Bumped on sign-out, password change and deactivation: every cookie carrying an older
    # value stops working at once, in every worker (checked in the user loader).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The person's own IANA zone; NULL: their office's (core.clock).
    time_zone: Mapped[str | None] = mapped_column(String(64))

    office = relationship("Office", lazy="joined")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"

    # Flask-Login protocol. is_active is a column, so deactivated users cannot sign in.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def zone(self) -> str | None:
        """The zone this person reads times in: their own, else their office's (None: the
        app's default, core.clock). SignedInUser carries the same, read with the user."""
        return self.time_zone or (self.office.time_zone if self.office is not None else None)

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())


class PasswordLink(db.Model):
    """A single-use, expiring link to set a password (new account, reset, portal invitation).

    Only a SHA-256 of the token is stored: a database leak does not hand out live links.
    """

    __tablename__ = "password_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))  # auth.services.LINK_PURPOSES
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    def __repr__(self) -> str:
        return f"<PasswordLink {self.id} user={self.user_id} {self.purpose}>"

    def is_usable(self, now: datetime | None = None) -> bool:
        return self.used_at is None and self.expires_at > (now or utcnow())
