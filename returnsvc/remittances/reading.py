"""Reading an uploaded file of figures: bytes -> header check -> one checked figure per row,
or the list of every problem found (the import writes nothing unless this list is empty).

The format: UTF-8, commas or semicolons, one row per figure, the columns of COLUMNS in any
order; amounts and percentages with a dot (200.00, 4.64) whatever the language of the page,
so one file reads the same for everyone. Line numbers are physical lines, the header being 1.
The messages are the guide files' where the problem is the same (guide_files.reading).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.remittances.services import check_figure, figure_label

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2_000
BOM = "\ufeff"
_NUMBER = re.compile(r"[0-9]{1,9}(\.[0-9]{1,2})?")
# A spreadsheet's formula guard (a leading quote before = + - @) is taken off on reading.
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r'])")

COLUMNS = (
    ("sending_country", _l("Two-letter ISO code of the country money is sent from, e.g. ES.")),
    ("receiving_country", _l("Two-letter ISO code of the country it is sent to, e.g. EC.")),
    ("period", _l("The period of the figure: 2020Q3 (a quarter), 2021H1 (a half year) or 2022.")),
    ("reference_amount", _l("The amount the figure is for, with a dot: 200 or 345.00.")),
    ("reference_currency", _l("USD or EUR.")),
    ("cost_percent", _l("Average total cost as a percentage of the amount, with a dot: 4.64.")),
    ("source_name", _l("Who published the figure, and which issue.")),
    ("source_url", _l("The web address of the source (https://…), or empty.")),
)
EXAMPLE = (
    "sending_country,receiving_country,period,reference_amount,reference_currency,"
    "cost_percent,source_name,source_url\n"
    'ES,EC,2020Q3,200.00,USD,5.48,"World Bank, Remittance Prices Worldwide, issue 35'
    ' (Q3 2020)",https://remittanceprices.worldbank.org\n'
)


class FileRefused(Exception):
    """The file as a whole cannot be read (encoding, size, header...): one message."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class RowProblem:
    line: int
    label: str  # the row's corridor and period, as far as they can be read
    reasons: list[str]


@dataclass
class Reading:
    records: list[tuple[int, dict]] = field(default_factory=list)  # (line, checked figure)
    problems: list[RowProblem] = field(default_factory=list)


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(size)s MB.", size=MAX_BYTES // (1024 * 1024))
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and"
                " upload it again."
            )
        ) from None
    text = text.removeprefix(BOM)
    if "\x00" in text:
        raise FileRefused(_("The file contains NUL characters: it is not a CSV text file."))
    if not text.strip():
        raise FileRefused(_("The file is empty."))
    return text


def split_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header cells and the (line, cells) of each non-blank row."""
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    header = None
    start = 1
    try:
        for row in reader:
            if header is None:
                header = row
            elif any(cell.strip() for cell in row):
                rows.append((start, row))
                if len(rows) > MAX_ROWS:
                    raise FileRefused(_("The file has more than %(num)d rows.", num=MAX_ROWS))
            start = reader.line_num + 1
    except csv.Error:
        raise FileRefused(
            _(
                "Line %(line)d cannot be read as CSV (a quote is not closed or is misplaced, or"
                " a cell is too long).",
                line=start,
            )
        ) from None
    return header or [], rows


def check_header(header: list[str]) -> list[int]:
    """The position in the file of each column; FileRefused naming every missing, unknown or
    repeated one."""
    names = [name.strip().lower() for name in header]
    expected = [name for name, _help in COLUMNS]
    missing = [name for name in expected if name not in names]
    unknown = [name for name in names if name not in expected]
    repeated = sorted({name for name in names if names.count(name) > 1})
    problems = []
    if missing:
        problems.append(_("missing columns: %(names)s", names=", ".join(missing)))
    if unknown:
        problems.append(
            _("unknown columns: %(names)s", names=", ".join(n or '""' for n in unknown))
        )
    if repeated:
        problems.append(_("repeated columns: %(names)s", names=", ".join(repeated)))
    if problems:
        raise FileRefused(
            _(
                "The first line must name the columns of the format (see below): %(problems)s.",
                problems="; ".join(problems),
            )
        )
    return [names.index(name) for name in expected]


def _number(cell: str) -> Decimal | None:
    cell = cell.strip()
    return Decimal(cell) if _NUMBER.fullmatch(cell) else None


def _figure_data(cells: dict) -> dict:
    return {
        **cells,
        "reference_amount": _number(cells["reference_amount"]),
        "cost_percent": _number(cells["cost_percent"]),
    }


def read_figures_file(data: bytes) -> Reading:
    """Every row of the file as a checked figure, or every problem; FileRefused for a file
    that cannot be read at all."""
    header, rows = split_rows(decode(data))
    positions = check_header(header)
    if not rows:
        raise FileRefused(_("The file has column names but no rows."))
    reading = Reading()
    seen: dict[tuple, int] = {}
    for line, row in rows:
        if len(row) != len(header):
            reason = ngettext(
                "The row has %(num)d cell; the first line has %(columns)d.",
                "The row has %(num)d cells; the first line has %(columns)d.",
                len(row),
                columns=len(header),
            )
            reading.problems.append(RowProblem(line, "", [reason]))
            continue
        cells = {
            name: _FORMULA_GUARD.sub("", row[position], count=1)
            for (name, _help), position in zip(COLUMNS, positions, strict=True)
        }
        clean, problems = check_figure(_figure_data(cells))
        reasons = [f"{name}: {message}" for name, message in problems]
        label = " ".join(
            cells[name].strip()[:20] for name in ("sending_country", "receiving_country", "period")
        )
        if not problems:
            label = figure_label(clean)
            key = (clean["sending_country"], clean["receiving_country"], clean["period_start"],
                   clean["period_end"], clean["reference_currency"])  # fmt: skip
            if key in seen:
                reasons.append(
                    _("The same figure is already given on line %(line)d.", line=seen[key])
                )
            else:
                seen[key] = line
        if reasons:
            reading.problems.append(RowProblem(line, label, reasons))
        else:
            reading.records.append((line, clean))
    return reading
