"""Reading an uploaded edition file: bytes -> header check -> one record per row, or the list of
every problem found (the import writes nothing unless this list is empty).

Line numbers are physical lines of the file, the header being line 1, so a row whose quoted
cell spans several lines is reported at the line where it starts.
"""

import csv
import io
from dataclasses import dataclass, field

from flask_babel import _, ngettext

from returnsvc.guide_files import cells
from returnsvc.guide_files.columns import columns_of, unescape_cell

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
BOM = "\ufeff"


class FileRefused(Exception):
    """The file as a whole cannot be read (encoding, size, header...): one message."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class RowProblem:
    line: int
    key: str
    reasons: list[str]


@dataclass
class Reading:
    records: list[tuple[int, dict]] = field(default_factory=list)  # (line, record)
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


def sniff_delimiter(text: str) -> str:
    """`;` when the header line has more semicolons than commas (Excel in Spanish), else `,`.
    Column names contain neither, so counting them on the header line is enough."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def split_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header cells and the (line, cells) of each non-blank row."""
    # strict: a quote left open or misplaced is an error here, not a row that swallows the rest.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header = None
    try:
        start = 1
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


def check_header(header: list[str], columns) -> list[int]:
    """The position in the file of each of `columns`; FileRefused naming every missing,
    unknown or repeated column."""
    names = [name.strip().lower() for name in header]
    expected = [column.name for column in columns]
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
                "The first line must name the columns of this edition (see the format page):"
                " %(problems)s.",
                problems="; ".join(problems),
            )
        )
    return [names.index(name) for name in expected]


def _named_cells(rows, header, positions, columns, reading: Reading) -> list[tuple[int, dict]]:
    """(line, {column: unescaped cell}) per row; a row of the wrong width is a problem."""
    named = []
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
        cells_by_name = {
            column.name: unescape_cell(row[position])
            for column, position in zip(columns, positions, strict=True)
        }
        named.append((line, cells_by_name))
    return named


def read_edition_file(data: bytes, edition) -> Reading:
    """Every row of the file as a record, or every problem; FileRefused for a file that
    cannot be read at all (nothing to list row by row)."""
    columns = columns_of(edition.kind)
    header, rows = split_rows(decode(data))
    positions = check_header(header, columns)
    if not rows:
        raise FileRefused(_("The file has column names but no rows."))
    reading = Reading()
    named = _named_cells(rows, header, positions, columns, reading)
    references = cells.References.load(edition, [values for _line, values in named])
    seen_keys: dict[str, int] = {}
    for line, values in named:
        record, reasons = cells.read_record(columns, values, references)
        key = record.get("key") or ""
        if key in seen_keys:
            reasons.append(
                _(
                    "The key “%(key)s” is already used on line %(line)d.",
                    key=key,
                    line=seen_keys[key],
                )
            )
        elif key:
            seen_keys[key] = line
        if reasons:
            reading.problems.append(RowProblem(line, values["key"][:80], reasons))
        else:
            reading.records.append((line, record))
    reading.problems.sort(key=lambda problem: problem.line)
    return reading
