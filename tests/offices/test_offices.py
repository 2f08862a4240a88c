from returnsvc.extensions import db
from returnsvc.offices.models import Office
from tests.helpers import audit_actions


def test_create_list_and_refuse_duplicate(app, client, sign_in):
    sign_in("admin")
    data = {
        "name": "Red Socio Empleo Cuenca",
        "country": "EC",
        "region": "Azuay",
        "city": "Cuenca",
        "is_active": "y",
    }
    assert client.post("/admin/offices/new", data=data).status_code == 302
    page = client.get("/admin/offices/?country=EC").get_data(as_text=True)
    assert "Red Socio Empleo Cuenca" in page and "Ecuador" in page
    again = client.post("/admin/offices/new", data=data | {"name": "red socio empleo CUENCA"})
    assert again.status_code == 200
    assert "Ya existe una oficina" in again.get_data(as_text=True)
    assert "office.created" in audit_actions(app)


def test_bad_country_is_a_form_error(client, sign_in):
    sign_in("admin")
    response = client.post(
        "/admin/offices/new", data={"name": "X", "country": "FR", "city": "Paris"}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_edit_and_stale_edit(app, client, sign_in, make):
    sign_in("admin")
    office = make.office("BO", city="Cochabamba", name="Servicio Cochabamba")
    loaded = make.load_office(office.id)
    form = {
        "name": "Servicio de Empleo Cochabamba",
        "country": "BO",
        "region": "Cochabamba",
        "city": "Cochabamba",
        "is_active": "y",
        "version": str(loaded.version),
    }
    assert client.post(f"/admin/offices/{office.id}", data=form).status_code == 302
    assert make.load_office(office.id).name == "Servicio de Empleo Cochabamba"
    # The same (now stale) version again: conflict, nothing overwritten.
    response = client.post(f"/admin/offices/{office.id}", data=form | {"name": "Stale"})
    assert response.status_code == 409
    assert make.load_office(office.id).name == "Servicio de Empleo Cochabamba"
    with app.app_context():
        assert db.session.get(Office, office.id).version == loaded.version + 1
