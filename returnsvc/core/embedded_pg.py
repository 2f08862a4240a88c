"""The embedded PostgreSQL used when DATABASE_URL is unset (a fresh machine with only Python).

`pgserver` ships real PostgreSQL 16 binaries in its wheel. The server keeps its data in
instance/pgdata/ across runs and listens on a Unix socket inside that folder (no TCP port, so
it cannot clash with a PostgreSQL service). Several processes (gunicorn workers, flask CLI
commands) share one server; pgserver counts them and stops the server when the last exits.
Note: its build has no contrib extensions (no pg_trgm, no unaccent).
"""

import logging
import warnings
from pathlib import Path

log = logging.getLogger(__name__)


def embedded_database_url(pgdata: Path) -> str:
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); it falls back fine.
        warnings.simplefilter("ignore")
        import pgserver

        # pgserver logs every pg_ctl call at INFO; only its problems are worth showing.
        logging.getLogger("pgserver").setLevel(logging.WARNING)
        pgdata = Path(pgdata)
        pgdata.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    log.info("Embedded PostgreSQL running with data in %s", pgdata)
    return server.get_uri()
