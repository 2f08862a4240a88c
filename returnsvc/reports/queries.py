"""What the dashboard's filter form offers the viewer."""

from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.reports.filters import countries_for


def office_choices(user) -> list[tuple[int, str, str]]:
    """(id, name, country) of the active offices whose cases `user` may count: Spain's and those
    of the countries they may choose."""
    countries = (*countries_for(user), "ES")
    rows = db.session.execute(
        select(Office.id, Office.name, Office.country)
        .where(Office.country.in_(countries), Office.is_active.is_(True))
        .order_by(Office.country, Office.name)
    )
    return [tuple(row) for row in rows]
