"""`make bench-savings` (`python -m bench.savings`): issue #16's goals at 100,000 cases and
1,000,000 ledger rows, in-process: a case's Savings tab as its counsellor opens it (goal 30 ms
server time) and a savings campaign's results for its programme manager (goal 200 ms).

The database is the one of `make bench` (BENCH_DATABASE_URL or the embedded server's), migrated,
brought to --cases demo cases; then the savings plans and ledger of bench/seed/savings.py
(about --ledger-rows rows) when there are none; then one campaign of the country of the
counsellor's office enrolling every person of that country who has a plan, when none exists.
"""

import argparse
import sys
import time
from datetime import date, timedelta

import psycopg
from sqlalchemy import func, select, text

from bench import database, statements

TAB_GOAL_MS = 30
RESULTS_GOAL_MS = 200
CAMPAIGN_NAME = "Benchmark savings campaign"
# A campaign for a whole country's returnees (the largest a campaign gets) and one for an
# office's.
AUDIENCES = ("country", "office")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.savings", description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--ledger-rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database",
        default="returnsvc_bench_matching",
        help="the embedded server's database when BENCH_DATABASE_URL is unset",
    )
    return parser.parse_args(argv)


def prepare(app, data, args) -> None:
    from bench.seed.savings import TABLES, seed_savings
    from returnsvc.extensions import db
    from returnsvc.savings.models import SavingsEntry

    database.prepare(app, data, args.cases, args.seed)
    with app.app_context():
        present = db.session.scalar(select(func.count()).select_from(SavingsEntry))
        if present >= args.ledger_rows * 0.9:
            print(f"reusing the {present:,} ledger rows present")
            return
        started = time.perf_counter()
        seed_savings(args.ledger_rows - present, seed=args.seed, progress=print)
        db.session.commit()
        print(f"savings generated in {time.perf_counter() - started:.1f} s")
    with psycopg.connect(data.url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE " + ", ".join(TABLES))


def _campaign(audience: str) -> int:
    """The bench campaign of `audience` ("country": everyone of the origin country with the
    most savers; "office": the returnees of that country's busiest office), created the first
    time through the campaign services. Returns its id."""
    from returnsvc.campaigns import services as campaigns
    from returnsvc.campaigns.models import SavingsCampaign
    from returnsvc.extensions import db

    name = f"{CAMPAIGN_NAME} ({audience})"
    campaign = db.session.scalar(select(SavingsCampaign).where(SavingsCampaign.name == name))
    if campaign is None:
        country, office_id = db.session.execute(
            text(
                "SELECT r.origin_country, (SELECT c2.office_id FROM case_file c2"
                "  JOIN returnee r2 ON r2.id = c2.returnee_id JOIN office o ON o.id = c2.office_id"
                "  WHERE r2.origin_country = r.origin_country AND o.country = r.origin_country"
                "  GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)"
                " FROM savings_plan p JOIN case_file c ON c.id = p.case_id"
                " JOIN returnee r ON r.id = c.returnee_id GROUP BY 1 ORDER BY count(*) DESC"
                " LIMIT 1"
            )
        ).one()
        today = date.today()
        campaign = campaigns.create_campaign(
            {"country": country, "name": name, "audience": audience, "office_id": office_id,
             "channel": "workshop", "starts_on": today - timedelta(days=730), "ends_on": today,
             "target_plans": 5000, "target_amount": 1_000_000},
            actor=None,
        )  # fmt: skip
        campaigns.enrol_people(campaign, None, actor=None)
        db.session.commit()
        # What autovacuum does soon after a large enrolment: without statistics the planner
        # takes a campaign of 35,000 people for one of 160.
        db.session.execute(text("ANALYZE campaign_enrolment"))
        db.session.commit()
    return campaign.id


def measure_results(app, campaign_id: int, repeat: int) -> dict:
    from returnsvc.campaigns.models import SavingsCampaign
    from returnsvc.campaigns.results import results_of
    from returnsvc.extensions import db

    with app.app_context():
        engine = db.engine
        times, counts = [], []
        with statements.recorded(engine) as executed:
            for index in range(statements.WARMUP + repeat):
                campaign = db.session.get(SavingsCampaign, campaign_id)
                executed.clear()
                started = time.perf_counter()
                results_of(campaign)
                elapsed = (time.perf_counter() - started) * 1000
                db.session.remove()
                if index >= statements.WARMUP:
                    times.append(elapsed)
                    counts.append(len(executed))
    return statements.stats(times) | {"statements": max(counts)}


def main(argv=None) -> int:
    args = parse_args(argv)
    from returnsvc import create_app
    from returnsvc.extensions import db

    data = database.choose_database(args.cases, args.database)
    app = create_app("development", SQLALCHEMY_DATABASE_URI=data.url)
    prepare(app, data, args)
    with app.app_context():
        office = data.counsellor_office
        # The counsellor's cases with a plan, the busiest ledgers first.
        case_ids = list(
            db.session.scalars(
                text(
                    "SELECT p.case_id FROM savings_plan p JOIN case_file c ON c.id = p.case_id"
                    " JOIN savings_entry e ON e.plan_id = p.id WHERE c.office_id = :office"
                    " GROUP BY p.case_id ORDER BY count(*) DESC LIMIT 40"
                ),
                {"office": office["id"]},
            )
        )
        rows = db.session.scalar(text("SELECT count(*) FROM savings_entry"))
        plans = db.session.scalar(text("SELECT count(*) FROM savings_plan"))
        campaigns = {}
        for audience in AUDIENCES:
            campaign_id = _campaign(audience)
            enrolled = db.session.scalar(
                text("SELECT count(*) FROM campaign_enrolment WHERE campaign_id = :c"),
                {"c": campaign_id},
            )
            campaigns[audience] = (campaign_id, enrolled)
    print(f"{data.cases:,} cases, {plans:,} savings plans, {rows:,} ledger rows")
    paths = [f"/cases/{case_id}/savings" for case_id in case_ids]
    tab = statements.measure(
        app,
        {"savings tab": (database.COUNSELLOR_EMAIL, "Savings tab", paths)},
        database.PASSWORD,
        repeat=args.repeat,
    )["savings tab"]
    tab_ok = tab["server_ms_median"] <= TAB_GOAL_MS
    print(f"\n{'call':<34} {'ms':>8} {'stmts':>6}  verdict")
    print(f"{'savings tab':<34} {tab['server_ms_median']:>8} {tab['statements_max']:>6}  "
          f"{'met' if tab_ok else 'MISSED'} (goal {TAB_GOAL_MS} ms, median)")  # fmt: skip
    results_ok = True
    for audience, (campaign_id, enrolled) in campaigns.items():
        results = measure_results(app, campaign_id, args.repeat)
        ok = results["p95"] <= RESULTS_GOAL_MS
        results_ok = results_ok and ok
        label = f"campaign results, {enrolled:,} people"
        print(f"{label:<34} {results['p95']:>8} {results['statements']:>6}  "
              f"{'met' if ok else 'MISSED'} (goal {RESULTS_GOAL_MS} ms, p95;"
              f" p50 {results['p50']}; audience: {audience})")  # fmt: skip
    if not tab_ok:
        for statement in tab["slowest_statements"]:
            print(statement)
    return 0 if tab_ok and results_ok else 1


if __name__ == "__main__":
    sys.exit(main())
