"""The dashboard's exports (/reports/exports/): the filtered figures and the filtered list of
cases as CSV or XLSX, and the health-professionals report's tables (reports.health), for those
who may see the outcomes (VIEW_OUTCOMES), every one audited (who, which filters, how many rows).

An export is asked for with a POST (a CSRF token; an export is recorded) to the export's URL
carrying the dashboard's filters in its query string. Up to EXPORT_BACKGROUND_ROWS rows the
file is the answer; a larger case list becomes a background job (reports.jobs) whose page
shows its progress (it reloads itself while the job runs: no JavaScript) and offers the file
once, to its requester only (anyone else: 404), until it expires (410 after that, or once
downloaded).
"""

import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from returnsvc.audit.services import record
from returnsvc.auth.sessions import account_of
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import locale_code
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.extensions import db
from returnsvc.reports import exports, jobs
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.reports.health import export_sections as health_sections
from returnsvc.reports.health import health_report
from returnsvc.reports.models import ExportFormat, ExportJob, ExportKind, ExportStatus

bp = Blueprint("report_exports", __name__, url_prefix="/reports/exports")

VIEW = Permission.VIEW_OUTCOMES
# The requester's list shows their exports of this long ago at most.
LISTED = 20
REFRESH_SECONDS = 3
MIMETYPES = {ExportFormat.CSV: exports.CSV_TYPE, ExportFormat.XLSX: exports.XLSX_TYPE}
# The audit's kind of the health-professionals report's export (never a job: no ExportKind).
HEALTH = "health"


def _attachment(data: bytes, file_format: ExportFormat, name: str) -> Response:
    response = Response(data, mimetype=MIMETYPES[file_format])
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _audit(action: str, *, actor, kind, file_format, filters, rows, job=None) -> None:
    """`kind`: an ExportKind, or HEALTH."""
    record(
        action,
        actor=actor,
        target=("report_export_job", job.id) if job is not None else None,
        changes={
            "kind": str(kind),  # an ExportKind's str is its code
            "format": file_format.value,
            "filters": filters.query_args(),
            "rows": rows,
        },
    )


@bp.route("/<kind>.<file_format>", methods=["POST"])
@require_permission(VIEW)
def export(kind: str, file_format: str):
    try:
        kind, file_format = ExportKind(kind), ExportFormat(file_format)
    except ValueError:
        abort(404)
    user = account_of(current_user)
    filters = parse_filters(request.args, user)
    scope = scope_of(filters, user)
    jobs.discard_old_files()
    name = exports.file_name(kind.value, filters, file_format.value)
    if kind is ExportKind.FIGURES:
        figures = exports.figure_sections(scope)
        rows = sum(len(section.rows) for section in figures)
        sections = [exports.filters_section(filters, user), *figures]
        titled = True
    else:
        rows = exports.count_cases(scope)
        if rows > current_app.config["EXPORT_BACKGROUND_ROWS"]:
            job = jobs.create_job(user, filters, kind, file_format, locale_code(), rows)
            _audit("outcomes.export_started", actor=user, kind=kind, file_format=file_format,
                   filters=filters, rows=rows, job=job)  # fmt: skip
            response = redirect(url_for("report_exports.job", job_id=job.id), code=303)
            jobs.start_after_response(response, job.id)
            return response
        sections = exports.case_sections(scope, user, file_format.value, total=rows)
        titled = False
    out = io.BytesIO()
    exports.write(sections, file_format.value, out, titled=titled)
    _audit("outcomes.exported", actor=user, kind=kind, file_format=file_format,
           filters=filters, rows=rows)  # fmt: skip
    return _attachment(out.getvalue(), file_format, name)


@bp.route("/health.<file_format>", methods=["POST"])
@require_permission(VIEW)
def health(file_format: str):
    """The health-professionals report of the filters (reports.health): the filters, when the
    recognition and situation were read, then the page's tables. A few rows: never a job."""
    try:
        file_format = ExportFormat(file_format)
    except ValueError:
        abort(404)
    user = account_of(current_user)
    filters = parse_filters(request.args, user)
    report = health_report(scope_of(filters, user))
    tables = health_sections(report)
    read_on = (_("Recognition and situation read on"), report.as_of)
    sections = [exports.filters_section(filters, user, rows_note=read_on), *tables]
    out = io.BytesIO()
    exports.write(sections, file_format.value, out)
    _audit("outcomes.exported", actor=user, kind=HEALTH, file_format=file_format,
           filters=filters, rows=sum(len(table.rows) for table in tables))  # fmt: skip
    name = exports.file_name(HEALTH, filters, file_format.value)
    return _attachment(out.getvalue(), file_format, name)


def _own_job_or_404(job_id: int, *, lock: bool = False) -> ExportJob:
    """The job when the signed-in person asked for it; anyone else's is not found."""
    statement = select(ExportJob).where(
        ExportJob.id == job_id, ExportJob.requester_id == current_user.id
    )
    if lock:
        statement = statement.with_for_update()
    job = db.session.scalar(statement)
    if job is None:
        abort(404)
    return job


@bp.route("/")
@require_permission(VIEW)
def jobs_list():
    listed = db.session.scalars(
        select(ExportJob)
        .where(ExportJob.requester_id == current_user.id)
        .order_by(ExportJob.created_at.desc(), ExportJob.id.desc())
        .limit(LISTED)
    ).all()
    now = utcnow()
    return render_template(
        "reports/exports/list.html",
        rows=[(job, jobs.shown_status(job, now)) for job in listed],
        Status=ExportStatus,
    )


@bp.route("/<int:job_id>")
@require_permission(VIEW)
def job(job_id: int):
    job = _own_job_or_404(job_id)
    status = jobs.shown_status(job)
    return render_template(
        "reports/exports/job.html",
        job=job,
        status=status,
        Status=ExportStatus,
        refresh=REFRESH_SECONDS if status in jobs.PENDING else None,
        filters=parse_filters(_args(job), account_of(current_user)),
    )


def _args(job: ExportJob) -> MultiDict:
    return MultiDict(job.filters)


@bp.route("/<int:job_id>/download", methods=["POST"])
@require_permission(VIEW)
def download(job_id: int):
    """The file, once: the job's row is locked and marked downloaded (committed before the
    file is sent) and the file deleted as it is sent. Gone (downloaded, expired or never
    made): 410."""
    job = _own_job_or_404(job_id, lock=True)
    status = jobs.shown_status(job)
    path = jobs.path_of(job.file_name) if status is ExportStatus.READY else None
    if path is None:
        return render_template("reports/exports/gone.html", job=job, status=status), 410
    job.file_name = None
    job.status = ExportStatus.DOWNLOADED
    job.downloaded_at = utcnow()
    user = account_of(current_user)
    filters = parse_filters(_args(job), user)
    _audit("outcomes.export_downloaded", actor=user, kind=job.kind, file_format=job.file_format,
           filters=filters, rows=job.progress, job=job)  # fmt: skip
    # Opened, then unlinked: the open file is sent whole (POSIX) and nothing is left behind,
    # whatever becomes of the response.
    handle = path.open("rb")
    path.unlink(missing_ok=True)
    response = send_file(
        handle,
        mimetype=MIMETYPES[job.file_format],
        as_attachment=True,
        download_name=exports.file_name(job.kind.value, filters, job.file_format.value),
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
