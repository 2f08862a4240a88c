from sqlalchemy import func, or_, select

from returnsvc.auth.models import User
from returnsvc.core.paging import cut_page
from returnsvc.extensions import db
from returnsvc.offices.models import Office


def list_users(*, q: str = "", role: str = "", status: str = "", page: int = 1, per_page: int = 50):
    """A page of users, ordered by name; returns (rows, has_next). No total count."""
    stmt = select(User).order_by(func.lower(User.full_name), User.id)
    if q:
        words = q.strip().lower()
        stmt = stmt.where(
            or_(
                func.lower(User.email).contains(words, autoescape=True),
                func.lower(User.full_name).contains(words, autoescape=True),
            )
        )
    if role:
        stmt = stmt.where(User.role == role)
    if status == "active":
        stmt = stmt.where(User.is_active)
    elif status == "inactive":
        stmt = stmt.where(~User.is_active)
    return cut_page(
        db.session.scalars(stmt.offset((page - 1) * per_page).limit(per_page + 1)), per_page
    )


def active_offices() -> list[Office]:
    return db.session.scalars(
        select(Office).where(Office.is_active).order_by(Office.country, Office.city, Office.name)
    ).all()
