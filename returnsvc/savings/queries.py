"""Reads for the Savings tab and a plan's page: the case's plans with their balances, the
months in which less than the recommended deposit went in, the latest entries, and a plan's
ledger a page at a time.

Balances and monthly deposits are sums computed by PostgreSQL over the index
ix_savings_entry_plan (plan, day booked, id); no page loads all the entries of a plan, and the
tab runs the same few statements whatever the number of plans and entries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Integer, cast, func, select, true, tuple_
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.core.paging import cut_page
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.partners.models import Partner
from returnsvc.savings import ledger
from returnsvc.savings.models import DEPOSIT_KINDS, PlanStatus, SavingsEntry, SavingsPlan

LATEST = 5  # entries shown per plan on the tab
PER_PAGE = 50  # entries per page of a plan's ledger


@dataclass
class PlanView:
    plan: SavingsPlan
    balance: Decimal
    institution: str = ""
    enterprise: str = ""
    counted: list = field(default_factory=list)  # the months checked against the deposit
    missed: list = field(default_factory=list)  # those in which less went in
    latest: list = field(default_factory=list)  # (SavingsEntry, is_reversed), newest first

    @property
    def progress(self) -> ledger.Progress:
        return ledger.Progress(self.balance, self.plan.target_amount)

    @property
    def missed_days(self) -> list[date]:
        """The missed months as their first days (for the `date` filter), newest first."""
        return [date(year, month, 1) for year, month in reversed(self.missed)]

    @property
    def is_active(self) -> bool:
        return self.plan.status is PlanStatus.ACTIVE

    def needed_monthly(self, today: date) -> Decimal:
        """What a month should add from today to reach the goal on its date."""
        return ledger.recommended_monthly(
            self.plan.target_amount, self.balance, today, self.plan.target_date
        )


def _balance_column():
    return (
        select(func.coalesce(func.sum(SavingsEntry.amount), 0))
        .where(SavingsEntry.plan_id == SavingsPlan.id)
        .correlate(SavingsPlan)
        .scalar_subquery()
    )


def _not_reversed(entry):
    """SQL: no reversal names `entry` (the unique index on reverses_id answers it)."""
    reversal = aliased(SavingsEntry)
    return ~select(reversal.id).where(reversal.reverses_id == entry.id).exists()


def deposited_by_plan_and_month(case_id: int, plan_id: int | None = None) -> dict:
    """{plan id: {(year, month): deposited}} for the case's plans (or one of them): deposits
    (remittances, wages, APRE payments) not reversed, by the month booked; one statement."""
    year = cast(func.extract("year", SavingsEntry.booked_on), Integer)
    month = cast(func.extract("month", SavingsEntry.booked_on), Integer)
    stmt = (
        select(SavingsEntry.plan_id, year, month, func.sum(SavingsEntry.amount))
        .join(SavingsPlan, SavingsPlan.id == SavingsEntry.plan_id)
        .where(
            SavingsPlan.case_id == case_id,
            SavingsEntry.kind.in_(DEPOSIT_KINDS),
            _not_reversed(SavingsEntry),
        )
        .group_by(SavingsEntry.plan_id, year, month)
    )
    if plan_id is not None:
        stmt = stmt.where(SavingsPlan.id == plan_id)
    found: dict = defaultdict(dict)
    for plan, y, m, total in db.session.execute(stmt):
        found[plan][(y, m)] = total
    return found


def _latest_entries(case_id: int) -> dict:
    """{plan id: [(entry, is_reversed)]}: the newest LATEST entries of each of the case's
    plans, in one statement (a lateral subquery per plan walks the index backwards)."""
    newest = (
        select(SavingsEntry)
        .where(SavingsEntry.plan_id == SavingsPlan.id)
        .order_by(SavingsEntry.booked_on.desc(), SavingsEntry.id.desc())
        .limit(LATEST)
        .lateral("newest")
    )
    entry = aliased(SavingsEntry, newest)
    rows = db.session.execute(
        select(entry, ~_not_reversed(entry))
        .select_from(SavingsPlan)
        .join(newest, true())
        .where(SavingsPlan.case_id == case_id)
        .order_by(entry.plan_id, entry.booked_on.desc(), entry.id.desc())
    )
    found: dict = defaultdict(list)
    for row, is_reversed in rows:
        found[row.plan_id].append((row, is_reversed))
    return found


def plans_of(
    case_id: int, today: date, *, plan_id: int | None = None, latest: bool = True
) -> list[PlanView]:
    """The case's plans (or one of them), newest first, with their balances, the names of
    their institution and business, the months checked and missed, and (with `latest`) the
    newest entries: three statements whatever the number of plans and entries."""
    stmt = (
        select(SavingsPlan, _balance_column(), Partner.name, Enterprise.name)
        .outerjoin(Partner, Partner.id == SavingsPlan.institution_id)
        .outerjoin(Enterprise, Enterprise.id == SavingsPlan.enterprise_id)
        .where(SavingsPlan.case_id == case_id)
        .order_by(SavingsPlan.id.desc())
    )
    if plan_id is not None:
        stmt = stmt.where(SavingsPlan.id == plan_id)
    views = [
        PlanView(plan, Decimal(balance), institution or "", enterprise or "")
        for plan, balance, institution, enterprise in db.session.execute(stmt)
    ]
    if not views:
        return []
    deposited = deposited_by_plan_and_month(case_id, plan_id)
    newest = _latest_entries(case_id) if latest else {}
    for view in views:
        plan = view.plan
        view.counted = ledger.counted_months(
            plan.starts_on, plan.target_date, today, plan.closed_on
        )
        view.missed = ledger.missed_months(
            view.counted, plan.recommended_monthly, deposited.get(plan.id, {})
        )
        view.latest = newest.get(plan.id, [])
    return views


@dataclass
class LedgerRow:
    entry: SavingsEntry
    recorded_by: str
    reversed_by: int | None  # the id of the reversal that cancels it


@dataclass
class LedgerPage:
    rows: list
    next_start: int | None  # the first entry of the next (older) page
    is_first: bool


def ledger_page(plan: SavingsPlan, start: int | None) -> LedgerPage:
    """A page of the plan's ledger, newest first (by day booked, then id), from entry `start`
    (included; an id that is not the plan's means the first page): two statements, three with
    `start`. Keyset paging on the index: no count, no offset."""
    order = (SavingsEntry.booked_on.desc(), SavingsEntry.id.desc())
    stmt = (
        select(SavingsEntry, User.full_name)
        .outerjoin(User, User.id == SavingsEntry.recorded_by_id)
        .where(SavingsEntry.plan_id == plan.id)
        .order_by(*order)
        .limit(PER_PAGE + 1)
    )
    booked = None
    if start is not None:
        booked = db.session.scalar(
            select(SavingsEntry.booked_on).where(
                SavingsEntry.id == start, SavingsEntry.plan_id == plan.id
            )
        )
    if booked is not None:
        stmt = stmt.where(tuple_(SavingsEntry.booked_on, SavingsEntry.id) <= tuple_(booked, start))
    fetched = db.session.execute(stmt).all()
    next_start = fetched[PER_PAGE][0].id if len(fetched) > PER_PAGE else None
    page, _more = cut_page(fetched, PER_PAGE)
    ids = [entry.id for entry, _name in page]
    reversed_by = {}
    if ids:
        reversed_by = dict(
            db.session.execute(
                select(SavingsEntry.reverses_id, SavingsEntry.id).where(
                    SavingsEntry.reverses_id.in_(ids)
                )
            ).all()
        )
    rows = [LedgerRow(entry, name or "", reversed_by.get(entry.id)) for entry, name in page]
    return LedgerPage(rows, next_start, booked is None)
