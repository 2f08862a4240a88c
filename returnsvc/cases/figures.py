"""The cases package's figures on the programme-outcomes dashboard (registered as FIGURES in
cases.contributions): the caseload by stage; registrations and closures per month; closures by
reason; the median time in each stage. Each reads the scope's cases (reports.filters)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import Date, and_, cast, func, literal, select, tuple_, union_all

from returnsvc.cases.models import CaseTransition, CloseReason, Stage
from returnsvc.cases.stages import ORDER as STAGE_ORDER
from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
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


@dataclass
class StageCounts:
    as_of: object  # the day the stages are read on
    rows: list  # [(Stage, BySex)] in the stages' order

    @property
    def labelled_rows(self) -> list:
        return [(stage.label, counts) for stage, counts in self.rows]

    @property
    def total(self) -> BySex:
        total = BySex()
        for _stage, counts in self.rows:
            for sex, n in counts.values.items():
                total.values[sex] = total.values.get(sex, 0) + n
        return total


def caseload_by_stage(scope) -> StageCounts:
    """Every case of the scope opened by the end of the period, in the stage it was in then
    (its last stage change before the period's end; today's stage when the period reaches
    today), by sex. One statement."""
    cases = scope.cases
    today = local_today()
    if scope.last_day >= today:
        stage = cases.c.stage
        source = select(stage.label("stage"), cases.c.sex).where(cases.c.opened_at < scope.ends_at)
    else:
        last = (
            select(CaseTransition.case_id, CaseTransition.to_stage)
            .where(CaseTransition.occurred_at < scope.ends_at)
            .distinct(CaseTransition.case_id)
            .order_by(
                CaseTransition.case_id, CaseTransition.occurred_at.desc(), CaseTransition.id.desc()
            )
            .subquery("last_stage")
        )
        source = (
            select(
                func.coalesce(last.c.to_stage, Stage.REGISTERED.value).label("stage"), cases.c.sex
            )
            .select_from(cases)
            .outerjoin(last, last.c.case_id == cases.c.case_id)
            .where(cases.c.opened_at < scope.ends_at)
        )
    source = source.subquery("staged")
    counts: dict = {}
    for stage, sex, n in db.session.execute(
        select(source.c.stage, source.c.sex, func.count()).group_by(source.c.stage, source.c.sex)
    ):
        counts.setdefault(Stage(stage), BySex()).values[Sex(sex)] = n
    return StageCounts(
        as_of=min(scope.last_day, today),
        rows=[(stage, counts.get(stage, BySex())) for stage in STAGE_ORDER],
    )


def caseload_export(figure: StageCounts):
    header = (_l("Stage"), *BY_SEX_COLUMNS)
    rows = [(stage, c[Sex.FEMALE], c[Sex.MALE], c[Sex.OTHER], c.total) for stage, c in figure.rows]
    return header, rows


# --- registrations, closures and time in each stage ------------------------------------------
#
# Days are those of the case's office (its time zone, offices.time_zone): a case opened at
# 20:00 in Quito on 31 December was opened in December, whoever looks. The scope gives each case
# its opening day there (`opened_on`) and the period's bounds there (`period_starts_at`,
# `period_ends_at`). The rows are read a day either side of the period's instants
# (_near_period, which the indexes on the instants serve and PostgreSQL estimates well), and
# whether a row is in the period at its case's office (_in_period) is a GROUP BY key whose
# other groups are dropped. As a WHERE condition PostgreSQL could not estimate it, would take
# the rows for a few hundred and probe the people one by one: three times slower for one
# country at 100,000 cases.

_MARGIN = timedelta(days=1)


def office_day(instant):
    """SQL: the day of `instant` where the case's office is (needs Office joined)."""
    return cast(func.timezone(Office.time_zone, instant), Date)


def _near_period(scope, instant):
    return and_(instant >= scope.starts_at - _MARGIN, instant < scope.ends_at + _MARGIN)


def _in_period(cases, instant):
    """SQL boolean: `instant` falls on a day of the period at the office of the case (a row of
    the scope's `cases`); a GROUP BY key over rows _near_period (see above)."""
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
            _in_period(cases, cases.c.opened_at).label("in_period"),
        )
        .where(_near_period(scope, cases.c.opened_at))
        .subquery("registered")
    )


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


@dataclass
class MonthFlow:
    month: date  # its first day
    opened: BySex
    closed: BySex


@dataclass
class Flow:
    months: list  # [MonthFlow] oldest first, every month of the period

    @property
    def opened(self) -> BySex:
        return add_by_sex(m.opened for m in self.months)

    @property
    def closed(self) -> BySex:
        return add_by_sex(m.closed for m in self.months)


def registrations_and_closures(scope) -> Flow:
    """Per calendar month of the period: the scope's cases opened (their opening day at their
    office in that month) and closings (every change of stage to "closed" on a day of that
    month: a case closed, reopened and closed again counts twice), by sex. One statement."""
    cases = scope.cases
    opened = select(
        literal("opened").label("what"),
        cast(func.date_trunc("month", cases.c.opened_on), Date).label("month"),
        cases.c.sex,
        _in_period(cases, cases.c.opened_at).label("in_period"),
    ).where(_near_period(scope, cases.c.opened_at))
    closed_month = func.date_trunc("month", office_day(CaseTransition.occurred_at))
    closed = (
        select(
            literal("closed"),
            cast(closed_month, Date),
            cases.c.sex,
            _in_period(cases, CaseTransition.occurred_at),
        )
        .select_from(CaseTransition)
        .join(cases, cases.c.case_id == CaseTransition.case_id)
        .join(Office, Office.id == cases.c.office_id)
        .where(
            CaseTransition.to_stage == Stage.CLOSED.value,
            _near_period(scope, CaseTransition.occurred_at),
        )
    )
    events = union_all(opened, closed).subquery("events")
    keys = (events.c.what, events.c.month, events.c.sex, events.c.in_period)
    counts: dict = {}
    for what, month_day, sex, in_period, n in db.session.execute(
        select(*keys, func.count()).group_by(*keys)
    ):
        if in_period:
            counts.setdefault((what, month_day), BySex()).values[Sex(sex)] = n
    return Flow(
        [
            MonthFlow(m, counts.get(("opened", m), BySex()), counts.get(("closed", m), BySex()))
            for m in months_of(scope.first_day, scope.last_day)
        ]
    )


def flow_export(figure: Flow):
    header = (
        _l("Month"), _l("Registrations, women"), _l("Registrations, men"),
        _l("Registrations, other or not said"), _l("Registrations, total"), _l("Closings, women"),
        _l("Closings, men"), _l("Closings, other or not said"), _l("Closings, total"),
    )  # fmt: skip
    rows = [
        (
            m.month.strftime("%Y-%m"),
            m.opened.female,
            m.opened.male,
            m.opened.other,
            m.opened.total,
            m.closed.female,
            m.closed.male,
            m.closed.other,
            m.closed.total,
        )  # fmt: skip
        for m in figure.months
    ]
    return header, rows


@dataclass
class Closures:
    rows: list  # [(CloseReason, BySex)] in the reasons' order

    @property
    def labelled_rows(self) -> list:
        return [(reason.label, counts) for reason, counts in self.rows]

    @property
    def total(self) -> BySex:
        return add_by_sex(counts for _reason, counts in self.rows)


def closures_by_reason(scope) -> Closures:
    """Closings of the scope's cases on a day of the period (every change of stage to
    "closed"), by the reason given and the person's sex. One statement."""
    cases = scope.cases
    counts: dict = {}
    in_period = _in_period(cases, CaseTransition.occurred_at).label("in_period")
    closings = (
        select(CaseTransition.close_reason, cases.c.sex, in_period)
        .select_from(CaseTransition)
        .join(cases, cases.c.case_id == CaseTransition.case_id)
        .where(
            CaseTransition.to_stage == Stage.CLOSED.value,
            _near_period(scope, CaseTransition.occurred_at),
        )
        .subquery("closings")
    )
    keys = (closings.c.close_reason, closings.c.sex, closings.c.in_period)
    for reason, sex, in_period, n in db.session.execute(
        select(*keys, func.count()).group_by(*keys)
    ):
        if not in_period:
            continue
        # A closing always has its reason (services.change_stage); "other" for any without.
        bucket = counts.setdefault(CloseReason(reason) if reason else CloseReason.OTHER, BySex())
        bucket.values[Sex(sex)] = bucket.values.get(Sex(sex), 0) + n
    return Closures([(reason, counts.get(reason, BySex())) for reason in CloseReason])


def closures_export(figure: Closures):
    header = (_l("Reason"), *BY_SEX_COLUMNS)
    rows = [(reason, c.female, c.male, c.other, c.total) for reason, c in figure.rows]
    return header, rows


_DAYS = Decimal("0.1")


def _days(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(_DAYS, ROUND_HALF_EVEN)


@dataclass
class StageTime:
    stage: Stage
    stays: BySex  # stays that ended in the period, by sex
    median: dict  # {Sex: days (Decimal, one decimal) or None, None: everyone's}

    @property
    def overall(self) -> Decimal | None:
        return self.median.get(None)

    def of(self, sex) -> Decimal | None:
        return self.median.get(sex)


@dataclass
class StageTimes:
    rows: list  # [StageTime] in the stages' order, "closed" left out
    sexes = SEXES


# Time "in" closed is not time in support: a stay in "closed" (ended by reopening) is left out.
TIMED_STAGES = tuple(stage for stage in STAGE_ORDER if stage is not Stage.CLOSED)


def time_in_stage(scope) -> StageTimes:
    """The median length of a stay in each stage: a stay runs from a change of stage (or the
    opening) to the case's next change of stage; those that ended on a day of the period count,
    with their whole length (days, to the second). By the person's sex and for everyone. One
    statement over the period's changes of stage, each of which knows when the stay it ends
    began (case_transition.stay_began_at, kept by the database), GROUPING SETS."""
    cases = scope.cases
    stays = CaseTransition.__table__
    # date_part gives a double (extract() a numeric, several times slower to sort for the
    # medians); the days are rounded to one decimal afterwards.
    days = func.date_part("epoch", stays.c.occurred_at - stays.c.stay_began_at) / 86400
    stmt = (
        select(
            func.grouping(cases.c.sex),
            stays.c.from_stage,
            cases.c.sex,
            func.count(),
            func.percentile_cont(0.5).within_group(days),
        )
        .select_from(stays)
        .join(cases, cases.c.case_id == stays.c.case_id)
        .where(
            # The partial index's condition, as it is written there.
            stays.c.stay_began_at.is_not(None),
            stays.c.from_stage.in_([s.value for s in TIMED_STAGES]),
            _near_period(scope, stays.c.occurred_at),
            _in_period(cases, stays.c.occurred_at),
        )
        .group_by(
            func.grouping_sets(tuple_(stays.c.from_stage, cases.c.sex), tuple_(stays.c.from_stage))
        )
    )
    found: dict = {}
    for grouped, stage, sex, n, median in db.session.execute(stmt):
        row = found.setdefault(Stage(stage), StageTime(Stage(stage), BySex(), {}))
        if grouped:
            row.median[None] = _days(median)
        else:
            row.stays.values[Sex(sex)] = n
            row.median[Sex(sex)] = _days(median)
    return StageTimes([found.get(stage) or StageTime(stage, BySex(), {}) for stage in TIMED_STAGES])


def time_in_stage_export(figure: StageTimes):
    header = (
        _l("Stage"), _l("Median days, women"), _l("Median days, men"),
        _l("Median days, other or not said"), _l("Median days, everyone"), _l("Stays, women"),
        _l("Stays, men"), _l("Stays, other or not said"), _l("Stays, total"),
    )  # fmt: skip
    rows = [
        (
            row.stage,
            row.of(Sex.FEMALE),
            row.of(Sex.MALE),
            row.of(Sex.OTHER),
            row.overall,
            row.stays.female,
            row.stays.male,
            row.stays.other,
            row.stays.total,
        )  # fmt: skip
        for row in figure.rows
    ]
    return header, rows
