"""Importers of the official ISCO-08 and ESCO CSV files (see README: "Occupation and skill
taxonomies"). `import_isco` and `import_esco` validate everything, then write in bulk in the
caller's transaction; they never commit."""

from returnsvc.taxonomy.importers.csv_rows import ImportRefused, RowError
from returnsvc.taxonomy.importers.esco import import_esco
from returnsvc.taxonomy.importers.isco import import_isco
from returnsvc.taxonomy.importers.results import ImportResult, TableCounts

__all__ = ["ImportRefused", "ImportResult", "RowError", "TableCounts", "import_esco", "import_isco"]
