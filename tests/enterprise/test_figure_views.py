"""The managers' figures page: rendered in both languages, filters in the query string, odd
filter values ignored (never a 500), the home link only for those who may open it."""

from datetime import date

import pytest

from returnsvc.extensions import db
from tests.enterprise.test_figures import _enterprise, _loan


@pytest.fixture
def data(app, make):
    office = make.office("EC", name="Oficina Quito")
    case = make.case(office_id=office.id)
    with app.app_context():
        _enterprise(case.id, date(2024, 1, 10))
        _loan(case.id, "1000.00", "USD", disbursed=date(2024, 1, 10))
        db.session.commit()
    return office


def test_manager_sees_par30_and_survival(client, sign_in, data):
    sign_in("manager", office_id=data.id, locale="en")
    page = client.get("/enterprise/figures").get_data(as_text=True)
    assert "Portfolio at risk (PAR30)" in page
    assert "100.0%" in page  # the only loan is months behind
    assert "2024 Q1" in page and "Oficina Quito" in page
    assert "Over 90 days" in page
    assert 'name="country"' not in page  # managers see their country only
    assert "/enterprise/figures" in client.get("/home").get_data(as_text=True)


def test_spanish_page_and_odd_filters(client, sign_in, data):
    sign_in("admin")
    queries = ("", "?country=EC", f"?office={data.id}", "?country=XX&office=abc",
               "?office=99999999999", "?office=-1&country=", "?country=EC&office=٣")  # fmt: skip
    for query in queries:
        response = client.get("/enterprise/figures" + query)
        assert response.status_code == 200, query
    page = client.get(f"/enterprise/figures?country=PE&office={data.id}").get_data(as_text=True)
    assert "Oficina Quito" not in page.split("</form>")[1]  # Ecuador's office, Peru asked
    assert '<html lang="es"' in page


def test_counsellor_has_no_link_and_no_page(client, sign_in, data):
    sign_in("counsellor", office_id=data.id)
    assert "/enterprise/figures" not in client.get("/home").get_data(as_text=True)
    assert client.get("/enterprise/figures").status_code == 403
