"""The remittance-cost calculator's arithmetic: pure, Decimal only.

An amount sent at a frequency is a yearly total; a cost rate (a percentage of the amount
sent) is a yearly cost. The calculator compares three rates: the corridor's published
average, the one the person's own provider charges (when they give it) and the target (SDG
10.c: 3%). What the person pays above the target is what a cheaper service would leave them
to save each year: their own rate when they give it, else the corridor's average. A rate at or
below the target leaves nothing more to save (never a negative saving).

Worked example (tests/remittances/test_calculator.py): EUR 200 a month to Ecuador at the
corridor's 5.48% -> EUR 2,400.00 a year, costing EUR 131.52; at 3% EUR 72.00; EUR 59.52 a year
more for savings.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from returnsvc.core.enums import LabelledEnum
from returnsvc.core.i18n import lazy_text as _l

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# Bounds of what the page accepts: one transfer of up to a million, a rate below 100%.
MAX_AMOUNT = Decimal("1000000")
MAX_RATE = Decimal("99.99")


class Frequency(LabelledEnum):
    WEEKLY = "weekly", _l("Every week")
    FORTNIGHTLY = "fortnightly", _l("Every two weeks")
    MONTHLY = "monthly", _l("Every month")
    QUARTERLY = "quarterly", _l("Every three months")


TIMES_A_YEAR = {
    Frequency.WEEKLY: 52,
    Frequency.FORTNIGHTLY: 26,
    Frequency.MONTHLY: 12,
    Frequency.QUARTERLY: 4,
}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def yearly_amount(amount: Decimal, frequency: Frequency) -> Decimal:
    """What `amount` sent at `frequency` adds up to in a year."""
    return cents(amount * TIMES_A_YEAR[Frequency(frequency)])


def cost_at(yearly: Decimal, percent: Decimal) -> Decimal:
    """The yearly cost of sending `yearly` at `percent` of the amount sent, to the cent."""
    return cents(yearly * percent / HUNDRED)


@dataclass(frozen=True)
class Comparison:
    yearly: Decimal  # the amount sent in a year
    at_average: Decimal
    at_target: Decimal
    at_own: Decimal | None  # at the person's provider's rate, when given
    to_savings: Decimal  # what the cost above the target would add to savings in a year

    @property
    def compared(self) -> str:
        """Which cost the saving is measured from: "own" or "average"."""
        return "average" if self.at_own is None else "own"


def compare(
    amount: Decimal,
    frequency: Frequency,
    average_percent: Decimal,
    target_percent: Decimal,
    own_percent: Decimal | None = None,
) -> Comparison:
    """The yearly costs of sending `amount` at `frequency` at each rate, and the saving."""
    yearly = yearly_amount(amount, frequency)
    at_average = cost_at(yearly, average_percent)
    at_target = cost_at(yearly, target_percent)
    at_own = None if own_percent is None else cost_at(yearly, own_percent)
    paid = at_average if at_own is None else at_own
    return Comparison(
        yearly=yearly,
        at_average=at_average,
        at_target=at_target,
        at_own=at_own,
        to_savings=max(paid - at_target, Decimal("0.00")),
    )


@dataclass(frozen=True)
class Bar:
    key: str  # "average", "own", "target": the chart's CSS class
    amount: Decimal
    length: Decimal  # of the chart's full width, in percent (0-100, two decimals)


def bars(comparison: Comparison) -> list[Bar]:
    """The chart's bars, longest = 100%: the average, the person's rate (if given), the target."""
    values = [("average", comparison.at_average)]
    if comparison.at_own is not None:
        values.append(("own", comparison.at_own))
    values.append(("target", comparison.at_target))
    longest = max(amount for _key, amount in values)
    return [
        Bar(key, amount, cents(amount * HUNDRED / longest) if longest else Decimal("0.00"))
        for key, amount in values
    ]
