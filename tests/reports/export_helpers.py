"""Helpers for the export tests (and the permission sweep): finished jobs, files read back."""

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from returnsvc.core.db import utcnow
from returnsvc.core.i18n import in_locale
from returnsvc.extensions import db
from returnsvc.reports import exports, jobs
from returnsvc.reports.models import ExportFormat, ExportJob, ExportKind, ExportStatus

FILE_TEXT = "Reference\r\nEC-TEST-1\r\n"


def ready_job(app, requester_id: int, *, expires_in=timedelta(hours=1), text=FILE_TEXT) -> int:
    """A finished case-list export of `requester_id`'s, its CSV file waiting; its id."""
    with app.app_context():
        name, path = jobs._new_file("csv", app)
        path.write_text(text, encoding="utf-8")
        now = utcnow()
        job = ExportJob(
            requester_id=requester_id,
            kind=ExportKind.CASES,
            file_format=ExportFormat.CSV,
            filters={"year": str(now.year)},
            locale="en",
            status=ExportStatus.READY,
            progress=1,
            total=1,
            file_name=name,
            created_at=now,
            updated_at=now,
            finished_at=now,
            expires_at=now + expires_in,
        )
        db.session.add(job)
        db.session.commit()
        return job.id


def in_english(header, rows) -> tuple[list, list[tuple]]:
    """A figure's export (header, rows) as an English file holds it: labels as text, numbers
    and dates as they are. Inside a request context."""
    with in_locale("en"):
        return (
            [exports.header_label(item) for item in header],
            [tuple(exports.plain(value) for value in row) for row in rows],
        )


def csv_rows(data: bytes) -> list[list[str]]:
    """The rows of an export's CSV (UTF-8 with a BOM)."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff"), "the CSV starts with a BOM"
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def csv_sections(data: bytes) -> dict[str, list[list[str]]]:
    """A figures CSV as {title: [header, *rows]} (blocks under a title, an empty row between)."""
    sections, title = {}, None
    for row in csv_rows(data):
        if not row:
            title = None
        elif title is None:
            title = row[0]
            sections[title] = []
        else:
            sections[title].append(row)
    return sections


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def sheet_rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]
