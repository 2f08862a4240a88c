"""Reads on cases: counsellors and offices to choose from, the access log, counts by stage
(the case list is in cases/listing.py, the timeline in cases/timeline.py, the summary tab in
cases/page.py). Every query is filtered by `visible_cases_clause(user)`.
"""

from typing import NamedTuple

from sqlalchemy import (
    func,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseAccess, CaseTransfer, Stage, TransferStatus
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.cases.workspace import CASE_ID, json_object
from returnsvc.core.db import inline
from returnsvc.core.enums import Role
from returnsvc.core.paging import keyset_page
from returnsvc.extensions import db
from returnsvc.offices.models import Office


def newest_visible_case_of(returnee_ids: list[int], user) -> dict[int, int]:
    """returnee id -> their newest case the user may see (one query for the whole list)."""
    if not returnee_ids:
        return {}
    rows = db.session.execute(
        select(Case.returnee_id, Case.id)
        .where(Case.returnee_id.in_(returnee_ids), visible_cases_clause(user))
        .order_by(Case.opened_at)
    ).all()
    return dict(rows)  # later (newer) rows win


class Counsellor(NamedTuple):
    """A choice of a counsellor select: all the forms need (no User objects with their office)."""

    id: int
    full_name: str


def counsellors_of(office_id: int) -> list[Counsellor]:
    rows = db.session.execute(
        select(User.id, User.full_name)
        .where(User.office_id == office_id, User.role == Role.COUNSELLOR, User.is_active)
        .order_by(User.full_name)
    )
    return [Counsellor(*row) for row in rows]


class OfficeChoice(NamedTuple):
    id: int
    name: str
    country: str


def assignment_choices(case: Case) -> tuple[list[Counsellor], list["OfficeChoice"], bool]:
    """(the office's active counsellors, the other active offices, whether a transfer is
    waiting for an answer), in one statement."""
    pending = (
        select(CaseTransfer.id)
        .where(CaseTransfer.case_id == CASE_ID, CaseTransfer.status == TransferStatus.PENDING)
        .exists()
    )
    counsellors, offices, is_pending = db.session.execute(
        select(COUNSELLOR_CHOICES, OFFICE_CHOICES, pending), {"case_id": case.id}
    ).one()
    return counsellor_rows(counsellors), office_rows(offices), is_pending


def counsellor_rows(value) -> list[Counsellor]:
    """COUNSELLOR_CHOICES' JSON as the forms' choices."""
    return [Counsellor(row["id"], row["name"]) for row in value or ()]


def office_rows(value) -> list[OfficeChoice]:
    """OFFICE_CHOICES' JSON as the forms' choices."""
    return [OfficeChoice(row["id"], row["name"], row["country"]) for row in value or ()]


# The choices of the assignment page's forms (assignment_choices): the active counsellors of
# the case's office, and the other active offices.
_case_office = select(Case.office_id).where(Case.id == CASE_ID).scalar_subquery()
COUNSELLOR_CHOICES = (
    select(
        func.jsonb_agg(
            aggregate_order_by(json_object(id=User.id, name=User.full_name), User.full_name)
        )
    )
    .where(User.office_id == _case_office, User.role == Role.COUNSELLOR, User.is_active)
    .scalar_subquery()
)
OFFICE_CHOICES = (
    select(
        func.jsonb_agg(
            aggregate_order_by(
                json_object(id=Office.id, name=Office.name, country=Office.country),
                Office.country,
                Office.name,
            )
        )
    )
    .where(Office.is_active, Office.id != _case_office)
    .scalar_subquery()
)


def access_log_page(case: Case, before_id: int | None = None, per_page: int = 50):
    stmt = select(CaseAccess).where(CaseAccess.case_id == case.id).order_by(CaseAccess.id.desc())
    if before_id:
        stmt = stmt.where(CaseAccess.id < before_id)
    return keyset_page(db.session.scalars(stmt.limit(inline(per_page + 1))), per_page)


def case_counts_by_stage(user) -> dict[Stage, int]:
    rows = db.session.execute(
        select(Case.stage, func.count()).where(visible_cases_clause(user)).group_by(Case.stage)
    ).all()
    return dict(rows)
