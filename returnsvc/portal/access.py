"""Whose portal it is: the returnee record linked to the signed-in account, and their case."""

from sqlalchemy import case as sql_case
from sqlalchemy import select

from returnsvc.cases.models import Case, Stage
from returnsvc.core.enums import Role
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee


def own_returnee(user) -> Returnee | None:
    """The person record linked to `user`'s account (returnee accounts only; an anonymised
    record is nobody's any more), or None."""
    if user is None or not user.is_authenticated or user.role is not Role.RETURNEE:
        return None
    return db.session.scalar(
        select(Returnee).where(Returnee.user_id == user.id, Returnee.anonymised_at.is_(None))
    )


def own_case(returnee: Returnee) -> Case | None:
    """The person's case: the open one, else the one closed last (None before any case)."""
    return db.session.scalar(
        select(Case)
        .where(Case.returnee_id == returnee.id)
        .order_by(sql_case((Case.stage == Stage.CLOSED, 1), else_=0), Case.id.desc())
        .limit(1)
    )
