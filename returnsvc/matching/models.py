"""Matching weights as data: each save adds a version, the newest of a kind is the current set.

Rows are never changed or deleted, so the version a match was scored with can always be shown
again; with no row for a kind, the defaults shipped in `scoring` are the current set."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.auth.models import User
from returnsvc.core.db import utcnow
from returnsvc.extensions import db

KINDS = ("demand", "opportunity")


class MatchingWeights(db.Model):
    """One version of the weights of a kind: {component: integer}, summing to 100."""

    __tablename__ = "matching_weights"
    __table_args__ = (
        CheckConstraint("kind IN ('demand', 'opportunity')", name="kind"),
        CheckConstraint("version > 0", name="version_positive"),
        # Also the index "the newest version of a kind" walks.
        UniqueConstraint("kind", "version", name="uq_matching_weights_kind_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    # 1, 2, 3... per kind; the scorer's Weights carry it as text (the shipped set's is a name).
    version: Mapped[int]
    values: Mapped[dict] = mapped_column(JSONB)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<MatchingWeights {self.kind} v{self.version}>"
