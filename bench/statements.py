"""SQL statements per request, counted in-process (Flask test client, same database), with the
slowest statements of each page as evidence when a page misses its goal."""

import re
import statistics
import time
from contextlib import contextmanager

from sqlalchemy import event

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _signed_in_client(app, email: str, password: str):
    client = app.test_client()
    page = client.get("/account/sign-in").get_data(as_text=True)
    token = _CSRF.search(page).group(1)
    response = client.post(
        "/account/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    if response.status_code != 302:
        raise RuntimeError(f"in-process sign-in as {email} failed ({response.status_code})")
    return client


def _explain(engine, statement: str, parameters) -> list[str] | None:
    """EXPLAIN (ANALYZE, BUFFERS) of a SELECT as the app ran it (rolled back). None for one that
    read a temporary table of its request (the dashboard's scope): another connection has none."""
    if not statement.lstrip().upper().startswith("SELECT") or "report_scope_cases" in statement:
        return None
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        plan = [row[0] for row in rows]
        conn.rollback()
    return plan


# Requests per page before the measured ones: psycopg prepares a statement on its sixth run on a
# connection (and only then does PostgreSQL reuse a plan); a running server is past that.
WARMUP = 6


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def stats(values: list[float]) -> dict:
    """n, p50, p95 and max of timings in ms."""
    return {"n": len(values), "p50": round(percentile(values, 0.5), 2),
            "p95": round(percentile(values, 0.95), 2), "max": round(max(values), 2)}  # fmt: skip


@contextmanager
def recorded(engine):
    """A list that collects (seconds, statement, parameters) of every statement `engine` runs
    until the block ends."""
    executed: list[tuple[float, str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        started = conn.info["bench_started"].pop()
        executed.append((time.perf_counter() - started, statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield executed
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def slowest_statements(engine, executed, count: int = 3) -> list[dict]:
    """The `count` slowest distinct statements of `executed`, the slowest with its plan."""
    seen, top = set(), []
    for seconds, statement, parameters in sorted(executed, key=lambda item: item[0], reverse=True):
        key = " ".join(statement.split())[:160]
        if key not in seen:
            seen.add(key)
            top.append(
                {
                    "ms": round(seconds * 1000, 2),
                    "sql": " ".join(statement.split()),
                    "plan": _explain(engine, statement, parameters) if not top else None,
                }
            )
        if len(top) == count:
            break
    return top


def measure(app, pages: dict[str, tuple[str, str, list[str]]], password: str, repeat: int = 15):
    """pages: name -> (e-mail, description, paths). Returns name -> figures of `repeat`
    requests after WARMUP ones."""
    from returnsvc.extensions import db

    with app.app_context():
        engine = db.engine
    clients: dict[str, object] = {}
    results = {}
    with recorded(engine) as executed:
        for name, (email, _description, paths) in pages.items():
            if email and email not in clients:
                clients[email] = _signed_in_client(app, email, password)
            client = clients.get(email) or app.test_client()
            counts, times, slowest = [], [], []
            for index in range(WARMUP + repeat):
                path = paths[index % len(paths)]
                executed.clear()
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{name}: GET {path} answered {response.status_code}")
                if index < WARMUP:
                    continue
                counts.append(len(executed))
                times.append(elapsed * 1000)
                slowest.extend(executed)
            results[name] = {
                "statements_min": min(counts),
                "statements_max": max(counts),
                "server_ms_median": round(statistics.median(times), 2),
                "slowest_statements": slowest_statements(engine, slowest),
            }
    return results
