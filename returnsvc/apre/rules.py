"""The APRE's arithmetic, pure: what each of the two payments should be, when the second may
come, by when the person must have left Spain, and when the commitment not to return ends.

The figures come from a dated rule (apre.models.ApreRule: the shares, the days, the years,
with the law they come from), never from constants here: the law can change, and a case is
worked out with the rule in force on the day its benefit was recognised.

Worked example (the rule of Real Decreto 1800/2008): 10,000.01 EUR recognised; the first
payment, in Spain, is 40% = 4,000.00; the second, in the country of origin, the rest =
6,000.01 (the cents always add up to the total). The first is received on 1 March 2024: the
person must leave Spain by 31 March 2024 (30 days later), and the second payment can come
from 31 March 2024 on (at least 30 days after the first). They leave on 15 March 2024: the
commitment not to return ends on 15 March 2027, three years later. A return on 29 February
ends it on 28 February, as Spanish law counts years from date to date (a day the month
lacks is its last day).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figures:
    """A rule's figures (apre.models.ApreRule carries them with their source)."""

    first_share: Decimal  # percent of the total paid in Spain
    second_share: Decimal  # percent paid in the country of origin
    min_days_between: int  # the second payment at least this many days after the first
    days_to_leave: int  # leave Spain within this many days of the first payment
    commitment_years: int  # no return to Spain to live or work for this many years

    def __post_init__(self):
        if self.first_share + self.second_share != HUNDRED:
            raise ValueError("the two shares must make 100 percent")
        if not (0 < self.first_share < HUNDRED):
            raise ValueError("each share is above 0 and below 100 percent")
        if min(self.min_days_between, self.days_to_leave, self.commitment_years) < 0:
            raise ValueError("days and years are 0 or more")


def split(total: Decimal, figures: Figures) -> tuple[Decimal, Decimal]:
    """The expected first and second payments of `total`: the first is its share rounded to
    the cent (half to even), the second is the rest, so that both always add up to `total`."""
    if not isinstance(total, Decimal) or not total.is_finite() or total < 0:
        raise ValueError("the total is an amount of 0 or more")
    total = total.quantize(CENT, rounding=ROUND_HALF_EVEN)
    first = (total * figures.first_share / HUNDRED).quantize(CENT, rounding=ROUND_HALF_EVEN)
    return first, total - first


def earliest_second_payment(first_paid_on: date, figures: Figures) -> date:
    """The first day the second payment may be made: `min_days_between` after the first."""
    return first_paid_on + timedelta(days=figures.min_days_between)


def return_deadline(first_paid_on: date, figures: Figures) -> date:
    """The last day to leave Spain: `days_to_leave` after the first payment."""
    return first_paid_on + timedelta(days=figures.days_to_leave)


def add_years(day: date, years: int) -> date:
    """`day` that many years later; 29 February becomes 28 February in a common year (the
    month's last day, as Spanish law counts periods of years from date to date)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def commitment_end(returned_on: date, figures: Figures) -> date:
    """The day the commitment not to return to Spain ends: `commitment_years` after the
    return (the day the person left Spain)."""
    return add_years(returned_on, figures.commitment_years)
