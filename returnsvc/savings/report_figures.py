"""The savings figure of the programme-outcomes dashboard (registered as FIGURES in
savings.contributions): savings mobilised per currency, and people saving, in the period, over
the savings plans of the scope's cases (`scope.cases`), by the person's sex.

The rules are savings.standing's, which the campaign results share, over the period's days
(first to last, both included) instead of a campaign's:

- saved: per currency (never added together), deposits (remittance, wages, APRE payment)
  minus withdrawals booked in the period, leaving out every entry that was reversed: a reversal
  cancels its entry whatever the reversal's own date. Interest is not saving;
- people saving: people with at least one deposit booked in the period that was not reversed.

One SQL statement.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Integer, Numeric, String, cast, func, literal, select

from returnsvc.cases.figure_parts import BY_SEX_COLUMNS, SEX_LABELS, SEXES, BySex
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.returnees.models import Sex
from returnsvc.savings import standing
from returnsvc.savings.models import SavingsPlan

_ZERO = Decimal("0.00")
# The export's names of a currency's rows (as the dashboard's table).
MONEY_LABELS = {
    "deposited": _l("Deposited"),
    "withdrawn": _l("Withdrawn"),
    "saved": _l("Saved (deposits less withdrawals)"),
}


@dataclass
class Currency:
    """One currency's money in the period, each a BySex of Decimal: deposited (what stands),
    withdrawn (a negative amount or 0) and saved (deposited + withdrawn)."""

    code: str
    deposited: BySex = field(default_factory=BySex)
    withdrawn: BySex = field(default_factory=BySex)
    saved: BySex = field(default_factory=BySex)

    def rows(self) -> list:
        """[(label, BySex)] for the table."""
        return [
            ("deposited", self.deposited),
            ("withdrawn", self.withdrawn),
            ("saved", self.saved),
        ]

    def chart_rows(self) -> list:
        """[(Sex label, amount saved)], women, men, other."""
        return [(SEX_LABELS[sex], self.saved[sex]) for sex in SEXES]


@dataclass
class SavingsFigure:
    first_day: date
    last_day: date
    currencies: list = field(default_factory=list)  # [Currency] by code
    people_saving: BySex = field(default_factory=BySex)


def _statement(cases, first_day: date, last_day: date):
    """(figure, sex, currency, people, saved, deposited, withdrawn) rows: 'saving' per sex,
    'saved' per sex and currency."""
    plans = (
        select(
            SavingsPlan.id.label("plan_id"), SavingsPlan.currency, cases.c.returnee_id, cases.c.sex
        )
        .join(cases, cases.c.case_id == SavingsPlan.case_id)
        .cte("scope_plans")
    )
    moves = standing.per_plan(
        plans,
        plans.c.plan_id,
        plans.c.currency,
        (plans.c.returnee_id, plans.c.sex),
        lambda day: day.between(first_day, last_day),
    )
    stands = standing.standing(moves, moves.c.returnee_id, moves.c.sex, moves.c.currency)
    per_person = standing.per_person(stands)
    no_currency = cast(literal(None), String(3))
    no_amount = cast(literal(None), Numeric(14, 2))
    return (
        select(
            literal("saving"),
            per_person.c.sex,
            no_currency,
            func.count().filter(per_person.c.deposits > 0),
            no_amount,
            no_amount,
            no_amount,
        )
        .group_by(per_person.c.sex)
        .union_all(
            select(
                literal("saved"),
                stands.c.sex,
                stands.c.currency,
                cast(literal(None), Integer),
                func.sum(stands.c.amount),
                func.sum(stands.c.deposited),
                func.sum(stands.c.withdrawn),
            )
            .group_by(stands.c.sex, stands.c.currency)
            # A currency only in entries that were all reversed is not in the figure.
            .having(func.sum(stands.c.entries) > 0)
        )
    )


def savings_mobilised(scope) -> SavingsFigure:
    """Savings mobilised per currency and people saving in the period, by sex: one
    statement."""
    result = SavingsFigure(scope.first_day, scope.last_day)
    currencies: dict[str, Currency] = {}
    rows = db.session.execute(_statement(scope.cases, scope.first_day, scope.last_day))
    for figure, sex, currency, people, saved, deposited, withdrawn in rows:
        sex = Sex(sex)
        if figure == "saving":
            if people:
                result.people_saving.values[sex] = people
            continue
        found = currencies.setdefault(currency, Currency(currency))
        found.saved.values[sex] = saved
        found.deposited.values[sex] = deposited
        found.withdrawn.values[sex] = withdrawn
    result.currencies = [currencies[code] for code in sorted(currencies)]
    return result


def savings_export(figure: SavingsFigure):
    header = (_l("Figure"), _l("Currency"), *BY_SEX_COLUMNS)
    saving = figure.people_saving
    rows = [(_l("People saving"), "", saving.female, saving.male, saving.other, saving.total)]
    for currency in figure.currencies:
        for key, amounts in currency.rows():
            rows.append(
                (MONEY_LABELS[key], currency.code, *(amounts[sex] or _ZERO for sex in SEXES),
                 amounts.total)
            )  # fmt: skip
    return header, rows
