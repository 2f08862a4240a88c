"""The benchmark: `make bench` or `python -m bench.run --cases 100000 --duration 15
--connections 16`.

One run, one server: prepares the benchmark database at the requested scale, starts gunicorn
(2 sync workers, as `make run`), and loads the bare /healthz baseline, the same /healthz signed
in (the floor of every signed-in page), the counsellor's case list (first page; filtered and
sorted; a name search), the case page, the counsellor's home, and the administrator's list of
every case (extra). Reports req/s and latency percentiles, the ratios to both hellos against the
goals of QUALITY.md (issue #11), the SQL statements and the in-process time per page, and writes
the figures to bench/results/<timestamp>.json.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bench import database, load, machine, statements
from bench.server import WORKERS, Gunicorn

RESULTS = Path(__file__).resolve().parent / "results"

# QUALITY.md, performance (issue #11): req/s as a share of a hello served by the same server in
# the same run ("of": the bare one, or the signed-in one, the floor of every signed-in page),
# p95 latency, SQL statements per request, in-process time of one request.
_LIST_GOAL = {"min_ratio": 0.40, "of": "hello_signed_in", "max_p95_ms": 40.0}
GOALS = {
    "hello_signed_in": {"min_ratio": 0.45, "of": "hello"},
    "list": _LIST_GOAL,
    "list_filtered": _LIST_GOAL,
    "list_search": _LIST_GOAL,
    "case": {"min_ratio": 0.30, "of": "hello_signed_in", "max_statements": 6},
    "home": {"max_server_ms": 25.0},
}
BASELINES = ("hello", "hello_signed_in")  # always measured: the goals are ratios to them
GOAL_CONNECTIONS = 16  # the p95 goal is stated at 16 connections
BUSY_WARNING = 0.10  # share of the CPUs used by other processes that makes figures suspect


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="data set size (cases)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seed", type=int, default=42, help="random seed of the data set")
    parser.add_argument(
        "--tool", choices=("auto", "wrk", "python"), default="auto", help="load generator"
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=120,
        help="seconds to wait before a page while other processes keep the CPUs busy",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=1,
        help="measure a page again when other processes were busy around it",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated page names (default: all); both hellos always run",
    )
    return parser.parse_args(argv)


def scenarios(data: database.BenchData) -> list[dict]:
    counsellor, admin = database.COUNSELLOR_EMAIL, database.ADMIN_EMAIL
    return [
        {"name": "hello", "label": "bare hello /healthz", "user": None, "paths": ["/healthz"]},
        # The same /healthz with the counsellor's cookie: the floor of any signed-in page
        # (session cookie, user load with its session-version check, commit, new cookie).
        {"name": "hello_signed_in", "label": "signed-in hello /healthz",
         "user": counsellor, "paths": ["/healthz"]},
        {"name": "list", "label": "case list, first page", "user": counsellor,
         "paths": ["/cases/"]},
        {"name": "list_filtered", "label": "case list ?stage=in_support&sort=name",
         "user": counsellor, "paths": ["/cases/?stage=in_support&sort=name"]},
        {"name": "list_search", "label": f"case list ?q={data.search_word}",
         "user": counsellor, "paths": [f"/cases/?q={data.search_word}"]},
        {"name": "case", "label": f"case page /cases/<id> ({len(data.case_ids)} ids)",
         "user": counsellor, "paths": [f"/cases/{i}" for i in data.case_ids]},
        {"name": "home", "label": "counsellor home /home", "user": counsellor,
         "paths": ["/home"]},
        {"name": "list_admin", "label": "admin case list, all offices (extra)", "user": admin,
         "paths": ["/cases/"]},
    ]  # fmt: skip


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if load.wrk_available() else "python"
    if tool == "wrk" and not load.wrk_available():
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    print(
        f"load generator: {tool}"
        + ("" if tool == "wrk" else " (wrk not found: install it for figures comparable to CI)")
    )

    data = database.choose_database(args.cases)
    from returnsvc import create_app

    app = create_app("development", SQLALCHEMY_DATABASE_URI=data.url)
    database.prepare(app, data, args.cases, args.seed)
    pages = scenarios(data)
    if args.only:
        wanted = {*BASELINES, *args.only.split(",")}
        pages = [p for p in pages if p["name"] in wanted]
    print(
        f"counsellor office: {data.counsellor_office['name']} "
        f"({data.counsellor_office['cases']:,} cases; the counsellor's own: "
        f"{data.counsellor_office['mine']:,})"
    )

    print("counting SQL statements per request (in-process)...")
    wait_until_quiet(machine.CpuWatch(database=make_url(data.url).database), args.wait_quiet)
    sql = statements.measure(
        app, {p["name"]: (p["user"], p["label"], p["paths"]) for p in pages}, database.PASSWORD
    )

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results: dict[str, load.LoadResult] = {}
    busy: dict[str, dict] = {}
    with Gunicorn(data.url, RESULTS / f"{stamp}-gunicorn.log") as server:
        postmaster = machine.postmaster_pid(database.PGDATA) if data.embedded else None
        watch = machine.CpuWatch(
            {postmaster} if postmaster else None, database=make_url(data.url).database
        )
        cookies = {
            email: load.sign_in(server.base, email, database.PASSWORD)
            for email in {p["user"] for p in pages if p["user"]}
        }
        for page in pages:
            cookie = cookies.get(page["user"])
            _check(server.base, page, cookie)
            attempts = []
            for _attempt in range(args.retries + 1):
                before = wait_until_quiet(watch, args.wait_quiet)
                result, during = _measure(args, tool, server.base, page, cookie, watch)
                _check(server.base, page, cookie)  # the session was still valid at the end
                disturbed = any(b is not None and b > BUSY_WARNING for b in (before, during))
                attempts.append((result, {"before": before, "during": during,
                                          "disturbed": disturbed}))  # fmt: skip
                print(
                    f"  {page['name']:<14} {result.rps:>8.1f} req/s  p50 {result.p50_ms:6.1f} ms"
                    f"  p95 {result.p95_ms:6.1f} ms  errors {result.errors}"
                    + (f"  (other processes used {during:.0%} of the CPUs)" if disturbed else "")
                )
                if not disturbed:
                    break
            # Interference only slows a page down: keep the best attempt.
            results[page["name"]], busy[page["name"]] = max(attempts, key=lambda a: a[0].rps)
            busy[page["name"]]["attempts"] = len(attempts)

    report = _report(args, tool, data, pages, results, sql)
    report["machine"]["cpu_share_of_other_processes"] = busy
    for row in report["pages"]:
        row["disturbed"] = busy[row["name"]]["disturbed"]
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    _print_table(report)
    print(f"\nwritten {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


def wait_until_quiet(watch: machine.CpuWatch, limit: float) -> float | None:
    """Wait (up to `limit` seconds) until other processes leave the CPUs alone."""
    deadline = time.monotonic() + limit
    busy = watch.sample()
    if busy is not None and busy > BUSY_WARNING:
        print(f"  other processes use {busy:.0%} of the CPUs: waiting up to {limit:.0f} s")
        while busy > BUSY_WARNING and time.monotonic() < deadline:
            busy = watch.sample(2.0)
    return busy


def _measure(args, tool, base, page, cookie, watch) -> tuple[load.LoadResult, float | None]:
    """Warm up, then measure; returns the result and the CPU share others took meanwhile."""
    run = load.run_wrk if tool == "wrk" else load.run_python
    extra = {"threads": args.threads} if tool == "wrk" else {}
    if args.warmup:
        run(page["name"], base, page["paths"], cookie, args.connections, args.warmup, **extra)
    watch.start()
    result = run(page["name"], base, page["paths"], cookie, args.connections, args.duration,
                 **extra)  # fmt: skip
    return result, watch.share()


def _check(base: str, page: dict, cookie: str | None) -> None:
    for path in page["paths"][:3]:
        status, body = load.fetch(base, path, cookie)
        if status != 200:
            raise RuntimeError(f"{page['name']}: GET {path} answered {status}: {body[:200]}")


def _report(args, tool, data, pages, results, sql) -> dict:
    rows = []
    for page in pages:
        result = results[page["name"]]
        figures = sql.get(page["name"]) or {}
        ratios = {
            base: round(result.rps / results[base].rps, 3) if results[base].rps else 0.0
            for base in BASELINES
        }
        goal = GOALS.get(page["name"])
        rows.append(
            {
                **result.as_dict(),
                "label": page["label"],
                "ratio_to_hello": ratios["hello"],
                "ratio_to_signed_in": ratios["hello_signed_in"],
                "goal": goal,
                "verdict": _verdict(goal, result, ratios, figures, args.connections),
                "sql": figures or None,
            }
        )
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {
            "cases": args.cases,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "wrk_threads": args.threads if tool == "wrk" else None,
            "tool": tool,
            "gunicorn_workers": WORKERS,
            "seed": args.seed,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "database": {
            "embedded": data.embedded,
            "server_version": data.server_version,
            "demo_cases": data.cases,
            "seeded_this_run": data.seeded_now,
            "seed_seconds": round(data.seed_seconds, 1),
            "seed_rows": data.seed_rows,
            "counsellor_office": data.counsellor_office,
        },
        "pages": rows,
    }


def _verdict(goal, result, ratios, figures, connections) -> str | None:
    """pass / FAIL against the page's goal; the p95 goal holds at 16 connections only."""
    if not goal:
        return None
    checks = []
    if "min_ratio" in goal:
        checks.append(ratios[goal["of"]] >= goal["min_ratio"])
    if "max_p95_ms" in goal and connections == GOAL_CONNECTIONS:
        checks.append(result.p95_ms <= goal["max_p95_ms"])
    if "max_statements" in goal and figures:
        checks.append(figures["statements_max"] <= goal["max_statements"])
    if "max_server_ms" in goal and figures:
        checks.append(figures["server_ms_median"] <= goal["max_server_ms"])
    return "pass" if all(checks) else "FAIL"


def _goal_text(goal) -> str:
    parts = []
    if "min_ratio" in goal:
        of = "bare" if goal["of"] == "hello" else "signed-in"
        parts.append(f">= {goal['min_ratio']:.0%} of {of}")
    if "max_p95_ms" in goal:
        parts.append(f"p95 <= {goal['max_p95_ms']:.0f} ms")
    if "max_statements" in goal:
        parts.append(f"<= {goal['max_statements']} SQL")
    if "max_server_ms" in goal:
        parts.append(f"<= {goal['max_server_ms']:.0f} ms in-process")
    return ", ".join(parts)


def _print_table(report: dict) -> None:
    settings = report["settings"]
    print(
        f"\n{report['database']['demo_cases']:,} cases, {settings['connections']} connections, "
        f"{settings['duration_s']} s per page, {settings['tool']}, "
        f"gunicorn {settings['gunicorn_workers']} sync workers, "
        f"PostgreSQL {report['database']['server_version']}"
    )
    header = (
        f"{'page':<40} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'/bare':>6} {'/signed':>7} "
        f"{'SQL':>4} {'srv ms':>7}  goal"
    )
    print(header)
    print("-" * len(header) + "-" * 40)
    for row in report["pages"]:
        goal = row["goal"]
        goal_text = f"{_goal_text(goal)}  {row['verdict']}" if goal else ""
        sql = row["sql"] or {}
        count = sql.get("statements_max", "")
        if sql and sql["statements_min"] != sql["statements_max"]:
            count = f"{sql['statements_min']}-{sql['statements_max']}"
        print(
            f"{row['label'][:40]:<40} {row['rps']:>7.1f} {row['p50_ms']:>7.1f} "
            f"{row['p95_ms']:>7.1f} {row['ratio_to_hello']:>6.0%} "
            f"{row['ratio_to_signed_in']:>7.0%} {count!s:>4} "
            f"{sql.get('server_ms_median', 0):>7.1f}  {goal_text}"
            + ("  (disturbed)" if row.get("disturbed") else "")
        )
    print("(/bare, /signed: req/s relative to the bare and to the signed-in hello; SQL: statements")
    print(" per request; srv ms: median time of one request in-process, no concurrency;")
    print(" disturbed: other processes used the CPUs during the measurement, so the figures are")
    print(" too low)")


if __name__ == "__main__":
    sys.exit(main())
