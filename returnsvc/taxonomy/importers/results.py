"""What an import run did, table by table."""

from dataclasses import dataclass, field

from returnsvc.taxonomy.models import ImportKind

# The tables whose rows are concepts (groups, occupations, skills); a concept counts as updated
# when its own row or any of its labels changed. The label tables count rows.
CONCEPT_TABLES = ("isco_group", "esco_occupation", "esco_skill")


@dataclass
class TableCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def describe(self) -> str:
        text = f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"
        return text + (f", {self.deleted:,} deleted" if self.deleted else "")


@dataclass
class ImportResult:
    kind: ImportKind
    source: str
    rows_read: int = 0
    tables: dict[str, TableCounts] = field(default_factory=dict)
    # Files read, as (file name, locale or format, data rows).
    files: list[tuple[str, str, int]] = field(default_factory=list)
    # Things worth knowing that are not errors (files skipped, rows without a label...).
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def _concept_sum(self, attribute: str) -> int:
        return sum(getattr(self.tables[t], attribute) for t in CONCEPT_TABLES if t in self.tables)

    @property
    def created(self) -> int:
        return self._concept_sum("created")

    @property
    def updated(self) -> int:
        return self._concept_sum("updated")

    @property
    def unchanged(self) -> int:
        return self._concept_sum("unchanged")

    @property
    def changed_anything(self) -> bool:
        return any(c.created or c.updated or c.deleted for c in self.tables.values())

    def as_audit_changes(self) -> dict:
        return {
            "source": self.source,
            "rows_read": self.rows_read,
            "files": [name for name, _, _ in self.files],
            "tables": {name: vars(counts) for name, counts in self.tables.items()},
        }
