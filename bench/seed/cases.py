"""A large, realistic demo data set for the benchmark (100,000 cases in well under two minutes
on two cores): `python -m bench.seed --cases 100000`, or `bench.database` before a run.

Rows are generated in Python from one seeded random generator per table (same `--seed`, same
data) and streamed into PostgreSQL with COPY on the session's own connection, so everything
happens in the caller's transaction: an interrupted run leaves nothing behind. Offices and
counsellors are taken from the database (created through the ordinary services when missing).

Per case: one returnee with their migration history and consents, a stage path that follows
`cases.stages.TRANSITIONS` (about 3 transitions), about 10 notes (10% confidential), about 2
tasks (some overdue, some done) and about one appointment. Every row is `is_demo` where the model
has the flag. Identity numbers are derived from the row id through a bijection, so they are
unique per document type and country across runs and appends.
"""

import time
from collections.abc import Callable

from sqlalchemy import exists, select, text

from bench.seed.copying import TABLES, copy_rows, drop_keys_and_indexes, next_ids, reset_sequences
from bench.seed.generator import Generator
from returnsvc.audit.models import AuditEntry
from returnsvc.audit.services import record
from returnsvc.auth import services as accounts
from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.enums import Role
from returnsvc.demo.services import DEMO_OFFICES
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.offices.services import create_office

AUDIT_ACTION = "demo.scale_seeded"


class ScaleError(Exception):
    """The scale data set cannot be loaded as asked (message for the operator)."""


def scale_data_exists() -> bool:
    """Whether the scale data set has already been loaded into this database."""
    seeded = exists().where(AuditEntry.action == AUDIT_ACTION)
    demo_cases = exists().where(Case.is_demo.is_(True))
    return bool(db.session.scalar(select(seeded & demo_cases)))


def demo_case_count() -> int:
    return db.session.scalar(text("SELECT count(*) FROM case_file WHERE is_demo")) or 0


def seed_scale(
    cases: int,
    *,
    seed: int = 42,
    append: bool = False,
    rebuild_indexes: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Load `cases` returnees, each with a case and its casework; returns rows per table.

    Runs in the caller's transaction (COPYs and flushes, never commits). Refuses when scale data
    is already present unless `append`. With `rebuild_indexes` (default: for 2,000 cases or
    more) the foreign keys and secondary indexes of the loaded tables are dropped and rebuilt
    around the load, with their exact definitions: checking a foreign key row by row costs
    three times the COPY itself. The tables are then locked for reading too until the commit.
    """
    if cases < 1:
        raise ScaleError("--cases must be at least 1.")
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    if not append and scale_data_exists():
        raise ScaleError("Scale data is already loaded in this database; use --append to add more.")
    offices = offices_with_counsellors(say)
    session_connection = db.session.connection()
    session_connection.exec_driver_sql(
        "LOCK TABLE " + ", ".join(TABLES) + " IN SHARE ROW EXCLUSIVE MODE"
    )
    conn = session_connection.connection.driver_connection
    generator = Generator(seed, offices, next_ids(conn), int(time.time()))
    if rebuild_indexes is None:
        rebuild_indexes = cases >= 2000
    restore = drop_keys_and_indexes(conn) if rebuild_indexes else []

    def lap(label: str, step_started: float) -> None:
        now = time.perf_counter()
        say(f"  {label:<36} {now - step_started:6.1f} s  (total {now - started:.1f} s)")

    step_started = time.perf_counter()
    generator.prepare(cases)
    lap(f"generated {cases:,} people and cases", step_started)
    counts = {}
    for table, columns, rows in generator.streams():
        step_started = time.perf_counter()
        counts[table] = copy_rows(conn, table, columns, rows)
        lap(f"{table:<18} {counts[table]:>10,} rows", step_started)
    if restore:
        step_started = time.perf_counter()
        conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in restore:
            conn.execute(statement)
        lap(f"{len(restore)} indexes and foreign keys rebuilt", step_started)
    reset_sequences(conn)
    record(AUDIT_ACTION, changes={"cases": cases, "seed": seed, "rows": counts})
    db.session.flush()
    return counts


def analyze() -> None:
    """Fresh planner statistics for the loaded tables (run after the commit)."""
    db.session.execute(text("ANALYZE " + ", ".join(TABLES)))


def offices_with_counsellors(say) -> list[dict]:
    """Active offices with their active counsellors, creating demo ones where missing."""
    if db.session.scalar(select(Office.id).where(Office.is_active).limit(1)) is None:
        for _key, name, country, region, city in DEMO_OFFICES:
            create_office(
                {"name": name, "country": country, "region": region, "city": city},
                actor=None,
                is_demo=True,
            )
        say(f"  created {len(DEMO_OFFICES)} demo offices")
    offices = db.session.scalars(select(Office).where(Office.is_active).order_by(Office.id)).all()
    result, created = [], 0
    for office in offices:
        counsellors = db.session.scalars(
            select(User.id)
            .where(User.office_id == office.id, User.role == Role.COUNSELLOR, User.is_active)
            .order_by(User.id)
        ).all()
        if not counsellors:
            for n in (1, 2):
                user = accounts.create_user(
                    {
                        "email": f"scale.counsellor{n}.office{office.id}@demo.returnsvc.org",
                        "full_name": f"{('Marta', 'Pablo')[n - 1]} Demo ({office.city})",
                        "role": Role.COUNSELLOR.value,
                        "office_id": office.id,
                        "is_demo": True,
                    },
                    actor=None,
                )
                counsellors.append(user.id)
                created += 1
        result.append(
            {"id": office.id, "name": office.name, "country": office.country, "users": counsellors}
        )
    if created:
        say(f"  created {created} demo counsellors (no password)")
    return result
