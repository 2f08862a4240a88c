"""`make bench-enterprise` (`python -m bench.enterprise`): issue #15's manager figures at 100,000
cases, in-process: PAR30 with the delinquency buckets and survival by launch cohort for one
country as its programme manager sees them (goal: 100 ms each), and PAR30 computed the other
way (loans.position for each loan, in Python) to compare.

The database is the one of `make bench` (BENCH_DATABASE_URL or the embedded server's), migrated,
brought to --cases demo cases; then the enterprises, loans and repayments of
bench/seed/enterprises.py (about 15 % of the cases) when none are there.
"""

import argparse
import sys
import time
from datetime import date

import psycopg

from bench import database, statements

GOAL_MS = 100
MANAGER_EMAIL = "bench.manager.{country}@bench.returnsvc.org"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.enterprise", description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--country", default="EC", choices=("BO", "CO", "EC", "PE"))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database",
        default="returnsvc_bench_matching",
        help="the embedded server's database when BENCH_DATABASE_URL is unset",
    )
    return parser.parse_args(argv)


def prepare(app, data, args) -> None:
    from sqlalchemy import func, select

    from bench.seed.enterprises import TABLES, seed_enterprises
    from returnsvc.enterprise.models import Enterprise
    from returnsvc.extensions import db

    database.prepare(app, data, args.cases, args.seed)
    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(Enterprise)):
            print("reusing the enterprises present")
            return
        started = time.perf_counter()
        counts = seed_enterprises(seed=args.seed, progress=print)
        db.session.commit()
        print(f"enterprises generated in {time.perf_counter() - started:.1f} s")
    if any(counts.values()):
        with psycopg.connect(data.url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE " + ", ".join(TABLES))


def manager(country: str):
    """The country's bench manager (created in the country's busiest office the first time)."""
    from sqlalchemy import text

    from returnsvc.auth import services as accounts
    from returnsvc.extensions import db

    email = MANAGER_EMAIL.format(country=country.lower())
    user = accounts.find_user_by_email(email)
    if user is None:
        office_id = db.session.scalar(
            text(
                "SELECT c.office_id FROM case_file c JOIN office o ON o.id = c.office_id"
                " WHERE o.country = :country GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            ),
            {"country": country},
        )
        user = accounts.create_user(
            {"email": email, "full_name": f"Benchmark Manager {country}", "role": "manager",
             "office_id": office_id},
            actor=None,
        )  # fmt: skip
        db.session.commit()
    return user.id


def measure(app, user_id: int, repeat: int) -> dict:
    from returnsvc.auth.models import User
    from returnsvc.enterprise import figures
    from returnsvc.extensions import db

    today = date.today()
    calls = {
        "par30": lambda user: figures.loan_portfolio(user, today),
        "survival": lambda user: figures.survival(user, today),
        # For comparison: every schedule rebuilt, in SQL and in Python (figures of a past day).
        "par30_sql": lambda user: figures.loan_portfolio(user, today, engine="sql"),
        "par30_python": lambda user: figures.loan_portfolio(user, today, engine="python"),
    }
    results = {}
    with app.app_context():
        engine = db.engine
        for name, call in calls.items():
            times, counts = [], []
            with statements.recorded(engine) as executed:
                for index in range(statements.WARMUP + repeat):
                    user = db.session.get(User, user_id)
                    executed.clear()
                    started = time.perf_counter()
                    value = call(user)
                    elapsed = (time.perf_counter() - started) * 1000
                    db.session.remove()
                    if index >= statements.WARMUP:
                        times.append(elapsed)
                        counts.append(len(executed))
            results[name] = statements.stats(times) | {"statements": max(counts), "value": value}
    return results


def main(argv=None) -> int:
    args = parse_args(argv)
    from returnsvc import create_app
    from returnsvc.extensions import db

    data = database.choose_database(args.cases, args.database)
    app = create_app("development", SQLALCHEMY_DATABASE_URI=data.url)
    prepare(app, data, args)
    with app.app_context():
        user_id = manager(args.country)
        loans_count = db.session.scalar(db.text("SELECT count(*) FROM loan"))
        enterprises = db.session.scalar(db.text("SELECT count(*) FROM enterprise"))
        repayments = db.session.scalar(db.text("SELECT count(*) FROM repayment"))
    print(f"{data.cases:,} cases, {enterprises:,} enterprises, {loans_count:,} loans, "
          f"{repayments:,} repayments; manager of {args.country}")  # fmt: skip
    results = measure(app, user_id, args.repeat)
    missed = False
    print(f"\n{'call':<14} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'stmts':>6}  verdict")
    for name, figures in results.items():
        goal = name in ("par30", "survival")
        ok = figures["p95"] <= GOAL_MS
        missed |= goal and not ok
        verdict = ("met" if ok else "MISSED") + f" (goal {GOAL_MS} ms)" if goal else "comparison"
        print(f"{name:<14} {figures['p50']:>8} {figures['p95']:>8} {figures['max']:>8} "
              f"{figures['statements']:>6}  {verdict}")  # fmt: skip
    portfolio = results["par30"]["value"]
    same = portfolio == results["par30_sql"]["value"] == results["par30_python"]["value"]
    print(f"\nthe loans' kept state, the SQL schedules and loans.position agree: {same}")
    for currency, row in sorted(portfolio.by_currency.items()):
        print(f"  {currency}: {row.loans:,} loans outstanding, {row.outstanding:,} outstanding,"
              f" PAR30 {row.par30}")  # fmt: skip
    cohorts = results["survival"]["value"].cohorts
    print(f"  survival: {len(cohorts)} cohorts, {sum(r.size for r in cohorts):,} launched")
    return 1 if missed or not same else 0


if __name__ == "__main__":
    sys.exit(main())
