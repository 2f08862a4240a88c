"""Which cases a user may see and work on. Every case lookup and list goes through here.

- admin: every case, read-only;
- manager: cases owned by offices of their own country, read-only, no confidential notes;
- counsellor: cases of their own office (read and write), plus cases being transferred to their
  office (read-only, to decide on the transfer);
- returnee: none (their own portal is a separate feature).

Confidential notes are readable only by counsellors of the office that owns the case.
"""

from sqlalchemy import false, or_, select, true

from returnsvc.cases.models import Case, CaseTransfer, TransferStatus
from returnsvc.core.enums import Role
from returnsvc.offices.models import Office


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
