"""Savings plans and their ledger for the benchmark's people (issue #16's "`seed scale` adds
1,000,000 ledger rows"): `python -m bench.seed --savings`, or `bench.savings` before a run.

Demo cases without a plan get one, in a seeded random order, until the ledger holds about
`ledger_rows` more rows: each plan in the country's currency, started 6 to 60 months ago with a
goal 12 to 60 months after its start; most months a deposit from a remittance (sent in euros
from Spain, with the rate) or from wages, sometimes two; interest each quarter; now and then a
withdrawal (never beyond the balance) and a deposit recorded twice and reversed. Every row goes
through the database's checks and triggers (COPY fires them), in the caller's transaction; a
second run adds rows for cases that have no plan yet.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import text

from bench.seed.copying import copy_rows
from bench.seed.rows import NULL, Random
from returnsvc.core.countries import currency_of
from returnsvc.extensions import db

PLAN_COLUMNS = ("id", "case_id", "purpose", "target_amount", "currency", "starts_on",
                "target_date", "recommended_monthly", "account_last4", "status",
                "created_at", "updated_at", "version")  # fmt: skip
ENTRY_COLUMNS = ("id", "plan_id", "kind", "booked_on", "amount", "currency", "sent_amount",
                 "sent_currency", "rate", "sender_country", "channel", "withdrawal_purpose",
                 "reverses_id", "reversal_reason", "recorded_at")  # fmt: skip
TABLES = ("savings_plan", "savings_entry")
PURPOSES = ("enterprise_capital", "housing", "education", "emergency", "other")
CHANNELS = ("bank", "operator", "mobile", "operator", "operator")
WITHDRAWALS = ("business", "housing", "education", "health", "household", "emergency")
# Euros to each currency, and a typical monthly deposit in it.
EUR_RATE = {"BOB": Decimal("7.52"), "COP": Decimal("4310.5"), "USD": Decimal("1.08"),
            "PEN": Decimal("3.98"), "EUR": Decimal(1)}  # fmt: skip
MONTHLY = {"BOB": 600, "COP": 300_000, "USD": 150, "PEN": 500, "EUR": 140}


def _first_id(table: str) -> int:
    return db.session.scalar(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))


def _months_back(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def seed_savings(
    ledger_rows: int = 1_000_000, seed: int = 42, today: date | None = None, progress=None
) -> dict[str, int]:
    """Plans and ledger rows for demo cases without a plan, until about `ledger_rows` ledger
    rows are written; returns rows written per table. Never commits."""
    say = progress or (lambda _message: None)
    today = today or date.today()
    cases = db.session.execute(
        text(
            "SELECT c.id, r.origin_country FROM case_file c JOIN returnee r ON r.id = c.returnee_id"
            " WHERE c.is_demo AND NOT EXISTS (SELECT 1 FROM savings_plan p WHERE p.case_id = c.id)"
            " ORDER BY md5(c.id::text)"
        )
    ).all()
    counts = dict.fromkeys(TABLES, 0)
    if not cases:
        return counts
    rng = Random(f"{seed}:{cases[0][0]}:savings")
    r, pick, between = rng.random, rng.pick, rng.between
    now = db.session.scalar(text("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SSOF')"))
    plan_id, entry_id = _first_id("savings_plan"), _first_id("savings_entry")
    plans, entries = [], []
    cent = Decimal("0.01")
    for case_id, country in cases:
        if len(entries) >= ledger_rows:
            break
        currency = currency_of(country) if country != "ES" else "EUR"
        history = between(6, 60)
        starts_on = _months_back(today, history)
        goal_months = between(max(12, history // 2), 60)
        monthly = Decimal(MONTHLY[currency] * between(50, 200) // 100)
        target = monthly * goal_months
        target_date = _months_back(starts_on, -goal_months)
        plans.append(
            f"{plan_id}\t{case_id}\t{pick(PURPOSES)}\t{target}\t{currency}\t{starts_on}\t"
            f"{target_date}\t{monthly}\t{between(1000, 9999)}\tactive\t{now}\t{now}\t1\n"
        )
        balance = Decimal(0)
        for month in range(history + 1):
            first = _months_back(starts_on, -month)
            if first > today:
                break
            deposits = (r() < 0.85) + (r() < 0.25)
            for _ in range(deposits):
                day = first.replace(day=between(1, 28))
                if day > today:
                    continue
                amount = (monthly * between(60, 140) / 100).quantize(cent)
                if r() < 0.6 and currency != "EUR":
                    sent = (amount / EUR_RATE[currency]).quantize(cent)
                    rate = (amount / sent).quantize(Decimal("0.00000001"))
                    extra = f"{sent}\tEUR\t{rate}\tES\t{pick(CHANNELS)}"
                    kind = "remittance"
                else:
                    extra, kind = f"{NULL}\t{NULL}\t{NULL}\t{NULL}\t{NULL}", "wages"
                entries.append(
                    f"{entry_id}\t{plan_id}\t{kind}\t{day}\t{amount}\t{currency}\t{extra}\t"
                    f"{NULL}\t{NULL}\t{NULL}\t{now}\n"
                )
                balance += amount
                if r() < 0.02:  # recorded twice: the second is reversed
                    entries.append(
                        f"{entry_id + 1}\t{plan_id}\t{kind}\t{day}\t{amount}\t{currency}\t"
                        f"{extra}\t{NULL}\t{NULL}\t{NULL}\t{now}\n"
                        f"{entry_id + 2}\t{plan_id}\treversal\t{day}\t{-amount}\t{currency}\t"
                        f"{NULL}\t{NULL}\t{NULL}\t{NULL}\t{NULL}\t{NULL}\t{entry_id + 1}\t"
                        f"duplicate\t{now}\n"
                    )
                    entry_id += 2
                entry_id += 1
            if month % 3 == 2 and balance > 0:
                interest = (balance * Decimal("0.0075")).quantize(cent)
                if interest > 0:
                    entries.append(
                        f"{entry_id}\t{plan_id}\tinterest\t{first.replace(day=28)}\t{interest}\t"
                        f"{currency}\t{NULL}\t{NULL}\t{NULL}\t{NULL}\t{NULL}\t{NULL}\t{NULL}\t"
                        f"{NULL}\t{now}\n"
                    )
                    balance += interest
                    entry_id += 1
            if r() < 0.04 and balance > monthly:
                taken = (balance * between(10, 60) / 100).quantize(cent)
                entries.append(
                    f"{entry_id}\t{plan_id}\twithdrawal\t{first.replace(day=28)}\t{-taken}\t"
                    f"{currency}\t{NULL}\t{NULL}\t{NULL}\t{NULL}\t{NULL}\t{pick(WITHDRAWALS)}"
                    f"\t{NULL}\t{NULL}\t{now}\n"
                )
                balance -= taken
                entry_id += 1
        plan_id += 1
    conn = db.session.connection().connection.driver_connection
    # Booked days may be in this month after today: entries past today are not written above,
    # but interest and withdrawals on the 28th of this month could be; drop those.
    today_text = today.isoformat()
    entries = [line for line in entries if line.split("\t", 4)[3] <= today_text]
    counts["savings_plan"] = copy_rows(conn, "savings_plan", PLAN_COLUMNS, plans)
    say(f"  savings_plan: {counts['savings_plan']:,} rows")
    counts["savings_entry"] = copy_rows(conn, "savings_entry", ENTRY_COLUMNS, entries)
    say(f"  savings_entry: {counts['savings_entry']:,} rows")
    for table in TABLES:
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" greatest((SELECT coalesce(max(id), 0) FROM {table}), 1))"
            )
        )
    return counts
