from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.core import countries
from returnsvc.core.db import TimestampMixin, VersionedMixin, utcnow
from returnsvc.core.enums import EducationLevel, LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db


class Sex(LabelledEnum):
    FEMALE = "female", _l("Woman")
    MALE = "male", _l("Man")
    OTHER = "other", _l("Other / prefers not to say")


class DocumentType(LabelledEnum):
    NATIONAL_ID = "national_id", _l("National identity card")
    PASSPORT = "passport", _l("Passport")
    FOREIGNER_ID = "foreigner_id", _l("Spanish foreigner identity number (NIE)")
    OTHER = "other", _l("Other document")


class ReturnProgramme(LabelledEnum):
    APRE = "apre", _l("APRE (capitalised unemployment benefit)")
    IOM_AVRR = "iom_avrr", _l("IOM assisted voluntary return (AVRR)")
    OTHER_PUBLIC = "other_public", _l("Other public programme")
    OWN_MEANS = "own_means", _l("Own means")


class ConsentKind(LabelledEnum):
    SERVICE = "service", _l("Service delivery")
    SHARING = "sharing", _l("Sharing with partner organisations")
    STATISTICS = "statistics", _l("Anonymised statistics")


_ORIGINS = ", ".join(f"'{c}'" for c in countries.ORIGINS)


def display_name(ident, given_names, first_surname, second_surname, anonymised_at) -> str:
    """A person as pages name them: "given names surnames", or "#id" once anonymised (for
    lists that read these columns without loading the person)."""
    if anonymised_at is not None:
        return f"#{ident}"
    return " ".join(p for p in (given_names, first_surname, second_surname) if p)


class Returnee(TimestampMixin, VersionedMixin, db.Model):
    """A person returning (or preparing to return) to an origin country.

    `search_text` is a folded (accent- and case-free) copy of name, document and phone that the
    list search and the trigram index use; services rewrite it on every change.
    """

    __tablename__ = "returnee"
    __table_args__ = (
        UniqueConstraint(
            "document_type", "document_number", "document_country", name="uq_returnee_document"
        ),
        CheckConstraint(f"origin_country IN ({_ORIGINS})", name="origin_country"),
        CheckConstraint(
            "household_size IS NULL OR household_size BETWEEN 1 AND 50", name="household_size"
        ),
        CheckConstraint("dependants IS NULL OR dependants BETWEEN 0 AND 50", name="dependants"),
        Index(
            "ix_returnee_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
        Index("ix_returnee_birth_date", "birth_date"),
        # The people of a country of return (the reverse match lists them).
        Index("ix_returnee_origin_country", "origin_country", "id"),
        # The programme-outcomes dashboard's scope (reports.filters.scope_of) from the index alone.
        Index(
            "ix_returnee_origin_scope",
            "origin_country",
            "id",
            postgresql_include=["sex", "birth_date"],
            postgresql_where=text("anonymised_at IS NULL"),
        ),
        Index("ix_returnee_phone_digits", "phone_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    given_names: Mapped[str] = mapped_column(String(120))
    first_surname: Mapped[str] = mapped_column(String(120))
    second_surname: Mapped[str] = mapped_column(String(120), default="", server_default="")
    sex: Mapped[Sex] = mapped_column(enum_column_type(Sex, "sex"))
    birth_date: Mapped[date | None] = mapped_column(Date)
    nationality: Mapped[str] = mapped_column(String(2))
    document_type: Mapped[DocumentType | None] = mapped_column(
        enum_column_type(DocumentType, "document_type")
    )
    # Stored normalised (no spaces, dots or dashes; upper case) so uniqueness means something.
    document_number: Mapped[str | None] = mapped_column(String(40))
    document_country: Mapped[str | None] = mapped_column(String(2))
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    phone_digits: Mapped[str] = mapped_column(String(40), default="", server_default="")
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    origin_country: Mapped[str] = mapped_column(String(2))
    region_code: Mapped[str] = mapped_column(String(10), default="", server_default="")
    city: Mapped[str] = mapped_column(String(120), default="", server_default="")
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    household_size: Mapped[int | None]
    dependants: Mapped[int | None]
    education_level: Mapped[EducationLevel | None] = mapped_column(
        enum_column_type(EducationLevel, "education_level")
    )
    # ISO 639-1 codes of the languages the person speaks.
    languages: Mapped[list[str]] = mapped_column(
        ARRAY(String(3)), default=list, server_default="{}"
    )

    # The three consents: when and by whom each was recorded; NULL = not given (or withdrawn).
    consent_service_at: Mapped[datetime | None]
    consent_service_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    consent_sharing_at: Mapped[datetime | None]
    consent_sharing_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    consent_statistics_at: Mapped[datetime | None]
    consent_statistics_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The portal account of this person, once invited (issue: returnee portal).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), unique=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    anonymised_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False, server_default="false")

    migration = relationship("MigrationHistory", uselist=False, back_populates="returnee")

    def __repr__(self) -> str:
        return f"<Returnee {self.id}>"

    @property
    def full_name(self) -> str:
        return display_name(
            self.id, self.given_names, self.first_surname, self.second_surname, self.anonymised_at
        )

    @property
    def surnames(self) -> str:
        if self.anonymised_at is not None:
            return f"#{self.id}"
        return " ".join(p for p in (self.first_surname, self.second_surname) if p)

    def has_consent(self, kind: ConsentKind) -> bool:
        return getattr(self, f"consent_{ConsentKind(kind).value}_at") is not None

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class MigrationHistory(TimestampMixin, VersionedMixin, db.Model):
    """Where and how long the person lived abroad, and how they return."""

    __tablename__ = "migration_history"
    __table_args__ = (
        CheckConstraint(
            "departure_year IS NULL OR departure_year BETWEEN 1950 AND 2100", name="departure_year"
        ),
        CheckConstraint(
            "years_abroad IS NULL OR years_abroad BETWEEN 0 AND 80", name="years_abroad"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    returnee_id: Mapped[int] = mapped_column(
        ForeignKey("returnee.id", ondelete="CASCADE"), unique=True
    )
    host_country: Mapped[str] = mapped_column(String(2), default="ES", server_default="ES")
    departure_year: Mapped[int | None]
    years_abroad: Mapped[int | None]
    planned_return_date: Mapped[date | None] = mapped_column(Date)
    actual_return_date: Mapped[date | None] = mapped_column(Date)
    return_programme: Mapped[ReturnProgramme | None] = mapped_column(
        enum_column_type(ReturnProgramme, "return_programme"), index=True
    )
    last_occupation_abroad: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # ISIC Rev.4 section letter (A-U) of the last job abroad.
    last_sector_abroad: Mapped[str] = mapped_column(String(1), default="", server_default="")

    returnee = relationship("Returnee", back_populates="migration")

    def __repr__(self) -> str:
        return f"<MigrationHistory returnee={self.returnee_id}>"


class DuplicateOverride(db.Model):
    """A counsellor saw a possible-duplicate warning and registered anyway, with a reason."""

    __tablename__ = "duplicate_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    returnee_id: Mapped[int] = mapped_column(
        ForeignKey("returnee.id", ondelete="CASCADE"), index=True
    )
    similar_to_id: Mapped[int] = mapped_column(ForeignKey("returnee.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(20))  # document / phone / name_birth
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<DuplicateOverride {self.returnee_id}~{self.similar_to_id} {self.rule}>"
