"""Good practices and successful experiences: bilingual articles tagged by country and theme."""

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import TimestampMixin, VersionedMixin
from returnsvc.core.enums import LabelledEnum
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.translated import TranslationTable
from returnsvc.extensions import db
from returnsvc.publishing.models import KEY_FORMAT, Published


class PracticeTheme(LabelledEnum):
    REMITTANCES_SAVINGS = "remittances_savings", _l("Remittances into savings")
    MICRO_ENTERPRISE = "micro_enterprise", _l("Micro-enterprise creation")
    PES_SERVICES = "pes_services", _l("Employment-service reintegration support")
    HEALTH_WORKER_MIGRATION = "health_worker_migration", _l("Health-worker migration")


class GoodPractice(TimestampMixin, VersionedMixin, Published, db.Model):
    """A good practice or successful experience, tagged by countries and themes."""

    __tablename__ = "good_practice"
    __table_args__ = (
        UniqueConstraint("key", name="uq_good_practice_key"),
        CheckConstraint(KEY_FORMAT, name="key_format"),
        Index("ix_good_practice_countries", "countries", postgresql_using="gin"),
        Index("ix_good_practice_themes", "themes", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    countries: Mapped[list[str]] = mapped_column(
        ARRAY(String(2)), default=list, server_default="{}"
    )
    # PracticeTheme codes.
    themes: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list, server_default="{}")

    def __repr__(self) -> str:
        return f"<GoodPractice {self.id} {self.key}>"


class GoodPracticeText(db.Model):
    __tablename__ = "good_practice_text"

    practice_id: Mapped[int] = mapped_column(
        ForeignKey("good_practice.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    body: Mapped[str] = mapped_column(Text, default="", server_default="")


PRACTICE_TEXT = TranslationTable(
    GoodPracticeText, "practice_id", ("title", "summary", "body"), "title"
)
