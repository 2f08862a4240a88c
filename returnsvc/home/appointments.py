"""The counsellor's home: the user's appointments of the week (local Monday to Sunday) on open
cases they may see, bounded, fetching one row more than it shows to say whether there is more.
"""

from datetime import datetime
from functools import lru_cache

from sqlalchemy import bindparam, select

from returnsvc.cases.models import Case
from returnsvc.casework.models import Appointment
from returnsvc.core.db import inline
from returnsvc.core.templating import url_pattern
from returnsvc.extensions import db
from returnsvc.home.case_rows import PERSON, open_visible, person_of, written_day
from returnsvc.returnees.models import Returnee

APPOINTMENTS_SHOWN = 30


@lru_cache(maxsize=32)
def _week_statement(kind, shown: int):
    start, end = (
        written_day("week_start", Appointment.starts_at),
        written_day("week_end", Appointment.starts_at),
    )
    return (
        select(
            Appointment.id,
            Appointment.starts_at,
            Appointment.location,
            Appointment.purpose,
            Appointment.attended,
            *PERSON,
        )
        .join(Case, Case.id == Appointment.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(
            Appointment.counsellor_id == bindparam("me"),
            Appointment.cancelled_at.is_(None),
            Appointment.starts_at >= start,
            Appointment.starts_at < end,
            open_visible(kind),
        )
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(inline(shown + 1))
    )


def week_appointments(kind, params, week: tuple[datetime, datetime]) -> tuple[list[dict], bool]:
    """The appointments between the instants local Monday 00:00 and the next Monday 00:00."""
    rows = (
        db.session.connection()
        .execute(
            _week_statement(kind, APPOINTMENTS_SHOWN),
            {**params, "week_start": week[0], "week_end": week[1]},
        )
        .all()
    )
    url = url_pattern("casework.appointments", "case_id")
    appointments = [
        {
            "id": row.id,
            "starts_at": row.starts_at,
            "location": row.location,
            "purpose": row.purpose,
            "attended": row.attended,
            "url": f"{url.format(row.case_id)}#appointment-{row.id}",
            **person_of(row),
        }
        for row in rows[:APPOINTMENTS_SHOWN]
    ]
    return appointments, len(rows) > APPOINTMENTS_SHOWN
