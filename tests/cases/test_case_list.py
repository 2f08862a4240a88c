import re
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from returnsvc.extensions import db
from tests.cases.helpers import office_with_counsellor


@contextmanager
def count_statements(app):
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _names(response):
    return re.findall(r'<a href="/cases/\d+">([^<]+)</a>', response.get_data(as_text=True))


def test_search_ignores_accents_and_case_and_finds_documents_and_phones(client, make, sign_in):
    office, me, _ = office_with_counsellor(make, sign_in)
    make.case(
        office_id=office.id,
        counsellor_id=me.id,
        given_names="Ñusta",
        first_surname="Cárdenas",
        second_surname="Mejía",
        document_number="1712345678",
        phone="+593 98 765 4321",
    )
    make.case(
        office_id=office.id,
        counsellor_id=me.id,
        given_names="Pedro",
        first_surname="Pérez",
        second_surname="",
        document_number="0999999999",
    )
    assert _names(client.get("/cases/?q=CARDENAS+nusta")) == ["Cárdenas Mejía, Ñusta"]
    assert _names(client.get("/cases/?q=mejia")) == ["Cárdenas Mejía, Ñusta"]
    assert _names(client.get("/cases/?q=1712-345")) == ["Cárdenas Mejía, Ñusta"]
    assert _names(client.get("/cases/?q=98+765")) == ["Cárdenas Mejía, Ñusta"]
    assert _names(client.get("/cases/?q=perez")) == ["Pérez, Pedro"]
    assert _names(client.get("/cases/?q=%25_")) == []  # LIKE wildcards are literal


def test_filters_sort_and_bad_values(client, make, sign_in):
    office, me, _ = office_with_counsellor(make, sign_in)
    make.case(
        office_id=office.id,
        counsellor_id=me.id,
        given_names="Ana",
        first_surname="Zapata",
        second_surname="",
        sex="female",
        origin_country="PE",
        region_code="PE-LIM",
    )
    make.case(
        office_id=office.id,
        given_names="Beto",
        first_surname="Alvarez",
        second_surname="",
        sex="male",
        origin_country="BO",
        region_code="BO-C",
    )
    assert _names(client.get("/cases/?sex=female&country=PE")) == ["Zapata, Ana"]
    assert _names(client.get("/cases/?counsellor=none")) == ["Alvarez, Beto"]
    by_name = _names(client.get("/cases/?sort=name"))
    assert by_name[0] == "Alvarez, Beto" and by_name[-1] == "Zapata, Ana"
    # Nonsense filters are ignored, never a 500.
    for query in (
        "stage=nope",
        "sort=drop+table",
        "page=-1",
        "page=99999999",
        "office=abc",
        "counsellor=x",
        "programme=%01",
        "country=FR",
    ):
        assert client.get(f"/cases/?{query}").status_code == 200, query


def test_pagination_without_total_count(client, make, sign_in):
    from returnsvc.cases import listing as queries

    office, me, _ = office_with_counsellor(make, sign_in)
    for n in range(4):
        make.case(office_id=office.id, counsellor_id=me.id, first_surname=f"Persona{n}")
    original = queries.PAGE_SIZE
    queries.PAGE_SIZE = 2
    try:
        first = client.get("/cases/?sort=name").get_data(as_text=True)
        assert "page=2" in first
        third = client.get("/cases/?sort=name&page=3").get_data(as_text=True)
        assert "page=4" not in third and "page=2" in third
    finally:
        queries.PAGE_SIZE = original


def test_statements_per_list_page_do_not_grow_with_rows(app, client, make, sign_in):
    office, me, _ = office_with_counsellor(make, sign_in)
    client.get("/cases/")  # warm-up (first request loads translations etc.)
    with count_statements(app) as few:
        client.get("/cases/")
    for n in range(12):
        make.case(
            office_id=office.id,
            counsellor_id=me.id,
            first_surname=f"Extra{n}",
            birth_date=date(1980, 1, n + 1),
        )
    with count_statements(app) as many:
        body = client.get("/cases/").get_data(as_text=True)
    assert body.count('<a href="/cases/') >= 13
    assert len(many) == len(few), many


def test_statements_per_case_page_do_not_grow_with_history(app, client, make, sign_in):
    from returnsvc.cases import services
    from returnsvc.cases.models import Case, Stage

    _, me, case = office_with_counsellor(make, sign_in)
    make.complete_profile(case.returnee_id)
    client.get(f"/cases/{case.id}")
    with count_statements(app) as few:
        client.get(f"/cases/{case.id}")
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        for stage in (
            Stage.ASSESSED,
            Stage.PLAN_AGREED,
            Stage.IN_SUPPORT,
            Stage.FOLLOW_UP,
            Stage.IN_SUPPORT,
            Stage.FOLLOW_UP,
        ):
            services.change_stage(row, stage, version=row.version, actor=None)
        db.session.commit()
    with count_statements(app) as many:
        client.get(f"/cases/{case.id}")
    assert len(many) == len(few)


def test_name_sort_follows_renames(app, client, make, sign_in):
    from returnsvc.cases.models import Case
    from returnsvc.cases.services import edit_person

    office, me, _ = office_with_counsellor(make, sign_in)
    ana = make.case(
        office_id=office.id,
        counsellor_id=me.id,
        given_names="Ana",
        first_surname="Álvarez",
        second_surname="",
    )
    make.case(
        office_id=office.id,
        counsellor_id=me.id,
        given_names="Beto",
        first_surname="Benítez",
        second_surname="",
    )
    assert _names(client.get("/cases/?sort=name"))[:2] == ["Álvarez, Ana", "Benítez, Beto"]
    with app.test_request_context():
        case = db.session.get(Case, ana.id)
        person = case.returnee
        data = {
            f: getattr(person, f)
            for f in (
                "given_names",
                "second_surname",
                "sex",
                "birth_date",
                "nationality",
                "document_type",
                "document_number",
                "document_country",
                "phone",
                "email",
                "origin_country",
                "region_code",
                "city",
                "address",
                "household_size",
                "dependants",
                "education_level",
                "languages",
            )
        }
        edit_person(
            case, data | {"first_surname": "Zúñiga"}, {}, version=person.version, actor=None
        )
        db.session.commit()
    assert _names(client.get("/cases/?sort=name"))[-1] == "Zúñiga, Ana"


def test_a_list_page_costs_five_statements(app, client, make, sign_in):
    """The user (with the session check), the counsellor filter's choices, the planner
    settings, the page, the transfers waiting for the office: whatever the filters."""
    office, me, _ = office_with_counsellor(make, sign_in)
    for query in ("", "?stage=in_support&sort=name", "?q=perez", "?counsellor=me&sex=female"):
        client.get(f"/cases/{query}")  # warm-up
        with count_statements(app) as statements:
            assert client.get(f"/cases/{query}").status_code == 200
        queries = [s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE"))]
        assert len(queries) == 5, (query, queries)


def test_a_case_being_transferred_to_the_office_is_in_its_list(app, client, make, sign_in):
    from returnsvc.cases import transfers
    from returnsvc.cases.models import Case
    from returnsvc.offices.models import Office

    madrid = make.office("ES", city="Madrid")
    quito, _, _ = office_with_counsellor(make, sign_in, country="EC", city="Quito")
    moving = make.case(office_id=madrid.id, first_surname="Viajera")
    make.case(office_id=madrid.id, first_surname="Quedada")
    with app.test_request_context():
        case, target = db.session.get(Case, moving.id), db.session.get(Office, quito.id)
        transfers.request_transfer(case, target, reason="Vuelve a Quito", actor=None)
        db.session.commit()
    for query in ("", "?sort=name", "?q=viajera", "?stage=all&sort=opened"):
        names = _names(client.get(f"/cases/{query}"))
        assert any(name.startswith("Viajera") for name in names), query
        assert not any(name.startswith("Quedada") for name in names), query
