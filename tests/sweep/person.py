"""Expected status per role for intake and the person tab."""

from tests.sweep.common import CASE_READ, status

EXPECTED = {
    "returnees.register": ("GET", "/returnees/new", status(302, 403, 200, 403, 403)),
    "returnees.profile": ("GET", "/cases/{case_id}/person", CASE_READ),
    "returnees.edit": ("GET", "/cases/{case_id}/person/edit", status(302, 403, 200, 403, 403)),
    "returnees.change_consent": (
        "POST",
        "/cases/{case_id}/person/consents/sharing/give",
        status(302, 403, 302, 403, 403),
    ),
    "returnees.export_json": ("GET", "/cases/{case_id}/person/export.json", CASE_READ),
    "returnees.printable": ("GET", "/cases/{case_id}/person/record", CASE_READ),
    "returnees.anonymise": (
        "GET",
        "/cases/{case_id}/person/anonymise",
        status(302, 403, 403, 200, 403),
    ),
}
