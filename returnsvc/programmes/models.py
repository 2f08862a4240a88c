"""Support programmes: training, seed capital, micro-credit, savings products and advisory
offered in an origin country (guides link business opportunities to them: see links.py)."""

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import TimestampMixin, VersionedMixin
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.translated import TranslationTable
from returnsvc.extensions import db
from returnsvc.publishing.models import KEY_FORMAT, ORIGINS_SQL, Published


class ProgrammeKind(LabelledEnum):
    TRAINING = "training", _l("Training")
    SEED_CAPITAL = "seed_capital", _l("Seed capital")
    MICRO_CREDIT = "micro_credit", _l("Micro-credit")
    SAVINGS_PRODUCT = "savings_product", _l("Savings product")
    ADVISORY = "advisory", _l("Business advisory")


class SupportProgramme(TimestampMixin, VersionedMixin, Published, db.Model):
    """Training, seed capital, micro-credit, savings products or advisory in a country."""

    __tablename__ = "support_programme"
    __table_args__ = (
        UniqueConstraint("key", name="uq_support_programme_key"),
        CheckConstraint(KEY_FORMAT, name="key_format"),
        CheckConstraint(f"country IN ({ORIGINS_SQL})", name="country"),
        Index("ix_support_programme_country", "country", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[ProgrammeKind] = mapped_column(enum_column_type(ProgrammeKind, "programme_kind"))
    provider: Mapped[str] = mapped_column(String(200))
    regions: Mapped[list[str]] = mapped_column(ARRAY(String(10)), default=list, server_default="{}")
    # A web address, e-mail or phone of the provider, as published.
    contact: Mapped[str] = mapped_column(String(300), default="", server_default="")

    def __repr__(self) -> str:
        return f"<SupportProgramme {self.id} {self.key}>"


class SupportProgrammeText(db.Model):
    __tablename__ = "support_programme_text"

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("support_programme.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    conditions: Mapped[str] = mapped_column(Text, default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")


PROGRAMME_TEXT = TranslationTable(
    SupportProgrammeText, "programme_id", ("name", "conditions", "description"), "name"
)
