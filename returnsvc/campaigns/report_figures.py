"""The campaigns figure of the programme-outcomes dashboard (registered as FIGURES in
campaigns.contributions): the savings campaigns of the selection's country (every country when
none is chosen) whose period overlaps the dashboard's and that enrolled someone of the
selection, the 20 that started last, with their results.

The results are the campaign page's (campaigns.results: enrolled, plans opened, people saving,
saved per currency, over the campaign's own period, by sex), counted over the enrolled people
of the selection only (`scope.cases`: the viewer's cases narrowed by the filters) and the savings
plans of those cases: the dashboard's filters apply to them as to every figure, and a viewer
never counts people whose cases they may not see.

One SQL statement: the campaigns shown (with how many there are) and the results of all of
them at once, the selection's cases computed once for both.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, Numeric, String, cast, exists, func, literal, select

from returnsvc.campaigns.models import CampaignEnrolment, SavingsCampaign
from returnsvc.campaigns.results import BySex as Amounts
from returnsvc.campaigns.results import Results
from returnsvc.cases.figure_parts import BY_SEX_COLUMNS, SEXES, BySex
from returnsvc.core.countries import country_name
from returnsvc.core.db import inline
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import locale_code
from returnsvc.extensions import db
from returnsvc.returnees.models import Sex
from returnsvc.savings import standing
from returnsvc.savings.models import SavingsPlan

SHOWN = 20  # campaigns shown at most: the ones that started last
# The export's names of the results (as the dashboard's table).
RESULT_LABELS = {
    "enrolled": _l("People enrolled"),
    "plans_opened": _l("Plans opened"),
    "people_saving": _l("People saving"),
    "saved": _l("Saved (deposits less withdrawals)"),
}


@dataclass
class CampaignRow:
    """A campaign and its results over the selection (Results' BySex hold the counts)."""

    id: int
    name: str
    country: str
    starts_on: date
    ends_on: date
    results: Results

    def counts(self, figure: str) -> BySex:
        """One of the results' counts ('enrolled', 'plans_opened', 'people_saving')
        as the dashboard's BySex (women, men, other, total)."""
        return BySex(dict(getattr(self.results, figure).values))

    def saved(self, currency: str) -> BySex:
        """The money saved in `currency` by sex (a BySex of amounts)."""
        return BySex(dict(self.results.saved[currency].values))


@dataclass
class CampaignsFigure:
    first_day: date
    last_day: date
    campaigns: list = field(default_factory=list)  # [CampaignRow], latest start first
    total: int = 0  # campaigns that qualify, shown or not

    @property
    def left_out(self) -> int:
        return self.total - len(self.campaigns)

    @property
    def chart_rows(self) -> list:
        """[(campaign name, people saving by sex)]."""
        return [(row.name, row.counts("people_saving")) for row in self.campaigns]


def _statement(scope):
    """One row per (campaign shown, figure, sex[, currency]): the campaign's columns, then
    figure ('enrolled', 'plans', 'saving', 'saved'), sex, currency, count, amount; the rules of
    campaigns.results for each campaign, over the selection's people and their cases' plans."""
    cases = scope.cases
    # The selection's cases, computed once (read by the choice of campaigns and the results).
    selection = select(cases.c.case_id, cases.c.returnee_id, cases.c.sex).cte("selection")
    conditions = [
        SavingsCampaign.starts_on <= scope.last_day,
        SavingsCampaign.ends_on >= scope.first_day,
        exists(
            select(CampaignEnrolment.id)
            .join(selection, selection.c.returnee_id == CampaignEnrolment.returnee_id)
            .where(CampaignEnrolment.campaign_id == SavingsCampaign.id)
        ),
    ]
    country = getattr(scope.filters, "country", None)
    if country:
        conditions.append(SavingsCampaign.country == country)
    shown = (
        select(
            SavingsCampaign.id,
            SavingsCampaign.name,
            SavingsCampaign.country,
            SavingsCampaign.starts_on,
            SavingsCampaign.ends_on,
            SavingsCampaign.target_plans,
            SavingsCampaign.target_amount,
            SavingsCampaign.target_currency,
            func.count().over().label("total"),
        )
        .where(*conditions)
        .order_by(SavingsCampaign.starts_on.desc(), SavingsCampaign.id.desc())
        .limit(inline(SHOWN))
        .cte("shown")
    )
    # A row per campaign shown and case of the selection of a person it enrolled (a person
    # with two cases has two: people are counted once, each plan belongs to one case).
    enrolled = (
        select(
            shown.c.id.label("campaign_id"),
            shown.c.starts_on,
            shown.c.ends_on,
            selection.c.case_id,
            selection.c.returnee_id,
            selection.c.sex,
        )
        .join(CampaignEnrolment, CampaignEnrolment.campaign_id == shown.c.id)
        .join(selection, selection.c.returnee_id == CampaignEnrolment.returnee_id)
        .cte("enrolled")
    )
    plans = (
        select(
            enrolled.c.campaign_id,
            enrolled.c.starts_on,
            enrolled.c.ends_on,
            enrolled.c.returnee_id,
            enrolled.c.sex,
            SavingsPlan.id.label("plan_id"),
            SavingsPlan.currency,
            SavingsPlan.starts_on.label("plan_starts_on"),
        )
        .join(SavingsPlan, SavingsPlan.case_id == enrolled.c.case_id)
        .cte("campaign_plans")
    )
    # As campaigns.results: the entries that stand, booked in the campaign's own period.
    moves = standing.per_plan(
        plans,
        plans.c.plan_id,
        plans.c.currency,
        (plans.c.campaign_id, plans.c.returnee_id, plans.c.sex),
        lambda day: day.between(plans.c.starts_on, plans.c.ends_on),
    )
    stands = standing.standing(
        moves, moves.c.campaign_id, moves.c.returnee_id, moves.c.sex, moves.c.currency
    )
    per_person = standing.per_person(stands, stands.c.campaign_id)
    no_currency = cast(literal(None), String(3))
    no_amount = cast(literal(None), Numeric(14, 2))
    in_period = plans.c.plan_starts_on.between(plans.c.starts_on, plans.c.ends_on)
    people = (
        select(enrolled.c.campaign_id, enrolled.c.returnee_id, enrolled.c.sex)
        .distinct()
        .subquery("people")
    )
    figures = (
        select(
            people.c.campaign_id,
            literal("enrolled").label("figure"),
            people.c.sex,
            no_currency.label("currency"),
            func.count().label("people"),
            no_amount.label("amount"),
        )
        .group_by(people.c.campaign_id, people.c.sex)
        .union_all(
            select(
                plans.c.campaign_id,
                literal("plans"),
                plans.c.sex,
                no_currency,
                func.count().filter(in_period),
                no_amount,
            ).group_by(plans.c.campaign_id, plans.c.sex),
            select(
                per_person.c.campaign_id,
                literal("saving"),
                per_person.c.sex,
                no_currency,
                func.count().filter(per_person.c.deposits > 0),
                no_amount,
            ).group_by(per_person.c.campaign_id, per_person.c.sex),
            select(
                stands.c.campaign_id,
                literal("saved"),
                stands.c.sex,
                stands.c.currency,
                cast(literal(None), Integer),
                func.sum(stands.c.amount),
            )
            .group_by(stands.c.campaign_id, stands.c.sex, stands.c.currency)
            # A currency only in entries that were all reversed is not in the results.
            .having(func.sum(stands.c.entries) > 0),
        )
        .subquery("figures")
    )
    # Every campaign shown enrolled someone of the selection: it has 'enrolled' rows.
    return (
        select(
            shown,
            figures.c.figure,
            figures.c.sex,
            figures.c.currency,
            figures.c.people,
            figures.c.amount,
        )  # fmt: skip
        .join(figures, figures.c.campaign_id == shown.c.id)
        .order_by(shown.c.starts_on.desc(), shown.c.id.desc())
    )


def campaign_results(scope) -> CampaignsFigure:
    """The campaigns of the selection's country overlapping the period that enrolled someone
    of the selection (the SHOWN that started last), with their results over the selection.
    One statement."""
    result = CampaignsFigure(scope.first_day, scope.last_day)
    rows: dict[int, CampaignRow] = {}
    for row in db.session.execute(_statement(scope)):
        found = rows.get(row.id)
        if found is None:
            results = Results(
                row.id,
                row.starts_on,
                row.ends_on,
                row.target_plans,
                row.target_amount,
                row.target_currency,
            )
            found = rows[row.id] = CampaignRow(
                row.id, row.name, row.country, row.starts_on, row.ends_on, results
            )
            result.total = row.total
        results, sex = found.results, Sex(row.sex)
        if row.figure == "saved":
            results.saved.setdefault(row.currency, Amounts()).values[sex] = row.amount
        elif row.people:
            {
                "enrolled": results.enrolled,
                "plans": results.plans_opened,
                "saving": results.people_saving,
            }[row.figure].values[sex] = row.people
    result.campaigns = list(rows.values())
    return result


def campaigns_export(figure: CampaignsFigure):
    header = (_l("Campaign"), _l("Country"), _l("First day"), _l("Last day"), _l("Figure"),
              _l("Currency"), *BY_SEX_COLUMNS)  # fmt: skip
    locale = locale_code()
    rows = []
    for row in figure.campaigns:
        first = (row.name, country_name(row.country, locale), row.starts_on, row.ends_on)
        results = row.results
        for key in ("enrolled", "plans_opened", "people_saving"):
            counts = getattr(results, key)
            rows.append(
                (*first, RESULT_LABELS[key], "", *(counts[sex] for sex in SEXES), counts.total)
            )
        for currency in results.currencies:
            amounts = results.saved[currency]
            rows.append(
                (*first, RESULT_LABELS["saved"], currency, *(amounts[sex] for sex in SEXES),
                 amounts.total)
            )  # fmt: skip
    return header, rows
