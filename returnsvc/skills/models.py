"""The skills profile of a returnee (the person, not the case: it outlives a reopened case).

Every section is its own table so each can be listed, edited and audited on its own; the
optimistic version travels in every edit form (core.conflicts).
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import TimestampMixin, VersionedMixin
from returnsvc.core.enums import EducationLevel, LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db


class WorkPlace(LabelledEnum):
    ABROAD = "abroad", _l("Abroad")
    ORIGIN = "origin", _l("In the origin country")


class SkillLevel(LabelledEnum):
    BASIC = "basic", _l("Basic")
    INTERMEDIATE = "intermediate", _l("Intermediate")
    ADVANCED = "advanced", _l("Advanced")


class SkillEvidence(LabelledEnum):
    SELF_DECLARED = "self_declared", _l("Self-declared")
    VERIFIED = "verified", _l("Verified by the counsellor")
    CERTIFIED = "certified", _l("Certified")


class RecognitionStatus(LabelledEnum):
    NOT_NEEDED = "not_needed", _l("Not needed")
    REQUESTED = "requested", _l("Requested")
    IN_PROGRESS = "in_progress", _l("In progress")
    RECOGNISED = "recognised", _l("Recognised")
    REJECTED = "rejected", _l("Rejected")

    @property
    def is_open(self) -> bool:
        return self in (RecognitionStatus.REQUESTED, RecognitionStatus.IN_PROGRESS)

    @property
    def is_resolved(self) -> bool:
        return self in (RecognitionStatus.RECOGNISED, RecognitionStatus.REJECTED)


class CefrLevel(LabelledEnum):
    """Common European Framework of Reference levels, plus mother tongue."""

    A1 = "A1", _l("A1 (beginner)")
    A2 = "A2", _l("A2 (elementary)")
    B1 = "B1", _l("B1 (intermediate)")
    B2 = "B2", _l("B2 (upper intermediate)")
    C1 = "C1", _l("C1 (advanced)")
    C2 = "C2", _l("C2 (proficient)")
    NATIVE = "native", _l("Mother tongue")


class EmploymentPreference(LabelledEnum):
    WAGE = "wage", _l("Wage employment")
    SELF = "self", _l("Self-employment")
    EITHER = "either", _l("Either")


class ProfileItem(TimestampMixin, VersionedMixin):
    """Columns every profile row has: whose it is and who recorded it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    returnee_id: Mapped[int] = mapped_column(
        ForeignKey("returnee.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class WorkExperience(ProfileItem, db.Model):
    """An occupation the person has worked in: an ISCO-08 unit group, or an ESCO occupation
    (which implies its unit group; `isco_code` is then copied from it)."""

    __tablename__ = "work_experience"
    __table_args__ = (
        CheckConstraint("length(isco_code) = 4", name="isco_unit_group"),
        CheckConstraint(
            "years_experience IS NULL OR years_experience BETWEEN 0 AND 70", name="years"
        ),
        CheckConstraint(
            "last_year_worked IS NULL OR last_year_worked BETWEEN 1940 AND 2100",
            name="last_year_worked",
        ),
    )

    isco_code: Mapped[str] = mapped_column(
        ForeignKey("isco_group.code", ondelete="RESTRICT"), index=True
    )
    esco_occupation_id: Mapped[int | None] = mapped_column(
        ForeignKey("esco_occupation.id", ondelete="RESTRICT")
    )
    years_experience: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    place: Mapped[WorkPlace] = mapped_column(enum_column_type(WorkPlace, "work_place"))
    last_year_worked: Mapped[int | None] = mapped_column(SmallInteger)

    def __repr__(self) -> str:
        return f"<WorkExperience {self.id} returnee={self.returnee_id} {self.isco_code}>"


class ReturneeSkill(ProfileItem, db.Model):
    """A skill: an ESCO concept or, when none fits, the counsellor's own words."""

    __tablename__ = "returnee_skill"
    __table_args__ = (
        CheckConstraint(
            "(esco_skill_id IS NOT NULL AND free_text = '')"
            " OR (esco_skill_id IS NULL AND free_text <> '')",
            name="esco_or_free_text",
        ),
        Index(
            "uq_returnee_skill_esco",
            "returnee_id",
            "esco_skill_id",
            unique=True,
            postgresql_where=text("esco_skill_id IS NOT NULL"),
        ),
    )

    esco_skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("esco_skill.id", ondelete="RESTRICT")
    )
    free_text: Mapped[str] = mapped_column(String(200), default="", server_default="")
    level: Mapped[SkillLevel] = mapped_column(enum_column_type(SkillLevel, "skill_level"))
    evidence: Mapped[SkillEvidence] = mapped_column(
        enum_column_type(SkillEvidence, "skill_evidence")
    )

    def __repr__(self) -> str:
        return f"<ReturneeSkill {self.id} returnee={self.returnee_id}>"


class Qualification(ProfileItem, db.Model):
    """A diploma or degree, and where its recognition in the origin country stands."""

    __tablename__ = "qualification"
    __table_args__ = (
        CheckConstraint(
            "year_awarded IS NULL OR year_awarded BETWEEN 1940 AND 2100", name="year_awarded"
        ),
        CheckConstraint(
            "recognition_resolved_on IS NULL OR recognition_requested_on IS NULL"
            " OR recognition_resolved_on >= recognition_requested_on",
            name="recognition_dates",
        ),
        # The home page lists open procedures by how long they have waited.
        Index(
            "ix_qualification_open_recognition",
            "recognition_requested_on",
            postgresql_where=text("recognition_status IN ('requested', 'in_progress')"),
        ),
    )

    title: Mapped[str] = mapped_column(String(300))
    isced_level: Mapped[EducationLevel] = mapped_column(
        enum_column_type(EducationLevel, "isced_level")
    )
    issuing_country: Mapped[str] = mapped_column(String(2))
    institution: Mapped[str] = mapped_column(String(200), default="", server_default="")
    year_awarded: Mapped[int | None] = mapped_column(SmallInteger)
    recognition_status: Mapped[RecognitionStatus] = mapped_column(
        enum_column_type(RecognitionStatus, "recognition_status")
    )
    recognition_authority: Mapped[str] = mapped_column(String(200), default="", server_default="")
    recognition_requested_on: Mapped[date | None] = mapped_column(Date)
    recognition_resolved_on: Mapped[date | None] = mapped_column(Date)
    recognition_notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    def __repr__(self) -> str:
        return f"<Qualification {self.id} returnee={self.returnee_id}>"


class CompetencyCertificate(ProfileItem, db.Model):
    """A certificate of professional competence (e.g. a Spanish "certificado de
    profesionalidad", levels 1-3), often earned through work experience abroad."""

    __tablename__ = "competency_certificate"
    __table_args__ = (
        CheckConstraint("level IS NULL OR level BETWEEN 1 AND 5", name="level"),
        CheckConstraint("year_issued IS NULL OR year_issued BETWEEN 1940 AND 2100", name="year"),
    )

    title: Mapped[str] = mapped_column(String(300))
    # The issuer's own code, e.g. "HOTR0108" for a Spanish certificate.
    code: Mapped[str] = mapped_column(String(40), default="", server_default="")
    issuer: Mapped[str] = mapped_column(String(200), default="", server_default="")
    issuing_country: Mapped[str] = mapped_column(String(2))
    level: Mapped[int | None] = mapped_column(SmallInteger)
    year_issued: Mapped[int | None] = mapped_column(SmallInteger)

    def __repr__(self) -> str:
        return f"<CompetencyCertificate {self.id} returnee={self.returnee_id}>"


class LanguageSkill(ProfileItem, db.Model):
    """A language and the person's CEFR level in it."""

    __tablename__ = "language_skill"
    __table_args__ = (
        UniqueConstraint("returnee_id", "language", name="uq_language_skill_language"),
    )

    # ISO 639-1 code (names come from CLDR through Babel).
    language: Mapped[str] = mapped_column(String(3))
    level: Mapped[CefrLevel] = mapped_column(enum_column_type(CefrLevel, "cefr_level"))

    def __repr__(self) -> str:
        return f"<LanguageSkill {self.id} {self.language} {self.level}>"


class WorkPreference(ProfileItem, db.Model):
    """What work the person looks for: one row per person."""

    __tablename__ = "work_preference"
    __table_args__ = (
        UniqueConstraint("returnee_id", name="uq_work_preference_returnee"),
        CheckConstraint("expected_wage IS NULL OR expected_wage >= 0", name="expected_wage"),
        CheckConstraint(
            "(expected_wage IS NULL) = (wage_currency IS NULL)", name="wage_has_currency"
        ),
    )

    employment: Mapped[EmploymentPreference] = mapped_column(
        enum_column_type(EmploymentPreference, "employment_preference")
    )
    # ISO 3166-2 codes of the regions of the origin country where the person would work.
    regions: Mapped[list[str]] = mapped_column(ARRAY(String(10)), default=list, server_default="{}")
    # Monthly, in the currency of the origin country.
    expected_wage: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    wage_currency: Mapped[str | None] = mapped_column(String(3))
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    def __repr__(self) -> str:
        return f"<WorkPreference returnee={self.returnee_id} {self.employment}>"


# The tables of the profile, in the order the profile page shows them.
PROFILE_TABLES = (
    WorkExperience,
    ReturneeSkill,
    Qualification,
    CompetencyCertificate,
    LanguageSkill,
    WorkPreference,
)
