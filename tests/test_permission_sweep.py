"""Every endpoint declares its access, and every endpoint x role answers as expected.

The EXPECTED table is written by hand on purpose: adding an endpoint without adding it here
fails `test_every_endpoint_is_in_the_sweep`, so each feature decides, role by role, who may
open what. GET is swept for every endpoint; POST-only endpoints are swept with POST.
"""

import pytest

from returnsvc.core.permissions import declared_access

ROLES = ("anonymous", "returnee", "counsellor", "manager", "admin")
OPEN = dict.fromkeys(ROLES, 200)
SIGNED_IN = {"anonymous": 302, "returnee": 200, "counsellor": 200, "manager": 200, "admin": 200}
ADMIN_ONLY = {"anonymous": 302, "returnee": 403, "counsellor": 403, "manager": 403, "admin": 200}
LANDING = {"anonymous": 200, "returnee": 302, "counsellor": 302, "manager": 302, "admin": 302}

# endpoint: (method, url, {role: status})
EXPECTED = {
    "main.index": ("GET", "/", LANDING),
    "main.home": ("GET", "/home", SIGNED_IN),
    "main.set_language": ("POST", "/language", dict.fromkeys(ROLES, 302)),
    "main.healthz": ("GET", "/healthz", OPEN),
    "auth.login": ("GET", "/account/sign-in", LANDING),
    "auth.logout": ("POST", "/account/sign-out", dict.fromkeys(ROLES, 302)),
    "auth.change_password": ("GET", "/account/password", SIGNED_IN),
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


def test_every_view_declares_its_access(app):
    undeclared = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and declared_access(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []


def test_every_endpoint_is_in_the_sweep(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(EXPECTED), "add new endpoints to EXPECTED with a status per role"


def test_undeclared_views_are_denied(app):
    from tests.conftest import make_test_app

    other = make_test_app(app.config["SQLALCHEMY_DATABASE_URI"])

    @other.route("/forgotten")
    def forgotten():
        return "open by mistake"

    assert other.test_client().get("/forgotten").status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_endpoint_role_matrix(client, make, sign_in, role, endpoint):
    method, url, statuses = EXPECTED[endpoint]
    if role != "anonymous":
        sign_in(role)
    target = make.user("returnee")
    url = url.format(user_id=target.id, office_id=make.office().id)
    response = client.open(url, method=method)
    response.close()  # static files are streamed
    assert response.status_code == statuses[role], (endpoint, role)
    if statuses[role] == 403:
        assert "No tiene acceso" in response.get_data(as_text=True)
