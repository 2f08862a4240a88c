"""The dashboard's exports: the filtered figures and the filtered list of cases, as CSV or XLSX.

An export is a list of `Section`s (a title, a header, rows of plain values). The figures'
export starts with the filters applied and when and by whom it was made, then one section per
registered figure that has an `export` (cases.workspace.ReportFigure); the case list is one
section (plus the filters, in the XLSX's first sheet). Labels are in the language of the
request (or of the job: reports.jobs runs it in the requester's language).

Cells a spreadsheet would run as a formula (text beginning `=`, `+`, `-`, `@`, tab or CR) are
neutralised: in CSV with a leading quote (guide_files.columns.escape_cell, the guide export's
own rule), in XLSX by writing every text as a text cell, never a formula. Numbers stay numbers
(a negative amount is not a formula).

The case list holds what a manager may see of a case in lists: its reference, office, the
person's country of return, sex and age band (never the birth date), stage, the days it was
opened and closed, the close reason, the return programme and whether the person is a health
professional. Never names, identity documents, contact details, notes (confidential or not) or
any other free text. It lists the scope's cases opened by the end of the period: their ids
in one statement, then BATCH cases a statement by primary key.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import Date, Integer, and_, any_, case, cast, extract, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql import bindparam

from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.cases.workspace import workspace
from returnsvc.core.clock import local_now, zone_label, zone_of
from returnsvc.core.countries import country_name
from returnsvc.core.enums import LabelledEnum
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import locale_code
from returnsvc.extensions import db
from returnsvc.guide_files.columns import escape_cell
from returnsvc.offices.models import Office
from returnsvc.reports.filters import AGE_BANDS, Filters, Scope, is_health_professional
from returnsvc.returnees.models import MigrationHistory, Returnee, ReturnProgramme, Sex

BOM = "\ufeff"
BATCH = 5000
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_TITLE_DROP = str.maketrans("", "", "[]:*?/\\")

# Column codes a section's header may hold instead of a label. The figures' exports give labels
# (lazy strings); a code that is not here is a mistake (tests/reports/test_export_labels.py
# finds it) and is written as it is rather than failing the export.
COLUMN_LABELS = {
    "women": _l("Women"),
    "men": _l("Men"),
    "other": _l("Other or not said"),
    "total": _l("Total"),
    "stage": _l("Stage"),
    "month": _l("Month"),
    "reason": _l("Reason"),
    "sex": _l("Sex"),
    "cohort": _l("Cohort"),
    "currency": _l("Currency"),
    "sector": _l("Sector"),
    "country": _l("Country"),
    "office": _l("Office"),
    "year": _l("Year"),
    "partner_kind": _l("Kind of partner"),
}


@dataclass
class Section:
    """A table of an export: a sheet of the XLSX, a block of the CSV under its title."""

    title: str
    header: tuple
    rows: Iterable  # of tuples of plain values (text, numbers, dates, enums, None)


# --- cells ----------------------------------------------------------------------------------


def header_label(item) -> str:
    """A column's name in the current language: a lazy string (or an enum's label)
    translated, a code of COLUMN_LABELS its label; any other text as it is."""
    if isinstance(item, str) and not isinstance(item, LabelledEnum):
        label = COLUMN_LABELS.get(item)
        return str(label) if label is not None else item
    return plain(item)


def plain(value):
    """A cell's value: text (labels translated), a number, a date, or None."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or isinstance(value, (int, float, Decimal, date)):
        return value
    if isinstance(value, LabelledEnum):
        return str(value.label)
    return str(value)


def csv_cell(value) -> str:
    if type(value) is not str:  # most cells are text already: straight to the escape
        value = plain(value)
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.isoformat(sep=" ", timespec="minutes")
        if isinstance(value, date):
            return value.isoformat()
        if not isinstance(value, str):
            return str(value)
    return escape_cell(value)


def xlsx_cell(sheet, value):
    """The value for openpyxl: text stays text (a formula never), dates become date cells
    (openpyxl gives them the yyyy-mm-dd format), numbers numbers."""
    if type(value) is not str:
        value = plain(value)
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if not isinstance(value, str):
            return value
    if not value.isprintable():  # control characters XML cannot hold go (tab, CR, LF stay)
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(("=", "#")):
        # openpyxl would write "=..." as a formula and "#N/A" as an error: text it is.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


# --- writers --------------------------------------------------------------------------------


def write_csv(sections: list[Section], out, *, titled: bool = True) -> None:
    """UTF-8 with a BOM (so spreadsheets read the accents), CRLF. `titled`: each section
    under a row with its title and followed by an empty row (the figures); else the one
    section's header and rows alone (the case list: a plain table)."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    for number, section in enumerate(sections):
        if titled:
            if number:
                writer.writerow([])
            writer.writerow([csv_cell(section.title)])
        writer.writerow([csv_cell(header_label(item)) for item in section.header])
        for row in section.rows:
            writer.writerow([csv_cell(value) for value in row])


def _sheet_title(title: str, taken: set) -> str:
    base = " ".join(str(title).translate(_SHEET_TITLE_DROP).split())[:SHEET_TITLE_MAX] or "-"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def write_xlsx(sections: list[Section], out) -> None:
    """One sheet per section (in write-only mode: rows go to disk as they come)."""
    book = Workbook(write_only=True)
    taken: set = set()
    for section in sections:
        sheet = book.create_sheet(_sheet_title(section.title, taken))
        sheet.append([xlsx_cell(sheet, header_label(item)) for item in section.header])
        for row in section.rows:
            sheet.append([xlsx_cell(sheet, value) for value in row])
    book.save(out)


def write(sections: list[Section], file_format: str, out, *, titled: bool = True) -> None:
    """Write into `out`: a binary stream (or a path, for XLSX)."""
    if file_format == "xlsx":
        write_xlsx(sections, out)
        return
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        write_csv(sections, text, titled=titled)
        text.flush()
    finally:
        text.detach()  # `out` stays open for its owner


# --- what the filters were -----------------------------------------------------------------


def _all_or(value) -> str:
    return value if value is not None else _("All")


def filters_section(filters: Filters, user, *, rows_note=None) -> Section:
    """The filters applied, who made the export and when (in their time zone)."""
    zone = zone_of(user)
    locale = locale_code()
    office = db.session.get(Office, filters.office_id) if filters.office_id else None
    band = next((label for code, label, *_r in AGE_BANDS if code == filters.age_band), None)
    health = {True: _("Only health professionals"), False: _("No health professionals")}
    made = local_now(zone)
    rows = [
        (_("Made on"), made.replace(tzinfo=None, second=0, microsecond=0)),
        (_("Time zone"), zone_label(zone.key, locale)),
        (_("Made by"), user.full_name),
        (_("First day of the period"), filters.first_day),
        (_("Last day of the period"), filters.last_day),
        (
            _("Country of return"),
            _all_or(filters.country and country_name(filters.country, locale)),
        ),
        (_("Office"), _all_or(office.name if office else None)),
        (_("Sex"), _all_or(filters.sex)),
        (_("Age when the case was opened"), _all_or(band)),
        (_("Return programme"), _all_or(filters.programme)),
        (_("Health professionals"), _all_or(health.get(filters.health))),
    ]
    if rows_note is not None:
        rows.append(rows_note)
    return Section(_("Filters"), (_("Filter"), _("Value")), rows)


# --- the figures ---------------------------------------------------------------------------


def figure_sections(scope: Scope) -> list[Section]:
    """One section per registered figure that can be exported, in the dashboard's order."""
    sections = []
    for figure in workspace().report_figures:
        if figure.export is None:
            continue
        header, rows = figure.export(figure.compute(scope))
        sections.append(Section(str(figure.title), tuple(header), list(rows)))
    return sections


# --- the case list -------------------------------------------------------------------------

CASE_COLUMNS = (
    _l("Reference"),
    _l("Office"),
    _l("Country of return"),
    _l("Sex"),
    _l("Age when the case was opened"),
    _l("Stage"),
    _l("Opened on"),
    _l("Closed on"),
    _l("Close reason"),
    _l("Return programme"),
    _l("Health professional"),
)
CASES_DEFINITION = _l(
    "The cases of the filters opened by the end of the period (those closed before it too),"
    " one a row; the days are those of the case's office."
)
CASE_IDS = bindparam("case_ids", type_=ARRAY(Integer))


def _office_day(instant):
    return cast(func.timezone(Office.time_zone, instant), Date)


def _age_band_code():
    # The age on the day the case was opened, as reports.filters computes it for the filter.
    age = extract("year", func.age(func.date(Case.opened_at), Returnee.birth_date))
    return case(
        *[
            (and_(age >= low, age <= high) if high is not None else age >= low, code)
            for code, _label, low, high in AGE_BANDS
        ],
        else_=None,
    )


def cases_in(scope: Scope):
    """SQL: the scope's cases the list holds (opened by the end of the period)."""
    return select(scope.cases.c.case_id).where(scope.cases.c.opened_at < scope.ends_at)


def count_cases(scope: Scope) -> int:
    """How many rows the case list has. One statement."""
    return db.session.scalar(select(func.count()).select_from(cases_in(scope).subquery()))


# The columns of a batch of the list's cases, read by their ids (by primary key: the scope's
# conditions are read once, for the ids). The same statement for every batch and export.
_CASE_BATCH = (
    select(
        Case.reference,
        Office.name,
        Returnee.origin_country,
        Returnee.sex,
        _age_band_code(),
        Case.stage,
        _office_day(Case.opened_at),
        _office_day(Case.closed_at),
        Case.close_reason,
        MigrationHistory.return_programme,
        is_health_professional(Case.returnee_id),
    )
    .join(Returnee, Returnee.id == Case.returnee_id)
    .join(Office, Office.id == Case.office_id)
    .outerjoin(MigrationHistory, MigrationHistory.returnee_id == Case.returnee_id)
    # Anonymised while a long export runs: left out as the scope leaves them out.
    .where(Case.id == any_(CASE_IDS), Returnee.anonymised_at.is_(None))
    .order_by(Case.id)
)


def case_rows(
    scope: Scope, *, batch: int | None = None, progress: Callable[[int], None] | None = None
) -> Iterator[tuple]:
    """The case list's rows in the order the cases were opened (their ids), labels in the
    current language: the ids in one statement, then `batch` (BATCH) cases a statement;
    `progress(rows so far)` after each batch."""
    batch = batch or BATCH
    ids = db.session.scalars(cases_in(scope).order_by(scope.cases.c.case_id)).all()
    locale = locale_code()
    # One table per enum: members equal their codes, and "other" is a sex and a reason.
    sexes, stages, reasons, programmes = (
        {member: str(member.label) for member in enum}
        for enum in (Sex, Stage, CloseReason, ReturnProgramme)
    )
    bands = {code: str(label) for code, label, *_r in AGE_BANDS}
    countries: dict = {}
    yes, no = _("Yes"), _("No")
    written = 0
    for start in range(0, len(ids), batch):
        rows = db.session.execute(_CASE_BATCH, {"case_ids": ids[start : start + batch]}).all()
        for row in rows:
            (reference, office, country, sex, band, stage,
             opened, closed, reason, programme, health) = row  # fmt: skip
            if country not in countries:
                countries[country] = country_name(country, locale)
            yield (
                reference,
                office,
                countries[country],
                sexes.get(sex, ""),
                bands.get(band, ""),
                stages.get(stage, ""),
                opened,
                closed,
                reasons.get(reason) if reason else None,
                programmes.get(programme) if programme else None,
                yes if health else no,
            )
        written += len(rows)
        if progress is not None:
            progress(written)


def case_sections(
    scope: Scope, user, file_format: str, *, total: int, progress=None
) -> list[Section]:
    """The case list: its filters first in an XLSX (a plain table in a CSV)."""
    table = Section(_("Cases"), CASE_COLUMNS, case_rows(scope, progress=progress))
    if file_format != "xlsx":
        return [table]
    note = (str(CASES_DEFINITION), total)
    return [filters_section(scope.filters, user, rows_note=note), table]


def file_name(kind: str, filters: Filters, file_format: str) -> str:
    """outcomes-cases-2025-01-01-2025-12-31.xlsx"""
    first, last = filters.first_day.isoformat(), filters.last_day.isoformat()
    return f"outcomes-{kind}-{first}-{last}.{file_format}"
