"""The arithmetic of a savings plan, pure (no database, no Flask): the recommended monthly
deposit, the months in which less than it was deposited, and progress to the goal.

A month counts from the plan's first month to the last whole month before today (the
viewer's today), and not beyond the month of the target date nor the month the plan closed.
A month is missed when what the person deposited in it (from remittances, wages or an APRE
payment; interest is not theirs; reversed deposits do not count) is below the recommended
deposit.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

CENT = Decimal("0.01")

Month = tuple[int, int]  # (year, month)


def whole_months(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 when `end` is not a month after `start`)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def recommended_monthly(target: Decimal, saved: Decimal, today: date, target_date: date) -> Decimal:
    """What a month should add to reach `target` by `target_date` from `saved` today: the rest
    shared over the whole months left (at least one), rounded up to the cent so that the
    deposits reach the goal; 0 once the goal is reached."""
    rest = target - saved
    if rest <= 0:
        return Decimal("0.00")
    months = max(whole_months(today, target_date), 1)
    return (rest / months).quantize(CENT, rounding=ROUND_CEILING)


def month_of(day: date) -> Month:
    return (day.year, day.month)


def months_from(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included (none when `last` is before)."""
    year, month = first
    months = []
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _previous(month: Month) -> Month:
    year, number = month
    return (year - 1, 12) if number == 1 else (year, number - 1)


def counted_months(
    starts_on: date, target_date: date, today: date, closed_on: date | None = None
) -> list[Month]:
    """The months whose deposits are checked against the recommended deposit."""
    last = min(_previous(month_of(today)), month_of(target_date))
    if closed_on is not None:
        last = min(last, _previous(month_of(closed_on)))
    return months_from(month_of(starts_on), last)


def missed_months(
    months: Iterable[Month], recommended: Decimal, deposited: Mapping[Month, Decimal]
) -> list[Month]:
    """The months (of `months`) in which less than `recommended` was deposited."""
    return [month for month in months if deposited.get(month, Decimal(0)) < recommended]


@dataclass(frozen=True)
class Progress:
    balance: Decimal
    target: Decimal

    @property
    def percent(self) -> int:
        """Whole percent of the goal reached, 0 to 100 (never more, never below 0)."""
        if self.target <= 0:
            return 0
        share = int(self.balance * 100 // self.target)
        return min(max(share, 0), 100)

    @property
    def remaining(self) -> Decimal:
        return max(self.target - self.balance, Decimal("0.00"))
