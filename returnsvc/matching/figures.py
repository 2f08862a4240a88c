"""Matching's figures on the programme-outcomes dashboard (registered as FIGURES in
matching.contributions): how soon people find work or start a business, placement rates by
registration cohort, the placements themselves (formal or not, wages per currency) and the
outcomes by the support received. Each reads the scope's cases (reports.filters.Scope) and
aggregates in SQL, in a fixed number of statements.

The registration day of a case is the day it was opened at its office, in the office's time zone
(cases.figures.registered_near_period); "today" is the viewer's. A placement is a job recorded
through matching (a "hired" decision, matching.models.Placement) and counts from its start date;
a business counts from the day it opened (enterprise.models.Enterprise.launched_on)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import Date, and_, case, cast, func, or_, select, tuple_, union_all

from returnsvc.cases.figure_parts import (
    BY_SEX_COLUMNS,
    EVERYONE,
    SEX_LABELS,
    SEXES,
    BySex,
    add_by_sex,
    months_of,
    registered_near_period,
)
from returnsvc.cases.models import CloseReason, Stage
from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.enterprise.models import Enterprise, EnterpriseTraining
from returnsvc.extensions import db
from returnsvc.matching.models import ContractType, Placement, WagePeriod
from returnsvc.partners.models import Partner, PartnerKind, Referral, ReferralStatus
from returnsvc.returnees.models import Sex
from returnsvc.savings.models import SavingsPlan

_DAYS = Decimal("0.1")
_RATIO = Decimal("0.0001")
_CENT = Decimal("0.01")


def _decimal(value, step: Decimal) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(step, ROUND_HALF_EVEN)


def _ratio(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / whole).quantize(_RATIO, ROUND_HALF_EVEN) if whole else None


def _closed_as(registered, reason: CloseReason):
    return and_(registered.c.stage == Stage.CLOSED.value, registered.c.close_reason == reason.value)


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
        reach = Reach(registered_n, reached, _decimal(median, _DAYS), _decimal(p75, _DAYS))
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


# --- the placements of the period: formal or not, contracts, wages ------------------------------


@dataclass
class Wage:
    currency: str
    period: WagePeriod
    count: BySex = field(default_factory=BySex)  # placements with a wage
    median: dict = field(default_factory=dict)  # {Sex or None for everyone: Decimal}


@dataclass
class Placements:
    formal: BySex = field(default_factory=BySex)
    informal: BySex = field(default_factory=BySex)
    by_contract: dict = field(default_factory=dict)  # {ContractType: BySex}
    wages: list = field(default_factory=list)  # [Wage] by currency, then period
    sexes = SEXES

    @property
    def total(self) -> BySex:
        return add_by_sex((self.formal, self.informal))

    @property
    def formality_rows(self) -> list:
        return [(_l("Formal"), self.formal), (_l("Informal"), self.informal)]

    @property
    def contract_rows(self) -> list:
        return [(kind.label, self.by_contract.get(kind, BySex())) for kind in ContractType]


def placements_made(scope) -> Placements:
    """The placements of the scope's cases whose job starts on a day of the period (a person
    placed twice counts twice), by the person's sex: formal or informal (as recorded), by kind
    of contract, and the median wage per currency and per pay period as recorded (a week's,
    day's or hour's pay is never turned into a month's: the placement does not say how many
    days or weeks are worked), over the placements that give a wage. Two statements."""
    cases = scope.cases
    placements = (
        select(
            cases.c.sex,
            Placement.is_formal,
            Placement.contract_type,
            Placement.wage,
            Placement.currency,
            Placement.wage_period,
        )
        .join(cases, cases.c.case_id == Placement.case_id)
        .where(Placement.start_date >= scope.first_day, Placement.start_date <= scope.last_day)
        .subquery("placed")
    )
    p = placements.c
    figure = Placements()
    counts = select(
        func.grouping(p.is_formal, p.contract_type), p.is_formal, p.contract_type, p.sex,
        func.count(),
    ).group_by(
        func.grouping_sets(tuple_(p.is_formal, p.sex), tuple_(p.contract_type, p.sex))
    )  # fmt: skip
    for level, is_formal, contract, sex, n in db.session.execute(counts):
        if level == 1:  # by formality (the contract grouped away)
            (figure.formal if is_formal else figure.informal).values[Sex(sex)] = n
        else:
            figure.by_contract.setdefault(ContractType(contract), BySex()).values[Sex(sex)] = n
    # The median as the mean of the two middle wages, each a recorded amount (percentile_disc
    # from below and from above): exact in numeric, what percentile_cont gives in floating point.
    median = (
        func.percentile_disc(0.5).within_group(p.wage.asc())
        + func.percentile_disc(0.5).within_group(p.wage.desc())
    ) / 2
    wages = (
        select(
            func.grouping(p.sex), p.currency, p.wage_period, p.sex, func.count(), median
        )
        .where(p.wage.is_not(None))
        .group_by(
            func.grouping_sets(
                tuple_(p.currency, p.wage_period, p.sex), tuple_(p.currency, p.wage_period)
            )
        )
    )  # fmt: skip
    found: dict = {}
    for grouped, currency, period, sex, n, middle in db.session.execute(wages):
        row = found.setdefault((currency, period), Wage(currency, WagePeriod(period)))
        who = None if grouped else Sex(sex)
        if who is not None:
            row.count.values[who] = n
        row.median[who] = _decimal(middle, _CENT)
    periods = list(WagePeriod)
    figure.wages = sorted(found.values(), key=lambda w: (w.currency, periods.index(w.period)))
    return figure


def placements_export(figure: Placements):
    header = (_l("Figure"), _l("Detail"), *BY_SEX_COLUMNS)
    rows = [(_l("Job"), label, *_sex_cells(counts)) for label, counts in figure.formality_rows]
    rows += [
        (_l("Contract"), kind, *_sex_cells(figure.by_contract.get(kind, BySex())))
        for kind in ContractType
    ]
    for wage in figure.wages:
        paid = f"{wage.currency} {wage.period.label}"  # "USD per month"
        rows.append((_l("Placements with a wage"), paid, *_sex_cells(wage.count)))
        rows.append(
            (_l("Median wage"), paid, *(wage.median.get(sex) for sex in SEXES),
             wage.median.get(None))
        )  # fmt: skip
    return header, rows


def _sex_cells(counts: BySex) -> tuple:
    return counts.female, counts.male, counts.other, counts.total


# --- outcomes by the support received ---------------------------------------------------------

SUPPORTS = (
    ("placement", _l("Job placement")),
    ("enterprise", _l("Enterprise support")),
    ("training", _l("Training")),
    ("savings", _l("Savings plan")),
    ("none", _l("None of these")),
)
OUTCOMES = (
    ("employed", _l("Employed")),
    ("self_employed", _l("Self-employed")),
    ("other", _l("Other or none yet")),
)


@dataclass
class SupportRow:
    key: str
    label: object
    cases: BySex = field(default_factory=BySex)
    outcomes: dict = field(default_factory=dict)  # {outcome key: BySex}

    def outcome(self, key: str) -> BySex:
        return self.outcomes.get(key) or BySex()


@dataclass
class SupportOutcomes:
    registered: BySex
    rows: list  # [SupportRow] in SUPPORTS' order
    sexes = SEXES
    outcome_kinds = OUTCOMES


def support_outcomes(scope) -> SupportOutcomes:
    """For the scope's cases registered in the period, as they stand today: the support each
    received (any of: a job placement through matching; an enterprise record; training attended
    - an entrepreneurship training recorded on one of its enterprises, or a referral to a
    training institution completed; a savings plan; or none of these) against one outcome each:
    employed (a placement, or the case closed as employed), else self-employed (a business that
    has opened and not closed, or the case closed as self-employed), else other or none yet.
    A case counts in the row of every support it received. By sex. One statement."""
    registered = registered_near_period(scope)
    case_id = registered.c.case_id
    # Uncorrelated IN (SELECT ...): each table is read once into a hash, not probed per case.
    placed = case_id.in_(select(Placement.case_id))
    enterprise = case_id.in_(select(Enterprise.case_id))
    trained = or_(
        case_id.in_(
            select(Enterprise.case_id).join(
                EnterpriseTraining, EnterpriseTraining.enterprise_id == Enterprise.id
            )
        ),
        case_id.in_(
            select(Referral.case_id)
            .join(Partner, Partner.id == Referral.partner_id)
            .where(
                Referral.status == ReferralStatus.COMPLETED.value,
                Partner.kind == PartnerKind.TRAINING.value,
            )
        ),
    )
    saving = case_id.in_(select(SavingsPlan.case_id))
    operating = case_id.in_(
        select(Enterprise.case_id).where(
            Enterprise.launched_on.is_not(None), Enterprise.closed_on.is_(None)
        )
    )
    outcome = case(
        (or_(placed, _closed_as(registered, CloseReason.EMPLOYED)), "employed"),
        (or_(operating, _closed_as(registered, CloseReason.SELF_EMPLOYED)), "self_employed"),
        else_="other",
    )
    each = select(
        registered.c.sex,
        placed.label("placement"),
        enterprise.label("enterprise"),
        trained.label("training"),
        saving.label("savings"),
        outcome.label("outcome"),
        registered.c.in_period,
    ).subquery("each_case")
    # One row per combination of sex, supports and outcome (at most 3 x 16 x 3): each case's
    # flags are computed once, and the rows of the table are added up from these.
    keys = (each.c.sex, each.c.placement, each.c.enterprise, each.c.training, each.c.savings)
    stmt = select(*keys, each.c.outcome, each.c.in_period, func.count()).group_by(
        *keys, each.c.outcome, each.c.in_period
    )
    figure = SupportOutcomes(BySex(), [SupportRow(key, label) for key, label in SUPPORTS])
    rows = {row.key: row for row in figure.rows}
    for sex, *received, outcome_key, in_period, n in db.session.execute(stmt):
        if not in_period:
            continue
        sex = Sex(sex)
        figure.registered.values[sex] = figure.registered.values.get(sex, 0) + n
        keys = [key for (key, _label), yes in zip(SUPPORTS, received, strict=False) if yes]
        for key in keys or ["none"]:
            row = rows[key]
            counts = row.outcomes.setdefault(outcome_key, BySex()).values
            counts[sex] = counts.get(sex, 0) + n
            row.cases.values[sex] = row.cases.values.get(sex, 0) + n
    return figure


def support_outcomes_export(figure: SupportOutcomes):
    header = (_l("Support received"), _l("Sex"), _l("Cases"), *(label for _key, label in OUTCOMES))
    rows = []
    for row in figure.rows:
        for sex in (*SEXES, None):
            pick = (lambda c, sex=sex: c[sex]) if sex else (lambda c: c.total)
            rows.append(
                (
                    row.label,
                    SEX_LABELS[sex] if sex else EVERYONE,
                    pick(row.cases),
                    *(pick(row.outcome(key)) for key, _label in OUTCOMES),
                )
            )
    return header, rows
