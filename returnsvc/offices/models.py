from sqlalchemy import CheckConstraint, Index, String, column, func
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core import countries
from returnsvc.core.clock import country_zone
from returnsvc.core.db import TimestampMixin, VersionedMixin
from returnsvc.extensions import db

_COUNTRY_CODES = ", ".join(f"'{c}'" for c in countries.ALL)


def _zone_of_country(context) -> str:
    return country_zone(context.get_current_parameters().get("country"))


class Office(TimestampMixin, VersionedMixin, db.Model):
    """A PES office or partner desk. Staff belong to one office."""

    __tablename__ = "office"
    __table_args__ = (
        CheckConstraint(f"country IN ({_COUNTRY_CODES})", name="country"),
        # Two offices with the same name in one city would be indistinguishable in pickers.
        Index(
            "uq_office_country_city_name",
            "country",
            func.lower(column("city")),
            func.lower(column("name")),
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str] = mapped_column(String(120), default="", server_default="")
    city: Mapped[str] = mapped_column(String(120))
    is_active: Mapped[bool] = mapped_column(default=True, server_default="true")
    is_demo: Mapped[bool] = mapped_column(default=False, server_default="false")
    # IANA zone its staff read and type times in (core.clock); by default its country's.
    time_zone: Mapped[str] = mapped_column(String(64), default=_zone_of_country)

    def __repr__(self) -> str:
        return f"<Office {self.id} {self.name!r} {self.country}>"

    @property
    def currency(self) -> str:
        return countries.currency_of(self.country)
