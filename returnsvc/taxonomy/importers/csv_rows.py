"""Reading the official CSV files and collecting what is wrong with them.

A file is decoded whole (UTF-8, a byte-order mark allowed) before it is parsed, so a bad byte
is reported with its line instead of surfacing as a traceback halfway through an import.
Records may span lines (ESCO puts newline-separated alternative labels inside one quoted
field): every record keeps the line it starts on, which is what an error points at.
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext

# How many bad rows the CLI lists before it only counts the rest.
ERROR_LISTING_CAP = 50

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class RowError:
    """One reason a file cannot be imported. `code` is stable (tests and tools match on it);
    `message` is in the user's language. `line` is None for problems with the whole file."""

    file: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """The files have errors, so nothing was written. `errors` lists every one of them."""

    def __init__(self, errors: list[RowError]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s); nothing imported")

    def listing(self, cap: int = ERROR_LISTING_CAP) -> list[str]:
        """One line per error, at most `cap` of them, then how many more there are."""
        lines = [str(error) for error in self.errors[:cap]]
        if len(self.errors) > cap:
            more = len(self.errors) - cap
            lines.append(ngettext("… and %(num)d more error.", "… and %(num)d more errors.", more))
        return lines


class ErrorLog:
    """Collects the errors of one import run (validation goes on after the first one)."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, file: str, line: int | None, code: str, message: str) -> None:
        self.errors.append(RowError(file, line, code, str(message)))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRefused(self.errors)


@dataclass(frozen=True)
class Record:
    line: int
    values: dict[str, str]


@dataclass
class CsvFile:
    path: Path
    header: tuple[str, ...]
    records: list[Record]
    encoding: str
    # When the file was read with the fallback encoding: (line, message) of its first byte
    # that is not UTF-8, for formats that must be UTF-8.
    not_utf8: tuple[int, str] | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def missing_columns(self, required: tuple[str, ...]) -> list[str]:
        return [column for column in required if column not in self.header]


def read_csv(path: Path, errors: ErrorLog, *, fallback_encoding: str | None = None):
    """Read a whole CSV file into records of stripped values keyed by column name.

    Returns None (with the reasons in `errors`) when the file cannot be read as CSV at all;
    records with the wrong number of fields are reported and left out.
    """
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        errors.add(name, None, "unreadable", _("cannot be read: %(reason)s", reason=error.strerror))
        return None
    decoded = _decode(raw, name, errors, fallback_encoding)
    if decoded is None:
        return None
    text, encoding, not_utf8 = decoded
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        errors.add(name, line, "nul_character", _("contains a NUL character"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[Record] = []
    header: tuple[str, ...] | None = None
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row or row == [""]:
                continue
            values = [value.strip() for value in row]
            if header is None:
                header = tuple(values)
                continue
            if len(values) != len(header):
                errors.add(
                    name,
                    line,
                    "field_count",
                    _(
                        "%(found)d fields where the header has %(expected)d",
                        found=len(values),
                        expected=len(header),
                    ),
                )
                continue
            records.append(Record(line, dict(zip(header, values, strict=True))))
    except csv.Error as error:
        errors.add(name, start, "malformed_csv", _("not valid CSV: %(reason)s", reason=str(error)))
        return None
    if header is None:
        errors.add(name, None, "empty_file", _("the file is empty"))
        return None
    return CsvFile(path, header, records, encoding, not_utf8)


def _decode(raw: bytes, name: str, errors: ErrorLog, fallback: str | None):
    try:
        return raw.decode("utf-8-sig"), "utf-8", None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problem = _(
            "the file is not UTF-8 (byte 0x%(byte)02X); save it as UTF-8 and try again",
            byte=raw[error.start],
        )
    if fallback:
        try:
            return raw.decode(fallback), fallback, (line, str(problem))
        except UnicodeDecodeError:
            pass
    errors.add(name, line, "not_utf8", problem)
    return None


def split_labels(field: str) -> list[str]:
    """ESCO's altLabels: one label per line inside one field; blanks and repeats dropped."""
    labels: list[str] = []
    for part in _LINE_BREAKS.split(field):
        label = part.strip()
        if label and label not in labels:
            labels.append(label)
    return labels
