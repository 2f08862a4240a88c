"""Two real connections at once, for the tests of row locks (with the `committed_app` fixture of
conftest: an app on a database of its own, since these writers commit for real).

Each caller runs on a thread of its own inside its own app or request context, and so on its own
session and connection. `race` lets the first writer take its lock and hold it, uncommitted, for
HOLD seconds while the second tries: a second writer that took at least WAITED seconds waited
for the lock. `all_at_once` starts several writers together; those that call `keep_locks`
before they commit overlap for certain. An exception raised in a thread fails the test (a thread's
exception would otherwise only be printed).
"""

import threading
import time
from collections.abc import Callable

HOLD = 0.5  # how long the first writer keeps its lock before it commits
WAITED = HOLD - 0.1  # a second writer that took this long waited for the first's lock
START_TIMEOUT = 10  # seconds a thread waits for the others to be ready
JOIN_TIMEOUT = 30


def race(first: Callable[[Callable[[], None]], object], second: Callable[[], object]) -> float:
    """Run `first(hold)` and `second()` at once, each on its own connection. `first` writes
    what takes its lock, calls the `hold` it is given (which lets `second` start, then keeps
    the lock: `keep_locks`) and then commits. Returns the seconds `second` took."""
    holding = threading.Event()
    took = {}

    def hold() -> None:
        holding.set()
        keep_locks()

    def run_first() -> None:
        try:
            first(hold)
        finally:
            holding.set()  # never leave the second writer waiting for nothing

    def run_second() -> None:
        if not holding.wait(START_TIMEOUT):
            raise TimeoutError("the first writer never took its lock")
        started = time.monotonic()
        second()
        took["second"] = time.monotonic() - started

    _run([run_first, run_second])
    return took["second"]


def keep_locks() -> None:
    """Keep the locks this writer has taken, uncommitted, HOLD seconds longer: writers running
    at the same time then overlap, and without the lock they would all read the same state."""
    time.sleep(HOLD)


def all_at_once(*writers: Callable[[], object]) -> None:
    """Run every writer on its own connection, all released at the same moment."""
    start = threading.Barrier(len(writers))

    def released(writer):
        def run() -> None:
            start.wait(START_TIMEOUT)
            writer()

        return run

    _run([released(writer) for writer in writers])


def _run(targets: list[Callable[[], None]]) -> None:
    errors: list[BaseException] = []

    def guarded(target):
        def run() -> None:
            try:
                target()
            except BaseException as error:  # re-raised in the test's own thread below
                errors.append(error)

        return run

    threads = [threading.Thread(target=guarded(target)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"a writer was still running after {JOIN_TIMEOUT} seconds")
    if errors:
        raise errors[0]
