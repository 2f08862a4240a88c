"""Load-and-check helpers for views: fetch a case the current user may see (404 otherwise,
so that other offices' case numbers reveal nothing; CaseMoved for staff of an office that
handed the case over, who learn only where it went and when), and log every view in the
access log."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.cases.services import record_case_view
from returnsvc.cases.transfers import moved_away
from returnsvc.cases.visibility import can_work_on, visible_cases_clause
from returnsvc.core.permissions import deny
from returnsvc.extensions import db


def case_or_404(case_id: int, user=None) -> Case:
    user = user or current_user
    case = db.session.scalar(
        select(Case)
        # The case comes with its person, office and counsellor (joined); the counsellor's own
        # office would come too (User.office is joined) but no case page shows it.
        .options(joinedload(Case.counsellor).lazyload(User.office))
        .where(Case.id == case_id, visible_cases_clause(user))
    )
    if case is None:
        not_visible(case_id, user)
    return case


def not_visible(case_id: int, user=None):
    """A case `user` may not see: CaseMoved when it was transferred away from their side
    (the "transferred" page), else 404."""
    transfer = moved_away(case_id, user or current_user)
    if transfer is not None:
        raise CaseMoved(transfer)
    abort(404)


def viewed_case(case_id: int, what: str = "case") -> Case:
    """The case for a read view (a tab of the case page); the view is written to the log."""
    case = case_or_404(case_id)
    record_case_view(case, current_user, what)
    return case


def workable_case(case_id: int, *, allow_closed: bool = False) -> Case:
    """The case for a write: 404 when invisible, 403 (audited) when visible but read-only,
    CaseClosed (a 409 page) when closed, unless `allow_closed` (reopening)."""
    case = case_or_404(case_id)
    if not can_work_on(case, current_user):
        deny("case is read-only for this user", target=case)
    if not allow_closed and not case.is_open:
        raise CaseClosed(case)
    return case


class CaseMoved(Exception):
    """A case the user's office (or country) handed over to another office: answered with a
    page saying where and when it went, and nothing of what the case holds now."""

    def __init__(self, transfer):
        super().__init__(f"case {transfer.case_id} moved to office {transfer.to_office_id}")
        self.transfer = transfer


class CaseClosed(Exception):
    """A write to a closed case; answered with a 409 page saying to reopen it first."""

    def __init__(self, case: Case):
        super().__init__(f"{case!r} is closed")
        self.case = case
