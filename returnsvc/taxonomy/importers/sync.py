"""Bulk, idempotent writes of validated taxonomy rows.

The rows go into temporary tables with COPY, then a few set-based statements bring the real
tables in line: INSERT ... ON CONFLICT DO UPDATE only where something IS DISTINCT FROM what is
stored (so a re-import writes nothing), and DELETE of the labels a concept no longer has in the
locales being imported. Concepts are never deleted: profiles point at them, and the demo subset
and other imports live beside them.

`fill_only` (the demo seed) only adds what is missing: nothing stored is changed or removed.
Everything runs on the session's own connection, inside the caller's transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from returnsvc.audit.services import record
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.taxonomy.importers.results import ImportResult, TableCounts
from returnsvc.taxonomy.models import TaxonomyImport

AUDIT_ACTION = "taxonomy.imported"


@dataclass(frozen=True)
class ConceptSpec:
    """How one kind of ESCO concept is stored."""

    table: str
    label_table: str
    fk: str
    # Columns besides uri, with the SQL type of their temporary copy.
    attributes: tuple[tuple[str, str], ...]


OCCUPATIONS = ConceptSpec(
    "esco_occupation", "esco_occupation_label", "occupation_id", (("isco_code", "varchar(4)"),)
)
SKILLS = ConceptSpec(
    "esco_skill",
    "esco_skill_label",
    "skill_id",
    (("skill_type", "varchar(40)"), ("reuse_level", "varchar(40)")),
)


def _cursor():
    return db.session.connection().connection.driver_connection.cursor()


def _load_temp(cursor, name: str, columns: str, rows: Iterable[tuple]) -> None:
    """A fresh temporary table filled by COPY, analysed so the planner knows its size."""
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TEMP TABLE {name} ({columns}) ON COMMIT DROP")
    column_names = ", ".join(part.split()[0] for part in columns.split(", "))
    with cursor.copy(f"COPY {name} ({column_names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(f"ANALYZE {name}")


def write_isco_groups(
    groups: dict[str, dict[str, str]], *, fill_only: bool = False
) -> tuple[TableCounts, TableCounts]:
    """Upsert ISCO groups ({code: {locale: title}}) and their titles. Returns the counts for
    isco_group (a group counts as updated when a title changed) and isco_group_label."""
    with _cursor() as cursor:
        _load_temp(
            cursor,
            "import_isco_group",
            "code varchar(4), level smallint, parent_code varchar(4)",
            ((code, len(code), code[:-1] or None) for code in groups),
        )
        _load_temp(
            cursor,
            "import_isco_label",
            "code varchar(4), locale varchar(5), title varchar(300), search_text text",
            (
                (code, locale, title, fold(title))
                for code, titles in groups.items()
                for locale, title in titles.items()
            ),
        )
        cursor.execute(
            "INSERT INTO isco_group (code, level, parent_code)"
            " SELECT code, level, parent_code FROM import_isco_group"
            " ON CONFLICT (code) DO NOTHING RETURNING code"
        )
        created = {code for (code,) in cursor.fetchall()}
        on_conflict = (
            "DO NOTHING"
            if fill_only
            else "DO UPDATE SET title = EXCLUDED.title, search_text = EXCLUDED.search_text"
            " WHERE ROW(l.title, l.search_text) IS DISTINCT FROM"
            " ROW(EXCLUDED.title, EXCLUDED.search_text)"
        )
        cursor.execute(
            "INSERT INTO isco_group_label AS l (code, locale, title, search_text)"
            " SELECT code, locale, title, search_text FROM import_isco_label"
            f" ON CONFLICT (code, locale) {on_conflict} RETURNING l.code, (l.xmax = 0)"
        )
        label_rows = cursor.fetchall()
        cursor.execute("DROP TABLE import_isco_group, import_isco_label")

    label_count = sum(len(titles) for titles in groups.values())
    labels_created = sum(1 for _, inserted in label_rows if inserted)
    labels = _counts(label_count, labels_created, len(label_rows) - labels_created)
    touched = {code for code, _ in label_rows} - created
    return _counts(len(groups), len(created), len(touched)), labels


@dataclass(frozen=True)
class ConceptRows:
    """Validated rows of one kind of concept, ready to write."""

    # (uri, attribute values...) per concept.
    concepts: list[tuple]
    # (uri, locale, label, is_preferred) per label.
    labels: list[tuple[str, str, str, bool]]
    # The locales whose files were read: labels in them that the files no longer have go.
    locales: tuple[str, ...]


def write_concepts(
    spec: ConceptSpec, rows: ConceptRows, *, fill_only: bool = False
) -> tuple[TableCounts, TableCounts]:
    """Upsert ESCO concepts and their labels; returns the concept and label counts."""
    attributes = [name for name, _ in spec.attributes]
    with _cursor() as cursor:
        _load_temp(
            cursor,
            "import_concept",
            ", ".join(["uri varchar(255)"] + [f"{n} {t}" for n, t in spec.attributes]),
            rows.concepts,
        )
        _load_temp(
            cursor,
            "import_label",
            "uri varchar(255), locale varchar(5), label varchar(400), is_preferred boolean,"
            " search_text text",
            ((uri, locale, label, pref, fold(label)) for uri, locale, label, pref in rows.labels),
        )
        created, touched = _upsert_concepts(cursor, spec, attributes, fill_only)
        cursor.execute("ALTER TABLE import_label ADD COLUMN concept_id integer")
        cursor.execute(
            f"UPDATE import_label n SET concept_id = c.id FROM {spec.table} c WHERE c.uri = n.uri"
        )
        deleted, updated_labels, created_labels = _sync_labels(cursor, spec, rows, fill_only)
        cursor.execute("DROP TABLE import_concept, import_label")

    touched |= {concept_id for concept_id, _ in updated_labels.values()}
    touched |= {concept_id for concept_id, _ in created_labels.values()}
    touched |= set(deleted)
    touched -= created
    labels = _counts(len(rows.labels), len(created_labels), len(updated_labels))
    labels.deleted = len(deleted)
    return _counts(len(rows.concepts), len(created), len(touched)), labels


def _upsert_concepts(cursor, spec: ConceptSpec, attributes: list[str], fill_only: bool):
    columns = ", ".join(attributes)
    if fill_only:
        on_conflict = "DO NOTHING"
    else:
        assignments = ", ".join(f"{a} = EXCLUDED.{a}" for a in attributes)
        stored = ", ".join(f"c.{a}" for a in attributes)
        incoming = ", ".join(f"EXCLUDED.{a}" for a in attributes)
        on_conflict = (
            f"DO UPDATE SET {assignments} WHERE ROW({stored}) IS DISTINCT FROM ROW({incoming})"
        )
    cursor.execute(
        f"INSERT INTO {spec.table} AS c (uri, {columns})"
        f" SELECT uri, {columns} FROM import_concept"
        f" ON CONFLICT (uri) {on_conflict} RETURNING c.id, (c.xmax = 0)"
    )
    returned = cursor.fetchall()
    created = {concept_id for concept_id, inserted in returned if inserted}
    updated = {concept_id for concept_id, inserted in returned if not inserted}
    return created, updated


def _sync_labels(cursor, spec: ConceptSpec, rows: ConceptRows, fill_only: bool):
    """Delete, demote, then upsert, in that order: a concept has one preferred label per
    locale (a unique index checked row by row), so the old one must step aside first."""
    table, label_table, fk = spec.table, spec.label_table, spec.fk
    deleted: list[int] = []
    updated: dict[int, tuple[int, bool]] = {}
    if not fill_only:
        cursor.execute(
            f"DELETE FROM {label_table} l USING {table} c, import_concept t"
            f" WHERE c.uri = t.uri AND l.{fk} = c.id AND l.locale = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM import_label n"
            f" WHERE n.concept_id = l.{fk} AND n.locale = l.locale AND n.label = l.label)"
            f" RETURNING l.{fk}",
            (list(rows.locales),),
        )
        deleted = [concept_id for (concept_id,) in cursor.fetchall()]
        cursor.execute(
            f"UPDATE {label_table} l SET is_preferred = false FROM import_label n"
            f" WHERE n.concept_id = l.{fk} AND n.locale = l.locale AND n.label = l.label"
            f" AND l.is_preferred AND NOT n.is_preferred RETURNING l.id, l.{fk}"
        )
        updated.update({label_id: (cid, False) for label_id, cid in cursor.fetchall()})
        on_conflict = (
            f"({fk}, locale, label) DO UPDATE SET is_preferred = EXCLUDED.is_preferred,"
            " search_text = EXCLUDED.search_text"
            " WHERE ROW(l.is_preferred, l.search_text) IS DISTINCT FROM"
            " ROW(EXCLUDED.is_preferred, EXCLUDED.search_text)"
        )
    else:
        on_conflict = "DO NOTHING"
    cursor.execute(
        f"INSERT INTO {label_table} AS l ({fk}, locale, label, is_preferred, search_text)"
        " SELECT concept_id, locale, label, is_preferred, search_text FROM import_label"
        f" ON CONFLICT {on_conflict} RETURNING l.id, l.{fk}, (l.xmax = 0)"
    )
    created: dict[int, tuple[int, bool]] = {}
    for label_id, concept_id, inserted in cursor.fetchall():
        (created if inserted else updated)[label_id] = (concept_id, inserted)
    return deleted, updated, created


def _counts(total: int, created: int, updated: int) -> TableCounts:
    return TableCounts(created=created, updated=updated, unchanged=total - created - updated)


def analyze_tables() -> None:
    """Fresh planner statistics after a bulk load (the pickers' plans depend on them)."""
    tables = ", ".join(
        (*(f"{spec.table}, {spec.label_table}" for spec in (OCCUPATIONS, SKILLS)), "isco_group")
    )
    with _cursor() as cursor:
        cursor.execute(f"ANALYZE isco_group_label, {tables}")


def log_import(result: ImportResult, *, actor=None) -> TaxonomyImport:
    """One TaxonomyImport row and one audit entry for the run (flushed, not committed)."""
    run = TaxonomyImport(
        kind=result.kind,
        source=result.source[:500],
        rows_read=result.rows_read,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        seconds=round(result.seconds, 3),
    )
    db.session.add(run)
    db.session.flush()
    record(AUDIT_ACTION, actor=actor, target=run, changes=result.as_audit_changes())
    return run
