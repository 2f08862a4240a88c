"""`make bench-dashboard` (`python -m bench.dashboard`): issue #18's speed goals at 100,000 cases
(with skills profiles, enterprises, loans and ~1,000,000 ledger rows), in-process: the whole
programme-outcomes dashboard (`GET /reports/` through the Flask test client, signed in) for one
country's programme manager and one year (goal <= 300 ms server time, p95), and with every filter
on (goal <= 500 ms); p50/p95/max and the SQL statements per request. Then each registered figure
(cases.workspace.ReportFigure) alone: its `compute(scope)` timed and its statements counted, so
that the slow one is named, with the plan (EXPLAIN ANALYZE, BUFFERS) of its slowest statement.

The figures measured are whatever the installed case features register: the numbers move as
figures land.

The database is the one of `make bench` (BENCH_DATABASE_URL or the embedded server's), migrated,
brought to --cases demo cases; then, when they are missing, the guides and the skills profiles
(bench.seed --guide-entries, --profiles: work experiences, 5% in health, qualifications with
their recognition), the enterprises and loans (--enterprises), the savings ledger (--savings),
and the job placements and the referrals, with partners where too few (--placements).
"""

import argparse
import json
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from sqlalchemy.engine import make_url

from bench import database, machine, statements
from bench.run import BUSY_WARNING, wait_until_quiet

# p95 of the whole page, in-process. one_year and all_filters compute every figure on every
# request ("fresh=1": the figures kept for a viewer by reports.figure_cache are not used);
# one_year_kept is the same page asked again by the same manager within the figures' lifetime.
PAGE_GOALS_MS = {"one_year": 300, "all_filters": 500, "one_year_kept": 300}
FIGURE_PAGES = ("one_year", "all_filters")  # the pages whose figures are timed one by one
RESULTS = Path(__file__).resolve().parent / "results"
# Every filter on, in turns (a p95 over the heaviest of them): sex, age band, return programme,
# health professionals yes and no, with an office of the country and a period of two dates.
FILTER_TURNS = (
    {"sex": "female", "age": "30_44", "programme": "iom_avrr", "health": "no"},
    {"sex": "male", "age": "under_30", "programme": "own_means", "health": "no"},
    {"sex": "female", "age": "45_59", "programme": "apre", "health": "yes"},
    {"sex": "male", "age": "30_44", "programme": "other_public", "health": "yes"},
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard", description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--ledger-rows", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=10_000, help="guide entries (profiles)")
    parser.add_argument("--country", default="EC", choices=("BO", "CO", "EC", "PE"))
    parser.add_argument("--year", type=int, default=None, help="default: this year")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=120,
        help="seconds to wait before measuring while other processes keep the CPUs busy",
    )
    parser.add_argument(
        "--database",
        default="returnsvc_bench_matching",
        help="the embedded server's database when BENCH_DATABASE_URL is unset",
    )
    return parser.parse_args(argv)


def prepare(app, data, args) -> None:
    """Cases and accounts, then whatever of profiles, enterprises, savings, placements and
    referrals is missing."""
    from sqlalchemy import func, select

    from bench import guides
    from bench.seed import seed_profiles
    from bench.seed.enterprises import TABLES as ENTERPRISE_TABLES
    from bench.seed.enterprises import seed_enterprises
    from bench.seed.placements import PLACEMENT_TABLES, seed_placements
    from bench.seed.profiles import PROFILE_TABLES
    from bench.seed.referrals import REFERRAL_TABLES, seed_referrals
    from bench.seed.savings import TABLES as SAVINGS_TABLES
    from bench.seed.savings import seed_savings
    from returnsvc.enterprise.models import Enterprise
    from returnsvc.extensions import db
    from returnsvc.guides.models import DemandEntry
    from returnsvc.matching.models import Placement
    from returnsvc.partners.models import Referral
    from returnsvc.savings.models import SavingsEntry
    from returnsvc.skills.models import WorkExperience

    database.prepare(app, data, args.cases, args.seed)
    analyse = []
    with app.app_context():
        has_profiles = db.session.scalar(select(func.count()).select_from(WorkExperience))
    if not has_profiles:
        guides.prepare(app, args.entries, args.seed)  # the profiles draw on the guides
        with app.app_context():
            started = time.perf_counter()
            seed_profiles(seed=args.seed, progress=print)
            db.session.commit()
            print(f"profiles generated in {time.perf_counter() - started:.1f} s")
        analyse += PROFILE_TABLES
    with app.app_context():
        if not db.session.scalar(select(func.count()).select_from(Enterprise)):
            started = time.perf_counter()
            seed_enterprises(seed=args.seed, progress=print)
            db.session.commit()
            print(f"enterprises generated in {time.perf_counter() - started:.1f} s")
            analyse += ENTERPRISE_TABLES
        present = db.session.scalar(select(func.count()).select_from(SavingsEntry))
        if present < args.ledger_rows * 0.9:
            started = time.perf_counter()
            seed_savings(args.ledger_rows - present, seed=args.seed, progress=print)
            db.session.commit()
            print(f"savings generated in {time.perf_counter() - started:.1f} s")
            analyse += SAVINGS_TABLES
        placed = db.session.scalar(select(func.count()).select_from(Placement))
        guided = db.session.scalar(select(func.count()).select_from(DemandEntry))
    if not placed and not guided:
        guides.prepare(app, args.entries, args.seed)  # the jobs are matches on the guides
    with app.app_context():
        if not placed:
            started = time.perf_counter()
            seed_placements(seed=args.seed, progress=print)
            db.session.commit()
            print(f"placements generated in {time.perf_counter() - started:.1f} s")
            analyse += [table for table in PLACEMENT_TABLES if table not in analyse]
        if not db.session.scalar(select(func.count()).select_from(Referral)):
            started = time.perf_counter()
            seed_referrals(seed=args.seed, progress=print)
            db.session.commit()
            print(f"referrals generated in {time.perf_counter() - started:.1f} s")
            analyse += [table for table in REFERRAL_TABLES if table not in analyse]
    if analyse:
        # The people and cases too: generators that update them (profiles, placements) leave
        # pages that are not all-visible, and the scope's index-only scans then visit the heap
        # (13,000 heap fetches for one country's people, twice the time).
        analyse += [
            table for table in ("returnee", "case_file", "case_transition") if table not in analyse
        ]
        with psycopg.connect(data.url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE " + ", ".join(analyse))


def manager(country: str) -> tuple[int, str]:
    """The country's bench manager (as `make bench-enterprise` makes them, in the country's
    busiest office) with the bench password; returns (id, e-mail)."""
    from bench.enterprise import manager as enterprise_manager
    from returnsvc.auth import services as accounts
    from returnsvc.auth.models import User
    from returnsvc.extensions import db

    user = db.session.get(User, enterprise_manager(country))
    accounts.assign_password(user, database.PASSWORD, actor=None)
    user.failed_login_count, user.locked_until = 0, None
    db.session.commit()
    return user.id, user.email


def scenarios(country: str, year: int, office_id: int) -> dict[str, list[str]]:
    """name -> the dashboard URLs measured (in turns)."""
    today = date.today()
    period = {"from": (today - timedelta(days=364)).isoformat(), "to": today.isoformat()}
    turns = [{"country": country, "office": office_id, **turn, **period} for turn in FILTER_TURNS]
    return {
        "one_year": [f"/reports/?{urlencode({'year': year, 'fresh': 1})}"],
        "all_filters": [f"/reports/?{urlencode(turn | {'fresh': 1})}" for turn in turns],
        "one_year_kept": [f"/reports/?{urlencode({'year': year})}"],
    }


def measure_pages(app, email: str, pages: dict[str, list[str]], repeat: int) -> dict:
    """Each page `repeat` times after statements.WARMUP requests: time, statements, the
    slowest statements."""
    from returnsvc.extensions import db

    with app.app_context():
        engine = db.engine
    client = statements._signed_in_client(app, email, database.PASSWORD)
    results = {}
    with statements.recorded(engine) as executed:
        for name, paths in pages.items():
            times, counts, slowest = [], [], []
            for index in range(statements.WARMUP + repeat):
                path = paths[index % len(paths)]
                executed.clear()
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: GET {path} answered {response.status_code}")
                if index >= statements.WARMUP:
                    times.append(elapsed)
                    counts.append(len(executed))
                    slowest.extend(executed)
            results[name] = statements.stats(times) | {
                "statements_min": min(counts),
                "statements_max": max(counts),
                "paths": paths,
                "slowest_statements": statements.slowest_statements(engine, slowest),
            }
    return results


def measure_figures(app, user_id: int, path: str, repeat: int) -> list[dict]:
    """Every registered figure's compute(scope) alone, for the filters of `path`, as the
    dashboard computes it (the manager's scope, in a request of theirs)."""
    from flask import request
    from flask_login import login_user
    from sqlalchemy import select

    from returnsvc.auth.models import User
    from returnsvc.auth.sessions import account_of, load_user
    from returnsvc.cases.workspace import workspace
    from returnsvc.extensions import db
    from returnsvc.reports.filters import materialised, parse_filters, scope_of

    results = []
    with app.test_request_context(path):
        engine = db.engine
        version = db.session.scalar(select(User.session_version).where(User.id == user_id))
        login_user(load_user(f"{user_id}:{version}"))
        for figure in workspace().report_figures:
            times, counts, slowest = [], [], []
            with statements.recorded(engine) as executed:
                for index in range(statements.WARMUP + repeat):
                    user = account_of(load_user(f"{user_id}:{version}"))
                    # As the dashboard does: the scope written once into a temporary table.
                    scope = materialised(scope_of(parse_filters(request.args, user), user))
                    executed.clear()
                    started = time.perf_counter()
                    figure.compute(scope)
                    elapsed = (time.perf_counter() - started) * 1000
                    db.session.rollback()
                    if index >= statements.WARMUP:
                        times.append(elapsed)
                        counts.append(len(executed))
                        slowest.extend(executed)
            results.append(
                {"key": figure.key, "order": figure.order}
                | statements.stats(times)
                | {
                    "statements": max(counts),
                    "slowest_statements": _slowest_with_plan(engine, slowest),
                }
            )
        db.session.remove()
    return results


def _slowest_with_plan(engine, executed) -> list[dict]:
    """The slowest statement of `executed` with its EXPLAIN (ANALYZE, BUFFERS) plan, a WITH
    query too (statements.slowest_statements explains only those that begin with SELECT; the
    figures only read). Rolled back."""
    if not executed:
        return []
    seconds, statement, parameters = max(executed, key=lambda item: item[0])
    plan = None
    # A statement over the scope's temporary table cannot be explained on another connection.
    explainable = "report_scope_cases" not in statement
    if explainable and statement.lstrip().upper().startswith(("SELECT", "WITH")):
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            plan = [row[0] for row in rows]
            conn.rollback()
    return [{"ms": round(seconds * 1000, 2), "sql": " ".join(statement.split()), "plan": plan}]


def _print_pages(pages: dict) -> bool:
    met = True
    print(f"\n{'dashboard':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'stmts':>7}  verdict")
    for name, row in pages.items():
        goal = PAGE_GOALS_MS[name]
        ok = row["p95"] <= goal
        met = met and ok
        count = row["statements_max"]
        if row["statements_min"] != count:
            count = f"{row['statements_min']}-{count}"
        print(f"{name:<28} {row['p50']:>8} {row['p95']:>8} {row['max']:>8} {count!s:>7}  "
              f"{'met' if ok else 'MISSED'} (goal {goal} ms, p95)")  # fmt: skip
    return met


def _print_figures(name: str, figures: list[dict], goal: int) -> None:
    total = sum(row["p50"] for row in figures)
    print(f"\nfigures, {name} (compute(scope) alone; sum of p50 {total:.1f} ms of {goal} ms)")
    print(f"{'figure':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'stmts':>7}  share")
    for row in sorted(figures, key=lambda r: r["p50"], reverse=True):
        share = row["p50"] / goal
        print(f"{row['key'][:28]:<28} {row['p50']:>8} {row['p95']:>8} {row['max']:>8} "
              f"{row['statements']:>7}  {share:.0%} of the goal")  # fmt: skip
    if figures:
        slowest = max(figures, key=lambda r: r["p50"])
        print(f"slowest: {slowest['key']} ({slowest['p50']} ms p50)")


def main(argv=None) -> int:
    args = parse_args(argv)
    from sqlalchemy import text

    from returnsvc import create_app
    from returnsvc.cases.workspace import workspace
    from returnsvc.extensions import db

    data = database.choose_database(args.cases, args.database)
    app = create_app("development", SQLALCHEMY_DATABASE_URI=data.url)
    prepare(app, data, args)
    year = args.year or date.today().year
    with app.app_context():
        user_id, email = manager(args.country)
        office_id, office_cases = db.session.execute(
            text(
                "SELECT c.office_id, count(*) FROM case_file c JOIN office o ON o.id = c.office_id"
                " WHERE o.country = :country GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
            ),
            {"country": args.country},
        ).one()
        counts = {
            table: db.session.scalar(text(f"SELECT count(*) FROM {table}"))
            for table in ("case_file", "work_experience", "enterprise", "loan", "savings_entry")
        }
        country_cases = db.session.scalar(
            text(
                "SELECT count(*) FROM case_file c JOIN office o ON o.id = c.office_id"
                " WHERE o.country = :country"
            ),
            {"country": args.country},
        )
        keys = [figure.key for figure in workspace().report_figures]
    print(
        f"{counts['case_file']:,} cases ({country_cases:,} in {args.country}'s offices, "
        f"{office_cases:,} in the busiest), {counts['work_experience']:,} work experiences, "
        f"{counts['enterprise']:,} enterprises, {counts['loan']:,} loans, "
        f"{counts['savings_entry']:,} ledger rows; manager of {args.country}, year {year}"
    )
    print(f"figures registered ({len(keys)}): {', '.join(keys)}")
    watch = machine.CpuWatch(database=make_url(data.url).database)
    wait_until_quiet(watch, args.wait_quiet)
    watch.start()
    pages = measure_pages(app, email, scenarios(args.country, year, office_id), args.repeat)
    busy = {"pages": watch.share()}
    met = _print_pages(pages)
    watch.start()
    figures = {
        name: measure_figures(app, user_id, row["paths"][-1], args.repeat)
        for name, row in pages.items()
        if name in FIGURE_PAGES
    }
    busy["figures"] = watch.share()
    for name, rows in figures.items():
        _print_figures(name, rows, PAGE_GOALS_MS[name])
    for part, share in busy.items():
        if share is not None and share > BUSY_WARNING:
            print(f"\nother processes used {share:.0%} of the CPUs while the {part} were measured:"
                  " the times are too high")  # fmt: skip
    if not met:
        for name, row in pages.items():
            if row["p95"] > PAGE_GOALS_MS[name]:
                print(f"\nslowest statements of {name}:")
                for statement in row["slowest_statements"]:
                    print(f"  {statement['ms']} ms  {statement['sql'][:300]}")
                    for line in statement["plan"] or ():
                        print("    " + line)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-dashboard.json"
    report = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": vars(args) | {"year": year, "office_id": office_id},
        "rows": counts,
        "goals_ms": PAGE_GOALS_MS,
        "cpu_share_of_other_processes": busy,
        "pages": pages,
        "figures": figures,
    }
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\nwritten {path}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
