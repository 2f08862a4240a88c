"""`python -m bench.seed`: load the benchmark data sets into a database.

The database is --database-url, else BENCH_DATABASE_URL, else DATABASE_URL, else the app's
embedded PostgreSQL (as `make run` uses it); it is migrated first.
"""

import argparse
import logging
import os
import sys
import time


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.seed", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--cases", type=int, default=0, help="returnees to generate, each with a case and casework"
    )
    parser.add_argument("--append", action="store_true", help="add to scale data loaded before")
    parser.add_argument(
        "--guide-entries",
        type=int,
        default=0,
        help="guide entries in the current editions (replaces the previous benchmark guides)",
    )
    parser.add_argument(
        "--profiles",
        action="store_true",
        help="skills profiles for the demo returnees without one (after --cases, --guide-entries)",
    )
    parser.add_argument(
        "--enterprises",
        action="store_true",
        help="enterprises, micro-loans and repayments for ~15%% of the demo cases (after --cases)",
    )
    parser.add_argument(
        "--placements",
        action="store_true",
        help="job placements for ~35%% and referrals for ~25%% of the demo cases without them,"
        " with partners where too few (after --cases, --guide-entries)",
    )
    parser.add_argument(
        "--savings",
        type=int,
        default=0,
        metavar="ROWS",
        help="savings plans for demo cases without one, up to about ROWS ledger rows",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (same seed, same data)")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    if args.cases < 0 or args.guide_entries < 0:
        parser.error("--cases and --guide-entries take positive numbers")
    if args.savings < 0:
        parser.error("--savings takes a positive number")
    if not (
        args.cases
        or args.guide_entries
        or args.profiles
        or args.enterprises
        or args.savings
        or args.placements
    ):
        parser.error(
            "give --cases N, --guide-entries N, --profiles, --enterprises, --savings ROWS"
            " and/or --placements"
        )
    if args.guide_entries and not 100 <= args.guide_entries <= 200_000:
        parser.error("--guide-entries must be between 100 and 200,000")
    return args


def main(argv=None, app=None) -> int:
    """Returns the exit status. `app`: an application to use instead of creating one (tests)."""
    args = parse_args(argv)
    if app is None:
        from flask_migrate import upgrade

        from returnsvc import create_app

        url = args.database_url or os.environ.get("BENCH_DATABASE_URL")
        app = create_app("development", **({"SQLALCHEMY_DATABASE_URI": url} if url else {}))
        with app.app_context():
            upgrade(revision="heads")
    # Every write is audited; one console line per generated row would bury the progress.
    logging.getLogger("returnsvc.audit").setLevel(logging.WARNING)
    from bench.seed import ScaleError, analyze, seed_guides, seed_profiles, seed_scale
    from returnsvc.extensions import db

    with app.app_context():
        if args.cases:
            started = time.perf_counter()
            print(f"Generating {args.cases:,} cases (seed {args.seed})...")
            try:
                counts = seed_scale(args.cases, seed=args.seed, append=args.append, progress=print)
            except ScaleError as error:
                db.session.rollback()
                print(f"Error: {error}", file=sys.stderr)
                return 1
            db.session.commit()
            analyze()
            db.session.commit()
            print(
                f"Done: {sum(counts.values()):,} rows in {time.perf_counter() - started:.1f} s "
                "(ANALYZE included)."
            )
        if args.guide_entries:
            started = time.perf_counter()
            counts = seed_guides(args.guide_entries, seed=args.seed)
            db.session.commit()
            print(
                f"Done: {counts['demand']:,} demand entries and {counts['opportunities']:,}"
                f" business opportunities in the current editions"
                f" ({time.perf_counter() - started:.1f} s)."
            )
        if args.profiles:
            started = time.perf_counter()
            counts = seed_profiles(seed=args.seed, progress=print)
            db.session.commit()
            print(
                f"Done: {sum(counts.values()):,} profile rows and education levels"
                f" ({time.perf_counter() - started:.1f} s)."
            )
        if args.enterprises:
            from sqlalchemy import text

            from bench.seed.enterprises import TABLES, seed_enterprises

            started = time.perf_counter()
            counts = seed_enterprises(seed=args.seed, progress=print)
            db.session.commit()
            db.session.execute(text("ANALYZE " + ", ".join(TABLES)))
            db.session.commit()
            print(
                f"Done: {sum(counts.values()):,} enterprise, loan and repayment rows"
                f" ({time.perf_counter() - started:.1f} s)."
            )
        if args.savings:
            from sqlalchemy import text

            from bench.seed.savings import TABLES, seed_savings

            started = time.perf_counter()
            counts = seed_savings(args.savings, seed=args.seed, progress=print)
            db.session.commit()
            db.session.execute(text("ANALYZE " + ", ".join(TABLES)))
            db.session.commit()
            print(
                f"Done: {sum(counts.values()):,} savings plan and ledger rows"
                f" ({time.perf_counter() - started:.1f} s)."
            )
        if args.placements:
            from sqlalchemy import text

            from bench.seed.placements import PLACEMENT_TABLES, seed_placements
            from bench.seed.referrals import REFERRAL_TABLES, seed_referrals

            started = time.perf_counter()
            counts = seed_placements(seed=args.seed, progress=print)
            counts |= seed_referrals(seed=args.seed, progress=print)
            db.session.commit()
            tables = dict.fromkeys(PLACEMENT_TABLES + REFERRAL_TABLES)
            db.session.execute(text("ANALYZE " + ", ".join(tables)))
            db.session.commit()
            print(
                f"Done: {counts['placement']:,} placements and {counts['referral']:,} referrals"
                f" ({time.perf_counter() - started:.1f} s)."
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
