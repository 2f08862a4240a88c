"""Good-practice pages: list in es and en with markers and bounded SQL, the article rendered
as escaped paragraphs, create and edit with errors next to their fields, conflicts, publish,
delete confirmation."""

import re

import pytest
from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice
from returnsvc.publishing.models import PublicationStatus
from tests.helpers import audit_actions, count_statements, html_lang
from tests.programmes.test_views import field_error, text


def form_data(**overrides) -> dict:
    base = {
        "key": "",
        "countries": ["EC"],
        "themes": ["health_worker_migration"],
        "title_es": "Enfermeras que vuelven",
        "summary_es": "Resumen",
        "body_es": "Primer párrafo.\n\n<script>alert(1)</script>",
        "title_en": "",
        "summary_en": "",
        "body_en": "",
    }
    return {**base, **overrides}


def practice(app, practice_id):
    with app.app_context():
        found = db.session.get(GoodPractice, practice_id)
        texts = PRACTICE_TEXT.texts_of(practice_id) if found else None
        db.session.expunge_all()
        return found, texts


@pytest.fixture
def manager(sign_in, make):
    """A manager of an office in Ecuador: they change Ecuador's content only."""
    return sign_in("manager", office_id=make.office("EC").id, locale="en")


def test_list_in_both_languages(app, client, make, sign_in):
    make.practice(["CO"], ["pes_services"], texts={"es": {"title": "Servicio de empleo"}})
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    response = client.get("/manage/practices/?country=CO&theme=pes_services")
    body = text(response)
    assert html_lang(response) == "en"
    assert 'lang="es">Servicio de empleo</a>' in body
    assert "Not yet translated: English" in body
    assert "Employment-service reintegration support" in body
    assert client.get("/manage/practices/?theme=nonsense&page=abc").status_code == 200


def test_list_in_spanish(app, client, make, sign_in):
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    make.practice(["CO"], ["pes_services"], texts={"es": {"title": "Servicio de empleo"}})
    response = client.get("/manage/practices/")
    assert html_lang(response) == "es"
    assert "Colombia" in text(response) and "Servicio de empleo" in text(response)


def test_list_statements_do_not_grow_with_rows(app, client, make, manager):
    def statements() -> int:
        with count_statements(app) as seen:
            assert client.get("/manage/practices/").status_code == 200
        return len(seen)

    make.practice()
    few = statements()
    for _ in range(5):
        make.practice(["BO", "PE"], ["micro_enterprise", "pes_services"])
    assert statements() == few


def test_create_and_render_escaped_paragraphs(app, client, manager):
    response = client.post("/manage/practices/new", data=form_data())
    assert response.status_code == 302
    with app.app_context():
        practice_id = db.session.scalar(select(GoodPractice.id))
    body = text(client.get(f"/manage/practices/{practice_id}"))
    assert "<p>Primer párrafo.</p>" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "Not yet translated" in body
    assert "practice.created" in audit_actions(app)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"themes": []}, "themes", "Choose at least one theme."),
        # A manager of Ecuador tags Ecuador only: not another country, nor "every country".
        ({"countries": ["ES"]}, "countries", "content of your own country"),
        ({"countries": ["EC", "PE"]}, "countries", "content of your own country"),
        ({"countries": []}, "countries", "content of your own country"),
        ({"title_es": "", "summary_es": "x"}, "title_es", "Give the title in this language too"),
        ({"title_es": "", "summary_es": "", "body_es": ""}, "title_es", "at least one language"),
        ({"title_en": "t" * 301}, "title_en", "At most 300 characters"),
        ({"key": "x"}, "key", "lower-case"),
    ],
)
def test_bad_input_shows_the_message_next_to_the_field(
    app, client, manager, overrides, field, message
):
    response = client.post("/manage/practices/new", data=form_data(**overrides))
    assert response.status_code == 200
    assert message in field_error(text(response), field)
    with app.app_context():
        assert db.session.scalar(select(GoodPractice.id)) is None


def test_edit_conflict_and_save(app, client, make, manager):
    practice_id = make.practice(["EC"], ["micro_enterprise"], published=False)
    page = text(client.get(f"/manage/practices/{practice_id}/edit"))
    assert 'value="EC" checked' in page and 'value="micro_enterprise" checked' in page
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    data = form_data(version=version, title_en="Saved first")
    assert client.post(f"/manage/practices/{practice_id}/edit", data=data).status_code == 302
    data["title_en"] = "Saved second"
    response = client.post(f"/manage/practices/{practice_id}/edit", data=data)
    assert response.status_code == 409
    assert "Saved first" in text(response)
    assert practice(app, practice_id)[1]["en"]["title"] == "Saved first"


def test_publish_and_delete(app, client, make, manager):
    practice_id = make.practice(published=False)
    url = f"/manage/practices/{practice_id}"
    version = practice(app, practice_id)[0].version
    client.post(f"{url}/publish", data={"version": version})
    found, _ = practice(app, practice_id)
    assert found.status == PublicationStatus.PUBLISHED
    assert "Only drafts can be deleted" in text(client.get(f"{url}/delete"))
    client.post(f"{url}/unpublish", data={"version": found.version})
    found, _ = practice(app, practice_id)
    page = text(client.get(f"{url}/delete"))
    assert "Keep it" in page
    response = client.post(f"{url}/delete", data={"version": found.version})
    assert response.headers["Location"].endswith("/manage/practices/")
    assert practice(app, practice_id)[0] is None
    assert audit_actions(app)[-1] == "practice.deleted"


def test_counsellors_are_refused(client, sign_in):
    sign_in("counsellor")
    assert client.get("/manage/practices/new").status_code == 403
