"""Expected status per role for intake, the person tab and the subject-access pages."""

from tests.sweep.common import CASE_READ, status

EXPECTED = {
    "person.register": ("GET", "/returnees/new", status(302, 403, 200, 403, 403)),
    "person.profile": ("GET", "/cases/{case_id}/person", CASE_READ),
    "person.edit": ("GET", "/cases/{case_id}/person/edit", status(302, 403, 200, 403, 403)),
    "person.change_consent": (
        "POST",
        "/cases/{case_id}/person/consents/sharing/give",
        status(302, 403, 302, 403, 403),
    ),
    "person.export_json": ("GET", "/cases/{case_id}/person/export.json", CASE_READ),
    "person.printable": ("GET", "/cases/{case_id}/person/record", CASE_READ),
    "person.anonymise": (
        "GET",
        "/cases/{case_id}/person/anonymise",
        status(302, 403, 403, 200, 403),
    ),
}
