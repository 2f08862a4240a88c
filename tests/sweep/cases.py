"""Expected status per role for the case endpoints (the case belongs to world.home_office)."""

from returnsvc.cases.models import Case
from returnsvc.cases.transfers import request_transfer
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from tests.sweep.common import CASE_READ, status

WRITE_REDIRECTS = status(302, 403, 302, 403, 403)

EXPECTED = {
    "cases.index": ("GET", "/cases/", CASE_READ),
    "cases.detail": ("GET", "/cases/{case_id}", CASE_READ),
    "cases.timeline": ("GET", "/cases/{case_id}/timeline", CASE_READ),
    "cases.assignment": ("GET", "/cases/{case_id}/assignment", status(302, 403, 200, 403, 403)),
    # An empty form is shown again with its errors.
    "cases.change_stage": ("POST", "/cases/{case_id}/stage", status(302, 403, 200, 403, 403)),
    "cases.close_case": ("POST", "/cases/{case_id}/close", status(302, 403, 200, 403, 403)),
    # An empty form carries no version: treated as a stale edit (conflict page).
    "cases.assign": ("POST", "/cases/{case_id}/assign", status(302, 403, 409, 403, 403)),
    "cases.request_transfer": ("POST", "/cases/{case_id}/transfer", WRITE_REDIRECTS),
    "cases.accept_transfer": (
        "POST",
        "/cases/{case_id}/transfer/{transfer_id}/accept",
        WRITE_REDIRECTS,
    ),
    "cases.decline_transfer": (
        "POST",
        "/cases/{case_id}/transfer/{transfer_id}/decline",
        WRITE_REDIRECTS,
    ),
    "cases.cancel_transfer": (
        "POST",
        "/cases/{case_id}/transfer/{transfer_id}/cancel",
        WRITE_REDIRECTS,
    ),
    "cases.access_log": ("GET", "/cases/{case_id}/access-log", status(302, 403, 403, 200, 200)),
}


def _pending_transfer(world) -> int:
    case_id = world.case.id
    target = world.make.office("EC")
    with world.app.test_request_context():
        transfer = request_transfer(
            db.session.get(Case, case_id),
            db.session.get(Office, target.id),
            reason="sweep",
            actor=None,
        )
        db.session.commit()
        return transfer.id


PLACEHOLDERS = {"transfer_id": _pending_transfer}
