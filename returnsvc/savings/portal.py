"""The person's savings in their own portal (/my/savings, issue #17): each active plan's
progress to its goal as a bar with "X of Y, Z %", the latest movements in plain words (a
deposit cancelled as a mistake is never shown as money in, and the correction says what it
is), what to save each month from now to reach the goal on time, and the remittance-cost
calculator filled in for sending to their country.

Read with the Savings tab's own query (queries.plans_of: three statements whatever the number
of plans and entries). Hidden when the person has no active plan.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from returnsvc.core.clock import local_today
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.remittances.links import calculator_url
from returnsvc.savings import queries
from returnsvc.savings.models import EntryKind

KEY = "savings"

# The movements of a plan, as the person says them.
MOVEMENT_WORDS = {
    EntryKind.REMITTANCE: _l("Money sent from abroad"),
    EntryKind.WAGES: _l("Saved from your pay"),
    EntryKind.APRE: _l("From your APRE payment"),
    EntryKind.INTEREST: _l("Interest from the bank"),
    EntryKind.WITHDRAWAL: _l("Money you took out"),
    EntryKind.REVERSAL: _l("Correction of a mistake"),
}


@dataclass(frozen=True)
class Movement:
    booked_on: date
    words: object  # what it was, in plain words
    amount: Decimal  # signed: money in positive, money out negative
    currency: str
    cancelled: bool  # a mistake, corrected later: not money in or out
    reason: object = None  # why a correction was made (ReversalReason), or None

    @property
    def is_correction(self) -> bool:
        return self.reason is not None


@dataclass
class PlanForYou:
    view: queries.PlanView
    movements: list
    monthly: Decimal  # what to save a month from now to reach the goal on time (0: reached)
    calculator: str | None  # the calculator's URL, filled in for the person's country

    @property
    def plan(self):
        return self.view.plan

    @property
    def progress(self):
        return self.view.progress


@dataclass
class MySavings:
    plans: list  # PlanForYou, newest first

    @property
    def main(self) -> PlanForYou:
        """The plan the home shows: the newest active one."""
        return self.plans[0]


def _movements(view: queries.PlanView) -> list[Movement]:
    return [
        Movement(
            entry.booked_on,
            MOVEMENT_WORDS[entry.kind],
            entry.amount,
            entry.currency,
            cancelled=is_reversed,
            reason=entry.reversal_reason if entry.kind is EntryKind.REVERSAL else None,
        )
        for entry, is_reversed in view.latest
    ]


def load(case, returnee, viewer) -> MySavings | None:
    """The person's active savings plans (None: no case, or no active plan)."""
    if case is None:
        return None
    today = local_today()
    plans = []
    for view in queries.plans_of(case.id, today):
        if not view.is_active:
            continue
        monthly = view.needed_monthly(today)
        plan = view.plan
        # The calculator compares what sending euros from Spain costs: filled in with the
        # monthly amount only when the plan saves in euros.
        amount = monthly if plan.currency == "EUR" and monthly > 0 else None
        calculator = calculator_url(
            returnee.origin_country, amount=amount, frequency="monthly" if amount else None
        )
        plans.append(PlanForYou(view, _movements(view), monthly, calculator))
    return MySavings(plans) if plans else None
