"""The enterprise figures of the programme-outcomes dashboard (registered as FIGURES in
enterprise.contributions). Each reads the scope's cases (`scope.cases`: the viewer's visible
cases narrowed by every filter but the period) and applies the period its own way:

- enterprises launched in the period (launch day from the period's first to its last day), by
  the owner's sex and the business's sector;
- survival at 6, 12 and 24 months of those enterprises, by launch quarter (cohort), read as of
  today with the SQL of enterprise.figures.survival. A cohort's N-month figure is known only
  once the last day of its quarter is N months past: before, it is "not yet known" (never a
  rate over the part of the cohort that happens to be old enough);
- the loan portfolio at risk (PAR30) per currency and by the borrower's sex, as of the period's
  last day (today when the period reaches today): today from the state each loan keeps, a past
  day from the schedules and the repayments made by then (enterprise.arrears_sql).

Each is one SQL statement; money is never added across currencies.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import func, or_, select

from returnsvc.cases.figure_parts import BY_SEX_COLUMNS, SEX_LABELS, SEXES, TOTAL, BySex
from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.enterprise.arrears_sql import arrears
from returnsvc.enterprise.figures import (
    SURVIVAL_MONTHS,
    Portfolio,
    launch_cohort,
    standing_paid,
    survival_counts,
)
from returnsvc.enterprise.models import Enterprise, FundingSource, Loan
from returnsvc.extensions import db
from returnsvc.returnees.models import Sex

_RATIO = Decimal("0.0001")


def _add_months(day: date, months: int) -> date:
    """`day` plus `months` months, the day clamped to the month's last (as PostgreSQL adds an
    interval of months to a date)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _quarter_end(first: date) -> date:
    return _add_months(first, 3) - timedelta(days=1)


# --- Enterprises launched -------------------------------------------------------------------


@dataclass
class Launched:
    """Enterprises launched in the period: [(IsicSection, BySex)] most launches first, and the
    total by sex."""

    first_day: date
    last_day: date
    rows: list = field(default_factory=list)
    total: BySex = field(default_factory=BySex)

    @property
    def labelled_rows(self) -> list:
        return [(sector.label, counts) for sector, counts in self.rows]


def enterprises_launched(scope) -> Launched:
    """Enterprises of the scope's cases launched from the period's first to its last day, by
    sector and the owner's sex. One statement."""
    cases = scope.cases
    stmt = (
        select(Enterprise.sector, cases.c.sex, func.count())
        .join(cases, cases.c.case_id == Enterprise.case_id)
        .where(Enterprise.launched_on.between(scope.first_day, scope.last_day))
        .group_by(Enterprise.sector, cases.c.sex)
    )
    by_sector: dict = {}
    result = Launched(scope.first_day, scope.last_day)
    for sector, sex, n in db.session.execute(stmt):
        sex = Sex(sex)
        by_sector.setdefault(sector, BySex()).values[sex] = n
        result.total.values[sex] = result.total[sex] + n
    result.rows = sorted(by_sector.items(), key=lambda item: (-item[1].total, item[0].value))
    return result


def launched_export(figure: Launched):
    header = (_l("Sector"), *BY_SEX_COLUMNS)
    rows = [(sector, c.female, c.male, c.other, c.total) for sector, c in figure.rows]
    rows.append((TOTAL, figure.total.female, figure.total.male, figure.total.other,
                 figure.total.total))  # fmt: skip
    return header, rows


# --- Survival -------------------------------------------------------------------------------


@dataclass
class Rate:
    """Of `eligible` enterprises, `survived` were open at the mark; `known` False: not yet
    known (the cohort is too recent for the mark)."""

    eligible: int = 0
    survived: int = 0
    known: bool = True

    @property
    def rate(self) -> Decimal | None:
        if not self.known or not self.eligible:
            return None
        return (Decimal(self.survived) / self.eligible).quantize(_RATIO, rounding=ROUND_HALF_EVEN)

    def add(self, other: "Rate") -> None:
        self.eligible += other.eligible
        self.survived += other.survived


@dataclass
class Cohort:
    """A launch quarter (its first day): its enterprises by the owner's sex and, per N in
    SURVIVAL_MONTHS, {Sex: Rate} and the cohort's Rate."""

    first_day: date
    size: BySex = field(default_factory=BySex)
    by_sex: dict = field(default_factory=dict)  # {months: {Sex: Rate}}
    at: dict = field(default_factory=dict)  # {months: Rate}

    @property
    def quarter(self) -> int:
        return (self.first_day.month + 2) // 3

    def known(self, months: int) -> bool:
        return self.at[months].known


@dataclass
class SurvivalFigure:
    """Survival of the enterprises launched in the period, read on `as_of` (today): per
    cohort, and by sex over the cohorts known at each mark."""

    as_of: date
    months: tuple = SURVIVAL_MONTHS
    cohorts: list = field(default_factory=list)  # [Cohort], oldest first
    by_sex: dict = field(default_factory=dict)  # {months: {Sex: Rate}} over known cohorts
    overall: dict = field(default_factory=dict)  # {months: Rate} over known cohorts

    def sex_rows(self) -> list:
        """[(label, {months: Rate})] in the order women, men, other."""
        return [(SEX_LABELS[sex], {m: self.by_sex[m][sex] for m in self.months}) for sex in SEXES]

    def chart_rows(self, months: int) -> list:
        """[(label, rate or None)] at `months` over the known cohorts: everyone, then each sex
        that has enterprises in them (everyone None: no cohort known yet)."""
        overall = self.overall[months]
        if not overall.eligible:
            return [(_l("Everyone"), None)]
        rates = [(SEX_LABELS[sex], self.by_sex[months][sex]) for sex in SEXES]
        return [(_l("Everyone"), overall.rate)] + [
            (label, rate.rate) for label, rate in rates if rate.eligible
        ]


def survival_by_cohort(scope) -> SurvivalFigure:
    """Survival at 6, 12 and 24 months of the scope's enterprises launched in the period, per
    launch quarter and the owner's sex, as of today. One statement (enterprise.figures'
    counts); the censoring of recent cohorts is applied per cohort here."""
    today = local_today()
    cases = scope.cases
    cohort = launch_cohort().label("cohort")
    stmt = (
        select(cohort, cases.c.sex, func.count(), *survival_counts(today))
        .join(cases, cases.c.case_id == Enterprise.case_id)
        .where(
            Enterprise.launched_on.between(scope.first_day, scope.last_day),
            Enterprise.launched_on <= today,
        )
        .group_by(cohort, cases.c.sex)
        .order_by(cohort)
    )
    result = SurvivalFigure(today)
    result.by_sex = {m: {sex: Rate() for sex in SEXES} for m in SURVIVAL_MONTHS}
    result.overall = {m: Rate() for m in SURVIVAL_MONTHS}
    cohorts: dict[date, Cohort] = {}
    for first_day, sex, size, *counts in db.session.execute(stmt):
        sex = Sex(sex)
        row = cohorts.get(first_day)
        if row is None:
            row = cohorts[first_day] = Cohort(first_day)
            for months in SURVIVAL_MONTHS:
                known = _add_months(_quarter_end(first_day), months) <= today
                row.at[months] = Rate(known=known)
                row.by_sex[months] = {s: Rate(known=known) for s in SEXES}
        row.size.values[sex] = size
        for i, months in enumerate(SURVIVAL_MONTHS):
            rate = Rate(counts[2 * i], counts[2 * i + 1])
            row.by_sex[months][sex].add(rate)
            row.at[months].add(rate)
    result.cohorts = sorted(cohorts.values(), key=lambda c: c.first_day)
    for row in result.cohorts:
        for months in SURVIVAL_MONTHS:
            if row.known(months):
                result.overall[months].add(row.at[months])
                for sex in SEXES:
                    result.by_sex[months][sex].add(row.by_sex[months][sex])
    return result


def survival_export(figure: SurvivalFigure):
    header = [_l("Launched in"), _l("Sex"), _l("Launched")]
    for months in figure.months:
        header += [
            _l("Open %(months)s months after launch", months=months),
            _l("Launched %(months)s months ago or more", months=months),
        ]
    rows = []
    for row in figure.cohorts:
        for sex in SEXES:
            if not row.size[sex]:
                continue
            quarter = _l("%(year)s Q%(quarter)s", year=row.first_day.year, quarter=row.quarter)
            cells = [quarter, SEX_LABELS[sex], row.size[sex]]
            for months in figure.months:
                rate = row.by_sex[months][sex]
                cells += [rate.survived, rate.eligible] if rate.known else [None, None]
            rows.append(tuple(cells))
    return tuple(header), rows


# --- Portfolio at risk ----------------------------------------------------------------------


@dataclass
class RiskFigure:
    """PAR30 as of `as_of`: [(currency, Portfolio, {Sex: Portfolio})], currencies in order."""

    as_of: date
    rows: list = field(default_factory=list)

    @staticmethod
    def chart_rows(total: Portfolio, by_sex: dict) -> list:
        """[(label, PAR30 or None)] of one currency: everyone, then by the borrower's sex."""
        return [(_l("Everyone"), total.par30)] + [
            (SEX_LABELS[sex], by_sex[sex].par30) for sex in SEXES
        ]


def _loan_conditions(as_of: date) -> list:
    return [
        Loan.disbursed_on <= as_of,
        or_(Loan.written_off_on.is_(None), Loan.written_off_on > as_of),
    ]


def _today_rows(cases, as_of: date):
    """(currency, sex, late, loans, outstanding) from the state each loan keeps."""
    late = (func.coalesce(as_of - Loan.first_unpaid_due, 0) > 30).label("late")
    return (
        select(
            Loan.currency,
            cases.c.sex,
            late,
            func.count(),
            func.sum(Loan.outstanding_principal),
        )
        .join(FundingSource, FundingSource.id == Loan.funding_id)
        .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
        .join(cases, cases.c.case_id == Enterprise.case_id)
        .where(*_loan_conditions(as_of), Loan.outstanding_principal > 0)
        .group_by(Loan.currency, cases.c.sex, late)
    )


def _past_rows(cases, as_of: date):
    """The same from the schedules and the repayments made on or before `as_of`."""
    paid = standing_paid(as_of)
    base = (
        select(
            Loan.id,
            Loan.principal,
            Loan.annual_rate,
            Loan.term_months,
            Loan.grace_months,
            Loan.method,
            Loan.disbursed_on,
            Loan.currency,
            cases.c.sex,
            func.coalesce(paid.c.paid, 0).label("paid"),
        )
        .join(FundingSource, FundingSource.id == Loan.funding_id)
        .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
        .join(cases, cases.c.case_id == Enterprise.case_id)
        .outerjoin(paid, paid.c.loan_id == Loan.id)
        .where(*_loan_conditions(as_of))
        .cte("scope_loans")
    )
    computed = arrears(base, as_of).subquery("arrears")
    late = (computed.c.days_past_due > 30).label("late")
    return (
        select(base.c.currency, base.c.sex, late, func.count(), func.sum(computed.c.outstanding))
        .join(computed, computed.c.id == base.c.id)
        .where(computed.c.outstanding > 0)
        .group_by(base.c.currency, base.c.sex, late)
    )


def portfolio_at_risk(scope) -> RiskFigure:
    """PAR30 of the loans of the scope's enterprises per currency and the borrower's sex, as of
    the period's last day or today when the period reaches today. Loans disbursed by then and
    not written off by then; loans with nothing outstanding are not in the portfolio. One
    statement."""
    today = local_today()
    as_of = min(scope.last_day, today)
    stmt = (_today_rows if as_of == today else _past_rows)(scope.cases, as_of)
    found: dict[str, tuple] = {}
    for currency, sex, late, count, outstanding in db.session.execute(stmt):
        total, by_sex = found.setdefault(
            currency, (Portfolio(currency), {s: Portfolio(currency) for s in SEXES})
        )
        at_risk = outstanding if late else Decimal("0.00")
        for target in (total, by_sex[Sex(sex)]):
            target.add(outstanding, at_risk, count, count if late else 0)
    return RiskFigure(as_of, [(c, *found[c]) for c in sorted(found)])


def risk_export(figure: RiskFigure):
    header = (
        _l("Currency"), _l("Borrower"), _l("Loans outstanding"), _l("Outstanding principal"),
        _l("Loans over 30 days late"), _l("Principal over 30 days late"), _l("PAR30"),
    )  # fmt: skip
    rows = []
    for currency, total, by_sex in figure.rows:
        for label, item in (*((SEX_LABELS[sex], by_sex[sex]) for sex in SEXES), (TOTAL, total)):
            rows.append((currency, label, item.loans, item.outstanding, item.loans_at_risk,
                         item.at_risk, item.par30))  # fmt: skip
    return header, rows
