import re
from datetime import date

from sqlalchemy import select

from returnsvc.cases.models import Case, Stage
from returnsvc.extensions import db
from returnsvc.returnees.models import DuplicateOverride, Returnee
from tests.helpers import audit_actions

FORM = {
    "given_names": "José María",
    "first_surname": "Guamán",
    "second_surname": "Loja",
    "sex": "male",
    "birth_date": "1984-03-12",
    "nationality": "EC",
    "document_type": "national_id",
    "document_number": "0102-345678",
    "document_country": "EC",
    "phone": "+593 99 123 4567",
    "email": "JOSE.GUAMAN@example.org",
    "origin_country": "EC",
    "region_code": "EC-A",
    "city": "Cuenca",
    "household_size": "4",
    "dependants": "2",
    "education_level": "isced3",
    "languages": ["es", "qu"],
    "departure_year": "2006",
    "years_abroad": "17",
    "return_programme": "apre",
    "last_occupation_abroad": "Albañil",
    "last_sector_abroad": "F",
    "consent_service": "y",
    "consent_sharing": "y",
}


def _counsellor(make, sign_in):
    office = make.office("ES", city="Madrid")
    return sign_in("counsellor", office_id=office.id), office


def test_register_opens_a_case_at_my_office(app, client, make, sign_in):
    me, office = _counsellor(make, sign_in)
    response = client.post("/returnees/new", data=FORM)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    case_id = int(re.search(r"/cases/(\d+)", response.headers["Location"]).group(1))
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.office_id == office.id and case.counsellor_id == me.id
        assert case.stage is Stage.REGISTERED and case.reference.startswith("ES-")
        person = case.returnee
        assert person.document_number == "0102345678"
        assert person.phone_digits == "593991234567"
        assert person.email == "jose.guaman@example.org"
        assert person.search_text.startswith("jose maria guaman loja")
        assert person.consent_service_at and person.consent_sharing_at
        assert person.consent_statistics_at is None
        assert person.consent_service_by_id == me.id
        assert person.migration.years_abroad == 17
        assert person.birth_date == date(1984, 3, 12)
    assert {"returnee.registered", "case.opened"} <= set(audit_actions(app, actor_id=me.id))
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "José María Guamán Loja" in page and "Caso abierto" in page


def test_no_case_without_service_consent(app, client, make, sign_in):
    _counsellor(make, sign_in)
    data = {k: v for k, v in FORM.items() if k != "consent_service"}
    response = client.post("/returnees/new", data=data)
    assert response.status_code == 200
    assert "Sin este consentimiento" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Returnee).where(Returnee.first_surname == "Guamán")) is None


def test_bad_input_is_explained_and_nothing_is_saved(app, client, make, sign_in):
    _counsellor(make, sign_in)
    bad = FORM | {
        "birth_date": "2999-01-01",
        "region_code": "PE-LIM",
        "household_size": "0",
        "email": "not-an-email",
        "given_names": "",
    }
    response = client.post("/returnees/new", data=bad)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.count('aria-invalid="true"') >= 5
    with app.app_context():
        assert db.session.scalar(select(Returnee).limit(1)) is None


def _register(client, **changes):
    return client.post("/returnees/new", data=FORM | changes)


def test_duplicate_document_warns_then_needs_a_reason(app, client, make, sign_in):
    _counsellor(make, sign_in)
    assert _register(client).status_code == 302
    again = _register(
        client,
        given_names="Otra",
        first_surname="Persona",
        phone="",
        birth_date="1990-01-01",
        document_number="0102 345 678",
    )
    body = again.get_data(as_text=True)
    assert again.status_code == 200 and "mismo documento de identidad" in body
    # The same document cannot be registered twice even with a reason (unique constraint).
    forced = _register(
        client,
        given_names="Otra",
        first_surname="Persona",
        phone="",
        birth_date="1990-01-01",
        duplicate_reason="Otra persona",
    )
    assert forced.status_code == 200
    assert "Ya hay una persona registrada con este documento" in forced.get_data(as_text=True)


def test_similar_name_same_birthday_override_is_audited(app, client, make, sign_in):
    me, _ = _counsellor(make, sign_in)
    assert _register(client).status_code == 302
    similar = {
        "given_names": "Jose Maria",
        "first_surname": "GUAMAN",
        "second_surname": "",
        "document_number": "",
        "phone": "+34 600 000 000",
    }
    warned = _register(client, **similar)
    body = warned.get_data(as_text=True)
    assert warned.status_code == 200
    assert "nombre parecido" in body and "José María Guamán Loja" in body
    done = _register(client, **similar, duplicate_reason="Son primos con el mismo nombre")
    assert done.status_code == 302
    with app.app_context():
        override = db.session.scalar(select(DuplicateOverride))
        assert override.rule == "name_birth" and override.reason.startswith("Son primos")
    assert "returnee.duplicate_overridden" in audit_actions(app, actor_id=me.id)


def test_same_phone_is_a_possible_duplicate(client, make, sign_in):
    _counsellor(make, sign_in)
    assert _register(client).status_code == 302
    other = _register(
        client,
        given_names="Rosa",
        first_surname="Quispe",
        second_surname="",
        document_number="",
        birth_date="1970-05-05",
        phone="099 123 4567",
    )
    assert "mismo número de teléfono" in other.get_data(as_text=True)


def test_duplicates_in_other_offices_are_not_disclosed(app, client, make, sign_in):
    other_office = make.office("EC", city="Quito")
    make.case(
        office_id=other_office.id,
        given_names="José María",
        first_surname="Guamán",
        second_surname="Loja",
        birth_date=date(1984, 3, 12),
    )
    _counsellor(make, sign_in)
    body = _register(client, document_number="").get_data(as_text=True)
    assert "registrada por otra oficina" in body
    assert "Loja</a>" not in body


def test_managers_and_admins_cannot_register(client, sign_in):
    sign_in("manager")
    assert client.get("/returnees/new").status_code == 403
