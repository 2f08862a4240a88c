"""The money that stands on savings plans over a span of days, as SQL to build figures on: the
rules the campaign results (campaigns.results), the dashboard's campaigns figure
(campaigns.report_figures) and its savings figure (savings.report_figures) share.

- Counted: deposits (remittance, wages, APRE payment) and withdrawals. Interest is not the
  person's saving.
- A reversed entry does not stand, whatever the reversal's own date (as the plan's page has
  it: savings.services.deposited_by_month). Each entry booked in the span is read once, then
  each of those that was reversed once more with the opposite sign: what is left adds up to
  the entries that stand. Reversals are few; they are looked up plan by plan through their own
  partial index (ix_savings_entry_plan_reversals) and the originals' primary key, which costs
  far less than asking of every entry whether it was reversed. The entries themselves come
  from the covering index ix_savings_entry_plan_day_amounts.
"""

from sqlalchemy import case, func, literal, select, true

from returnsvc.core.db import inline
from returnsvc.savings.models import DEPOSIT_KINDS, EntryKind, SavingsEntry

COUNTED = (*DEPOSIT_KINDS, EntryKind.WITHDRAWAL)


def _deposit_sign(kind, sign: int):
    """+sign for a deposit, 0 for a withdrawal (written into the SQL: a closed set)."""
    return case((kind == inline(EntryKind.WITHDRAWAL, kind.type), 0), else_=sign)


def moves(plans, plan_id, carried: tuple, within):
    """A CTE "moves" of the entries that stand: for each row of `plans` (a CTE or subquery
    whose column `plan_id` names a savings plan) the counted entries booked on a day where
    `within(day)` holds (SQL; it may read `plans`' columns, a campaign's period), and again
    with the opposite sign each of them that was reversed. Columns: the `carried` columns of
    `plans` (kept under their names), then currency, amount, deposits (+1 a deposit, -1 a
    reversed deposit, 0 a withdrawal) and entries (+1, or -1 for a reversed entry)."""
    entry = SavingsEntry.__table__
    reversal = entry.alias("reversal")
    original = entry.alias("original")
    # The entries of this plan that were reversed, looked up plan by plan (LATERAL, fenced by
    # OFFSET 0 so that PostgreSQL keeps it so: unfenced, misjudging how many plans there are,
    # it chose a scan of the whole ledger).
    reversed_ = (
        select(original.c.currency, original.c.amount, original.c.kind, original.c.booked_on)
        .select_from(reversal)
        .join(original, original.c.id == reversal.c.reverses_id)
        .where(
            reversal.c.plan_id == plan_id,
            # Written out, not bound: the partial index's condition must show.
            reversal.c.kind == inline(EntryKind.REVERSAL, reversal.c.kind.type),
            original.c.kind.in_(COUNTED),
            within(original.c.booked_on),
        )
        .offset(0)
        .lateral("reversed")
    )
    return (
        select(
            *carried,
            entry.c.currency,
            entry.c.amount,
            _deposit_sign(entry.c.kind, 1).label("deposits"),
            literal(1).label("entries"),
        )
        .select_from(plans)
        .join(entry, entry.c.plan_id == plan_id)
        .where(within(entry.c.booked_on), entry.c.kind.in_(COUNTED))
        .union_all(
            select(
                *carried,
                reversed_.c.currency,
                -reversed_.c.amount,
                _deposit_sign(reversed_.c.kind, -1),
                literal(-1),
            )
            .select_from(plans)
            .join(reversed_, true())
        )
        .cte("moves")
    )


def standing(moves_, *keys):
    """A CTE "standing": `moves_` summed per `keys` (columns of it: at least the person and
    the currency), once, so that every figure built on it reads one row per saver and
    currency. Columns: the keys, amount (what stands), deposited (deposits that stand),
    withdrawn (withdrawals that stand: 0 or negative), deposits (how many deposits stand)
    and entries (how many entries stand)."""
    is_deposit = moves_.c.deposits != 0
    return (
        select(
            *keys,
            func.sum(moves_.c.amount).label("amount"),
            func.coalesce(func.sum(moves_.c.amount).filter(is_deposit), 0).label("deposited"),
            func.coalesce(func.sum(moves_.c.amount).filter(~is_deposit), 0).label("withdrawn"),
            func.sum(moves_.c.deposits).label("deposits"),
            func.sum(moves_.c.entries).label("entries"),
        )
        .group_by(*keys)
        .cte("standing")
    )
