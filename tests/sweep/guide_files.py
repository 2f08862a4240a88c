"""Expected status per role for the CSV import/export of guide editions and its format page:
managers only (MANAGE_GUIDES), like the rest of guide management."""

from tests.sweep.common import status

MANAGERS = status(302, 403, 403, 200, 200)
# Importing changes the edition: for managers of its country (see tests/sweep/guides.py).
FOREIGN = status(302, 403, 403, 403, 200)  # admins edit every country
FOREIGN_POST = status(302, 403, 403, 403, 302)

EXPECTED = {
    "guide_files.export_edition": ("GET", "/manage/guides/{csv_edition_id}/export.csv", MANAGERS),
    "guide_files.import_edition": ("GET", "/manage/guides/{csv_edition_id}/import", FOREIGN),
    "guide_files.help": ("GET", "/manage/guides/csv-format", MANAGERS),
}

COUNTRY_SCOPED = {"guide_files.import_edition": ("EC", 200)}

PLACEHOLDERS = {"csv_edition_id": lambda world: world.make.edition("EC", "labour_market")}
