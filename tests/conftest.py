"""Test harness on real PostgreSQL.

- The server: TEST_DATABASE_URL when set (e.g. the local service), else a throwaway embedded
  PostgreSQL (pgserver) for the session. Either way the suite creates its own fresh database.
- The schema is built once per session by running the migrations (never `create_all`).
- Each test runs inside a transaction that is rolled back at the end: the app's commits only
  release savepoints (PITFALLS.md: `db.engines` pointed at one connection, sessions with
  `join_transaction_mode="create_savepoint"`).
"""

import os
import secrets
import socket
import tempfile
import threading
import warnings
from pathlib import Path

import psycopg
import pytest
from flask_migrate import upgrade
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from returnsvc import create_app
from returnsvc.extensions import db
from tests import connection_trace, factories

if connection_trace.wanted():
    connection_trace.install()


@pytest.fixture(autouse=True)
def _name_the_running_test(request):
    """For connection_trace: which test was running when a connection was made or collected."""
    connection_trace.CURRENT["test"] = request.node.nodeid
    yield


def _server_url(tmp_root: Path) -> tuple[str, object | None]:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset
        import pgserver

        server = pgserver.get_server(tmp_root / "pgdata", cleanup_mode="delete")
    return server.get_uri(), server


def _admin_conninfo(url: str) -> str:
    """libpq form of the URL (psycopg cannot read SQLAlchemy's `+psycopg` scheme)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class DatabaseMaker:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, server_url: str):
        self.server_url = server_url
        self.created: list[str] = []

    def create(self, prefix: str) -> str:
        name = f"{prefix}_{secrets.token_hex(4)}"
        with psycopg.connect(_admin_conninfo(self.server_url), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with psycopg.connect(_admin_conninfo(self.server_url), autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def databases():
    with tempfile.TemporaryDirectory(prefix="returnsvc-test-") as tmp:
        url, server = _server_url(Path(tmp))
        maker = DatabaseMaker(url)
        yield maker
        _close_every_pool()
        maker.drop_all()
        if server is not None:
            server.cleanup()


# Every app the tests make, so that the session can close their pools before the databases
# are dropped: an app's engine left with open connections made the garbage collector warn
# ("... was deleted while still open") after the last test, failing a run in which every test
# passed (connection_trace found the throttling test's workers).
_made_apps: list = []


def make_test_app(database_url: str, **overrides):
    settings = {"SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False}
    settings.update(overrides)
    app = create_app("testing", **settings)
    _made_apps.append(app)
    return app


def _close_every_pool() -> None:
    for made in _made_apps:
        with made.app_context():
            db.engine.dispose()
    _made_apps.clear()


@pytest.fixture(scope="session")
def app(databases):
    app = make_test_app(databases.create("returnsvc_test"))
    with app.app_context():
        upgrade(revision="heads")  # several feature branches may be open at once
        # Savepoint mode: the app's commits inside a test only release savepoints.
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def committed_app(databases, request):
    """An app on a database of its own, migrated, for the tests of a module that commit for
    real: two real connections at once (tests.concurrency), which the rolled-back transaction
    of `tx` cannot give. What they write stays until the session's databases are dropped, so
    the session database never sees it."""
    name = request.module.__name__.removeprefix("tests.").replace(".", "_")
    app = make_test_app(databases.create(f"returnsvc_{name}"))
    with app.app_context():
        upgrade(revision="heads")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def tx(app, monkeypatch):
    """Run the test in one outer transaction, rolled back at the end."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        monkeypatch.setitem(db.engines, None, connection)
    yield connection
    with app.app_context():
        db.session.remove()
    transaction.rollback()
    connection.close()


@pytest.fixture
def ctx(app, tx):
    """A request context for tests that call services and queries directly.

    Do not use together with `client` requests in the same block: a request would reuse this
    context's `g` and session. Use `app.test_request_context()` blocks in such tests instead.
    """
    with app.test_request_context():
        yield
        db.session.flush()


@pytest.fixture
def client(app, tx):
    return app.test_client()


@pytest.fixture
def make(app, tx):
    """Factories that write committed (savepoint) rows and return plain snapshots."""
    return factories.Factory(app)


@pytest.fixture
def sign_in(client, make):
    """sign_in(role=...) creates an account of that role, signs it in and returns it."""

    def _sign_in(role="admin", **kwargs):
        user = make.user(role=role, **kwargs)
        response = client.post(
            "/account/sign-in", data={"email": user.email, "password": user.password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return _sign_in


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(databases):
    # A database of its own: the session database is shared with rolled-back tests.
    app = make_test_app(databases.create("returnsvc_browser"), WTF_CSRF_ENABLED=True)
    with app.app_context():
        upgrade(revision="heads")
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()  # the database itself is dropped with the others at session end
