"""The picker benchmark: `make bench-pickers` or `python -m bench.pickers`.

Loads the official ISCO-08 and ESCO files with the project's importers (once: a second run
reuses the data) into a dedicated database, then measures the occupation and skill searches
(taxonomy.queries.search_occupations / search_skills) in-process over a realistic query set
(bench/picker_queries.py, 139 queries), and the JSON endpoints through the Flask test client.
Prints p50/p95/max per picker and per kind of query against the goal (≤ 50 ms p95, issue #4),
and writes the figures to bench/results/pickers-<timestamp>.json.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import psycopg
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

from bench import database, machine, statements
from bench.picker_queries import query_set

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ISCO = ROOT.parent / "shared" / "data" / "isco08" / "isco08.csv"
DEFAULT_ESCO = ROOT.parent / "shared" / "data" / "esco-v1.0"
DATABASE_NAME = "returnsvc_pickers"
GOAL_P95_MS = 50.0
# Fewer skills than this means the full ESCO file is not loaded (it has 13,485).
FULL_SKILLS = 13_000
BENCH_EMAIL = "bench.pickers@bench.returnsvc.org"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.pickers", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--isco", type=Path, default=DEFAULT_ISCO, help="ISCO-08 CSV file")
    parser.add_argument("--esco", type=Path, default=DEFAULT_ESCO, help="ESCO CSV folder")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of every query")
    parser.add_argument("--reload", action="store_true", help="import the files again")
    return parser.parse_args(argv)


def choose_database() -> tuple[str, bool]:
    """BENCH_DATABASE_URL (created if missing), else the embedded server's returnsvc_pickers."""
    data = database.choose_database(0, name=DATABASE_NAME)
    return data.url, data.embedded


def prepare(app, url: str, args) -> dict:
    """Migrate; import the files unless the full data is already there. Returns load figures."""
    from flask_migrate import upgrade

    from returnsvc.extensions import db
    from returnsvc.taxonomy.importers import import_esco, import_isco
    from returnsvc.taxonomy.models import EscoSkill, EscoSkillLabel

    loaded = {}
    with app.app_context(), app.test_request_context():
        upgrade(revision="heads")
        skills = db.session.scalar(select(func.count()).select_from(EscoSkill))
        if skills < FULL_SKILLS or args.reload:
            for name, importer, path in (
                ("isco", import_isco, args.isco),
                ("esco", import_esco, args.esco),
            ):
                print(f"importing {path} ...")
                started = time.perf_counter()
                result = importer(path, progress=lambda message: print("  " + message))
                db.session.commit()
                loaded[name] = {"seconds": round(time.perf_counter() - started, 1),
                                "rows_read": result.rows_read}  # fmt: skip
        _ensure_account()
        db.session.commit()
        loaded["skills"] = db.session.scalar(select(func.count()).select_from(EscoSkill))
        loaded["skill_labels"] = db.session.scalar(select(func.count()).select_from(EscoSkillLabel))
        loaded["server_version"] = db.session.scalar(text("SHOW server_version"))
    if len(loaded) > 3:  # something was imported: what autovacuum would do after a bulk load
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    return loaded


def _ensure_account() -> None:
    from returnsvc.auth import services as accounts
    from returnsvc.core.enums import Role

    user = accounts.find_user_by_email(BENCH_EMAIL)
    if user is None:
        user = accounts.create_user(
            {"email": BENCH_EMAIL, "full_name": "Picker Benchmark", "role": Role.ADMIN.value},
            actor=None,
        )
    accounts.assign_password(user, database.PASSWORD, actor=None)
    user.failed_login_count, user.locked_until = 0, None


def _cases(queries):
    """(picker, kind, locale, query): every query on its picker; codes on occupations only."""
    for kind, locale, query in queries:
        if kind != "isco_code":
            yield "skills", kind, locale, query
        yield "occupations", kind, locale, query


def measure_in_process(app, queries, repeat: int) -> tuple[list[dict], dict]:
    from returnsvc.extensions import db
    from returnsvc.taxonomy import queries as taxonomy

    search = {"skills": taxonomy.search_skills, "occupations": taxonomy.search_occupations}
    samples, counted = [], []
    with app.app_context(), app.test_request_context():
        engine = db.engine

        def count(conn, cursor, statement, parameters, context, executemany):
            counted.append((statement, parameters))

        for picker, kind, locale, query in _cases(queries):
            search[picker](query, locale)  # warm-up (plans, caches)
            event.listen(engine, "before_cursor_execute", count)
            counted.clear()
            hits = search[picker](query, locale)
            event.remove(engine, "before_cursor_execute", count)
            statement_count, last = len(counted), (counted[-1] if counted else None)
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                search[picker](query, locale)
                times.append((time.perf_counter() - started) * 1000)
            samples.append({"picker": picker, "kind": kind, "locale": locale, "query": query,
                            "hits": len(hits), "statements": statement_count,
                            "ms": [round(t, 2) for t in times],
                            "top": hits[0].label if hits else "", "_sql": last})  # fmt: skip
        slowest = max(samples, key=lambda s: statistics.median(s["ms"]))
        plan = None
        if slowest["_sql"]:
            plan = statements._explain(engine, *slowest["_sql"])
    for sample in samples:
        del sample["_sql"]
    return samples, {"query": slowest["query"], "picker": slowest["picker"], "plan": plan}


def measure_http(app, queries, repeat: int) -> dict:
    """The JSON endpoints through the test client (routing, session, JSON; no network)."""
    client = statements._signed_in_client(app, BENCH_EMAIL, database.PASSWORD)
    times = {"skills": [], "occupations": []}
    for picker, _kind, locale, query in _cases(queries):
        url = f"/taxonomy/{picker}?q={quote(query)}"
        headers = {"Accept-Language": locale}
        client.get(url, headers=headers)  # warm-up
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            times[picker].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
    return {picker: statements.stats(values) for picker, values in times.items()}


def summarise(samples: list[dict]) -> dict:
    groups: dict[tuple[str, str], list[float]] = {}
    for sample in samples:
        for key in ((sample["picker"], "all"), (sample["picker"], sample["kind"])):
            groups.setdefault(key, []).extend(sample["ms"])
    return {
        f"{picker}/{kind}": statements.stats(values) for (picker, kind), values in groups.items()
    }


def print_table(summary: dict, http: dict, samples: list[dict]) -> None:
    print(f"\n{'picker / kind of query':<34}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for name, row in sorted(
        summary.items(), key=lambda item: (item[0].split("/")[0], item[0].split("/")[1] != "all")
    ):
        print(f"{name:<34}{row['n']:>6}{row['p50']:>9.2f}{row['p95']:>9.2f}{row['max']:>9.2f}")
    for picker, row in http.items():
        name = f"HTTP GET /taxonomy/{picker}"
        print(f"{name:<34}{row['n']:>6}{row['p50']:>9.2f}{row['p95']:>9.2f}{row['max']:>9.2f}")
    slow = sorted(samples, key=lambda s: statistics.median(s["ms"]), reverse=True)[:5]
    listed = ", ".join(
        f"{s['picker']} {s['query']!r} {statistics.median(s['ms']):.1f}" for s in slow
    )
    print(f"\nslowest queries (median ms): {listed}")


def main(argv=None) -> int:
    args = parse_args(argv)
    url, embedded = choose_database()
    from returnsvc import create_app

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=True)
    loaded = prepare(app, url, args)
    print(f"{loaded['skills']:,} skills, {loaded['skill_labels']:,} skill labels")
    queries = query_set()
    watch = machine.CpuWatch(database=make_url(url).database)
    watch.start()
    samples, slowest = measure_in_process(app, queries, args.repeat)
    http = measure_http(app, queries, args.repeat)
    busy = watch.share()
    summary = summarise(samples)
    print_table(summary, http, samples)
    verdicts = {p: summary[f"{p}/all"]["p95"] <= GOAL_P95_MS for p in ("skills", "occupations")}
    counts = sorted({sample["statements"] for sample in samples})
    two = sum(1 for sample in samples if sample["statements"] == 2)
    met = ", ".join(f"{p} {'met' if ok else 'MISSED'}" for p, ok in verdicts.items())
    print(f"\ngoal p95 ≤ {GOAL_P95_MS:.0f} ms: {met}")
    print(f"SQL statements per search: {counts} ({two} of {len(samples)} searches needed the"
          " fuzzy second statement)")  # fmt: skip
    if busy is not None and busy > 0.10:
        print(f"warning: other processes used {busy:.0%} of the CPUs: figures may be high")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    report = {"when": stamp, "database": make_url(url).render_as_string(hide_password=True),
              "embedded": embedded, "loaded": loaded, "queries": len(queries),
              "repeat": args.repeat, "goal_p95_ms": GOAL_P95_MS, "goal_met": verdicts,
              "other_processes_cpu_share": busy, "in_process": summary, "http": http,
              "slowest_plan": slowest, "samples": samples}  # fmt: skip
    path = RESULTS / f"pickers-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {path.relative_to(ROOT)}")
    return 0 if all(verdicts.values()) and max(counts) <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
