"""Guides and what they hold, with translatable text in translation tables.

Each content table has a `<thing>_text` table with one row per locale (ARCHITECTURE.md
principle 7); a missing row means "not yet translated": pages fall back to the other language
and show editors a marker. `key` is a stable identifier per country or edition that CSV
import/export uses to match rows, so a re-import updates instead of duplicating.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import TimestampMixin, VersionedMixin
from returnsvc.core.enums import EducationLevel, IsicSection, LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.translated import TranslationTable
from returnsvc.extensions import db
from returnsvc.publishing.models import KEY_FORMAT, ORIGINS_SQL, Published


class GuideKind(LabelledEnum):
    LABOUR_MARKET = "labour_market", _l("Labour-market guide")
    BUSINESS = "business", _l("Business-opportunity guide")


class DemandLevel(LabelledEnum):
    LOW = "low", _l("Low")
    MEDIUM = "medium", _l("Medium")
    HIGH = "high", _l("High")
    VERY_HIGH = "very_high", _l("Very high")


class RiskLevel(LabelledEnum):
    LOW = "low", _l("Low risk")
    MEDIUM = "medium", _l("Medium risk")
    HIGH = "high", _l("High risk")


class GuideEdition(TimestampMixin, VersionedMixin, Published, db.Model):
    """One dated edition of a country's labour-market or business-opportunity guide."""

    __tablename__ = "guide_edition"
    __table_args__ = (
        CheckConstraint(f"country IN ({ORIGINS_SQL})", name="country"),
        Index("ix_guide_edition_country_kind", "country", "kind", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[GuideKind] = mapped_column(enum_column_type(GuideKind, "guide_kind"))
    edition_date: Mapped[date] = mapped_column(Date)
    # Moved by database triggers whenever the edition's entries, their texts or their required
    # skills change, by any path (migration b6e1d3f9a027): readers that keep an edition's
    # content in memory (matching.guide_inputs) reload when it moves. Never set by the ORM.
    content_version: Mapped[int] = mapped_column(server_default="1")

    def __repr__(self) -> str:
        return f"<GuideEdition {self.id} {self.country} {self.kind}>"


class GuideEditionText(db.Model):
    __tablename__ = "guide_edition_text"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("guide_edition.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(500), default="", server_default="")
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")


class EditionEntry(TimestampMixin, VersionedMixin):
    """Columns of the rows of an edition: demand entries and business opportunities."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("guide_edition.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    isic_section: Mapped[IsicSection] = mapped_column(enum_column_type(IsicSection, "isic_section"))
    # ISO 3166-2 codes; empty = the whole country.
    regions: Mapped[list[str]] = mapped_column(ARRAY(String(10)), default=list, server_default="{}")
    currency: Mapped[str] = mapped_column(String(3))


class DemandEntry(EditionEntry, db.Model):
    """An occupation in demand: where, how much, paid how, asking for what."""

    __tablename__ = "demand_entry"
    __table_args__ = (
        UniqueConstraint("edition_id", "key", name="uq_demand_entry_key"),
        CheckConstraint(KEY_FORMAT, name="key_format"),
        CheckConstraint("length(isco_code) = 4", name="isco_unit_group"),
        CheckConstraint("wage_min IS NULL OR wage_min >= 0", name="wage_min"),
        CheckConstraint(
            "wage_max IS NULL OR wage_min IS NULL OR wage_max >= wage_min", name="wage_range"
        ),
        CheckConstraint(
            "experience_years IS NULL OR experience_years BETWEEN 0 AND 40", name="experience"
        ),
        # Occupation filters, and "is this unit group in these editions" probes (index-only).
        Index("ix_demand_entry_isco_edition", "isco_code", "edition_id"),
        Index("ix_demand_entry_regions", "regions", postgresql_using="gin"),
    )

    isco_code: Mapped[str] = mapped_column(ForeignKey("isco_group.code", ondelete="RESTRICT"))
    demand_level: Mapped[DemandLevel] = mapped_column(enum_column_type(DemandLevel, "demand_level"))
    # Monthly, in `currency` (the country's).
    wage_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    wage_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    min_education: Mapped[EducationLevel | None] = mapped_column(
        enum_column_type(EducationLevel, "min_education")
    )
    experience_years: Mapped[int | None] = mapped_column(SmallInteger)

    def __repr__(self) -> str:
        return f"<DemandEntry {self.id} {self.isco_code}>"


class DemandEntryText(db.Model):
    __tablename__ = "demand_entry_text"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("demand_entry.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), primary_key=True)
    certifications: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Required skills not (yet) tied to an ESCO concept, one per line.
    other_skills: Mapped[str] = mapped_column(Text, default="", server_default="")
    # other_skills folded (core.text.fold) for the explorer's word search; written by
    # DEMAND_TEXT.save.
    skills_search: Mapped[str] = mapped_column(Text, default="", server_default="")


opportunity_programme = Table(
    "opportunity_programme",
    db.metadata,
    Column(
        "opportunity_id",
        ForeignKey("business_opportunity.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "programme_id", ForeignKey("support_programme.id", ondelete="CASCADE"), primary_key=True
    ),
)


class BusinessOpportunity(EditionEntry, db.Model):
    """A business that is viable in the country: what it takes and who supports it."""

    __tablename__ = "business_opportunity"
    __table_args__ = (
        UniqueConstraint("edition_id", "key", name="uq_business_opportunity_key"),
        CheckConstraint(KEY_FORMAT, name="key_format"),
        CheckConstraint("investment_min IS NULL OR investment_min >= 0", name="investment_min"),
        CheckConstraint(
            "investment_max IS NULL OR investment_min IS NULL OR investment_max >= investment_min",
            name="investment_range",
        ),
        Index("ix_business_opportunity_regions", "regions", postgresql_using="gin"),
        Index("ix_business_opportunity_occupations", "occupations", postgresql_using="gin"),
    )

    investment_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    investment_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    risk_level: Mapped[RiskLevel] = mapped_column(enum_column_type(RiskLevel, "risk_level"))
    # ISCO-08 unit groups whose people fit this business.
    occupations: Mapped[list[str]] = mapped_column(
        ARRAY(String(4)), default=list, server_default="{}"
    )

    def __repr__(self) -> str:
        return f"<BusinessOpportunity {self.id} {self.key}>"


class BusinessOpportunityText(db.Model):
    __tablename__ = "business_opportunity_text"

    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("business_opportunity.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    market_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    other_skills: Mapped[str] = mapped_column(Text, default="", server_default="")
    # other_skills folded for the explorer's word search; written by OPPORTUNITY_TEXT.save.
    skills_search: Mapped[str] = mapped_column(Text, default="", server_default="")


class RequiredSkill(db.Model):
    """An ESCO skill a demand entry asks for or a business opportunity needs."""

    __tablename__ = "required_skill"
    __table_args__ = (
        CheckConstraint("(demand_entry_id IS NULL) <> (opportunity_id IS NULL)", name="one_parent"),
        UniqueConstraint("demand_entry_id", "esco_skill_id", name="uq_required_skill_demand"),
        UniqueConstraint("opportunity_id", "esco_skill_id", name="uq_required_skill_opportunity"),
        Index("ix_required_skill_esco_skill", "esco_skill_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("demand_entry.id", ondelete="CASCADE")
    )
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("business_opportunity.id", ondelete="CASCADE")
    )
    esco_skill_id: Mapped[int] = mapped_column(ForeignKey("esco_skill.id", ondelete="RESTRICT"))

    def __repr__(self) -> str:
        return f"<RequiredSkill {self.id} skill={self.esco_skill_id}>"


EDITION_TEXT = TranslationTable(
    GuideEditionText, "edition_id", ("title", "source", "summary"), "title"
)
DEMAND_TEXT = TranslationTable(
    DemandEntryText,
    "entry_id",
    ("certifications", "notes", "other_skills"),
    search=("skills_search", "other_skills"),
)
OPPORTUNITY_TEXT = TranslationTable(
    BusinessOpportunityText,
    "opportunity_id",
    ("title", "description", "market_notes", "other_skills"),
    "title",
    search=("skills_search", "other_skills"),
)
