"""Signing in over HTTP and generating load: wrk (with a Lua script) or a Python fallback."""

import http.client
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlencode, urlsplit

_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|'
                   r'<input[^>]*value="([^"]+)"[^>]*name="csrf_token"')  # fmt: skip


@dataclass
class LoadResult:
    name: str
    paths: int
    first_path: str
    tool: str
    connections: int
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    def as_dict(self) -> dict:
        return asdict(self)


def _connection(base: str) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def _cookies(response, jar: dict) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        jar[name.strip()] = value.strip()


def _cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def fetch(base: str, path: str, cookie: str | None = None) -> tuple[int, str]:
    conn = _connection(base)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def sign_in(base: str, email: str, password: str) -> str:
    """POST /account/sign-in with the CSRF token from the form; returns the Cookie header."""
    jar: dict[str, str] = {}
    conn = _connection(base)
    conn.request("GET", "/account/sign-in")
    response = conn.getresponse()
    page = response.read().decode()
    _cookies(response, jar)
    conn.close()
    match = _CSRF.search(page)
    if match is None:
        raise RuntimeError("no csrf_token input on the sign-in page")
    body = urlencode(
        {"email": email, "password": password, "csrf_token": match.group(1) or match.group(2),
         "next": ""}
    )  # fmt: skip
    conn = _connection(base)
    conn.request(
        "POST",
        "/account/sign-in",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(jar),
        },
    )
    response = conn.getresponse()
    answer = response.read().decode("utf-8", "replace")
    _cookies(response, jar)
    conn.close()
    if response.status != 302:
        raise RuntimeError(f"sign-in as {email} failed ({response.status}): {answer[:300]}")
    return _cookie_header(jar)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


_LUA = """
local paths = {PATHS}
local counter = math.random(#paths)
COOKIE
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, " ..
    "\\"p95_us\\": %d, \\"p99_us\\": %d, \\"connect\\": %d, \\"read\\": %d, " ..
    "\\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def run_wrk(name, base, paths, cookie, connections, seconds, threads=2) -> LoadResult:
    script = _LUA.replace("PATHS", ", ".join(json.dumps(p) for p in paths)).replace(
        "COOKIE", f'wrk.headers["Cookie"] = {json.dumps(cookie)}' if cookie else ""
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        output = subprocess.run(
            ["wrk", "-t", str(min(threads, connections)), "-c", str(connections),
             "-d", f"{seconds}s", "--timeout", "10s", "-s", lua.name, base],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line[len("BENCH_JSON ") :])
    duration = raw["duration_us"] / 1e6
    # Read errors are the server closing a connection (sync workers do not keep alive).
    errors = raw["connect"] + raw["write"] + raw["status"] + raw["timeout"]
    return LoadResult(
        name, len(paths), paths[0], "wrk", connections, round(duration, 2), raw["requests"],
        round(raw["requests"] / duration, 1), raw["p50_us"] / 1000, raw["p95_us"] / 1000,
        raw["p99_us"] / 1000, errors,
    )  # fmt: skip


def run_python(name, base, paths, cookie, connections, seconds) -> LoadResult:
    """Threads with http.client connections (kept alive when the server allows it)."""
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    headers = {"Cookie": cookie} if cookie else {}

    def worker(k: int) -> None:
        conn, i = None, k
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                if conn is None:
                    conn = _connection(base)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors[k] += 1
                conn = None
                continue
            if response.status >= 400:
                errors[k] += 1
            latencies[k].append(time.perf_counter() - started)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    duration = time.perf_counter() - started
    values = sorted(v for per_thread in latencies for v in per_thread)
    if not values:
        raise RuntimeError(f"{name}: no successful request")
    cuts = statistics.quantiles(values, n=100)
    return LoadResult(
        name, len(paths), paths[0], "python", connections, round(duration, 2), len(values),
        round(len(values) / duration, 1), cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000,
        sum(errors),
    )  # fmt: skip
