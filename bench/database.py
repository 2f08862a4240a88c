"""The benchmark database: chosen, migrated, seeded at the requested scale, with known accounts.

BENCH_DATABASE_URL when set (created if missing); otherwise an embedded PostgreSQL (pgserver)
with its data in instance/bench-pgdata and one database per scale (returnsvc_bench_<cases>), so
a second run at the same size reuses the data instead of generating it again.
"""

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

import config as app_config

COUNSELLOR_EMAIL = "bench.counsellor@bench.returnsvc.org"
ADMIN_EMAIL = "bench.admin@bench.returnsvc.org"
# Known on purpose: a throwaway database on loopback, printed in bench/README.md.
PASSWORD = "benchmark passphrase for loopback only"
PGDATA = app_config.INSTANCE_DIR / "bench-pgdata"


@dataclass
class BenchData:
    url: str  # libpq form (postgresql://...), as gunicorn gets it in DATABASE_URL
    embedded: bool
    cases: int = 0
    seeded_now: int = 0
    seed_seconds: float = 0.0
    seed_rows: dict = field(default_factory=dict)
    counsellor_office: dict = field(default_factory=dict)
    case_ids: list[int] = field(default_factory=list)
    search_word: str = ""
    server_version: str = ""
    handed_over: int = 0  # cases the bench counsellor took over in this run


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def choose_database(cases: int, name: str | None = None) -> BenchData:
    """The benchmark database, created when missing: BENCH_DATABASE_URL, else the embedded
    server's `name` (returnsvc_bench_<cases> by default)."""
    url = os.environ.get("BENCH_DATABASE_URL")
    embedded = not url
    if embedded:
        from returnsvc.core.embedded_pg import embedded_database_url

        PGDATA.parent.mkdir(parents=True, exist_ok=True)
        server_url = embedded_database_url(Path(PGDATA))
        url = make_url(server_url).set(database=name or f"returnsvc_bench_{cases}")
    else:
        url = make_url(url.replace("postgresql+psycopg://", "postgresql://"))
    url = libpq(url.render_as_string(hide_password=False))
    name = make_url(url).database
    maintenance = libpq(make_url(url).set(database="postgres").render_as_string(False))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    return BenchData(url=url, embedded=embedded)


def prepare(app, data: BenchData, cases: int, seed: int) -> None:
    """Migrate, bring the data set to `cases` demo cases, create the two bench accounts."""
    from flask_migrate import upgrade

    from bench.seed import demo_case_count, seed_scale
    from returnsvc.extensions import db

    with app.app_context():
        upgrade(revision="heads")
        data.server_version = db.session.scalar(text("SHOW server_version"))
        present = demo_case_count()
        if present < cases:
            print(f"seeding {cases - present:,} cases ({present:,} present)...")
            started = time.perf_counter()
            data.seed_rows = seed_scale(
                cases - present, seed=seed, append=present > 0, progress=print
            )
            db.session.commit()
            data.seeded_now = cases - present
            data.seed_seconds = time.perf_counter() - started
            print(f"seeded in {data.seed_seconds:.1f} s")
        elif present > cases:
            print(f"warning: the database holds {present:,} demo cases (asked for {cases:,})")
        else:
            print(f"reusing {present:,} demo cases")
        data.cases = max(present, cases)
        _ensure_accounts(data)
        db.session.commit()
    if data.seeded_now or data.handed_over:
        # What autovacuum would do after a bulk load: statistics and the visibility map.
        with psycopg.connect(data.url, autocommit=True) as conn:
            started = time.perf_counter()
            conn.execute("VACUUM ANALYZE")
            try:  # write the loaded pages out now rather than during the measurements
                conn.execute("CHECKPOINT")
            except psycopg.errors.InsufficientPrivilege:
                pass
            print(f"VACUUM ANALYZE and CHECKPOINT in {time.perf_counter() - started:.1f} s")


def _ensure_accounts(data: BenchData) -> None:
    from returnsvc.auth import services as accounts
    from returnsvc.cases.models import Case
    from returnsvc.core.enums import Role
    from returnsvc.core.text import fold
    from returnsvc.extensions import db
    from returnsvc.offices.models import Office
    from returnsvc.returnees.models import Returnee

    counsellor = accounts.find_user_by_email(COUNSELLOR_EMAIL)
    if counsellor is None:
        # The busiest office: the heaviest list a counsellor can get.
        office_id = db.session.scalar(
            text("SELECT office_id FROM case_file GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
        )
        counsellor = accounts.create_user(
            {
                "email": COUNSELLOR_EMAIL,
                "full_name": "Benchmark Counsellor",
                "role": Role.COUNSELLOR.value,
                "office_id": office_id,
            },
            actor=None,
        )
    admin = accounts.find_user_by_email(ADMIN_EMAIL)
    if admin is None:
        admin = accounts.create_user(
            {"email": ADMIN_EMAIL, "full_name": "Benchmark Admin", "role": Role.ADMIN.value},
            actor=None,
        )
    for user in (counsellor, admin):
        accounts.assign_password(user, PASSWORD, actor=None)
        user.failed_login_count, user.locked_until = 0, None
    office = db.session.get(Office, counsellor.office_id)
    data.handed_over = _hand_over_a_caseload(counsellor.id, office.id)
    data.counsellor_office = {
        "id": office.id,
        "name": office.name,
        "country": office.country,
        "cases": db.session.scalar(
            select(func.count()).select_from(Case).where(Case.office_id == office.id)
        ),
        "mine": db.session.scalar(
            select(func.count()).select_from(Case).where(Case.counsellor_id == counsellor.id)
        ),
    }
    # Cases the counsellor may open, spread over the office (a stable pseudo-random order).
    data.case_ids = list(
        db.session.scalars(
            select(Case.id)
            .where(Case.office_id == office.id)
            .order_by(text("md5(case_file.id::text)"))
            .limit(500)
        )
    )
    # A frequent surname of the office's people: a search that matches many rows.
    data.search_word = fold(
        db.session.scalar(
            select(Returnee.first_surname)
            .join(Case, Case.returnee_id == Returnee.id)
            .where(Case.office_id == office.id)
            .group_by(Returnee.first_surname)
            .order_by(func.count().desc())
            .limit(1)
        )
    )


def _hand_over_a_caseload(counsellor_id: int, office_id: int) -> int:
    """The bench counsellor takes over the cases, tasks and appointments of the office's
    busiest generated counsellor (once, when they have none): their home then shows full
    lists, as a working counsellor's does. Returns the number of cases handed over."""
    from returnsvc.extensions import db

    params = {"me": counsellor_id, "office": office_id}
    if db.session.scalar(text("SELECT 1 FROM case_file WHERE counsellor_id = :me LIMIT 1"), params):
        return 0
    params["donor"] = db.session.scalar(
        text(
            "SELECT counsellor_id FROM case_file WHERE office_id = :office"
            " AND counsellor_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ),
        params,
    )
    if params["donor"] is None:
        return 0
    moved = db.session.execute(
        text("UPDATE case_file SET counsellor_id = :me WHERE counsellor_id = :donor"), params
    ).rowcount
    db.session.execute(text("UPDATE task SET assignee_id = :me WHERE assignee_id = :donor"), params)
    db.session.execute(
        text("UPDATE appointment SET counsellor_id = :me WHERE counsellor_id = :donor"), params
    )
    print(f"the bench counsellor took over {moved:,} cases of user {params['donor']}")
    return moved
