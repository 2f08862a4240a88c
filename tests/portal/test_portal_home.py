"""The portal home (#17): the signed-in person's own case in plain words, nobody else's; the
database keeps staff accounts away from people's records."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from returnsvc.extensions import db


def _sign_in_as(client, user):
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": user.password}
    )
    assert response.status_code == 302


def test_home_shows_the_stage_in_plain_words_and_who_holds_the_case(app, client, make):
    office = make.office("ES", name="Oficina de Retorno Madrid")
    counsellor = make.user("counsellor", office_id=office.id, full_name="Lucía Fernández")
    case = make.case(office_id=office.id, counsellor_id=counsellor.id, given_names="Rosa")
    other = make.case(office_id=office.id, given_names="Zacarías", first_surname="Otero")
    account = make.portal_account(case.returnee_id, locale="en")
    _sign_in_as(client, account)
    html = client.get("/my", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Hello, Rosa" in html
    assert "We have your details" in html  # registered, never the code
    assert "registered" not in html.lower().split("<main", 1)[1]
    assert "Your counsellor is Lucía Fernández, at Oficina de Retorno Madrid." in html
    assert "Zacarías" not in html and other.reference not in html


def test_home_in_spanish_by_default(app, client, make):
    case = make.case(given_names="Rosa")
    account = make.portal_account(case.returnee_id)
    _sign_in_as(client, account)
    html = client.get("/my").get_data(as_text=True)
    assert "Hola, Rosa" in html and "Tenemos sus datos" in html


def test_the_portal_is_for_returnees_only(client, sign_in):
    sign_in("counsellor")
    assert client.get("/my").status_code == 403
    assert client.get("/my/plan").status_code == 403


def test_a_section_nobody_registered_is_not_found(app, client, make):
    case = make.case()
    _sign_in_as(client, make.portal_account(case.returnee_id))
    assert client.get("/my/no-such-section").status_code == 404
    assert client.get("/my/" + "x" * 500).status_code == 404


def test_anonymised_person_has_no_portal_any_more(app, client, make):
    case = make.case(given_names="Rosaura")
    account = make.portal_account(case.returnee_id, locale="en")
    _sign_in_as(client, account)
    with app.app_context():
        db.session.execute(
            text("UPDATE returnee SET anonymised_at = now() WHERE id = :id"),
            {"id": case.returnee_id},
        )
        db.session.commit()
    html = client.get("/my").get_data(as_text=True)
    assert "Rosaura" not in html and "not linked to a case" in html


def test_the_database_links_only_returnee_accounts(app, make):
    case = make.case()
    staff = make.user("counsellor")
    with app.app_context():
        with pytest.raises(IntegrityError, match="only a returnee account"):
            db.session.execute(
                text("UPDATE returnee SET user_id = :u WHERE id = :r"),
                {"u": staff.id, "r": case.returnee_id},
            )
        db.session.rollback()
    account = make.portal_account(case.returnee_id)
    with app.app_context():
        with pytest.raises(IntegrityError, match="keeps the returnee role"):
            db.session.execute(
                text("UPDATE user_account SET role = 'counsellor', office_id = 1 WHERE id = :u"),
                {"u": account.id},
            )
        db.session.rollback()
