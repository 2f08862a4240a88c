"""Expected status per role for the partner directory and the referrals tab (the case belongs
to world.home_office; the signed-in counsellor or manager belongs to it)."""

from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.partners.models import Referral
from returnsvc.partners.services import accept_referral, create_partner, send_referral
from tests.sweep.common import CASE_READ, status

VIEW_DIRECTORY = status(302, 403, 200, 200, 200)
MANAGE_DIRECTORY = status(302, 403, 403, 200, 200)
WRITE_PAGE = status(302, 403, 200, 403, 403)
# One-click steps with an empty form carry no version: treated as a stale edit (conflict page).
STEP = status(302, 403, 409, 403, 403)

EXPECTED = {
    "partners.index": ("GET", "/partners/", VIEW_DIRECTORY),
    "partners.detail": ("GET", "/partners/{partner_id}", VIEW_DIRECTORY),
    "partners.create": ("GET", "/partners/new", MANAGE_DIRECTORY),
    "partners.edit": ("GET", "/partners/{partner_id}/edit", MANAGE_DIRECTORY),
    "partners.case_referrals": ("GET", "/cases/{case_id}/referrals", CASE_READ),
    "partners.new_referral": ("GET", "/cases/{case_id}/referrals/new", WRITE_PAGE),
    "partners.accept_referral": ("POST", "/cases/{case_id}/referrals/{referral_id}/accept", STEP),
    "partners.cancel_referral": ("POST", "/cases/{case_id}/referrals/{referral_id}/cancel", STEP),
    "partners.decline_referral": (
        "GET",
        "/cases/{case_id}/referrals/{referral_id}/decline",
        WRITE_PAGE,
    ),
    "partners.complete_referral": (
        "GET",
        "/cases/{case_id}/referrals/{accepted_referral_id}/complete",
        WRITE_PAGE,
    ),
}

_partners = iter(range(1, 1_000_000))


def _partner_id(world) -> int:
    with world.app.test_request_context():
        partner = create_partner(
            {"name": f"Sweep partner {next(_partners)}", "kind": "training", "country": "ES"},
            actor=None,
        )
        db.session.commit()
        return partner.id


def _referral(world) -> int:
    partner_id = _partner_id(world)
    case_id = world.case.id
    with world.app.test_request_context():
        referral = send_referral(
            db.session.get(Case, case_id),
            {"partner_id": partner_id, "purpose": "Welding course"},
            actor=None,
        )
        db.session.commit()
        return referral.id


def _accepted_referral(world) -> int:
    referral_id = _referral(world)
    with world.app.test_request_context():
        referral = db.session.get(Referral, referral_id)
        accept_referral(referral, actor=None, version=referral.version)
        db.session.commit()
        return referral.id


# The sweep's partner is Spanish, as the sweep's manager's office: a manager of Spain edits it,
# one of another country (Bolivia, in test_permission_sweep) is refused.
COUNTRY_SCOPED = {"partners.edit": ("ES", 200)}

PLACEHOLDERS = {
    "partner_id": _partner_id,
    "referral_id": _referral,
    "accepted_referral_id": _accepted_referral,
}
