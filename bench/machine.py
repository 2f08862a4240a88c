"""How much CPU other processes take (Linux /proc): a test suite running next door during a
measurement halves the figures, so the benchmark waits for quiet and flags disturbed pages.

"Ours" are this process and its descendants (gunicorn, its workers, wrk), the embedded
PostgreSQL's processes, and with an external database the server processes serving the benchmark
database (their title names it); everything else counts as others.
"""

import os
import time
from pathlib import Path


def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks of the process and of its children it has reaped)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()  # after "pid (command) "
        found[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    return found


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot. Busy is user + nice + system:
    interrupt time (loopback traffic) and steal belong to no process."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:9]]
    return values[0] + values[1] + values[2], sum(values)


def _descendants(processes: dict[int, tuple[int, int]], roots: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    ours, stack = set(), [r for r in roots if r in processes]
    while stack:
        pid = stack.pop()
        if pid not in ours:
            ours.add(pid)
            stack.extend(children.get(pid, ()))
    return ours


class CpuWatch:
    """Share of all CPUs used by other processes between `start()` and `share()`."""

    def __init__(self, extra_roots: set[int] | None = None, database: str | None = None):
        self.roots = {os.getpid(), *(extra_roots or set())}
        # PostgreSQL backends show "postgres: <user> <database> <client> <state>" as their title.
        self.marker = f" {database} ".encode() if database else None
        self.available = Path("/proc/self/stat").exists()
        self._start: dict[int, tuple[int, int]] = {}
        self._machine = (0, 0)

    def start(self) -> None:
        if self.available:
            self._start, self._machine = _processes(), _machine_ticks()

    def share(self) -> float | None:
        """The whole machine's busy time minus ours: short-lived processes count too."""
        if not self.available or not self._start:
            return None
        now, machine = _processes(), _machine_ticks()
        ours = _descendants(now, self.roots) | _descendants(self._start, self.roots)
        if self.marker:
            ours |= {pid for pid in now if pid not in ours and self._serves_us(pid)}
        used_by_us = sum(
            ticks - self._start.get(pid, (0, 0))[1]
            for pid, (_, ticks) in now.items()
            if pid in ours
        )
        busy = machine[0] - self._machine[0]
        total = max(machine[1] - self._machine[1], 1)
        return max(0.0, busy - used_by_us) / total

    def _serves_us(self, pid: int) -> bool:
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False
        return title.startswith(b"postgres: ") and self.marker in title

    def sample(self, seconds: float = 1.0) -> float | None:
        self.start()
        time.sleep(seconds)
        return self.share()


def postmaster_pid(pgdata: Path) -> int | None:
    """The embedded server's postmaster (its processes are ours)."""
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
