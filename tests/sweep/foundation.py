"""Expected status per role for the foundation endpoints."""

from tests.sweep.common import ADMIN_ONLY, LANDING, OPEN, ROLES, SIGNED_IN, status

# endpoint: (method, url, {role: status})
EXPECTED = {
    "home.index": ("GET", "/", LANDING),
    # A returnee's home is their portal (portal.home).
    "home.home": ("GET", "/home", status(302, 302, 200, 200, 200)),
    "home.set_language": ("POST", "/language", dict.fromkeys(ROLES, 302)),
    "home.healthz": ("GET", "/healthz", OPEN),
    "auth.login": ("GET", "/account/sign-in", LANDING),
    "auth.logout": ("POST", "/account/sign-out", dict.fromkeys(ROLES, 302)),
    "auth.change_password": ("GET", "/account/password", SIGNED_IN),
    "home.time_zone": ("GET", "/account/time-zone", SIGNED_IN),
    "auth.set_password": ("GET", "/account/password-link/unknown-token", dict.fromkeys(ROLES, 410)),
    "users.index": ("GET", "/admin/users/", ADMIN_ONLY),
    "users.create": ("GET", "/admin/users/new", ADMIN_ONLY),
    "users.edit": ("GET", "/admin/users/{user_id}", ADMIN_ONLY),
    "users.reset_password": ("POST", "/admin/users/{user_id}/password-link", ADMIN_ONLY),
    "offices.index": ("GET", "/admin/offices/", ADMIN_ONLY),
    "offices.create": ("GET", "/admin/offices/new", ADMIN_ONLY),
    "offices.edit": ("GET", "/admin/offices/{office_id}", ADMIN_ONLY),
    "audit.index": ("GET", "/admin/audit/", ADMIN_ONLY),
    "static": ("GET", "/static/css/app.css", OPEN),
}
