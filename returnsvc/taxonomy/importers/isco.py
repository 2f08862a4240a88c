"""`import_isco`: ISCO-08 groups from either official CSV.

- The ILO structure file (`ISCO_version,major,major_label,...,unit,description`): one row per
  unit group with its ancestors flattened beside it, English only, older ISCO versions mixed
  in (only "ISCO-08" rows are kept). The ILO publishes it in Windows-1252, so that encoding is
  accepted for this format when the file is not UTF-8.
- The bilingual file (`code,level,title_en,title_es`): one row per group, codes as strings
  ("0110" is not "110").
"""

import re
import time
from collections.abc import Callable
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.taxonomy.importers.csv_rows import (
    CsvFile,
    ErrorLog,
    ImportRefused,
    RowError,
    read_csv,
)
from returnsvc.taxonomy.importers.results import ImportResult
from returnsvc.taxonomy.importers.sync import log_import, write_isco_groups
from returnsvc.taxonomy.models import ImportKind, IscoGroup, IscoGroupLabel

ILO_COLUMNS = (
    "ISCO_version",
    "major",
    "major_label",
    "sub_major",
    "sub_major_label",
    "minor",
    "minor_label",
    "unit",
    "description",
)
BILINGUAL_COLUMNS = ("code", "level", "title_en", "title_es")
ISCO_VERSION = "ISCO-08"
# (code column, title column) of the four levels in an ILO row, major group first.
ILO_LEVELS = (
    ("major", "major_label"),
    ("sub_major", "sub_major_label"),
    ("minor", "minor_label"),
    ("unit", "description"),
)
TITLE_MAX = IscoGroupLabel.__table__.c.title.type.length

_CODE = re.compile(r"[0-9]{1,4}")


class IscoGroupRows:
    """ISCO groups read from one or more files: titles per locale, and the file and line each
    code was first seen on (errors about a group point there)."""

    def __init__(self) -> None:
        self.titles: dict[str, dict[str, str]] = {}
        self.where: dict[str, tuple[str, int]] = {}

    def add(self, code: str, file: str, line: int, titles: dict[str, str]) -> None:
        self.where.setdefault(code, (file, line))
        self.titles.setdefault(code, {}).update(titles)

    def line_of(self, code: str) -> int:
        return self.where[code][1]


def check_code(code: str, file: str, line: int, errors: ErrorLog, *, level: int | None = None):
    """True when `code` is an ISCO code (1-4 digits), of `level` digits when given."""
    if not code:
        errors.add(file, line, "empty_code", _("the ISCO code is empty"))
        return False
    if not _CODE.fullmatch(code):
        errors.add(
            file, line, "bad_code", _("ISCO code “%(code)s” is not 1 to 4 digits", code=code)
        )
        return False
    if level is not None and len(code) != level:
        errors.add(
            file,
            line,
            "level_mismatch",
            _("ISCO code “%(code)s” does not have %(level)d digits", code=code, level=level),
        )
        return False
    return True


def check_title(title: str, file: str, line: int, errors: ErrorLog, *, what: str) -> bool:
    if not title:
        errors.add(file, line, "empty_label", _("%(column)s is empty", column=what))
        return False
    if len(title) > TITLE_MAX:
        errors.add(
            file,
            line,
            "label_too_long",
            _("%(column)s is longer than %(max)d characters", column=what, max=TITLE_MAX),
        )
        return False
    return True


def check_parents(groups: IscoGroupRows, errors: ErrorLog) -> None:
    """Every group below a major group needs its parent, in the file or already stored."""
    orphans = {code for code in groups.titles if len(code) > 1 and code[:-1] not in groups.titles}
    if not orphans:
        return
    stored = set(
        db.session.scalars(
            select(IscoGroup.code).where(IscoGroup.code.in_({c[:-1] for c in orphans}))
        )
    )
    for code in sorted(orphans, key=lambda c: groups.where[c]):
        if code[:-1] not in stored:
            errors.add(
                *groups.where[code],
                "parent_missing",
                _(
                    "parent group %(parent)s of %(code)s is neither in the file nor stored",
                    parent=code[:-1],
                    code=code,
                ),
            )


def _read_ilo(table: CsvFile, errors: ErrorLog) -> tuple[IscoGroupRows, int]:
    groups = IscoGroupRows()
    units: dict[str, int] = {}
    kept = 0
    for record in table.records:
        values = record.values
        if values["ISCO_version"] != ISCO_VERSION:
            continue
        kept += 1
        parent = ""
        for level, (code_column, title_column) in enumerate(ILO_LEVELS, start=1):
            code, title = values[code_column], values[title_column]
            if not check_code(code, table.name, record.line, errors, level=level):
                break
            if not code.startswith(parent):
                errors.add(
                    table.name,
                    record.line,
                    "parent_mismatch",
                    _("%(code)s is not within %(parent)s", code=code, parent=parent),
                )
                break
            if not check_title(title, table.name, record.line, errors, what=title_column):
                break
            if level == 4 and code in units:
                errors.add(
                    table.name,
                    record.line,
                    "duplicate_code",
                    _("unit group %(code)s repeats line %(first)d", code=code, first=units[code]),
                )
            elif groups.titles.get(code, {}).get("en", title) != title:
                errors.add(
                    table.name,
                    record.line,
                    "title_conflict",
                    _(
                        "title of %(code)s differs from the one on line %(first)d",
                        code=code,
                        first=groups.line_of(code),
                    ),
                )
            if level == 4:
                units.setdefault(code, record.line)
            if code not in groups.titles:  # the first title stands; others were compared
                groups.add(code, table.name, record.line, {"en": title})
            parent = code
    if not kept and not errors:
        errors.add(table.name, None, "no_rows", _("no %(version)s rows", version=ISCO_VERSION))
    return groups, kept


def _read_bilingual(table: CsvFile, errors: ErrorLog) -> IscoGroupRows:
    groups = IscoGroupRows()
    for record in table.records:
        values, line = record.values, record.line
        code, level = values["code"], values["level"]
        if not check_code(code, table.name, line, errors):
            continue
        if level != str(len(code)):
            errors.add(
                table.name,
                line,
                "level_mismatch",
                _("level “%(level)s” does not match code %(code)s", level=level, code=code),
            )
            continue
        if code in groups.titles:
            errors.add(
                table.name,
                line,
                "duplicate_code",
                _("code %(code)s repeats line %(first)d", code=code, first=groups.line_of(code)),
            )
            continue
        titles = {locale: values[f"title_{locale}"] for locale in ("en", "es")}
        valid = [
            check_title(title, table.name, line, errors, what=f"title_{locale}")
            for locale, title in titles.items()
        ]
        if all(valid):
            groups.add(code, table.name, line, titles)
    if not table.records and not errors:
        errors.add(table.name, None, "no_rows", _("the file has no data rows"))
    return groups


def import_isco(
    path: str | Path,
    *,
    fill_only: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import ISCO-08 groups from an ILO structure or bilingual CSV. Validates everything
    first (ImportRefused lists every bad row, and nothing is written), then writes in the
    caller's transaction, logs the run and audits it. Does not commit."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    path = Path(path)
    errors = ErrorLog()
    if not path.is_file():
        raise ImportRefused([_file_error(path, "missing_file", _("no such file"))])
    table = read_csv(path, errors, fallback_encoding="cp1252")
    errors.raise_if_any()
    result = ImportResult(ImportKind.ISCO, str(path), rows_read=len(table.records))
    if not table.missing_columns(ILO_COLUMNS):
        groups, kept = _read_ilo(table, errors)
        result.files.append((table.name, "ILO structure (en)", len(table.records)))
        skipped = len(table.records) - kept
        result.notes.append(f"{kept:,} {ISCO_VERSION} rows kept, {skipped:,} of other versions")
        if table.not_utf8 is not None:
            result.notes.append(f"read as {table.encoding} (the file is not UTF-8)")
    elif not table.missing_columns(BILINGUAL_COLUMNS) and table.not_utf8 is None:
        groups = _read_bilingual(table, errors)
        result.files.append((table.name, "code,level,title_en,title_es", len(table.records)))
    else:
        raise ImportRefused([_header_error(table)])
    check_parents(groups, errors)
    errors.raise_if_any()
    say(
        f"Read {table.name}: {len(table.records):,} rows, {len(groups.titles):,} groups"
        f" ({time.perf_counter() - started:.1f} s)"
    )
    for note in result.notes:
        say(f"  {note}")
    phase = time.perf_counter()
    result.tables["isco_group"], result.tables["isco_group_label"] = write_isco_groups(
        groups.titles, fill_only=fill_only
    )
    say(
        f"  ISCO groups: {result.tables['isco_group'].describe()}"
        f" ({time.perf_counter() - phase:.1f} s)"
    )
    result.seconds = time.perf_counter() - started
    log_import(result)
    return result


def _file_error(path: Path, code: str, message: str, line: int | None = None) -> RowError:
    return RowError(path.name, line, code, str(message))


def _header_error(table: CsvFile):
    if table.not_utf8 is not None:
        return _file_error(table.path, "not_utf8", table.not_utf8[1], table.not_utf8[0])
    return _file_error(
        table.path,
        "unknown_header",
        _(
            "unknown header “%(header)s”; expected “%(ilo)s” (ILO structure) or “%(bilingual)s”",
            header=",".join(table.header),
            ilo=",".join(ILO_COLUMNS),
            bilingual=",".join(BILINGUAL_COLUMNS),
        ),
    )
