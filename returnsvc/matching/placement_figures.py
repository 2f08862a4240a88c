"""Matching's figure on the programme-outcomes dashboard of the placements made in the period
(registered as FIGURES in matching.contributions): formal or informal, by kind of contract, and
the median wage per currency and pay period. A placement is a job recorded through matching (a
"hired" decision, matching.models.Placement) and counts on its start date; it reads the scope's
cases (reports.filters.Scope) and aggregates in SQL, in two statements."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select, tuple_

from returnsvc.cases.figure_parts import BY_SEX_COLUMNS, SEXES, BySex, add_by_sex, rounded
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.matching.models import ContractType, Placement, WagePeriod
from returnsvc.returnees.models import Sex

_CENT = Decimal("0.01")


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
        row.median[who] = rounded(middle, _CENT)
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
