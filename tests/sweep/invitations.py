"""Expected status per role for portal access (the case belongs to world.home_office): the tab
and its two forms for counsellors of the owning office only (GIVE_PORTAL_ACCESS); the
forgotten-password page for everyone."""

from tests.sweep.common import OPEN, status

_CASE = "/cases/{case_id}/portal-access"
COUNSELLORS = status(302, 403, 200, 403, 403)
EXPECTED = {
    "invitations.portal_access": ("GET", _CASE, COUNSELLORS),
    # An empty form: the tab again, with its messages.
    "invitations.invite": ("POST", f"{_CASE}/invite", COUNSELLORS),
    # Nobody invited yet: the refusal is flashed on the tab (a redirect).
    "invitations.revoke": ("POST", f"{_CASE}/revoke", status(302, 403, 302, 403, 403)),
    "auth.forgot_password": ("GET", "/account/forgot-password", OPEN),
}
