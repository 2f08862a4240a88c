from sqlalchemy import func, select

from returnsvc.auth.models import User
from returnsvc.extensions import db
from returnsvc.offices.models import Office


def list_offices(country: str = "") -> list[tuple[Office, int]]:
    """Offices with the number of active staff, in one query (no per-row counts)."""
    staff = (
        select(User.office_id, func.count().label("n"))
        .where(User.is_active)
        .group_by(User.office_id)
        .subquery()
    )
    stmt = (
        select(Office, func.coalesce(staff.c.n, 0))
        .outerjoin(staff, staff.c.office_id == Office.id)
        .order_by(Office.country, Office.city, Office.name)
    )
    if country:
        stmt = stmt.where(Office.country == country)
    return db.session.execute(stmt).all()
