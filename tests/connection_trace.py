"""Where a psycopg connection that is garbage-collected while still open was made: with
RETURNSVC_TRACE_CONNECTIONS=1 the test session (tests/conftest.py) records the stack of every
connection it opens and prints it, with the test that was running, when such a connection is
collected. For tracing a ResourceWarning ("... was deleted while still open") that names no
test; costs a stack per connection, so off unless asked for."""

import os
import sys
import traceback

import psycopg
from psycopg._connection_base import BaseConnection

CURRENT = {"test": None}


def install() -> None:
    original_connect = psycopg.Connection.connect.__func__
    original_del = BaseConnection.__del__

    def connect(cls, *args, **kwargs):
        conn = original_connect(cls, *args, **kwargs)
        conn._returnsvc_made = (CURRENT["test"], "".join(traceback.format_stack(limit=25)))
        return conn

    def __del__(self, *args, **kwargs):
        made = getattr(self, "_returnsvc_made", None)
        if made and hasattr(self, "pgconn") and not self.closed and not hasattr(self, "_pool"):
            test, stack = made
            print(
                f"\n--- open connection collected during {CURRENT['test']}, made during {test}:\n"
                f"{stack}",
                file=sys.stderr,
            )
        original_del(self, *args, **kwargs)

    psycopg.Connection.connect = classmethod(connect)
    psycopg.connect = psycopg.Connection.connect  # the module's alias (what SQLAlchemy calls)
    BaseConnection.__del__ = __del__


def wanted() -> bool:
    return os.environ.get("RETURNSVC_TRACE_CONNECTIONS") == "1"
