"""The cases package's figures on the programme-outcomes dashboard (registered as FIGURES in
cases.contributions): the caseload by stage; registrations and closures per month; closures by
reason; the median time in each stage. Each reads the scope's cases (reports.filters); what they
are built from (counts by sex, the period at each case's office) is in cases.figure_parts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, cast, func, literal, select, tuple_, union_all

from returnsvc.cases.figure_parts import (
    BY_SEX_COLUMNS,
    SEXES,
    BySex,
    add_by_sex,
    in_period_there,
    months_of,
    near_period,
    office_day,
    rounded,
)
from returnsvc.cases.models import CaseTransition, CloseReason, Stage
from returnsvc.cases.stages import ORDER as STAGE_ORDER
from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import Sex


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
# Days are those of the case's office, whoever looks; rows are read near_period and whether they
# are in the period at their office (in_period_there) is a GROUP BY key, never a WHERE: why, in
# cases.figure_parts.


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
        in_period_there(cases, cases.c.opened_at).label("in_period"),
    ).where(near_period(scope, cases.c.opened_at))
    closed_month = func.date_trunc("month", office_day(CaseTransition.occurred_at))
    closed = (
        select(
            literal("closed"),
            cast(closed_month, Date),
            cases.c.sex,
            in_period_there(cases, CaseTransition.occurred_at),
        )
        .select_from(CaseTransition)
        .join(cases, cases.c.case_id == CaseTransition.case_id)
        .join(Office, Office.id == cases.c.office_id)
        .where(
            CaseTransition.to_stage == Stage.CLOSED.value,
            near_period(scope, CaseTransition.occurred_at),
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
    in_period = in_period_there(cases, CaseTransition.occurred_at).label("in_period")
    closings = (
        select(CaseTransition.close_reason, cases.c.sex, in_period)
        .select_from(CaseTransition)
        .join(cases, cases.c.case_id == CaseTransition.case_id)
        .where(
            CaseTransition.to_stage == Stage.CLOSED.value,
            near_period(scope, CaseTransition.occurred_at),
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
            near_period(scope, stays.c.occurred_at),
            in_period_there(cases, stays.c.occurred_at),
        )
        .group_by(
            func.grouping_sets(tuple_(stays.c.from_stage, cases.c.sex), tuple_(stays.c.from_stage))
        )
    )
    found: dict = {}
    for grouped, stage, sex, n, median in db.session.execute(stmt):
        row = found.setdefault(Stage(stage), StageTime(Stage(stage), BySex(), {}))
        if grouped:
            row.median[None] = rounded(median, _DAYS)
        else:
            row.stays.values[Sex(sex)] = n
            row.median[Sex(sex)] = rounded(median, _DAYS)
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
