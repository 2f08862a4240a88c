"""Recognition procedures open for too long, surfaced on the counsellor's home like tasks.

Derived, not stored: a procedure stops showing the moment its status or dates change, so
there is no task to keep in step. "Too long" is RECOGNITION_FOLLOW_UP_DAYS after the request
(config; 90 days by default: recognition of a foreign degree in the Andean countries usually
answers within three months, and a procedure past that needs a call to the authority).
"""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Date, Integer, bindparam, literal_column, select

from returnsvc.cases.models import Case, Stage
from returnsvc.cases.visibility import VISIBLE, viewer_kind, viewer_params
from returnsvc.core.paging import cut_page
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee, display_name
from returnsvc.skills.models import Qualification, RecognitionStatus

STALLED_SHOWN = 15

_OPEN = (RecognitionStatus.REQUESTED, RecognitionStatus.IN_PROGRESS)


def follow_up_days() -> int:
    return int(current_app.config.get("RECOGNITION_FOLLOW_UP_DAYS", 90))


def _statement(kind: str):
    """Built once per kind of viewer (building it on every home page cost more than running
    it), reading only the columns shown."""
    if kind not in _STATEMENTS:
        _STATEMENTS[kind] = (
            select(
                Qualification.id,
                Qualification.title,
                Qualification.recognition_status,
                Qualification.recognition_authority,
                Qualification.recognition_requested_on,
                Case.id.label("case_id"),
                Case.reference,
                Returnee.given_names,
                Returnee.first_surname,
                Returnee.second_surname,
                Returnee.anonymised_at,
                Returnee.id.label("returnee_id"),
            )
            .join(Case, Case.returnee_id == Qualification.returnee_id)
            .join(Returnee, Returnee.id == Qualification.returnee_id)
            .where(
                Qualification.recognition_status.in_(_OPEN),
                Qualification.recognition_requested_on < bindparam("limit_date", type_=Date),
                Case.counsellor_id == bindparam("counsellor_id", type_=Integer),
                Case.stage != Stage.CLOSED,
                VISIBLE[kind],
            )
            .order_by(Qualification.recognition_requested_on, Qualification.id)
            .limit(literal_column(str(STALLED_SHOWN + 1), Integer))
        )
    return _STATEMENTS[kind]


_STATEMENTS: dict = {}


def stalled_recognitions(user, today: date) -> tuple[list[dict], bool]:
    """Open recognition procedures requested more than `follow_up_days()` ago, on the open
    cases assigned to `user`, longest waiting first: ([{qualification_id, title, status,
    authority, requested_on, days_waiting, case_id, reference, person}], more).

    One statement; the list is bounded and fetches one row more to say whether it was cut."""
    kind = viewer_kind(user)
    if kind is None:
        return [], False
    params = {
        "limit_date": today - timedelta(days=follow_up_days()),
        "counsellor_id": user.id,
        **viewer_params(user),
    }
    rows, more = cut_page(db.session.execute(_statement(kind), params), STALLED_SHOWN)
    stalled = [
        {
            "qualification_id": row.id,
            "title": row.title,
            "status": row.recognition_status,
            "authority": row.recognition_authority,
            "requested_on": row.recognition_requested_on,
            "days_waiting": (today - row.recognition_requested_on).days,
            "case_id": row.case_id,
            "reference": row.reference,
            "person": display_name(
                row.returnee_id,
                row.given_names,
                row.first_surname,
                row.second_surname,
                row.anonymised_at,
            ),
        }
        for row in rows
    ]
    return stalled, more
