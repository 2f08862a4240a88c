"""core.clock: local days and the conversion of typed local times, across Madrid's DST changes
(2027: clocks forward on 28 March at 02:00, back on 31 October at 03:00)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from returnsvc.core import clock

MADRID = ZoneInfo("Europe/Madrid")
LIMA = ZoneInfo("America/Lima")


def test_a_skipped_local_time_is_refused_or_shifted_only_when_asked():
    with pytest.raises(clock.NonexistentLocalTime):
        clock.to_utc(datetime(2027, 3, 28, 2, 30), MADRID)
    # Shifted (used for day boundaries only): 02:30 is read as 03:30 summer time.
    shifted = clock.to_utc(datetime(2027, 3, 28, 2, 30), MADRID, shift_gap=True)
    assert shifted == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    # Either side of the gap is fine.
    assert clock.to_utc(datetime(2027, 3, 28, 1, 59), MADRID) == datetime(
        2027, 3, 28, 0, 59, tzinfo=UTC
    )
    assert clock.to_utc(datetime(2027, 3, 28, 3, 0), MADRID) == datetime(
        2027, 3, 28, 1, 0, tzinfo=UTC
    )


def test_a_repeated_local_time_is_its_first_occurrence():
    # 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC (winter time).
    instant = clock.to_utc(datetime(2027, 10, 31, 2, 30), MADRID)
    assert instant == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert clock.to_local(instant, MADRID) == datetime(2027, 10, 31, 2, 30)  # shown as typed


def test_days_around_the_changes_are_23_and_25_hours_long():
    start, end = clock.day_bounds(date(2027, 3, 28), MADRID)
    assert start == datetime(2027, 3, 27, 23, 0, tzinfo=UTC) and end - start == timedelta(hours=23)
    start, end = clock.day_bounds(date(2027, 10, 31), MADRID)
    assert start == datetime(2027, 10, 30, 22, 0, tzinfo=UTC) and end - start == timedelta(hours=25)
    # A week holding the spring change: Monday 22 March to Monday 29 March, local midnights.
    monday = clock.week_start(date(2027, 3, 28))
    assert monday == date(2027, 3, 22)
    start, end = clock.day_bounds(monday, MADRID, 7)
    assert start == datetime(2027, 3, 21, 23, 0, tzinfo=UTC)
    assert end == datetime(2027, 3, 28, 22, 0, tzinfo=UTC)


def test_local_today_is_the_zones_day_not_utcs():
    late_in_lima = datetime(2030, 6, 13, 4, 30, tzinfo=UTC)  # 23:30 on the 12th in Lima
    assert clock.local_today(LIMA, late_in_lima) == date(2030, 6, 12)
    assert clock.local_today(MADRID, late_in_lima) == date(2030, 6, 13)


def test_zones_of_users_offices_and_the_default():
    class Someone:
        zone = "America/Guayaquil"

    assert clock.zone_of(Someone()) == ZoneInfo("America/Guayaquil")
    assert clock.zone_of(None) == MADRID  # the default
    assert clock.zone_named("Not/AZone") == MADRID
    assert (
        clock.country_zone("PE") == "America/Lima" and clock.country_zone("ES") == "Europe/Madrid"
    )
    assert clock.is_known_zone("America/La_Paz") and not clock.is_known_zone("Mars/Olympus")
    assert all(clock.is_known_zone(zone) for zone in clock.OFFERED_ZONES)


def test_times_near_the_ends_of_the_calendar_are_refused_not_crashed():
    with pytest.raises(clock.OutOfRangeLocalTime):
        clock.to_utc(datetime(1, 1, 1, 0, 0), ZoneInfo("Asia/Tokyo"))
    with pytest.raises(clock.OutOfRangeLocalTime):
        clock.to_utc(datetime(9999, 12, 31, 23, 0), LIMA)


def test_zones_are_named_as_people_know_them(app):
    """Place and offset in the reader's language, never the IANA name."""
    with app.test_request_context():
        ecuador = clock.zone_label("America/Guayaquil", "es")
        assert ecuador == "hora de Ecuador (Guayaquil), UTC−05:00"
        assert clock.zone_label("America/Lima", "en") == "Peru Time, UTC−05:00"
        assert clock.zone_label("America/La_Paz", "es").startswith("hora de Bolivia, UTC−04:00")
        assert clock.zone_label("Etc/GMT+5", "es") == "UTC−05:00"  # no "unknown region"
