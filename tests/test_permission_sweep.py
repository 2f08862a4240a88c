"""Every endpoint declares its access, and every endpoint x role answers as expected.

The EXPECTED tables (tests/sweep/, one module per feature) are written by hand on purpose:
adding an endpoint without adding it there fails `test_every_endpoint_is_in_the_sweep`, so each
feature decides, role by role, who may open what. GET is swept for every endpoint; POST-only
endpoints are swept with POST.
"""

import pytest

from returnsvc.core.permissions import declared_access
from tests.sweep import COUNTRY_SCOPED, EXPECTED, PLACEHOLDERS, ROLES, SweepWorld


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
def test_endpoint_role_matrix(app, client, make, sign_in, role, endpoint):
    method, url, statuses = EXPECTED[endpoint]
    world = SweepWorld(app, make)
    if role != "anonymous":
        world.user = sign_in(role, office_id=world.home_office.id)
    if role == "returnee":
        world.link_returnee(world.user)  # a returnee with a record and a case of their own
    names = [name for name in PLACEHOLDERS if "{" + name + "}" in url]
    url = url.format(**{name: PLACEHOLDERS[name](world) for name in names})
    response = client.open(url, method=method)
    response.close()  # static files are streamed
    assert response.status_code == statuses[role], (endpoint, role)
    if statuses[role] == 403:
        assert "No tiene acceso" in response.get_data(as_text=True)


@pytest.mark.parametrize("own_country", [True, False], ids=["own country", "other country"])
@pytest.mark.parametrize("endpoint", sorted(COUNTRY_SCOPED))
def test_managers_change_their_own_countrys_content_only(
    app, client, make, sign_in, endpoint, own_country
):
    """Every route that changes a country's content (edit, publish, delete, import...): a
    manager of that country gets through, a manager of another one is refused (403)."""
    method, url, _statuses = EXPECTED[endpoint]
    country, allowed = COUNTRY_SCOPED[endpoint]
    world = SweepWorld(app, make)
    office = make.office(country if own_country else ("BO" if country != "BO" else "PE"))
    world.user = sign_in("manager", office_id=office.id)
    names = [name for name in PLACEHOLDERS if "{" + name + "}" in url]
    url = url.format(**{name: PLACEHOLDERS[name](world) for name in names})
    response = client.open(url, method=method)
    assert response.status_code == (allowed if own_country else 403), (endpoint, own_country)
    if not own_country:
        assert "No tiene acceso" in response.get_data(as_text=True)
