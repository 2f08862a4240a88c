"""The date and time filters give exactly what Babel gives, from their caches."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel import dates
from hypothesis import given, settings
from hypothesis import strategies as st

from returnsvc.core.templating import _cached_datetime

ZONES = [ZoneInfo(name) for name in ("UTC", "America/Lima", "Europe/Madrid", "America/La_Paz")]


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(["short", "medium", "long", "full"]),
    st.sampled_from(ZONES),
    st.sampled_from(["es", "en"]),
)
def test_datetimes_as_babel_formats_them(value, fmt, zone, locale):
    expected = dates.format_datetime(value, format=fmt, tzinfo=zone, locale=locale)
    assert _cached_datetime(value, fmt, zone, locale) == expected
