"""Matching at issue #14's scale: `make bench-matching` or `python -m bench.matching`.

100,000 returnees with skills profiles and 10,000 guide entries in one database
(BENCH_DATABASE_URL, else the embedded server's `returnsvc_bench_matching`): the cases
(bench.database.prepare, which also sets up the bench accounts), the guides
(bench.guides.prepare) and the profiles (bench.seed.seed_profiles) are generated when missing.
Then, in-process (one app context, every call in a fresh session as a request has it; timed
with perf_counter around the call, SQL statements counted per call, after warm-up calls):

- matches_for: one returnee's matches against their country's current entries (both kinds),
  p95 over --returnees people (goal ≤ 50 ms);
- candidates_for: the best 50 returnees for one entry, as the bench admin (every open case of
  the entry's country), p95 over --entries-sample demand entries and as many opportunities
  (goal ≤ 300 ms);
- the explorer with country, region, occupation and skill words: explore() alone and the page
  through the Flask test client as bench.guides measures it (goal ≤ 40 ms).

Prints a table, the slowest call's cProfile (top 15) and writes everything, with the slowest
statements and a plan, to bench/results/<timestamp>-matching.json. Exit status 1 when a goal is
missed.
"""

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from sqlalchemy.engine import make_url

from bench import database, guides, machine, statements

RESULTS = Path(__file__).resolve().parent / "results"
DATABASE_NAME = "returnsvc_bench_matching"
GOALS_MS = {"matches": 50.0, "reverse": 300.0, "explorer": 40.0}
PROFILE_TABLES = ("returnee", "work_experience", "returnee_skill", "qualification",
                  "work_preference")  # fmt: skip
SCENARIOS = ("matches", "reverse_demand", "reverse_opportunity", "explore", "explorer_page")
# The explorer's skill words: a trade word, ESCO skill words, own words, in both languages.
SKILL_WORDS = ("cook bread drive", "soldar metales, conducir vehículos", "albañil",
               "cuidar niños limpiar habitaciones", "repair engines night shifts")  # fmt: skip


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.matching", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--cases", type=int, default=100_000, help="returnees with a case")
    parser.add_argument("--entries", type=int, default=10_000, help="guide entries")
    parser.add_argument("--returnees", type=int, default=200, help="people for matches_for")
    parser.add_argument(
        "--entries-sample", type=int, default=30, help="entries of each kind for candidates_for"
    )
    parser.add_argument("--queries", type=int, default=40, help="explorer queries")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--only", default="", help=f"comma-separated calls: {', '.join(SCENARIOS)}")
    return parser.parse_args(argv)


def prepare(app, data: database.BenchData, args) -> dict:
    """Cases and accounts, guides, then profiles (they draw on the guides' occupations and
    skills); returns the profile rows written now."""
    from bench.seed import seed_profiles
    from returnsvc.extensions import db

    database.prepare(app, data, args.cases, args.seed)
    guides.prepare(app, args.entries, args.seed)
    with app.app_context():
        started = time.perf_counter()
        counts = seed_profiles(seed=args.seed, progress=print)
        db.session.commit()
    if any(counts.values()):
        print(f"profiles generated in {time.perf_counter() - started:.1f} s")
        with psycopg.connect(data.url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE " + ", ".join(PROFILE_TABLES))
    return counts


def samples(app, args) -> dict:
    """The people, entries and explorer queries to measure (a stable pseudo-random order), and
    the bench admin as the signed-in viewer the reverse match gets."""
    from sqlalchemy import String, cast, func, select

    from returnsvc.auth.models import User
    from returnsvc.auth.sessions import load_user
    from returnsvc.extensions import db
    from returnsvc.guides.models import BusinessOpportunity, DemandEntry, GuideEdition
    from returnsvc.guides.queries import current_edition_ids
    from returnsvc.returnees.models import Returnee
    from returnsvc.skills.models import WorkExperience

    def shuffled(stmt, column, limit: int):
        return db.session.execute(stmt.order_by(func.md5(cast(column, String))).limit(limit))

    with app.app_context():
        current = select(current_edition_ids().subquery().c.id)
        with_profile = select(WorkExperience.id).where(WorkExperience.returnee_id == Returnee.id)
        people = shuffled(
            select(Returnee.id, Returnee.origin_country).where(
                Returnee.is_demo, with_profile.exists()
            ),
            Returnee.id,
            args.returnees,
        ).all()
        entries = {
            kind: list(
                shuffled(
                    select(model.id).where(model.edition_id.in_(current)), model.id, limit
                ).scalars()
            )
            for kind, model, limit in (
                ("demand", DemandEntry, args.entries_sample),
                ("opportunity", BusinessOpportunity, args.entries_sample),
            )
        }
        probes = shuffled(
            select(GuideEdition.country, DemandEntry.isco_code, DemandEntry.regions[1])
            .join(GuideEdition, GuideEdition.id == DemandEntry.edition_id)
            .where(DemandEntry.edition_id.in_(current), func.cardinality(DemandEntry.regions) > 0),
            DemandEntry.id,
            args.queries,
        ).all()
        admin = db.session.execute(
            select(User.id, User.session_version).where(User.email == database.ADMIN_EMAIL)
        ).one()
        viewer = load_user(f"{admin.id}:{admin.session_version}")
    queries = [
        {"country": c, "region": region, "occupation": isco, "skills": SKILL_WORDS[n % 5]}
        for n, (c, isco, region) in enumerate(probes)
    ]
    return {"people": [tuple(row) for row in people], **entries, "queries": queries,
            "viewer": viewer}  # fmt: skip


def timed(engine, calls: list[tuple[str, object]], context=nullcontext) -> dict:
    """Run `calls` ((label, function)) once each, after WARMUP of them as warm-up, each in
    `context()` and a session of its own; timings, statement counts, the slowest call."""
    from flask import has_app_context

    from returnsvc.extensions import db

    warm = [calls[n % len(calls)] for n in range(statements.WARMUP)]
    times, counts, per_call = [], [], []
    with statements.recorded(engine) as executed:
        for index, (label, call) in enumerate(warm + calls):
            with context():
                executed.clear()
                started = time.perf_counter()
                result = call()
                elapsed = (time.perf_counter() - started) * 1000
                if has_app_context():  # else the request's own teardown did it
                    db.session.remove()
            if index < len(warm):
                continue
            times.append(elapsed)
            counts.append(len(executed))
            per_call.append((elapsed, label, call, list(executed), result))
    slowest = max(per_call, key=lambda item: item[0])
    return statements.stats(times) | {
        "statements_min": min(counts),
        "statements_max": max(counts),
        "slowest_call": slowest[1],
        "slowest_statements": statements.slowest_statements(engine, slowest[3]),
        "samples": [
            {"call": label, "ms": round(ms, 2), "statements": len(sql), "rows": size(result)}
            for ms, label, _call, sql, result in per_call
        ],
        "_slowest": slowest[2],
    }


def size(result) -> int:
    """Rows a call returned (matches of both kinds, candidates, explorer rows, page bytes)."""
    if isinstance(result, dict):
        return sum(len(rows) for rows in result.values())
    if hasattr(result, "demand"):
        return len(result.demand) + len(result.opportunities)
    return len(result)


def profile(app, call, context) -> dict:
    """cProfile of one call (warm), top 15 by own time and by cumulative time."""
    from returnsvc.extensions import db

    profiler = cProfile.Profile()
    with app.app_context(), context():
        profiler.runcall(call)
        db.session.remove()
    listings = {}
    for order in ("tottime", "cumulative"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order).print_stats(15)
        listings[order] = stream.getvalue()
    return listings


def measure(app, picked: dict, only: set[str]) -> dict:
    from werkzeug.datastructures import MultiDict

    from returnsvc.explorer import forms
    from returnsvc.explorer.explore import explore
    from returnsvc.extensions import db
    from returnsvc.matching import ranking

    with app.app_context():
        engine = db.engine

    def in_request():
        return app.test_request_context(headers={"Accept-Language": "es"})

    def matches(returnee_id, country):
        return lambda: ranking.matches_for(returnee_id, country, locale="es")

    def reverse(kind, entry_id):
        return lambda: ranking.candidates_for(kind, entry_id, picked["viewer"], limit=50)

    def explorer(values):
        def call():
            query = forms.explorer_query(MultiDict(values), lambda country, code: True)
            if query.errors:
                raise RuntimeError(f"explorer query {values}: {query.errors}")
            return explore(query, "es")

        return call

    client = app.test_client()

    def page(values):
        path = "/explorer?" + urlencode(values)

        def call():
            response = client.get(path, headers={"Accept-Language": "es"})
            if response.status_code != 200:
                raise RuntimeError(f"GET {path} answered {response.status_code}")
            return response.data

        return call

    scenarios = {
        "matches": ("matches_for, one returnee, both kinds", GOALS_MS["matches"], in_request,
                    [(f"returnee {rid}", matches(rid, c)) for rid, c in picked["people"]]),
        "reverse_demand": ("candidates_for a demand entry, best 50", GOALS_MS["reverse"],
                           in_request,
                           [(f"demand {e}", reverse("demand", e)) for e in picked["demand"]]),
        "reverse_opportunity": ("candidates_for an opportunity, best 50", GOALS_MS["reverse"],
                                in_request, [(f"opportunity {e}", reverse("opportunity", e))
                                             for e in picked["opportunity"]]),
        "explore": ("explore(), four inputs", GOALS_MS["explorer"], in_request,
                    [(urlencode(q), explorer(q)) for q in picked["queries"]]),
        "explorer_page": ("GET /explorer, four inputs (test client)", GOALS_MS["explorer"],
                          nullcontext, [(urlencode(q), page(q)) for q in picked["queries"]]),
    }  # fmt: skip
    figures = {}
    for name, (label, goal, context, calls) in scenarios.items():
        if only and name not in only:
            continue
        print(f"  {name} ({len(calls)} calls)...")
        if context is nullcontext:
            result = timed(engine, calls)
        else:
            with app.app_context():
                result = timed(engine, calls, context)
        call = result.pop("_slowest")
        result |= {"label": label, "goal_ms": goal, "met": result["p95"] <= goal,
                   "profile": profile(app, call, context)}  # fmt: skip
        figures[name] = result
    return figures


def print_table(figures: dict) -> None:
    print(f"\n{'call':<42}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'SQL':>8}"
          f"{'goal':>8}  verdict")  # fmt: skip
    for row in figures.values():
        sql = f"{row['statements_min']}-{row['statements_max']}"
        if row["statements_min"] == row["statements_max"]:
            sql = str(row["statements_min"])
        print(f"{row['label']:<42}{row['n']:>5}{row['p50']:>9.1f}{row['p95']:>9.1f}"
              f"{row['max']:>9.1f}{sql:>8}{row['goal_ms']:>6.0f}ms  "
              f"{'met' if row['met'] else 'MISSED'}")  # fmt: skip


def main(argv=None) -> int:
    args = parse_args(argv)
    data = database.choose_database(args.cases, name=DATABASE_NAME)
    from returnsvc import create_app

    app = create_app("development", SQLALCHEMY_DATABASE_URI=data.url)
    seeded = prepare(app, data, args)
    picked = samples(app, args)
    watch = machine.CpuWatch(database=make_url(data.url).database)
    watch.start()
    print("measuring in-process...")
    only = set(filter(None, args.only.split(",")))
    if only - set(SCENARIOS):
        raise SystemExit(f"--only: unknown calls {', '.join(sorted(only - set(SCENARIOS)))}")
    figures = measure(app, picked, only)
    busy = watch.share()
    print(f"\n{data.cases:,} cases with profiles, {args.entries:,} guide entries, "
          f"PostgreSQL {data.server_version}")  # fmt: skip
    print_table(figures)
    slowest = max(figures.values(), key=lambda row: row["max"])
    print(f"\nslowest call: {slowest['label']}, {slowest['slowest_call']} ({slowest['max']} ms)")
    print("cProfile, top 15 by own time:")
    print(slowest["profile"]["tottime"])
    if busy is not None and busy > 0.10:
        print(f"warning: other processes used {busy:.0%} of the CPUs: figures may be high")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-matching.json"
    report = {"cases": data.cases, "entries": args.entries, "embedded": data.embedded,
              "server_version": data.server_version, "profile_rows_seeded": seeded,
              "cpu_share_of_other_processes": busy, "calls": figures}  # fmt: skip
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"written {path}")
    return 0 if all(row["met"] for row in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
