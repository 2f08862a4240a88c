"""The person's appointments in the returnee portal ("My appointments", /my/appointments),
registered as a portal section (casework.contributions.PORTAL): the coming ones (day and time
in the time zone of the office that holds the case, where, with whom, what for) and the last
past ones briefly; its card on the portal home shows the next one, and an appointment in the
coming days is what the home's "Anything that needs you" lists (`needs`).

Appointments are the person's own meetings with the office (casework has no staff-only kind
of appointment); notes, and confidential ones above all, are never read here. Everything read
is of the case the portal gives (the signed-in person's own)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from babel import dates as babel_dates
from flask_babel import gettext as _
from sqlalchemy import literal, select, union_all

from returnsvc.auth.models import User
from returnsvc.cases.workspace import PortalSection
from returnsvc.casework.models import Appointment
from returnsvc.core.clock import local_today, zone_label, zone_named
from returnsvc.core.db import inline, utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import locale_code, message_with
from returnsvc.extensions import db

KEY = "appointments"
UPCOMING_SHOWN = 10
PAST_SHOWN = 5
# An appointment within this many days is on the home's "Anything that needs you".
SOON_DAYS = 7


@dataclass(frozen=True)
class PortalAppointment:
    id: int
    starts_at: datetime
    day: str  # "martes, 12 de marzo de 2031", in the office's zone
    time: str  # "10:00"
    place: str
    purpose: str
    with_whom: str | None
    cancelled: bool


@dataclass(frozen=True)
class PortalAppointments:
    """What /my/appointments and its card show (`section` in the templates)."""

    upcoming: list[PortalAppointment]
    past: list[PortalAppointment]
    zone: str  # the office's zone, as people know it ("Spain (Madrid) Time, UTC+01:00")
    needs: list = field(default_factory=list)

    @property
    def next(self) -> PortalAppointment | None:
        return next((a for a in self.upcoming if not a.cancelled), None)


def _part(number: int, condition, order, shown: int):
    return (
        select(
            literal(number).label("part"),
            Appointment.id,
            Appointment.starts_at,
            Appointment.location,
            Appointment.purpose,
            Appointment.cancelled_at,
            User.full_name.label("counsellor"),
        )
        .outerjoin(User, User.id == Appointment.counsellor_id)
        .where(condition)
        .order_by(*order)
        .limit(inline(shown))
    )


def load_appointments(case, returnee, viewer) -> PortalAppointments | None:
    """The coming appointments (soonest first) and the last past ones (latest first) of the
    person's case, in one statement (None before any case: no section)."""
    if case is None:
        return None
    now = utcnow()
    mine = Appointment.case_id == case.id
    both = union_all(
        _part(
            0,
            mine & (Appointment.starts_at > now),
            (Appointment.starts_at, Appointment.id),
            UPCOMING_SHOWN,
        ),
        _part(
            1,
            mine & (Appointment.starts_at <= now),
            (Appointment.starts_at.desc(), Appointment.id.desc()),
            PAST_SHOWN,
        ),
    ).subquery()
    rows = db.session.execute(select(both)).all()  # put in order below
    zone = zone_named(case.office.time_zone if case.office is not None else None)
    locale = locale_code()
    upcoming, past = [], []
    for row in rows:
        local = row.starts_at.astimezone(zone)
        appointment = PortalAppointment(
            id=row.id,
            starts_at=row.starts_at,
            day=babel_dates.format_date(local.date(), "full", locale=locale),
            time=babel_dates.format_time(local.time(), "short", locale=locale),
            place=row.location,
            purpose=row.purpose,
            with_whom=row.counsellor,
            cancelled=row.cancelled_at is not None,
        )
        (upcoming if row.part == 0 else past).append(appointment)
    upcoming.sort(key=lambda a: (a.starts_at, a.id))
    past.sort(key=lambda a: (a.starts_at, a.id), reverse=True)
    found = PortalAppointments(upcoming, past, zone_label(zone.key, locale))
    soon = found.next
    last_day = local_today(zone) + timedelta(days=SOON_DAYS)
    if soon is not None and soon.starts_at.astimezone(zone).date() <= last_day:
        found.needs.append(
            message_with(
                _("Go to your appointment on %(day)s at %(time)s: %(place)s."),
                day=soon.day,
                time=soon.time,
                place=soon.place,
            )
        )
    return found


PORTAL_APPOINTMENTS = PortalSection(
    key=KEY,
    label=_l("My appointments"),
    order=20,
    load=load_appointments,
    template="casework/portal_appointments.html",
    card="casework/portal_card.html",
)
