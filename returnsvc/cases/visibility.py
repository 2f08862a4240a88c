"""Which cases a user may see and work on. Every case lookup and list goes through here.

- admin: every case, read-only;
- manager: cases owned by offices of their own country, read-only, no confidential notes;
- counsellor: cases of their own office (read and write), plus cases being transferred to their
  office (read-only, to decide on the transfer);
- returnee: none (their own portal is a separate feature).

Confidential notes are readable only by counsellors of the office that owns the case.
"""

from sqlalchemy import Integer, String, bindparam, false, or_, select, true

from returnsvc.cases.models import Case, CaseTransfer, TransferStatus
from returnsvc.cases.workspace import CASE_ID
from returnsvc.core.enums import Role
from returnsvc.offices.models import Office

# The same rules as statements built once: the viewer's office and country as bound values,
# one variant per kind of viewer (see `viewer_kind`).
VIEWER_OFFICE = bindparam("viewer_office", type_=Integer)
VIEWER_COUNTRY = bindparam("viewer_country", type_=String)


def visible_cases_clause(user):
    """A WHERE clause on Case limiting rows to what `user` may see."""
    if user is None or not user.is_authenticated:
        return false()
    if user.role is Role.ADMIN:
        return true()
    if user.role is Role.MANAGER and user.office_id is not None:
        country_offices = select(Office.id).where(Office.country == user.office.country)
        return Case.office_id.in_(country_offices)
    if user.role is Role.COUNSELLOR and user.office_id is not None:
        incoming = select(CaseTransfer.case_id).where(
            CaseTransfer.to_office_id == user.office_id,
            CaseTransfer.status == TransferStatus.PENDING,
        )
        return or_(Case.office_id == user.office_id, Case.id.in_(incoming))
    return false()


def viewer_kind(user) -> str | None:
    """"admin", "manager" or "counsellor": which rule of this module applies (None: no case
    is visible)."""
    if user is None or not user.is_authenticated:
        return None
    if user.role is Role.ADMIN:
        return "admin"
    if user.role is Role.MANAGER and user.office_id is not None:
        return "manager"
    if user.role is Role.COUNSELLOR and user.office_id is not None:
        return "counsellor"
    return None


def viewer_params(user) -> dict:
    """The bound values of the VISIBLE and CONFIDENTIAL conditions for `user`."""
    kind = viewer_kind(user)
    if kind == "manager":
        return {"viewer_country": user.office.country}
    if kind == "counsellor":
        return {"viewer_office": user.office_id}
    return {}


_incoming = select(CaseTransfer.case_id).where(
    CaseTransfer.to_office_id == VIEWER_OFFICE, CaseTransfer.status == TransferStatus.PENDING
)
# The cases a viewer may see, as a condition on Case, per kind of viewer.
VISIBLE = {
    "admin": true(),
    "manager": Case.office_id.in_(select(Office.id).where(Office.country == VIEWER_COUNTRY)),
    "counsellor": or_(Case.office_id == VIEWER_OFFICE, Case.id.in_(_incoming)),
}
# Whether the viewer may read the confidential records of the case bound as CASE_ID (the rule
# of can_read_confidential, in SQL; an alias of Case, so that it never correlates).
_this_case = Case.__table__.alias("this_case")
CONFIDENTIAL = {
    "admin": false(),
    "manager": false(),
    "counsellor": select(_this_case.c.office_id)
    .where(_this_case.c.id == CASE_ID)
    .scalar_subquery()
    == VIEWER_OFFICE,
}


def can_work_on(case: Case, user) -> bool:
    """Counsellors of the owning office write to its cases (closed ones only to reopen)."""
    return (
        user is not None
        and user.is_authenticated
        and user.role is Role.COUNSELLOR
        and user.office_id == case.office_id
    )


def can_read_confidential(case: Case, user) -> bool:
    return can_work_on(case, user)
