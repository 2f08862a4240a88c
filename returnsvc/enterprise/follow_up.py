"""Follow-up visits of launched businesses, due 3, 6, 12 and 24 months after launch, surfaced on
the counsellor's home like tasks.

Derived, not stored: a scheduled visit stops showing the moment it is recorded (or the business
closes), so there is no task to keep in step. Shown from VISIT_NOTICE_DAYS before it is due;
overdue ones first.
"""

from datetime import date, timedelta

from sqlalchemy import Date, Integer, bindparam, cast, func, literal_column, select, true

from returnsvc.cases.models import Case, Stage
from returnsvc.cases.visibility import VISIBLE, viewer_kind, viewer_params
from returnsvc.core.paging import cut_page
from returnsvc.enterprise.models import VISIT_MONTHS, Enterprise, FollowUpVisit
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee, display_name

VISITS_SHOWN = 15
VISIT_NOTICE_DAYS = 14


def _statement(kind: str):
    """Built once per kind of viewer; the due dates are computed in SQL (PostgreSQL's month
    arithmetic keeps the day, or the month's last day, as loans.due_date does)."""
    if kind not in _STATEMENTS:
        months = select(func.unnest(list(VISIT_MONTHS)).label("months")).subquery()
        due_on = cast(Enterprise.launched_on + func.make_interval(0, months.c.months), Date)
        recorded = (
            select(FollowUpVisit.id)
            .where(
                FollowUpVisit.enterprise_id == Enterprise.id,
                FollowUpVisit.due_month == months.c.months,
            )
            .exists()
        )
        _STATEMENTS[kind] = (
            select(
                Enterprise.id,
                Enterprise.name,
                months.c.months,
                due_on.label("due_on"),
                Case.id.label("case_id"),
                Case.reference,
                Returnee.id.label("returnee_id"),
                Returnee.given_names,
                Returnee.first_surname,
                Returnee.second_surname,
                Returnee.anonymised_at,
            )
            .select_from(Enterprise)
            .join(months, true())
            .join(Case, Case.id == Enterprise.case_id)
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(
                Enterprise.launched_on.is_not(None),
                Enterprise.closed_on.is_(None),
                due_on <= bindparam("until", type_=Date),
                ~recorded,
                Case.counsellor_id == bindparam("counsellor_id", type_=Integer),
                Case.stage != Stage.CLOSED,
                VISIBLE[kind],
            )
            .order_by("due_on", Enterprise.id, months.c.months)
            .limit(literal_column(str(VISITS_SHOWN + 1), Integer))
        )
    return _STATEMENTS[kind]


_STATEMENTS: dict = {}


def visits_due(user, today: date) -> tuple[list[dict], bool]:
    """Scheduled visits not recorded yet of the launched, open businesses on the open cases
    assigned to `user`, due by VISIT_NOTICE_DAYS from today, soonest first: ([{enterprise_id,
    name, months, due_on, is_overdue, case_id, reference, person}], more). One statement."""
    kind = viewer_kind(user)
    if kind is None:
        return [], False
    params = {
        "until": today + timedelta(days=VISIT_NOTICE_DAYS),
        "counsellor_id": user.id,
        **viewer_params(user),
    }
    rows, more = cut_page(db.session.execute(_statement(kind), params), VISITS_SHOWN)
    return [
        {
            "enterprise_id": row.id,
            "name": row.name,
            "months": row.months,
            "due_on": row.due_on,
            "is_overdue": row.due_on < today,
            "case_id": row.case_id,
            "reference": row.reference,
            "person": display_name(
                row.returnee_id, row.given_names, row.first_surname, row.second_surname,
                row.anonymised_at,
            ),
        }
        for row in rows
    ], more  # fmt: skip
