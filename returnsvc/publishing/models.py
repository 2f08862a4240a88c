"""The draft/published status of managed content and the column rules its tables share."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core import countries
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l

# Table CHECK constraints: an origin-country column, and a `key` as core.keys.KEY_PATTERN.
ORIGINS_SQL = ", ".join(f"'{c}'" for c in countries.ORIGINS)
KEY_FORMAT = "key ~ '^[a-z0-9][a-z0-9-]{1,79}$'"


class PublicationStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")


class Published:
    """Draft or published; only published content is public."""

    status: Mapped[PublicationStatus] = mapped_column(
        enum_column_type(PublicationStatus, "publication_status"),
        default=PublicationStatus.DRAFT,
    )
    published_at: Mapped[datetime | None]
    is_demo: Mapped[bool] = mapped_column(default=False, server_default="false")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
