"""Expected status per role for the taxonomy pages: pickers and ISCO-08 browse for staff, the
reference-data page for admins. Returnees never see these (their profile is filled in by
counsellors)."""

from returnsvc.extensions import db
from tests.sweep.common import ADMIN_ONLY, status
from tests.taxonomy.sample import load_sample

STAFF = status(302, 403, 200, 200, 200)


def _isco_code(world) -> str:
    with world.app.test_request_context():
        load_sample()
        db.session.commit()
    return "5120"


EXPECTED = {
    "taxonomy.index": ("GET", "/taxonomy/", ADMIN_ONLY),
    "taxonomy.occupations": ("GET", "/taxonomy/occupations?q=cook", STAFF),
    "taxonomy.skills": ("GET", "/taxonomy/skills?q=weld", STAFF),
    "taxonomy.isco_index": ("GET", "/taxonomy/isco", STAFF),
    "taxonomy.isco_group": ("GET", "/taxonomy/isco/{isco_code}", STAFF),
}

PLACEHOLDERS = {"isco_code": _isco_code}
