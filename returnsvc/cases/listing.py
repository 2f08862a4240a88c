"""The case list: one page of the cases a user may see, with search, filters and sorting, and
the transfers waiting for the user's office.

Lists never count the whole table: they fetch one row more than a page to know whether a next
page exists. Every query is filtered by `visible_cases_clause(user)`.
"""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseTransfer, Stage, TransferStatus
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.core.db import inline
from returnsvc.core.enums import Role
from returnsvc.core.text import fold, normalise_document_number
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import MigrationHistory, Returnee

PAGE_SIZE = 50
MAX_PAGE = 2000

SORTS = {
    "recent": (Case.stage_changed_at.desc(), Case.id.desc()),
    "opened": (Case.opened_at.desc(), Case.id.desc()),
    "name": (Case.person_sort, Case.id),
}


def search_condition(q: str):
    """Every word must appear in the folded name, document or phone digits (any order)."""
    conditions = []
    for word in fold(q).split()[:8]:
        variants = {word, normalise_document_number(word).lower()} - {""}
        conditions.append(
            or_(*(Returnee.search_text.contains(v, autoescape=True) for v in variants))
        )
    return conditions


class CaseRow(NamedTuple):
    """One line of the case list: only the columns the page shows (no ORM objects, so a page
    costs one light query and no per-row loading)."""

    id: int
    reference: str
    stage: Stage
    stage_changed_at: datetime
    given_names: str
    first_surname: str
    second_surname: str
    returnee_id: int
    anonymised_at: datetime | None
    origin_country: str
    region_code: str
    office_name: str
    counsellor_name: str | None

    @property
    def person(self) -> str:
        if self.anonymised_at is not None:
            return f"#{self.returnee_id}"
        surnames = " ".join(p for p in (self.first_surname, self.second_surname) if p)
        return f"{surnames}, {self.given_names}" if self.given_names else surnames


_Counsellor = aliased(User)
_LIST_COLUMNS = (
    Case.id, Case.reference, Case.stage, Case.stage_changed_at, Returnee.given_names,
    Returnee.first_surname, Returnee.second_surname, Returnee.id, Returnee.anonymised_at,
    Returnee.origin_country, Returnee.region_code, Office.name, _Counsellor.full_name,
)  # fmt: skip


def case_list_page(user, filters: dict | None = None, page: int = 1, per_page: int | None = None):
    """One page of the cases `user` may see: (rows, has_next)."""
    filters = filters or {}
    per_page = per_page or PAGE_SIZE
    stmt = (
        select(*_LIST_COLUMNS)
        .join(Returnee, Case.returnee_id == Returnee.id)
        .join(Office, Case.office_id == Office.id)
        .outerjoin(_Counsellor, Case.counsellor_id == _Counsellor.id)
        .where(visible_cases_clause(user))
    )
    status = filters.get("stage") or "open"
    if status == "open":
        stmt = stmt.where(Case.stage != Stage.CLOSED)
    elif status != "all":
        stmt = stmt.where(Case.stage == inline(Stage(status), Case.stage.type))
    if filters.get("q"):
        stmt = stmt.where(*search_condition(filters["q"]))
    if filters.get("office"):
        stmt = stmt.where(Case.office_id == filters["office"])
    counsellor = filters.get("counsellor")
    if counsellor == "me":
        stmt = stmt.where(Case.counsellor_id == user.id)
    elif counsellor == "none":
        stmt = stmt.where(Case.counsellor_id.is_(None))
    elif counsellor:
        stmt = stmt.where(Case.counsellor_id == int(counsellor))
    if filters.get("sex"):
        stmt = stmt.where(Returnee.sex == filters["sex"])
    if filters.get("country"):
        stmt = stmt.where(Returnee.origin_country == filters["country"])
    if filters.get("programme"):
        stmt = stmt.where(
            Returnee.id.in_(
                select(MigrationHistory.returnee_id).where(
                    MigrationHistory.return_programme == filters["programme"]
                )
            )
        )
    stmt = stmt.order_by(*SORTS.get(filters.get("sort") or "recent", SORTS["recent"]))
    page = min(max(page, 1), MAX_PAGE)
    stmt = stmt.offset(inline((page - 1) * per_page)).limit(inline(per_page + 1))
    result = db.session.execute(stmt).all()
    rows = [CaseRow(*r) for r in result]
    return rows[:per_page], len(rows) > per_page


def offices_for_filter(user) -> list[Office]:
    """Offices whose cases the user may see (the office filter's choices)."""
    stmt = select(Office).where(Office.is_active).order_by(Office.country, Office.name)
    if user.role is Role.ADMIN:
        return db.session.scalars(stmt).all()
    if user.role is Role.MANAGER:
        return db.session.scalars(stmt.where(Office.country == user.office.country)).all()
    return [user.office] if user.office else []


class IncomingTransfer(NamedTuple):
    """A line of the case list's "transfers waiting for your office" panel."""

    case_id: int
    reference: str
    requested_at: datetime
    from_office_name: str
    given_names: str
    first_surname: str
    second_surname: str
    returnee_id: int
    anonymised_at: datetime | None

    @property
    def person(self) -> str:
        """As Returnee.full_name shows the person (a number once anonymised)."""
        if self.anonymised_at is not None:
            return f"#{self.returnee_id}"
        names = (self.given_names, self.first_surname, self.second_surname)
        return " ".join(p for p in names if p)


_INCOMING_COLUMNS = (
    CaseTransfer.case_id, Case.reference, CaseTransfer.requested_at, Office.name,
    Returnee.given_names, Returnee.first_surname, Returnee.second_surname, Returnee.id,
    Returnee.anonymised_at,
)  # fmt: skip


def incoming_transfers(user) -> list[IncomingTransfer]:
    """Transfers waiting for the user's office to answer: one light query of the columns the
    panel shows (it runs on every list page, mostly to find nothing)."""
    if user.office_id is None:
        return []
    rows = db.session.execute(
        select(*_INCOMING_COLUMNS)
        .join(Case, CaseTransfer.case_id == Case.id)
        .join(Returnee, Case.returnee_id == Returnee.id)
        .join(Office, CaseTransfer.from_office_id == Office.id)
        .where(
            CaseTransfer.to_office_id == user.office_id,
            CaseTransfer.status == TransferStatus.PENDING,
        )
        .order_by(CaseTransfer.requested_at)
        .limit(inline(100))
    )
    return [IncomingTransfer(*row) for row in rows]


