"""Figures for the home page. Grouped counts over small reference tables only."""

from sqlalchemy import func, select

from returnsvc.auth.models import User
from returnsvc.extensions import db
from returnsvc.offices.models import Office


def users_by_role() -> dict[str, int]:
    rows = db.session.execute(
        select(User.role, func.count()).where(User.is_active).group_by(User.role)
    )
    return {role.value: count for role, count in rows}


def offices_by_country() -> dict[str, int]:
    rows = db.session.execute(
        select(Office.country, func.count()).where(Office.is_active).group_by(Office.country)
    )
    return dict(rows.all())
