"""What every case feature's figures on the programme-outcomes dashboard are built from: counts
by sex (BySex) and the labels the exports give the sexes, everyone and the total; adding counts
up, the months of a period, rounding a median; and the period's SQL read at each case's office
(office_day, near_period, in_period_there, registered_near_period). The cases package's own
figures are in cases.figures; the features' in their report_figures or *_figures modules."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import Date, and_, cast, func, select

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.offices.models import Office
from returnsvc.returnees.models import Sex

SEXES = tuple(Sex)
# How the figures' exports name the sexes, everyone and the total (as the dashboard's tables).
SEX_LABELS = {Sex.FEMALE: _l("Women"), Sex.MALE: _l("Men"), Sex.OTHER: _l("Other or not said")}
EVERYONE = _l("Everyone")
TOTAL = _l("Total")
BY_SEX_COLUMNS = (*SEX_LABELS.values(), TOTAL)


@dataclass
class BySex:
    """Counts of people by sex (women, men, other or not said) and their total."""

    values: dict = field(default_factory=dict)

    def __getitem__(self, sex: Sex) -> int:
        # A sex or nothing: any other key is a KeyError, so that Jinja's attribute lookups
        # (`rows|map(attribute='1.total')`, which try [key] first) read the property, not 0.
        if not isinstance(sex, Sex):
            try:
                sex = Sex(sex)
            except ValueError:
                raise KeyError(sex) from None
        return self.values.get(sex, 0)

    @property
    def total(self) -> int:
        return sum(self.values.values())

    @property
    def female(self) -> int:
        return self[Sex.FEMALE]

    @property
    def male(self) -> int:
        return self[Sex.MALE]

    @property
    def other(self) -> int:
        return self[Sex.OTHER]


def add_by_sex(counts) -> BySex:
    """The sum of BySex counts."""
    total = BySex()
    for one in counts:
        for sex, n in one.values.items():
            total.values[sex] = total.values.get(sex, 0) + n
    return total


def months_of(first: date, last: date) -> list[date]:
    """The first day of every calendar month from `first`'s to `last`'s."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def rounded(value, step: Decimal) -> Decimal | None:
    """A number read from the database (a median, a percentile: a float or a numeric) to
    `step` (Decimal("0.1"), Decimal("0.01")...), half to even; None stays None."""
    return None if value is None else Decimal(str(value)).quantize(step, ROUND_HALF_EVEN)


# --- the period at each case's office ---------------------------------------------------------
#
# Days are those of the case's office (its time zone, offices.time_zone): a case opened at
# 20:00 in Quito on 31 December was opened in December, whoever looks. The scope gives each case
# its opening day there (`opened_on`) and the period's bounds there (`period_starts_at`,
# `period_ends_at`). The rows are read a day either side of the period's instants
# (near_period, which the indexes on the instants serve and PostgreSQL estimates well), and
# whether a row is in the period at its case's office (in_period_there) is a GROUP BY key whose
# other groups are dropped. As a WHERE condition PostgreSQL could not estimate it, would take
# the rows for a few hundred and probe the people one by one: three times slower for one
# country at 100,000 cases.

_MARGIN = timedelta(days=1)


def office_day(instant):
    """SQL: the day of `instant` where the case's office is (needs Office joined)."""
    return cast(func.timezone(Office.time_zone, instant), Date)


def near_period(scope, instant):
    """SQL boolean: `instant` falls within a day of the period's instants (see above)."""
    return and_(instant >= scope.starts_at - _MARGIN, instant < scope.ends_at + _MARGIN)


def in_period_there(cases, instant):
    """SQL boolean: `instant` falls on a day of the period at the office of the case (a row of
    the scope's `cases`); a GROUP BY key over rows near_period (see above)."""
    return and_(instant >= cases.c.period_starts_at, instant < cases.c.period_ends_at)


def registered_near_period(scope):
    """SQL subquery (case_id, returnee_id, sex, opened_on, stage, close_reason, in_period) of
    the scope's cases opened within a day of the period; `opened_on` is the day the case was
    opened at its office, `in_period` whether that day is in the period. A figure groups by
    `in_period` and keeps the groups where it is true (see above: never a WHERE on it)."""
    cases = scope.cases
    return (
        select(
            cases.c.case_id,
            cases.c.returnee_id,
            cases.c.sex,
            cases.c.opened_on,
            cases.c.stage,
            cases.c.close_reason,
            in_period_there(cases, cases.c.opened_at).label("in_period"),
        )
        .where(near_period(scope, cases.c.opened_at))
        .subquery("registered")
    )
