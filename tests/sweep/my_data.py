"""Expected status per role for My data's own URLs: the download of one's own record (the
sweep's returnee is a person of their own: 200; staff: 403) and a counsellor's answer to a
correction request on a case of world.home_office (counsellors of the office only; the
returnee, whose own case is another, is refused)."""

from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.my_data.services import request_correction
from tests.sweep.common import status

ANSWER = status(302, 403, 302, 403, 403)
_CORRECTION = "/cases/{case_id}/contact-corrections/{contact_correction_id}"

EXPECTED = {
    "my_data.download": ("GET", "/my/data/download", status(302, 200, 403, 403, 403)),
    "my_data.approve_correction": ("POST", f"{_CORRECTION}/approve", ANSWER),
    "my_data.reject_correction": ("POST", f"{_CORRECTION}/reject", ANSWER),
}


def _correction(world) -> int:
    """A request waiting on the world's case, asking for a new phone number."""
    with world.app.test_request_context():
        case = db.session.get(Case, world.case.id)
        correction = request_correction(
            case, case.returnee, {"phone": "+593 99 000 1111"}, actor=None
        )
        db.session.commit()
        return correction.id


PLACEHOLDERS = {"contact_correction_id": _correction}
