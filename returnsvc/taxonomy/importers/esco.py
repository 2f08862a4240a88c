"""`import_esco`: ISCO groups, occupations and skills from an ESCO CSV export folder.

Order matters and is kept: ISCO groups first (codes and titles from `ISCOGroups_*.csv`), then
occupations (each in an ISCO unit group stored before or read in the same run), then skills.
Every file is read and every row checked before anything is written.
"""

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
from returnsvc.taxonomy.importers.esco_files import (
    REQUIRED_COLUMNS,
    ConceptCollection,
    check_new_concepts_labelled,
    find_files,
    read_concepts,
)
from returnsvc.taxonomy.importers.isco import IscoGroupRows, check_code, check_parents, check_title
from returnsvc.taxonomy.importers.results import ImportResult
from returnsvc.taxonomy.importers.sync import (
    OCCUPATIONS,
    SKILLS,
    ConceptRows,
    log_import,
    write_concepts,
    write_isco_groups,
)
from returnsvc.taxonomy.models import ImportKind, IscoGroup


def import_esco(
    directory: str | Path,
    *,
    fill_only: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import an ESCO v1 CSV export. Validates every file first (ImportRefused lists every bad
    row, and nothing is written), then writes in the caller's transaction, logs the run and
    audits it. Does not commit."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportRefused([RowError(directory.name, None, "missing_dir", _("no such folder"))])
    files, notes = find_files(directory)
    if not files:
        message = _("no ESCO files (ISCOGroups_, occupations_ or skills_ + es, en or en-us .csv)")
        raise ImportRefused([RowError(directory.name, None, "no_files", message)])
    result = ImportResult(ImportKind.ESCO, str(directory), notes=notes)
    for note in notes:
        say(f"  {note}")

    errors = ErrorLog()
    groups = IscoGroupRows()
    collections = {kind: ConceptCollection(kind) for kind in ("occupations", "skills")}
    for esco_file in files:
        phase = time.perf_counter()
        table = read_csv(esco_file.path, errors)
        if table is None:
            continue
        missing = table.missing_columns(REQUIRED_COLUMNS[esco_file.kind])
        if missing:
            errors.add(
                table.name,
                1,
                "missing_columns",
                _("missing columns: %(columns)s", columns=", ".join(missing)),
            )
            continue
        if esco_file.kind == "ISCOGroups":
            _read_groups(table, esco_file.locale, groups, errors)
        else:
            read_concepts(table, esco_file.locale, collections[esco_file.kind], errors)
        result.rows_read += len(table.records)
        result.files.append((table.name, esco_file.locale, len(table.records)))
        say(
            f"Read {table.name} ({esco_file.locale}): {len(table.records):,} rows"
            f" ({time.perf_counter() - phase:.1f} s)"
        )

    phase = time.perf_counter()
    check_parents(groups, errors)
    _check_occupation_groups(collections["occupations"], groups, errors)
    for concepts in collections.values():
        check_new_concepts_labelled(concepts, errors)
        for locale, count in concepts.unlabelled.items():
            result.notes.append(f"{count:,} {concepts.kind} without a label in {locale}")
            say(f"  {result.notes[-1]} (kept with their other labels)")
    errors.raise_if_any()
    say(f"Checked {result.rows_read:,} rows: no errors ({time.perf_counter() - phase:.1f} s)")

    if groups.titles:
        phase = time.perf_counter()
        counts = write_isco_groups(groups.titles, fill_only=fill_only)
        result.tables["isco_group"], result.tables["isco_group_label"] = counts
        say(f"ISCO groups: {counts[0].describe()} ({time.perf_counter() - phase:.1f} s)")
    for kind, spec, table_name in (
        ("occupations", OCCUPATIONS, "esco_occupation"),
        ("skills", SKILLS, "esco_skill"),
    ):
        concepts = collections[kind]
        if not concepts.locales:
            continue
        phase = time.perf_counter()
        rows = ConceptRows(
            [(uri, *attributes) for uri, attributes in concepts.attributes.items()],
            concepts.label_rows(),
            tuple(dict.fromkeys(concepts.locales)),
        )
        concept_counts, label_counts = write_concepts(spec, rows, fill_only=fill_only)
        result.tables[table_name] = concept_counts
        result.tables[f"{table_name}_label"] = label_counts
        say(
            f"{kind.capitalize()}: {concept_counts.describe()};"
            f" labels: {label_counts.describe()} ({time.perf_counter() - phase:.1f} s)"
        )
    result.seconds = time.perf_counter() - started
    log_import(result)
    return result


def _read_groups(table: CsvFile, locale: str, groups: IscoGroupRows, errors: ErrorLog) -> None:
    seen: dict[str, int] = {}
    for record in table.records:
        values, line = record.values, record.line
        code, title = values["code"], values["preferredLabel"]
        if not values["conceptUri"]:
            errors.add(table.name, line, "empty_uri", _("conceptUri is empty"))
            continue
        if not check_code(code, table.name, line, errors):
            continue
        if code in seen:
            errors.add(
                table.name,
                line,
                "duplicate_code",
                _("code %(code)s repeats line %(first)d", code=code, first=seen[code]),
            )
            continue
        seen[code] = line
        if check_title(title, table.name, line, errors, what="preferredLabel"):
            groups.add(code, table.name, line, {locale: title})


def _check_occupation_groups(
    occupations: ConceptCollection, groups: IscoGroupRows, errors: ErrorLog
) -> None:
    """An occupation's iscoGroup is a unit group stored already or read in this run."""
    codes = {attributes[0] for attributes in occupations.attributes.values()}
    unknown = codes - {code for code in groups.titles if len(code) == 4}
    if unknown:
        stored = db.session.scalars(select(IscoGroup.code).where(IscoGroup.code.in_(unknown)))
        unknown -= set(stored)
    for uri, (code,) in occupations.attributes.items():
        if code in unknown:
            errors.add(
                *occupations.where[uri],
                "unknown_isco_group",
                _(
                    "ISCO unit group %(code)s is neither in the ISCOGroups files nor stored"
                    " (import the ISCO groups first)",
                    code=code,
                ),
            )
