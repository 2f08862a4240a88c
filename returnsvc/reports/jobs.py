"""Large exports (more than EXPORT_BACKGROUND_ROWS rows) as background jobs.

The request records the job (reports.models.ExportJob) and, once its transaction is committed
and the answer sent, starts it: on RQ when REDIS_URL is set (queue EXPORT_QUEUE; the worker is
`flask reports worker`, reports.worker), else on a thread of the web process (nothing to run
beside the app; a job dies with its process). Redis unreachable at that moment: the thread.

A job runs as its requester, with the rights they have when it runs (an account deactivated
or no longer allowed to see outcomes in between: the job fails), in the language they asked
in, with the filters they chose. It writes the file under EXPORTS_DIR (outside the web root;
every web process and worker must see the same folder) under a random name, moving its
progress on after every batch of rows, and offers it for EXPORT_FILE_LIFETIME. Its requester
downloads it once (views: POST, the row locked); the file is deleted then, and files past
their time are deleted by `discard_old_files` (every new export, every job, and `flask
reports purge-exports`).
"""

import logging
import os
import re
import secrets
import threading
from datetime import timedelta
from pathlib import Path

from flask import current_app, g, has_app_context
from sqlalchemy import or_, select, update
from werkzeug.datastructures import MultiDict

from returnsvc.auth.models import User
from returnsvc.auth.sessions import load_user
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import in_locale
from returnsvc.core.permissions import Permission, has_permission
from returnsvc.extensions import db
from returnsvc.reports import exports
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.reports.models import ExportFormat, ExportJob, ExportKind, ExportStatus

log = logging.getLogger("returnsvc.reports.jobs")

STORED_NAME = re.compile(r"[0-9a-f]{32}\.(csv|xlsx)")
# The statuses of a job still to finish.
PENDING = (ExportStatus.QUEUED, ExportStatus.RUNNING)
# Threads of in-process jobs still running (tests wait for them: wait_for_threads).
_threads: set[threading.Thread] = set()
_threads_lock = threading.Lock()


# --- files ----------------------------------------------------------------------------------


def exports_dir(app=None) -> Path:
    return Path((app or current_app).config["EXPORTS_DIR"])


def path_of(stored_name: str | None, app=None) -> Path | None:
    """The stored file (None for a name that is not one of ours, or a missing file)."""
    if not STORED_NAME.fullmatch(stored_name or ""):
        return None
    path = exports_dir(app) / stored_name
    return path if path.is_file() else None


def _new_file(file_format: str, app) -> tuple[str, Path]:
    """A new random name in the folder, created empty (never an existing file)."""
    folder = exports_dir(app)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    while True:
        name = f"{secrets.token_hex(16)}.{file_format}"
        try:
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # pragma: no cover - 128 random bits
            continue
        os.close(fd)
        return name, folder / name


def discard_file(stored_name: str | None, app=None) -> None:
    path = path_of(stored_name, app)
    if path is not None:
        path.unlink(missing_ok=True)


def discard_old_files(app=None) -> int:
    """Delete the files downloaded or past their time and mark those jobs so; how many.
    Flushes (the caller commits)."""
    now = utcnow()
    jobs = db.session.scalars(
        select(ExportJob)
        .where(
            ExportJob.file_name.is_not(None),
            or_(ExportJob.expires_at <= now, ExportJob.downloaded_at.is_not(None)),
        )
        .with_for_update(skip_locked=True)
    ).all()
    for job in jobs:
        discard_file(job.file_name, app)
        job.file_name = None
        if job.downloaded_at is None:
            job.status = ExportStatus.EXPIRED
    db.session.flush()
    return len(jobs)


# --- the state a job is in, as its page shows it ---------------------------------------------


def shown_status(job: ExportJob, now=None) -> ExportStatus:
    """Its status, with time applied: past its time (not downloaded) it is expired; a running
    job that has not moved for EXPORT_JOB_STALLED has died with its process."""
    now = now or utcnow()
    if job.status is ExportStatus.DOWNLOADED:
        return job.status
    if job.expires_at <= now:
        return ExportStatus.EXPIRED
    stalled = current_app.config["EXPORT_JOB_STALLED"]
    if job.status is ExportStatus.RUNNING and job.updated_at + stalled <= now:
        return ExportStatus.FAILED
    return job.status


# --- asking for one ------------------------------------------------------------------------


def create_job(user, filters, kind: ExportKind, file_format: ExportFormat, locale: str, total):
    """A queued job for `user` (flushed: the caller commits, then `start_after_response`)."""
    now = utcnow()
    job = ExportJob(
        requester_id=user.id,
        kind=kind,
        file_format=file_format,
        filters={name: str(value) for name, value in filters.query_args().items()},
        locale=locale,
        status=ExportStatus.QUEUED,
        total=total,
        created_at=now,
        updated_at=now,
        expires_at=now + current_app.config["EXPORT_FILE_LIFETIME"],
    )
    db.session.add(job)
    db.session.flush()
    return job


def start_after_response(response, job_id: int) -> None:
    """Start the job once the response is sent (its row is committed by then)."""
    app = current_app._get_current_object()
    response.call_on_close(lambda: start(app, job_id))


def start(app, job_id: int) -> str:
    """Put the job on RQ (REDIS_URL set) or on a thread of this process; which one."""
    if app.config.get("REDIS_URL"):
        try:
            queue(app).enqueue(
                "returnsvc.reports.jobs.run_queued",
                job_id,
                job_timeout=int(app.config["EXPORT_JOB_TIMEOUT"].total_seconds()),
                result_ttl=0,
                failure_ttl=int(app.config["EXPORT_FILE_LIFETIME"].total_seconds()),
            )
            return "rq"
        except Exception:  # Redis down: the export still gets made, here
            log.exception("export %s: Redis unreachable, running it in this process", job_id)
    thread = threading.Thread(
        target=_run_on_thread, args=(app, job_id), name=f"export-{job_id}", daemon=True
    )
    with _threads_lock:
        _threads.add(thread)
    thread.start()
    return "thread"


def _run_on_thread(app, job_id: int) -> None:
    try:
        run(app, job_id)
    finally:
        with _threads_lock:
            _threads.discard(threading.current_thread())


def wait_for_threads(timeout: float = 60) -> None:
    """Wait for the in-process jobs (tests)."""
    with _threads_lock:
        running = list(_threads)
    for thread in running:
        thread.join(timeout)


def redis_connection(app):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"])


def queue(app, connection=None):
    from rq import Queue

    return Queue(app.config["EXPORT_QUEUE"], connection=connection or redis_connection(app))


# --- running one ---------------------------------------------------------------------------


def run_queued(job_id: int) -> None:
    """RQ's entry point, in the app that `flask reports worker` (reports.worker) pushes."""
    if not has_app_context():
        raise RuntimeError("run the exports' worker with `flask --app wsgi reports worker`")
    run(current_app._get_current_object(), job_id)


def run(app, job_id: int) -> None:
    """Write the job's file. Never raises: a failure is the job's status."""
    with app.app_context(), app.test_request_context():
        try:
            _run(app, job_id)
        except Exception as error:
            log.exception("export %s failed", job_id)
            db.session.rollback()
            _fail(job_id, type(error).__name__)
        finally:
            db.session.remove()


def _fail(job_id: int, reason: str) -> None:
    job = db.session.get(ExportJob, job_id)
    if job is None:
        return
    discard_file(job.file_name)
    job.file_name = None
    job.status = ExportStatus.FAILED
    job.error = reason[:200]
    job.finished_at = job.updated_at = utcnow()
    db.session.commit()


def _take(job_id: int) -> bool:
    """Queued -> running, once (a job put on the queue twice runs once)."""
    taken = db.session.execute(
        update(ExportJob)
        .where(
            ExportJob.id == job_id,
            ExportJob.status == ExportStatus.QUEUED,
            ExportJob.expires_at > utcnow(),
        )
        .values(status=ExportStatus.RUNNING, updated_at=utcnow())
    ).rowcount
    db.session.commit()
    return bool(taken)


def _run(app, job_id: int) -> None:
    discard_old_files(app)
    db.session.commit()
    if not _take(job_id):
        log.info("export %s: not waiting to run (taken, expired or gone)", job_id)
        return
    job = db.session.get(ExportJob, job_id)
    account = db.session.get(User, job.requester_id)
    # The requester as current_user, as a request of theirs would have them (their zone, their
    # rights now): an account deactivated or signed out everywhere since loads nobody.
    signed_in = load_user(f"{account.id}:{account.session_version}")
    if signed_in is None or not has_permission(signed_in, Permission.VIEW_OUTCOMES):
        _fail(job_id, "requester may no longer export")
        return
    g._login_user = signed_in
    with in_locale(job.locale):
        filters = parse_filters(MultiDict(job.filters), account)
        scope = scope_of(filters, account)
        if job.kind is ExportKind.CASES:
            job.total = exports.count_cases(scope)
        db.session.commit()
        name, path = _new_file(job.file_format.value, app)
        job.file_name = name  # known at once, so a failure deletes the part written
        db.session.commit()

        def moved_on(rows: int) -> None:
            job.progress = rows
            job.updated_at = utcnow()
            db.session.commit()

        if job.kind is ExportKind.CASES:
            sections = exports.case_sections(
                scope, account, job.file_format.value, total=job.total, progress=moved_on
            )
        else:
            figures = exports.figure_sections(scope)
            job.total = job.progress = sum(len(section.rows) for section in figures)
            sections = [exports.filters_section(filters, account), *figures]
        with open(path, "wb") as out:
            exports.write(
                sections, job.file_format.value, out, titled=job.kind is ExportKind.FIGURES
            )
    now = utcnow()
    job.status = ExportStatus.READY
    job.finished_at = job.updated_at = now
    job.expires_at = now + app.config["EXPORT_FILE_LIFETIME"]
    db.session.commit()
    log.info("export %s ready: %s rows", job_id, job.progress)


def lifetime_left(job: ExportJob) -> timedelta:
    return max(job.expires_at - utcnow(), timedelta())
