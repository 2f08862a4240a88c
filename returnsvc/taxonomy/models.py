"""ISCO-08 groups and ESCO concepts, with their labels per locale.

Labels live in their own tables (one row per concept, locale and label: the preferred label
and each alternative label), so search covers alternative labels and falls back to the other
language without `title_es`/`title_en` columns. `search_text` is the folded label (see
core.text.fold) that the trigram index sits on: the embedded PostgreSQL has no `unaccent`.
"""

from datetime import datetime
from pathlib import PurePath

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from returnsvc.core.db import utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

# The locales labels are kept in (the app's languages). ESCO's "en-us" files load as "en".
LABEL_LOCALES = ("es", "en")

# ISCO-08 minor groups whose unit groups make a person a health professional (WHO/ILO usage):
# 221 medical doctors, 222 nursing and midwifery professionals, 322 nursing and midwifery
# associate professionals.
HEALTH_PROFESSIONAL_MINOR_GROUPS = ("221", "222", "322")


class ReuseLevel(LabelledEnum):
    """ESCO's reusability of a skill across occupations and sectors."""

    TRANSVERSAL = "transversal", _l("Transversal")
    CROSS_SECTOR = "cross-sector", _l("Cross-sector")
    SECTOR_SPECIFIC = "sector-specific", _l("Sector-specific")
    OCCUPATION_SPECIFIC = "occupation-specific", _l("Occupation-specific")


class ImportKind(LabelledEnum):
    ISCO = "isco", _l("ISCO-08 groups")
    ESCO = "esco", _l("ESCO occupations and skills")


def _trigram_index(table: str) -> Index:
    return Index(
        f"ix_{table}_search_trgm",
        "search_text",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )


def _prefix_index(table: str) -> Index:
    # Queries of one or two characters cannot use trigrams: a pattern B-tree serves `LIKE 'x%'`.
    return Index(
        f"ix_{table}_search_prefix",
        "search_text",
        postgresql_ops={"search_text": "text_pattern_ops"},
    )


class IscoGroup(db.Model):
    """An ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit group (4).

    The code is a string: "0110" and "110" are different groups."""

    __tablename__ = "isco_group"
    __table_args__ = (
        CheckConstraint("code ~ '^[0-9]{1,4}$'", name="code_digits"),
        CheckConstraint("level = length(code)", name="level_matches_code"),
        CheckConstraint(
            "(level = 1 AND parent_code IS NULL)"
            " OR (level > 1 AND parent_code = left(code, level - 1))",
            name="parent_is_prefix",
        ),
    )

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    parent_code: Mapped[str | None] = mapped_column(
        ForeignKey("isco_group.code", ondelete="RESTRICT"), index=True
    )

    labels = relationship(
        "IscoGroupLabel", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<IscoGroup {self.code}>"

    @property
    def is_unit_group(self) -> bool:
        return self.level == 4

    @property
    def is_health_professional(self) -> bool:
        return self.code[:3] in HEALTH_PROFESSIONAL_MINOR_GROUPS


class IscoGroupLabel(db.Model):
    """The title of an ISCO-08 group in one locale."""

    __tablename__ = "isco_group_label"
    __table_args__ = (_trigram_index("isco_group_label"), _prefix_index("isco_group_label"))

    code: Mapped[str] = mapped_column(
        ForeignKey("isco_group.code", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(String(5), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    search_text: Mapped[str] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<IscoGroupLabel {self.code} {self.locale}>"


class EscoOccupation(db.Model):
    """An ESCO occupation; its ISCO-08 unit group is implied when a person holds it."""

    __tablename__ = "esco_occupation"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    isco_code: Mapped[str] = mapped_column(
        ForeignKey("isco_group.code", ondelete="RESTRICT"), index=True
    )

    def __repr__(self) -> str:
        return f"<EscoOccupation {self.id} {self.isco_code}>"


class EscoSkill(db.Model):
    """An ESCO skill, competence or knowledge concept."""

    __tablename__ = "esco_skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    # ESCO's own words: "skill/competence", "knowledge" (and, once, both); kept as given.
    skill_type: Mapped[str] = mapped_column(String(40), default="", server_default="")
    reuse_level: Mapped[ReuseLevel | None] = mapped_column(
        enum_column_type(ReuseLevel, "reuse_level")
    )

    def __repr__(self) -> str:
        return f"<EscoSkill {self.id}>"


class _ConceptLabel:
    """Shared shape of ESCO label rows: one per concept, locale and label text."""

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(5))
    label: Mapped[str] = mapped_column(String(400))
    is_preferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    search_text: Mapped[str] = mapped_column(Text)


class EscoOccupationLabel(_ConceptLabel, db.Model):
    __tablename__ = "esco_occupation_label"
    __table_args__ = (
        UniqueConstraint("occupation_id", "locale", "label", name="uq_esco_occupation_label"),
        Index(
            "uq_esco_occupation_label_preferred",
            "occupation_id",
            "locale",
            unique=True,
            postgresql_where=text("is_preferred"),
        ),
        _trigram_index("esco_occupation_label"),
        _prefix_index("esco_occupation_label"),
    )

    occupation_id: Mapped[int] = mapped_column(ForeignKey("esco_occupation.id", ondelete="CASCADE"))

    def __repr__(self) -> str:
        return f"<EscoOccupationLabel {self.occupation_id} {self.locale}>"


class EscoSkillLabel(_ConceptLabel, db.Model):
    __tablename__ = "esco_skill_label"
    __table_args__ = (
        UniqueConstraint("skill_id", "locale", "label", name="uq_esco_skill_label"),
        Index(
            "uq_esco_skill_label_preferred",
            "skill_id",
            "locale",
            unique=True,
            postgresql_where=text("is_preferred"),
        ),
        _trigram_index("esco_skill_label"),
        _prefix_index("esco_skill_label"),
    )

    skill_id: Mapped[int] = mapped_column(ForeignKey("esco_skill.id", ondelete="CASCADE"))

    def __repr__(self) -> str:
        return f"<EscoSkillLabel {self.skill_id} {self.locale}>"


class TaxonomyImport(db.Model):
    """One run of an import command: what it read and what it changed (shown to admins)."""

    __tablename__ = "taxonomy_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ImportKind] = mapped_column(enum_column_type(ImportKind, "import_kind"))
    source: Mapped[str] = mapped_column(String(500))
    rows_read: Mapped[int] = mapped_column(Integer)
    created: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float]
    finished_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def source_name(self) -> str:
        """The file or folder read, by its name alone: the admin's page shows which release
        was loaded, not where the server keeps it."""
        return PurePath(self.source).name or self.source

    def __repr__(self) -> str:
        return f"<TaxonomyImport {self.id} {self.kind} {self.source}>"
