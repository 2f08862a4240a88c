"""Checks of the profile's services beyond the common cleaners (core.cleaning: text, choice):
years, decimals and past dates, each turning one submitted value into what is stored or
refusing it with a ProfileError naming the field, in the user's language."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.numbers import parse_whole_number
from returnsvc.core.refusals import Refusal

# Years before this are typing mistakes (the model's CHECK constraints say the same).
EARLIEST_YEAR = 1940


class ProfileError(Refusal):
    """A refused profile change; `message` is translated for the user, `field` names the form
    field it concerns (None: the form as a whole)."""


def today() -> date:
    """Today where the person making the request is (core.clock): a date typed on the last
    evening of a month in Lima is not refused as "in the future" because UTC is a day ahead."""
    return local_today()


def year(data: dict, name: str) -> int | None:
    """An optional year between EARLIEST_YEAR and this year."""
    value = data.get(name)
    if value in (None, ""):
        return None
    this_year = today().year
    number = parse_whole_number(value)
    if number is None or not EARLIEST_YEAR <= number <= this_year:
        raise ProfileError(
            _l(
                "Enter a year between %(first)d and %(last)d.",
                first=EARLIEST_YEAR,
                last=this_year,
            ),
            field=name,
        )
    return number


def decimal(data: dict, name: str, *, maximum: Decimal, places: int, message) -> Decimal | None:
    """An optional number from 0 to `maximum` with at most `places` decimals; `message`
    explains the range."""
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ProfileError(message, field=name) from None
    if not number.is_finite() or not Decimal(0) <= number <= maximum:
        raise ProfileError(message, field=name)
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step):
        raise ProfileError(
            _l("Use at most %(places)d decimals.", places=places)
            if places != 1
            else _l("Use at most one decimal."),
            field=name,
        )
    return number.quantize(step)


def past_date(data: dict, name: str) -> date | None:
    """An optional date, not in the future and not before EARLIEST_YEAR."""
    value = data.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ProfileError(_l("Enter a date."), field=name)
    if value > today():
        raise ProfileError(_l("This date is in the future."), field=name)
    if value.year < EARLIEST_YEAR:
        raise ProfileError(_l("Enter a date from %(first)d on.", first=EARLIEST_YEAR), field=name)
    return value


def jsonable(value):
    """A value as the audit trail stores it: codes for enums, ISO dates, strings for numbers."""
    if value is None or isinstance(value, bool | int | str):
        return getattr(value, "value", value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)
