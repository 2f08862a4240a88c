"""The public guide pages at 10,000 guide entries: `make bench-guides` or
`python -m bench.guides --entries 10000 --duration 10 --connections 16`.

Prepares a database (BENCH_DATABASE_URL, default the local PostgreSQL's
`returnsvc_bench_guides`), generates the guide content (bench.seed.seed_guides) when the current
editions do not hold `--entries` entries yet, counts the SQL statements and the in-process time
of one request per page, then loads each page through gunicorn (2 sync workers, as `make run`)
with wrk (or the Python fallback) and reports req/s, p50 and p95 next to the bare /healthz.
Pages are anonymous (the guides are public); each scenario rotates over the four countries.
"""

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bench import load, statements
from bench.server import Gunicorn

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/returnsvc_bench_guides"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.guides", description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--only", default="", help="comma-separated page names")
    return parser.parse_args(argv)


def database_url() -> str:
    url = make_url(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)).set(
        drivername="postgresql+psycopg"
    )
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def prepare(app, entries: int, seed: int) -> dict:
    """Migrate, generate when needed, analyse; returns what the scenarios need."""
    from flask_migrate import upgrade

    from bench.seed import seed_guides
    from returnsvc.explorer.queries import current_edition_ids
    from returnsvc.extensions import db
    from returnsvc.guides.models import BusinessOpportunity, DemandEntry, GuideEdition

    with app.app_context():
        upgrade(revision="heads")
        current = current_edition_ids().subquery()
        held = sum(
            db.session.scalar(
                select(func.count()).where(model.edition_id.in_(select(current.c.id)))
            )
            for model in (DemandEntry, BusinessOpportunity)
        )
        if held != entries:
            print(f"generating {entries:,} guide entries (the current editions hold {held:,})...")
            started = time.perf_counter()
            seed_guides(entries, seed=seed)
            db.session.commit()
            print(f"  done in {time.perf_counter() - started:.1f} s")
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        editions = db.session.execute(
            select(GuideEdition.id, GuideEdition.country, GuideEdition.kind).where(
                GuideEdition.id.in_(select(current.c.id))
            )
        ).all()
        probes = {}
        for edition_id, country, kind in editions:
            if kind.value != "labour_market":
                continue
            row = db.session.execute(
                select(DemandEntry.isco_code, func.unnest(DemandEntry.regions))
                .where(DemandEntry.edition_id == edition_id)
                .limit(1)
            ).first()
            probes[country] = {"edition": edition_id, "isco": row[0], "region": row[1]}
        return probes


def scenarios(probes: dict) -> list[dict]:
    countries = sorted(probes)

    def each(make_path):
        return [make_path(country, probes[country]) for country in countries]

    return [
        {"name": "hello", "label": "bare hello /healthz", "paths": ["/healthz"]},
        {"name": "guides_index", "label": "/guides/ (current editions, counts)",
         "paths": ["/guides/"]},
        {"name": "labour_filtered", "label": "labour-market page ?region&sector&occupation",
         "paths": each(lambda c, p: f"/guides/{c.lower()}/labour-market?region={p['region']}"
                                    f"&occupation={p['isco'][:2]}")},
        {"name": "labour_page5", "label": "labour-market page, no filter, page 5",
         "paths": each(lambda c, p: f"/guides/{c.lower()}/labour-market?page=5")},
        {"name": "business", "label": "business page ?region",
         "paths": each(lambda c, p: f"/guides/{c.lower()}/business?region={p['region']}")},
        {"name": "edition", "label": "edition page (current labour edition, page 3)",
         "paths": each(lambda c, p: f"/guides/edition/{p['edition']}?page=3")},
        {"name": "explore_occupation", "label": "explorer country+region+occupation",
         "paths": each(lambda c, p: f"/explorer?country={c}&region={p['region']}"
                                    f"&occupation={p['isco']}")},
        {"name": "explore_skills", "label": "explorer country+skills text",
         "paths": each(lambda c, p: f"/explorer?country={c}"
                                    "&skills=soldar+metales%2C+conducir+veh%C3%ADculos")},
        {"name": "explore_all", "label": "explorer country+region+occupation+skills",
         "paths": each(lambda c, p: f"/explorer?country={c}&region={p['region']}"
                                    f"&occupation={p['isco']}&skills=cook+bread+drive")},
    ]  # fmt: skip


def main(argv=None) -> int:
    args = parse_args(argv)
    tool = args.tool if args.tool != "auto" else ("wrk" if load.wrk_available() else "python")
    url = database_url()
    from returnsvc import create_app

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    probes = prepare(app, args.entries, args.seed)
    pages = scenarios(probes)
    if args.only:
        wanted = {"hello", *args.only.split(",")}
        pages = [page for page in pages if page["name"] in wanted]
    print("counting SQL statements and in-process time per request...")
    sql = statements.measure(app, {p["name"]: (None, p["label"], p["paths"]) for p in pages}, "")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results = {}
    run = load.run_wrk if tool == "wrk" else load.run_python
    with Gunicorn(url, RESULTS / f"{stamp}-guides-gunicorn.log") as server:
        for page in pages:
            for path in page["paths"]:
                status, body = load.fetch(server.base, path)
                if status != 200:
                    raise RuntimeError(f"{page['name']}: GET {path} answered {status}")
            if args.warmup:
                run(page["name"], server.base, page["paths"], None, args.connections, args.warmup)
            result = run(
                page["name"], server.base, page["paths"], None, args.connections, args.duration
            )
            results[page["name"]] = result
            print(f"  {page['name']:<20} {result.rps:>8.1f} req/s  p50 {result.p50_ms:6.1f} ms"
                  f"  p95 {result.p95_ms:6.1f} ms  errors {result.errors}")  # fmt: skip
    hello = results["hello"].rps
    report = {"entries": args.entries, "tool": tool, "connections": args.connections,
              "duration": args.duration, "pages": []}  # fmt: skip
    print(f"\n{args.entries:,} guide entries, {tool}, {args.connections} connections\n")
    print(f"{'page':<20} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'× hello':>7} "
          f"{'SQL':>4} {'in-process ms':>13}")  # fmt: skip
    for page in pages:
        result, figures = results[page["name"]], sql[page["name"]]
        row = result.as_dict() | {"label": page["label"], "ratio": result.rps / hello,
                                  "sql": figures}  # fmt: skip
        report["pages"].append(row)
        print(f"{page['name']:<20} {result.rps:>8.1f} {result.p50_ms:>7.1f} "
              f"{result.p95_ms:>7.1f} {result.rps / hello:>7.2f} "
              f"{figures['statements_max']:>4} {figures['server_ms_median']:>13.1f}")  # fmt: skip
    path = RESULTS / f"{stamp}-guides.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"\nwritten {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
