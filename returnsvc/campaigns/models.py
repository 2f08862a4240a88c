"""Savings campaigns (issue #16): a country's drive, over a period, to get an audience of
returnees (or migrants in Spain preparing their return) to open savings plans and save.

A campaign has materials (web links, or PDF files kept outside the web root under random
names: see files.py) and enrolments (the people reached). Its results are read from the
savings ledger (results.py), never stored.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.countries import ORIGINS
from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.savings.models import SavingsEntry

_ORIGINS_SQL = ", ".join(f"'{code}'" for code in ORIGINS)


class Audience(LabelledEnum):
    """Whom a campaign reaches; enrolment accepts only people of its audience."""

    MIGRANTS_IN_SPAIN = "migrants_in_spain", _l("Migrants in Spain from the country")
    OFFICE = "office", _l("Returnees of one office")
    COUNTRY = "country", _l("All returnees of the country")


class Channel(LabelledEnum):
    CONSULATE_EVENT = "consulate_event", _l("Consulate event")
    ASSOCIATION_EVENT = "association_event", _l("Migrant association event")
    RADIO_TV = "radio_tv", _l("Radio or TV")
    SOCIAL_MEDIA = "social_media", _l("Social media")
    WORKSHOP = "workshop", _l("Workshop")
    LEAFLET = "leaflet", _l("Leaflet")
    OTHER = "other", _l("Other channel")


class MaterialKind(LabelledEnum):
    LINK = "link", _l("Web link")
    FILE = "file", _l("PDF file")


class SavingsCampaign(TimestampMixin, VersionedMixin, db.Model):
    """One campaign of an origin country, with its period, audience, channel and targets."""

    __tablename__ = "savings_campaign"
    __table_args__ = (
        CheckConstraint(f"country IN ({_ORIGINS_SQL})", name="country"),
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint("(audience = 'office') = (office_id IS NOT NULL)", name="office"),
        CheckConstraint("target_plans IS NULL OR target_plans >= 0", name="target_plans"),
        CheckConstraint(
            "(target_amount IS NULL) = (target_currency IS NULL)"
            " AND (target_amount IS NULL OR target_amount > 0)",
            name="target_amount",
        ),
        # The list: a country's campaigns, latest first.
        Index("ix_savings_campaign_country", "country", "starts_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    audience: Mapped[Audience] = mapped_column(enum_column_type(Audience, "campaign_audience"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id", ondelete="RESTRICT"))
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "campaign_channel"))
    target_plans: Mapped[int | None] = mapped_column(Integer)
    target_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    target_currency: Mapped[str | None] = mapped_column(String(3))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"<SavingsCampaign {self.id} {self.country} {self.starts_on}..{self.ends_on}>"


class CampaignMaterial(db.Model):
    """A link (http/https only) or an uploaded PDF. A file is stored under `stored_name` (random,
    never derived from the upload) in the materials folder; `file_label` is the original name
    cleaned, shown and offered on download, never used as a path."""

    __tablename__ = "campaign_material"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'link') = (url IS NOT NULL) AND (kind = 'file') = (stored_name IS NOT NULL)",
            name="kind_fields",
        ),
        CheckConstraint("stored_name ~ '^[0-9a-f]{32}\\.pdf$'", name="stored_name"),
        UniqueConstraint("stored_name", name="uq_campaign_material_stored_name"),
        Index("ix_campaign_material_campaign", "campaign_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("savings_campaign.id", ondelete="CASCADE"))
    kind: Mapped[MaterialKind] = mapped_column(enum_column_type(MaterialKind, "material_kind"))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    stored_name: Mapped[str | None] = mapped_column(String(40))
    file_label: Mapped[str | None] = mapped_column(String(200))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<CampaignMaterial {self.id} {self.kind} of campaign {self.campaign_id}>"


class CampaignEnrolment(db.Model):
    """A person reached by a campaign (once per campaign)."""

    __tablename__ = "campaign_enrolment"
    __table_args__ = (
        UniqueConstraint("campaign_id", "returnee_id", name="uq_campaign_enrolment_person"),
        # A person's campaigns (and erasure of a person).
        Index("ix_campaign_enrolment_returnee", "returnee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("savings_campaign.id", ondelete="CASCADE"))
    returnee_id: Mapped[int] = mapped_column(ForeignKey("returnee.id", ondelete="CASCADE"))
    enrolled_on: Mapped[date] = mapped_column(Date)
    enrolled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<CampaignEnrolment {self.campaign_id} {self.returnee_id}>"


# Indexes on the savings ledger that the campaign results read (results.py), declared here
# with the migration that creates them (b7c9e3f5a821) so that the ledger's own module stays
# as it is. The entries of a plan in a period with what the results add up, answered from the
# index alone (the ledger is append-only, so its pages stay all-visible once vacuumed); and
# the reversals of a plan, a small share of the ledger.
Index(
    "ix_savings_entry_plan_day_amounts",
    SavingsEntry.plan_id,
    SavingsEntry.booked_on,
    postgresql_include=["kind", "amount", "currency"],
)
Index(
    "ix_savings_entry_plan_reversals",
    SavingsEntry.plan_id,
    postgresql_where=SavingsEntry.kind == "reversal",
)
