"""Matching's figures on the programme-outcomes dashboard of how soon the people registered in
the period reach work (registered as FIGURES in matching.contributions): the days from
registration to the first job or business, and the placement rates within 6 and 12 months by
registration cohort. Both follow the scope's cases (reports.filters.Scope) from their
registration day up to today, and aggregate in SQL, one statement each.

The registration day of a case is the day it was opened at its office, in the office's time zone
(cases.figure_parts.registered_near_period); "today" is the viewer's. A placement is a job
recorded through matching (a "hired" decision, matching.models.Placement) and counts from its
start date; a business counts from the day it opened (enterprise.models.Enterprise.launched_on).
The placements themselves are in matching.placement_figures, the outcomes by support received in
matching.support_figures."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import Date, and_, cast, func, select, tuple_, union_all

from returnsvc.cases.figure_parts import (
    EVERYONE,
    SEX_LABELS,
    SEXES,
    BySex,
    months_of,
    registered_near_period,
    rounded,
)
from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.matching.models import Placement
from returnsvc.returnees.models import Sex

_DAYS = Decimal("0.1")
_RATIO = Decimal("0.0001")


def _ratio(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / whole).quantize(_RATIO, ROUND_HALF_EVEN) if whole else None


# --- days from registration to the first job or business ---------------------------------------


@dataclass
class Reach:
    registered: int = 0  # cases registered in the period
    reached: int = 0  # of them, those with a first job or business by today
    median: Decimal | None = None  # days, among those reached
    p75: Decimal | None = None


@dataclass
class TimeToWork:
    as_of: date
    by_sex: dict = field(default_factory=dict)  # {Sex: Reach}
    everyone: Reach = field(default_factory=Reach)
    sexes = SEXES

    def of(self, sex) -> Reach:
        return self.by_sex.get(sex) or Reach()


def time_to_work(scope) -> TimeToWork:
    """For the scope's cases registered in the period: the days from the registration day to
    the earlier of the first placement's start and the first business's opening, both on or
    after the registration day and by today; median and 75th percentile over the cases that
    got there, by sex and for everyone. One statement."""
    today = local_today()
    registered = registered_near_period(scope)
    starts = union_all(
        select(Placement.case_id, Placement.start_date.label("day")),
        select(Enterprise.case_id, Enterprise.launched_on).where(
            Enterprise.launched_on.is_not(None)
        ),
    ).subquery("starts")
    waits = (
        select(
            registered.c.sex,
            registered.c.in_period,
            (func.min(starts.c.day) - registered.c.opened_on).label("days"),
        )
        .select_from(registered)
        .outerjoin(
            starts,
            and_(
                starts.c.case_id == registered.c.case_id,
                starts.c.day >= registered.c.opened_on,
                starts.c.day <= today,
            ),
        )
        .group_by(
            registered.c.case_id,
            registered.c.sex,
            registered.c.opened_on,
            registered.c.in_period,
        )
        .subquery("waits")
    )
    stmt = select(
        func.grouping(waits.c.sex),
        waits.c.sex,
        waits.c.in_period,
        func.count(),
        func.count(waits.c.days),
        func.percentile_cont(0.5).within_group(waits.c.days),
        func.percentile_cont(0.75).within_group(waits.c.days),
    ).group_by(
        func.grouping_sets(tuple_(waits.c.sex, waits.c.in_period), tuple_(waits.c.in_period))
    )
    figure = TimeToWork(today)
    for grouped, sex, in_period, registered_n, reached, median, p75 in db.session.execute(stmt):
        if not in_period:
            continue
        reach = Reach(registered_n, reached, rounded(median, _DAYS), rounded(p75, _DAYS))
        if grouped:
            figure.everyone = reach
        else:
            figure.by_sex[Sex(sex)] = reach
    return figure


def time_to_work_export(figure: TimeToWork):
    header = (_l("Sex"), _l("Cases registered"), _l("With a job or business"), _l("Median days"),
              _l("75th percentile of days"))  # fmt: skip
    rows = [
        (SEX_LABELS[sex], r.registered, r.reached, r.median, r.p75)
        for sex, r in ((sex, figure.of(sex)) for sex in SEXES)
    ]
    everyone = figure.everyone
    rows.append((EVERYONE, everyone.registered, everyone.reached, everyone.median, everyone.p75))
    return header, rows


# --- placement rates within 6 and 12 months, by registration cohort ----------------------------

RATE_MONTHS = (6, 12)


@dataclass
class Rate:
    known: int = 0  # cases whose N-month mark has come (the denominator)
    placed: int = 0  # of them, placed within N months

    @property
    def rate(self) -> Decimal | None:
        """placed / known, or None when no case of the cohort is known yet."""
        return _ratio(self.placed, self.known)


@dataclass
class Cohort:
    start: date  # the first day of its month or quarter
    registered: BySex = field(default_factory=BySex)
    rates: dict = field(default_factory=dict)  # {(months, Sex or None for everyone): Rate}

    def rate(self, months: int, sex=None) -> Rate:
        return self.rates.get((months, sex)) or Rate()


@dataclass
class PlacementRates:
    as_of: date
    unit: str  # "month" or "quarter"
    cohorts: list  # [Cohort] oldest first, every month or quarter of the period
    sexes = SEXES
    months = RATE_MONTHS


def cohort_unit(first: date, last: date) -> str:
    """Months for a period of up to three calendar months, quarters for a longer one."""
    return "month" if len(months_of(first, last)) <= 3 else "quarter"


def _cohort_starts(first: date, last: date, unit: str) -> list[date]:
    months = months_of(first, last)
    if unit == "month":
        return months
    return sorted({date(m.year, (m.month - 1) // 3 * 3 + 1, 1) for m in months})


def placement_rates(scope) -> PlacementRates:
    """For the scope's cases registered in the period, by cohort (the month or quarter of the
    registration day): the share placed within 6 and within 12 months, i.e. with a placement
    starting on or after the registration day and no later than the same date 6 (12) months
    on. Censored: a case whose 6 (12) month mark is after today is left out of that rate
    altogether (numerator and denominator), placed or not; a cohort none of whose cases has
    reached the mark has no rate ("not yet known"). By sex and for everyone. One statement."""
    today = local_today()
    unit = cohort_unit(scope.first_day, scope.last_day)
    registered = registered_near_period(scope)
    # Each case with the start of its first placement on or after its registration day.
    first = (
        select(
            registered.c.sex,
            registered.c.opened_on,
            registered.c.in_period,
            func.min(Placement.start_date).label("placed_on"),
        )
        .select_from(registered)
        .outerjoin(
            Placement,
            and_(
                Placement.case_id == registered.c.case_id,
                Placement.start_date >= registered.c.opened_on,
            ),
        )
        .group_by(
            registered.c.case_id,
            registered.c.sex,
            registered.c.opened_on,
            registered.c.in_period,
        )
        .subquery("first_placement")
    )
    cohort = cast(func.date_trunc(unit, first.c.opened_on), Date).label("cohort")
    counts = []
    for months in RATE_MONTHS:
        mark = cast(first.c.opened_on + func.make_interval(0, months), Date)
        known = mark <= today
        counts += [
            func.count().filter(known),
            func.count().filter(and_(known, first.c.placed_on <= mark)),
        ]
    in_period = first.c.in_period
    stmt = select(
        func.grouping(first.c.sex), cohort, first.c.sex, in_period, func.count(), *counts
    ).group_by(
        func.grouping_sets(tuple_(cohort, first.c.sex, in_period), tuple_(cohort, in_period))
    )
    cohorts = {
        start: Cohort(start) for start in _cohort_starts(scope.first_day, scope.last_day, unit)
    }
    for grouped, start, sex, in_period, size, *figures in db.session.execute(stmt):
        if not in_period:
            continue
        row = cohorts.setdefault(start, Cohort(start))
        who = None if grouped else Sex(sex)
        if who is not None:
            row.registered.values[who] = size
        for i, months in enumerate(RATE_MONTHS):
            row.rates[(months, who)] = Rate(figures[2 * i], figures[2 * i + 1])
    return PlacementRates(today, unit, [cohorts[start] for start in sorted(cohorts)])


def placement_rates_export(figure: PlacementRates):
    header = [_l("Cohort"), _l("Sex"), _l("Cases registered")]
    for months in RATE_MONTHS:
        header += [
            _l("Cases registered %(months)s months ago or more", months=months),
            _l("Placed within %(months)s months", months=months),
            _l("Share placed within %(months)s months", months=months),
        ]
    rows = []
    for cohort in figure.cohorts:
        for sex in (*SEXES, None):
            registered = cohort.registered[sex] if sex else cohort.registered.total
            cells = []
            for months in RATE_MONTHS:
                rate = cohort.rate(months, sex)
                cells += [rate.known, rate.placed, rate.rate]
            rows.append(
                (cohort.start.isoformat(), SEX_LABELS[sex] if sex else EVERYONE, registered, *cells)
            )
    return tuple(header), rows
