"""Each office has an IANA time zone: chosen on the office form (by default the country's),
validated, and given to existing offices by the migration from their country."""

import flask_migrate
import pytest
from sqlalchemy import text

from returnsvc.extensions import db
from returnsvc.offices.models import Office
from tests.conftest import make_test_app

MIGRATION = "c3e8a1f5d270"


def _office_form(**changes):
    data = {"name": "Oficina Lima Norte", "country": "PE", "city": "Lima", "is_active": "y"}
    return data | changes


def _office_named(app, name):
    with app.app_context():
        return db.session.scalar(db.select(Office).where(Office.name == name))


def test_the_zone_defaults_from_the_country_and_can_be_chosen(app, client, sign_in):
    sign_in("admin", locale="en")
    page = client.get("/admin/offices/new").get_data(as_text=True)
    assert 'value="America/Guayaquil"' in page and 'value="Atlantic/Canary"' in page
    assert client.post("/admin/offices/new", data=_office_form()).status_code == 302
    assert _office_named(app, "Oficina Lima Norte").time_zone == "America/Lima"
    data = _office_form(name="Oficina Canarias", country="ES", time_zone="Atlantic/Canary")
    assert client.post("/admin/offices/new", data=data).status_code == 302
    office = _office_named(app, "Oficina Canarias")
    assert office.time_zone == "Atlantic/Canary"
    edit = client.get(f"/admin/offices/{office.id}").get_data(as_text=True)
    assert '<option selected value="Atlantic/Canary">' in edit


def test_an_unknown_zone_is_refused_with_a_clear_message(app, client, sign_in):
    sign_in("admin", locale="en")
    response = client.post("/admin/offices/new", data=_office_form(time_zone="Mars/Olympus"))
    assert response.status_code == 200
    assert "This is not a time zone we know. Choose one from the list." in response.get_data(
        as_text=True
    )
    assert _office_named(app, "Oficina Lima Norte") is None


@pytest.fixture(scope="module")
def migration_app(databases):
    app = make_test_app(databases.create("returnsvc_time_zones"))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_migration_gives_existing_offices_their_countrys_zone(migration_app):
    with migration_app.app_context():
        flask_migrate.upgrade(revision=f"{MIGRATION}-1")
        with db.engine.begin() as connection:
            for n, country in enumerate(("ES", "BO", "CO", "EC", "PE")):
                connection.execute(
                    text(
                        "INSERT INTO office (name, country, city, created_at, updated_at)"
                        " VALUES (:n, :c, 'X', now(), now())"
                    ),
                    {"n": f"Office {n}", "c": country},
                )
        flask_migrate.upgrade(revision=MIGRATION)
        with db.engine.connect() as connection:
            zones = dict(connection.execute(text("SELECT country, time_zone FROM office")).all())
        assert zones == {
            "ES": "Europe/Madrid",
            "BO": "America/La_Paz",
            "CO": "America/Bogota",
            "EC": "America/Guayaquil",
            "PE": "America/Lima",
        }
        flask_migrate.downgrade(revision=f"{MIGRATION}-1")
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision="base")
