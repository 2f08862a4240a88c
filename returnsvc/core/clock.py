"""The viewer's clock: which time zone a request is in, its local day, and the conversions
between the local times people type and read and the UTC instants that are stored.

Instants are stored in UTC; days (due dates, birth dates) are dates. People type and read the
local time of their office, or of their own zone when they chose one. The zone is resolved once
per request by the user loader (auth.sessions: the user's own zone, else their office's) and
read here from `current_user.zone`; this module is the one place that reads the request for
it. Services take the zone from the user they are given (`zone_of(actor)`), never from the
request.

Daylight-saving changes (Spain moves its clocks; the Andean offices do not):

- A local time that does not exist (the hour skipped in spring, 02:00-02:59 in Madrid on the
  last Sunday of March) is refused with a message naming the zone: `NonexistentLocalTime`.
  Shifting it silently would book a meeting an hour away from what was typed.
- A local time that happens twice (the hour repeated in autumn, 02:00-02:59 in Madrid on the
  last Sunday of October) is read as its first occurrence (`fold=0`: still summer time, the
  earlier instant). The form shows it back as typed, so nothing looks different to the user.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import dates as babel_dates
from flask import has_request_context
from flask_login import current_user

from returnsvc.core.db import utcnow
from returnsvc.core.i18n import locale_code

DEFAULT_ZONE_NAME = "Europe/Madrid"

# Each origin country's zone: the default of an office there (and of the migration that gave
# the existing offices their zone).
COUNTRY_ZONES = {
    "ES": "Europe/Madrid",
    "BO": "America/La_Paz",
    "CO": "America/Bogota",
    "EC": "America/Guayaquil",
    "PE": "America/Lima",
}

# The zones an office (or a person) may choose: those of the countries we work in, by country.
ZONES_BY_COUNTRY = {
    "ES": ("Europe/Madrid", "Atlantic/Canary", "Africa/Ceuta"),
    "BO": ("America/La_Paz",),
    "CO": ("America/Bogota",),
    "EC": ("America/Guayaquil", "Pacific/Galapagos"),
    "PE": ("America/Lima",),
}
OFFERED_ZONES = tuple(zone for zones in ZONES_BY_COUNTRY.values() for zone in zones)


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by a daylight-saving change in that zone."""

    def __init__(self, local: datetime, zone: ZoneInfo):
        super().__init__(f"{local:%Y-%m-%d %H:%M} does not exist in {zone.key}")
        self.local = local
        self.zone = zone


class OutOfRangeLocalTime(ValueError):
    """A wall-clock time so near year 1 or 9999 that its instant falls outside Python's range."""


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_zone(name) -> bool:
    """Whether `name` is an IANA zone that zoneinfo (with the pinned tzdata) knows."""
    if not isinstance(name, str) or name not in _known_zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=64)
def zone_named(name: str | None) -> ZoneInfo:
    """The zone of that name; the default zone for none (or a name zoneinfo does not know,
    which only a hand-edited row could hold: the forms and services validate)."""
    if name and is_known_zone(name):
        return ZoneInfo(name)
    return ZoneInfo(DEFAULT_ZONE_NAME)


def country_zone(country: str | None) -> str:
    """The zone name an office in `country` gets by default."""
    return COUNTRY_ZONES.get(country or "", DEFAULT_ZONE_NAME)


def zone_of(user) -> ZoneInfo:
    """The zone `user` reads and types times in: their resolved `zone` (own setting, else
    their office's), else the default. Anyone without one (anonymous, None) gets the default."""
    return zone_named(getattr(user, "zone", None))


def viewer_zone() -> ZoneInfo:
    """The zone of the person making the request (the default outside a request)."""
    if not has_request_context():
        return zone_named(None)
    return zone_of(current_user._get_current_object())


def viewer_zone_name() -> str:
    """The viewer's zone by name: Flask-Babel's time zone selector."""
    return viewer_zone().key


def zone_label(name: str, locale: str | None = None) -> str:
    """A zone as people know it, in their language, with its offset now: "hora de Ecuador
    (Guayaquil), UTC−05:00", "Spain (Madrid) Time, UTC+01:00" (never "America/Guayaquil").
    A zone of no place (UTC, Etc/GMT+5) is its offset alone."""
    offset = offset_label(zone_named(name))
    if name.startswith("Etc/") or name in ("UTC", "GMT"):
        return offset
    return f"{_zone_location(name, locale or locale_code())}, {offset}"


@lru_cache(maxsize=128)
def _zone_location(name: str, locale: str) -> str:
    return babel_dates.get_timezone_location(name, locale=locale)


def viewer_zone_label() -> str:
    """For pages that say which zone their times are in."""
    return zone_label(viewer_zone().key)


# --- days and instants ----------------------------------------------------------------------


def local_now(zone: ZoneInfo | None = None, now: datetime | None = None) -> datetime:
    """Now (or `now`) as an aware datetime in `zone` (the viewer's by default)."""
    return (now or utcnow()).astimezone(zone or viewer_zone())


def local_today(zone: ZoneInfo | None = None, now: datetime | None = None) -> date:
    """Today's date where the viewer (or `zone`) is."""
    return local_now(zone, now).date()


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def day_start(day: date, zone: ZoneInfo | None = None) -> datetime:
    """The UTC instant at which `day` begins in `zone`: for SQL conditions on instants
    (`starts_at >= day_start(today)`). A midnight skipped by a DST change begins the day at
    the first instant that exists."""
    return to_utc(datetime.combine(day, time()), zone, shift_gap=True)


def day_bounds(day: date, zone: ZoneInfo | None = None, days: int = 1):
    """[start, end) of `days` local days from `day`, as UTC instants (23 or 25 hours long
    around a DST change, never 24 by assumption)."""
    zone = zone or viewer_zone()
    return day_start(day, zone), day_start(day + timedelta(days=days), zone)


# --- typed local times ----------------------------------------------------------------------


def to_utc(local: datetime, zone: ZoneInfo | None = None, *, shift_gap: bool = False) -> datetime:
    """A wall-clock time in `zone` (naive, as a form gives it) as an aware UTC instant.

    Ambiguous (the repeated autumn hour): the first occurrence (fold=0). Nonexistent (the
    skipped spring hour): NonexistentLocalTime, or with `shift_gap` the instant the clocks
    jumped to (02:30 in a gap from 02:00 to 03:00 becomes 03:30 local)."""
    zone = zone or viewer_zone()
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    try:
        instant = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
        back = instant.astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        raise OutOfRangeLocalTime(f"{local} in {zone.key}") from None
    if back != local:  # not on the wall clock
        if not shift_gap:
            raise NonexistentLocalTime(local, zone)
        # In a gap, fold=0 reads the time with the offset before the change (PEP 495): the
        # instant as far past the jump as the typed time is into the gap.
    return instant


def to_local(instant: datetime, zone: ZoneInfo | None = None) -> datetime:
    """An aware instant as the naive wall-clock time of `zone` (what a form shows)."""
    return instant.astimezone(zone or viewer_zone()).replace(tzinfo=None)


def offset_label(zone: ZoneInfo, now: datetime | None = None) -> str:
    """ "UTC−05:00", "UTC+01:00": the zone's offset now, for pickers and help texts."""
    offset = (now or utcnow()).astimezone(zone).utcoffset() or timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"
