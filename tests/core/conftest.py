"""The route walk's world and signed-in clients (tests/route_walk.py), shared by the modules
that walk every page. Module-scoped: each module builds its world once, in its own
transaction rolled back at the end (the per-test `tx` fixture would rebuild it for every test)."""

import pytest

from returnsvc.extensions import db
from tests.factories import DEFAULT_PASSWORD
from tests.route_walk import build_world


@pytest.fixture(scope="module")
def world(app):
    with pytest.MonkeyPatch.context() as patch:
        with app.app_context():
            connection = db.engine.connect()
            transaction = connection.begin()
            patch.setitem(db.engines, None, connection)
        try:
            yield build_world(app)
        finally:
            with app.app_context():
                db.session.remove()
            transaction.rollback()
            connection.close()


@pytest.fixture(scope="module")
def clients(app, world):
    """A test client per role, signed in (anonymous: not)."""
    clients = {"anonymous": app.test_client()}
    for role, user in world.users.items():
        client = app.test_client()
        response = client.post(
            "/account/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302, (role, response.status_code)
        clients[role] = client
    return clients
