"""A campaign's results, read from the savings ledger in one SQL statement.

Over the people enrolled (all of them, whoever enrolled them) and the campaign's period (first
and last day included):

- plans opened: their savings plans (of any of their cases) that started in the period
  (`starts_on`, the day the plan started, not the day it was typed in);
- people saving: enrolled people with at least one deposit (remittance, wages, APRE payment;
  interest is not the person's) booked in the period and not reversed;
- saved: per currency (never added together), deposits minus withdrawals booked in the period,
  leaving out every entry that was reversed. A reversal cancels its entry whatever the
  reversal's own date, as the plan's page has it (savings.services.deposited_by_month);
  interest is not saving.

Each is split by sex (women, men, other or not said), and compared with the campaign's targets
(plans; amount in the target's currency).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache

from sqlalchemy import Integer, Numeric, String, bindparam, cast, func, literal, select

from returnsvc.campaigns.models import CampaignEnrolment, SavingsCampaign
from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee, Sex
from returnsvc.savings import standing
from returnsvc.savings.models import SavingsPlan

SEXES = tuple(Sex)  # women, men, other / not said
_ZERO = Decimal("0.00")
_RATIO = Decimal("0.0001")

# Written into the statement, not bound (core.db.inline): each campaign gets a plan of its
# own. Bound, psycopg prepares the statement and PostgreSQL soon keeps one generic plan for
# every campaign: the hash joins that suit a campaign of thousands made one of a few people
# ten times slower.
_CAMPAIGN = bindparam("campaign_id", type_=Integer, literal_execute=True)
_FIRST = bindparam("first_day", type_=db.Date, literal_execute=True)
_LAST = bindparam("last_day", type_=db.Date, literal_execute=True)


@dataclass
class BySex:
    """A figure for each sex, and its total."""

    values: dict = field(default_factory=dict)  # {Sex: int | Decimal}

    def __getitem__(self, sex: Sex):
        return self.values.get(sex, 0)

    @property
    def total(self):
        return sum(self.values.values())


@dataclass
class Results:
    campaign_id: int
    first_day: date
    last_day: date
    target_plans: int | None
    target_amount: Decimal | None
    target_currency: str | None
    enrolled: BySex = field(default_factory=BySex)
    plans_opened: BySex = field(default_factory=BySex)
    people_saving: BySex = field(default_factory=BySex)
    saved: dict = field(default_factory=dict)  # {currency: BySex of Decimal}

    @property
    def currencies(self) -> list[str]:
        """The currencies saved in, the target's first."""
        return sorted(self.saved, key=lambda code: (code != self.target_currency, code))

    @property
    def plans_progress(self) -> Decimal | None:
        """Plans opened over the target (0.5 is half-way); None without a target."""
        if not self.target_plans:
            return None
        return (Decimal(self.plans_opened.total) / self.target_plans).quantize(
            _RATIO, rounding=ROUND_HALF_EVEN
        )

    @property
    def saved_in_target_currency(self) -> Decimal:
        found = self.saved.get(self.target_currency)
        return found.total if found is not None else _ZERO

    @property
    def amount_progress(self) -> Decimal | None:
        if not self.target_amount:
            return None
        return (self.saved_in_target_currency / self.target_amount).quantize(
            _RATIO, rounding=ROUND_HALF_EVEN
        )


@cache
def _statement():
    """(figure, sex, currency, count, amount) rows: 'enrolled', 'plans', 'saving' per sex,
    'saved' per sex and currency. Built once; the campaign and period are bound values."""

    # The people enrolled, written out twice rather than shared (a shared CTE is computed
    # apart, and the planner then guesses its size: a small campaign got hash joins over
    # every case and plan).
    def enrolled(name):
        return (
            select(CampaignEnrolment.returnee_id, Returnee.sex)
            .join(Returnee, Returnee.id == CampaignEnrolment.returnee_id)
            .where(CampaignEnrolment.campaign_id == _CAMPAIGN)
            .subquery(name)
        )

    people = enrolled("people")
    plan_people = enrolled("plan_people")
    plans = (
        select(
            SavingsPlan.id,
            SavingsPlan.currency,
            SavingsPlan.starts_on,
            plan_people.c.returnee_id,
            plan_people.c.sex,
        )
        .select_from(plan_people)
        .join(Case, Case.returnee_id == plan_people.c.returnee_id)
        .join(SavingsPlan, SavingsPlan.case_id == Case.id)
        .cte("plans")
    )
    # The entries that stand (savings.standing), per person and currency, once: the 'saving'
    # and 'saved' figures both read these few rows (one per saver and currency) instead of
    # scanning the entries twice (a campaign of 35,000 people moved 175,000 entries through a
    # materialised CTE spilled to disk).
    moves = standing.per_plan(
        plans,
        plans.c.id,
        plans.c.currency,
        (plans.c.returnee_id, plans.c.sex),
        lambda day: day.between(_FIRST, _LAST),
    )
    stands = standing.standing(moves, moves.c.returnee_id, moves.c.sex, moves.c.currency)
    # Per person: how many of their deposits stand, in any currency (saving when above 0).
    per_person = standing.per_person(stands)
    no_currency = cast(literal(None), String(3))
    no_amount = cast(literal(None), Numeric(14, 2))
    no_count = cast(literal(None), Integer)
    return (
        select(literal("enrolled"), people.c.sex, no_currency, func.count(), no_amount)
        .group_by(people.c.sex)
        .union_all(
            select(
                literal("plans"),
                plans.c.sex,
                no_currency,
                func.count().filter(plans.c.starts_on.between(_FIRST, _LAST)),
                no_amount,
            ).group_by(plans.c.sex),
            select(
                literal("saving"),
                per_person.c.sex,
                no_currency,
                func.count().filter(per_person.c.deposits > 0),
                no_amount,
            ).group_by(per_person.c.sex),
            select(
                literal("saved"),
                stands.c.sex,
                stands.c.currency,
                no_count,
                func.sum(stands.c.amount),
            )
            .group_by(stands.c.sex, stands.c.currency)
            # A currency only in entries that were all reversed is not in the results.
            .having(func.sum(stands.c.entries) > 0),
        )
    )


def results_of(campaign: SavingsCampaign) -> Results:
    """The campaign's results as of now (one statement)."""
    result = Results(
        campaign.id,
        campaign.starts_on,
        campaign.ends_on,
        campaign.target_plans,
        campaign.target_amount,
        campaign.target_currency,
    )
    rows = db.session.execute(
        _statement(),
        {"campaign_id": campaign.id, "first_day": campaign.starts_on, "last_day": campaign.ends_on},
    )
    figures = {
        "enrolled": result.enrolled,
        "plans": result.plans_opened,
        "saving": result.people_saving,
    }
    for figure, sex, currency, count, amount in rows:
        sex = Sex(sex)
        if figure == "saved":
            result.saved.setdefault(currency, BySex()).values[sex] = amount
        elif count:
            figures[figure].values[sex] = count
    return result
