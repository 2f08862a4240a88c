"""Declarative base with a constraint naming convention, and the shared mixins."""

from datetime import UTC, datetime

from psycopg import _queries as psycopg_queries
from sqlalchemy import DateTime, Integer, MetaData, literal
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, registry

# Named constraints make migrations reviewable and downgrades possible.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def inline(value, type_=None):
    """A value written into the SQL instead of bound as a parameter: LIMIT and OFFSET, and
    codes of a closed set (a stage). Never free text.

    psycopg prepares statements that repeat, and PostgreSQL then keeps one plan for them only
    if that plan looks no costlier than planning each run. With an unknown LIMIT, or a code
    whose share of the rows varies, it never does, so every case list was planned again
    (about 0.5 ms of a 1 ms query at 100k cases). Each distinct value gets its own cached plan.
    """
    if type_ is None:
        value = int(value)
    return literal(value, type_, literal_execute=True)


def utcnow() -> datetime:
    """Timezone-aware now in UTC; used as a callable default, never evaluated at import."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every model: shared metadata with the naming convention."""

    # One registry carrying both settings: Flask-SQLAlchemy subclasses this base, and a
    # class-level type_annotation_map would then clash with the inherited registry.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: DateTime(timezone=True)},
    )


class TimestampMixin:
    """`created_at` and `updated_at` in UTC, set by the ORM."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic locking: every UPDATE checks and bumps `version`.

    The version a user saw travels in the edit form (see core.conflicts), so a save made on a
    stale page is refused instead of silently overwriting someone else's change.
    """

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.version}


def cache_long_statements(limit: int = 64 * 1024) -> None:
    """psycopg converts a statement's %(name)s placeholders with a regular expression, and
    caches the result only for statements shorter than 4 KB
    (psycopg._queries.MAX_CACHED_STATEMENT_LENGTH). The case page's two statements (the UNION
    of every timeline source, the summary panels side by side) are 8-12 KB: without this they
    were parsed again on every page, 1.2 ms each. The cache keeps 128 statements, so this
    costs a few megabytes at most."""
    if getattr(psycopg_queries, "MAX_CACHED_STATEMENT_LENGTH", limit) < limit:
        psycopg_queries.MAX_CACHED_STATEMENT_LENGTH = limit
