"""Large exports as background jobs (#18): over EXPORT_BACKGROUND_ROWS rows the case list is
written in the background, in-process (a thread) without Redis and on RQ with it; its page
shows the progress and reloads itself; the file is downloaded once, by its requester only
(anyone else: 404), before it expires (410 after); downloaded and expired files are deleted."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from returnsvc.audit.models import AuditEntry
from returnsvc.auth.models import User
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.reports import jobs
from returnsvc.reports.models import ExportJob, ExportStatus
from tests.reports.export_helpers import csv_rows, ready_job, workbook

EN = {"Accept-Language": "en"}
REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def small_threshold(app, monkeypatch, tmp_path):
    """Two rows at most in a request; files in a folder of the test's own."""
    monkeypatch.setitem(app.config, "EXPORT_BACKGROUND_ROWS", 2)
    monkeypatch.setitem(app.config, "EXPORTS_DIR", str(tmp_path / "exports"))
    monkeypatch.setitem(app.config, "REDIS_URL", "")


@pytest.fixture
def quito(app, make):
    office = make.office("EC", name="Quito")
    cases = [make.case(office_id=office.id, sex=sex) for sex in ("female", "male", "female")]
    make.case(office_id=make.office("BO").id, origin_country="BO", nationality="BO",
              document_country="BO", region_code="BO-C")  # fmt: skip
    return office, cases


def _job(app, job_id) -> ExportJob:
    with app.app_context():
        job = db.session.get(ExportJob, job_id)
        db.session.expunge(job)
        return job


def _ask(client, path="/reports/exports/cases.csv") -> int:
    response = client.post(path, headers=EN)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    job_id = int(response.location.rsplit("/", 1)[1])
    # The job starts once the answer is sent (its row committed): the test client sends it on
    # close.
    response.close()
    return job_id


def _download(client, job_id):
    response = client.post(f"/reports/exports/{job_id}/download", headers=EN)
    data = response.data
    response.close()
    return response, data


def test_a_large_case_list_is_written_in_the_background(
    app, client, sign_in, small_threshold, quito
):
    office, cases = quito
    manager = sign_in("manager", office_id=office.id, locale="en")
    job_id = _ask(client)
    jobs.wait_for_threads()
    job = _job(app, job_id)
    assert job.status is ExportStatus.READY
    assert (job.requester_id, job.total, job.progress) == (manager.id, 3, 3)
    assert job.filters["country"] == "EC" and job.locale == "en"
    path = jobs.exports_dir(app) / job.file_name
    assert path.is_file() and path.parent.name == "exports"
    assert job.expires_at - job.finished_at == app.config["EXPORT_FILE_LIFETIME"]
    page = client.get(f"/reports/exports/{job_id}", headers=EN).get_data(as_text=True)
    assert "The file is ready: 3 rows." in page and 'http-equiv="refresh"' not in page
    listing = client.get("/reports/exports/", headers=EN).get_data(as_text=True)
    assert f"/reports/exports/{job_id}" in listing and "Ready to download" in listing

    response, data = _download(client, job_id)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    references = [row[0] for row in csv_rows(data)[1:]]
    assert references == [case.reference for case in cases]
    assert not path.exists()  # deleted once sent
    assert _job(app, job_id).status is ExportStatus.DOWNLOADED

    again, _data = _download(client, job_id)
    assert again.status_code == 410
    assert "already been downloaded" in again.get_data(as_text=True)
    with app.app_context():
        audited = db.session.execute(
            select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.target_id, AuditEntry.changes)
            .where(AuditEntry.action.like("outcomes.%"))
            .order_by(AuditEntry.id)
        ).all()
    assert [(a.action, a.actor_id, a.target_id) for a in audited] == [
        ("outcomes.export_started", manager.id, str(job_id)),
        ("outcomes.export_downloaded", manager.id, str(job_id)),
    ]
    assert audited[0].changes["rows"] == 3 and audited[0].changes["filters"]["country"] == "EC"


def test_a_small_list_is_the_answer_itself(app, client, sign_in, small_threshold, make):
    office = make.office("EC")
    make.case(office_id=office.id)
    sign_in("manager", office_id=office.id, locale="en")
    response = client.post("/reports/exports/cases.csv", headers=EN)
    assert response.status_code == 200 and len(csv_rows(response.data)) == 2
    with app.app_context():
        assert db.session.scalar(select(ExportJob.id)) is None


def test_the_xlsx_job_in_the_requesters_language(app, client, sign_in, small_threshold, quito):
    office, cases = quito
    sign_in("manager", office_id=office.id, locale="es")
    job_id = _ask(client, "/reports/exports/cases.xlsx")
    jobs.wait_for_threads()
    assert _job(app, job_id).locale == "es"
    response, data = _download(client, job_id)
    book = workbook(data)
    assert len(book.sheetnames) == 2
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [case.reference for case in cases]
    assert rows[1][5] == "Registrado"  # the stage, in Spanish


def test_the_page_reloads_itself_while_the_job_runs(app, client, sign_in, small_threshold, quito):
    office, _cases = quito
    manager = sign_in("manager", office_id=office.id, locale="en")
    job_id = ready_job(app, manager.id)
    with app.app_context():
        db.session.execute(
            update(ExportJob)
            .where(ExportJob.id == job_id)
            .values(status=ExportStatus.RUNNING, progress=2000, total=5000)
        )
        db.session.commit()
    page = client.get(f"/reports/exports/{job_id}", headers=EN).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "2,000 of 5,000 rows written." in page
    assert '<progress max="5000" value="2000"' in page
    # Not download-able before it is ready.
    assert _download(client, job_id)[0].status_code == 410


def test_a_job_that_stopped_moving_is_shown_failed(app, client, sign_in, small_threshold, quito):
    office, _cases = quito
    manager = sign_in("manager", office_id=office.id, locale="en")
    job_id = ready_job(app, manager.id)
    with app.app_context():
        db.session.execute(
            update(ExportJob)
            .where(ExportJob.id == job_id)
            .values(status=ExportStatus.RUNNING, updated_at=utcnow() - timedelta(hours=1))
        )
        db.session.commit()
    page = client.get(f"/reports/exports/{job_id}", headers=EN).get_data(as_text=True)
    assert "could not be made" in page and "http-equiv" not in page


def test_another_user_finds_no_job(app, client, make, sign_in, small_threshold, quito):
    office, _cases = quito
    owner = make.user("manager", office_id=office.id)
    job_id = ready_job(app, owner.id)
    sign_in("manager", office_id=office.id, locale="en")  # same office, same country
    assert client.get(f"/reports/exports/{job_id}").status_code == 404
    assert _download(client, job_id)[0].status_code == 404
    assert f"/reports/exports/{job_id}" not in client.get("/reports/exports/").get_data(
        as_text=True
    )
    assert client.get("/reports/exports/999999").status_code == 404
    assert _job(app, job_id).status is ExportStatus.READY  # still there for its owner


def test_an_expired_file_is_gone_and_deleted(app, client, sign_in, small_threshold, quito):
    office, _cases = quito
    manager = sign_in("manager", office_id=office.id, locale="en")
    job_id = ready_job(app, manager.id, expires_in=timedelta(seconds=-1))
    path = jobs.exports_dir(app) / _job(app, job_id).file_name
    assert path.is_file()
    page = client.get(f"/reports/exports/{job_id}", headers=EN).get_data(as_text=True)
    assert "not downloaded in time" in page
    response, _data = _download(client, job_id)
    assert response.status_code == 410
    # The next export (or the worker, or `flask reports purge-exports`) deletes it.
    with app.app_context():
        assert jobs.discard_old_files(app) == 1
        db.session.commit()
    assert not path.exists()
    job = _job(app, job_id)
    assert job.file_name is None and job.status is ExportStatus.EXPIRED


def test_purge_command_deletes_old_files(app, make, small_threshold):
    owner = make.user("admin")
    job_id = ready_job(app, owner.id, expires_in=timedelta(seconds=-1))
    path = jobs.exports_dir(app) / _job(app, job_id).file_name
    result = app.test_cli_runner().invoke(args=["reports", "purge-exports"])
    assert result.exit_code == 0 and "1 export file(s) deleted." in result.output
    assert not path.exists()


def test_a_deactivated_requester_gets_no_file(app, client, sign_in, small_threshold, quito):
    office, _cases = quito
    manager = sign_in("manager", office_id=office.id, locale="en")
    response = client.post("/reports/exports/cases.csv", headers=EN)
    job_id = int(response.location.rsplit("/", 1)[1])
    with app.app_context():
        db.session.get(User, manager.id).is_active = False
        db.session.commit()
    response.close()  # the job starts now, after the account was closed
    jobs.wait_for_threads()
    job = _job(app, job_id)
    assert job.status is ExportStatus.FAILED and job.file_name is None
    assert job.error == "requester may no longer export"
    folder = jobs.exports_dir(app)
    assert not folder.exists() or list(folder.iterdir()) == []  # no file was begun


def _redis_or_skip():
    try:
        from redis import Redis

        connection = Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
        connection.ping()
    except Exception as error:  # noqa: BLE001 - any failure means no Redis here
        pytest.skip(f"no Redis at {REDIS_TEST_URL}: {error}")
    return connection


def test_with_redis_the_job_runs_on_rq(app, client, sign_in, small_threshold, monkeypatch, quito):
    connection = _redis_or_skip()
    name = f"returnsvc-test-exports-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_TEST_URL)
    monkeypatch.setitem(app.config, "EXPORT_QUEUE", name)
    office, cases = quito
    sign_in("manager", office_id=office.id, locale="en")
    queue = jobs.queue(app, connection)
    try:
        job_id = _ask(client)
        assert queue.count == 1  # on the queue, not on a thread
        assert _job(app, job_id).status is ExportStatus.QUEUED
        # The worker's command, until the queue is empty (RQ's SimpleWorker, in this process).
        result = app.test_cli_runner().invoke(args=["reports", "worker", "--burst"])
        assert result.exit_code == 0, result.output
        assert queue.count == 0
        job = _job(app, job_id)
        assert (job.status, job.progress) == (ExportStatus.READY, 3)
        response, data = _download(client, job_id)
        assert response.status_code == 200
        assert [row[0] for row in csv_rows(data)[1:]] == [case.reference for case in cases]
        assert _download(client, job_id)[0].status_code == 410
    finally:
        queue.empty()
        queue.delete(delete_jobs=True)


def test_without_redis_reachable_the_job_runs_here(
    app, client, sign_in, small_threshold, monkeypatch, quito
):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nobody listens
    office, _cases = quito
    sign_in("manager", office_id=office.id, locale="en")
    job_id = _ask(client)
    jobs.wait_for_threads()
    assert _job(app, job_id).status is ExportStatus.READY


def test_the_worker_needs_redis(app, small_threshold):
    result = app.test_cli_runner().invoke(args=["reports", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output
