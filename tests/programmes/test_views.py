"""Support-programme pages: list with filters and markers in es and en, bounded SQL, create and
edit with errors next to their fields, conflicts, publish/unpublish, delete confirmation."""

import re

import pytest
from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme
from returnsvc.publishing.models import PublicationStatus
from tests.helpers import audit_actions, count_statements, html_lang


def text(response) -> str:
    return response.get_data(as_text=True)


def field_error(body: str, field_id: str) -> str:
    match = re.search(rf'<div class="error" id="{field_id}-error">(.*?)</div>', body, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def form_data(**overrides) -> dict:
    base = {
        "key": "",
        "country": "EC",
        "kind": "micro_credit",
        "provider": "Caja Arequipa",
        "regions": ["EC-P", "EC-A"],
        "contact": "creditos@example.pe",
        "name_es": "Crédito Retorno",
        "conditions_es": "Haber retornado en los últimos dos años.",
        "description_es": "",
        "name_en": "",
        "conditions_en": "",
        "description_en": "",
    }
    return {**base, **overrides}


def programme(app, programme_id):
    with app.app_context():
        found = db.session.get(SupportProgramme, programme_id)
        texts = PROGRAMME_TEXT.texts_of(programme_id) if found else None
        db.session.expunge_all()
        return found, texts


@pytest.fixture
def manager(sign_in, make):
    """A manager of an office in Ecuador: they change Ecuador's content only."""
    return sign_in("manager", office_id=make.office("EC").id, locale="en")


def test_list_in_english_with_markers_filters_and_links(app, client, make, manager):
    ec = make.programme("EC", texts={"es": {"name": "Crédito Semilla"}}, regions=["EC-P"])
    make.programme("PE", kind="training", texts={"en": {"name": "Peru training"}})
    edition = make.edition("EC", "business")
    make.opportunity(edition, programme_ids=[ec])
    body = text(client.get("/manage/programmes/"))
    assert html_lang(client.get("/manage/programmes/")) == "en"
    assert 'lang="es">Crédito Semilla</a>' in body
    assert "Not yet translated: English" in body
    assert "Pichincha" in body
    row = body[body.index("Crédito Semilla") :]
    assert re.search(r'class="numeric">1</td>', row)
    filtered = text(client.get("/manage/programmes/?country=PE&kind=training&status=published"))
    assert "Peru training" in filtered and "Crédito Semilla" not in filtered
    # Unknown filter values are no filter, never an error.
    assert client.get("/manage/programmes/?country=ZZ&kind=x&status=y&page=-1").status_code == 200


def test_list_in_spanish(app, client, make, sign_in):
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    make.programme("BO", texts={"en": {"name": "Bolivia advisory"}})
    response = client.get("/manage/programmes/")
    assert html_lang(response) == "es"
    assert 'lang="en">Bolivia advisory</a>' in text(response)
    assert "Bolivia" in text(response)


def test_list_statements_do_not_grow_with_rows(app, client, make, manager):
    def statements() -> int:
        with count_statements(app) as seen:
            assert client.get("/manage/programmes/").status_code == 200
        return len(seen)

    make.programme("EC")
    few = statements()
    for country in ("BO", "CO", "PE", "EC", "EC"):
        make.programme(country, regions=[])
    assert statements() == few


def test_create_then_detail(app, client, make, manager):
    response = client.post("/manage/programmes/new", data=form_data())
    assert response.status_code == 302
    with app.app_context():
        programme_id = db.session.scalar(select(SupportProgramme.id))
    assert response.headers["Location"].endswith(f"/manage/programmes/{programme_id}")
    found, texts = programme(app, programme_id)
    assert (found.key, found.regions) == ("credito-retorno", ["EC-A", "EC-P"])
    assert texts["es"]["name"] == "Crédito Retorno" and "en" not in texts
    assert "programme.created" in audit_actions(app)
    body = text(client.get(f"/manage/programmes/{programme_id}"))
    assert "Not yet translated" in body
    assert 'href="mailto:creditos@example.pe"' in body


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        # A manager of Ecuador is offered Ecuador only; anything else is refused.
        ({"country": "ES"}, "country", "content of your own country"),
        ({"country": "PE"}, "country", "content of your own country"),
        ({"country": ""}, "country", "Choose one of the origin countries."),
        ({"kind": ""}, "kind", "Choose the kind of programme."),
        ({"regions": ["PE-LIM"]}, "regions", "regions of the programme"),
        ({"contact": "javascript:alert(1)"}, "contact", "web address"),
        ({"key": "Not A Key"}, "key", "lower-case"),
        ({"name_es": "", "conditions_es": "x"}, "name_es", "Give the title in this language too"),
        ({"name_es": "", "conditions_es": ""}, "name_es", "at least one language"),
        ({"provider": "x" * 201}, "provider", "At most 200 characters"),
    ],
)
def test_bad_input_shows_the_message_next_to_the_field(
    app, client, manager, overrides, field, message
):
    response = client.post("/manage/programmes/new", data=form_data(**overrides))
    assert response.status_code == 200
    assert message in field_error(text(response), field)
    with app.app_context():
        assert db.session.scalar(select(SupportProgramme.id)) is None


def test_error_in_spanish(app, client, sign_in, make):
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    response = client.post("/manage/programmes/new", data=form_data(provider="x" * 201))
    assert "Hay un problema" in text(response)
    assert field_error(text(response), "provider") == "Error: Utilice como máximo 200 caracteres."
    assert html_lang(response) == "es"


def test_contact_never_links_javascript(app, client, make, manager):
    programme_id = make.programme("EC", contact="javascript:alert(1)", published=False)
    body = text(client.get(f"/manage/programmes/{programme_id}"))
    assert 'href="javascript' not in body.lower()


def test_edit_with_stale_version_shows_the_conflict(app, client, make, manager):
    programme_id = make.programme("EC", regions=[], published=False)
    page = text(client.get(f"/manage/programmes/{programme_id}/edit"))
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    data = form_data(country="EC", regions=[], version=version, provider="First")
    assert client.post(f"/manage/programmes/{programme_id}/edit", data=data).status_code == 302
    data["provider"] = "Second"
    response = client.post(f"/manage/programmes/{programme_id}/edit", data=data)
    assert response.status_code == 409
    assert "First" in text(response) and "Second" in text(response)
    assert programme(app, programme_id)[0].provider == "First"


def test_edit_prefills_texts_and_saves_a_translation(app, client, make, manager):
    programme_id = make.programme("EC", regions=["EC-A"], texts={"es": {"name": "Ahorro"}})
    page = text(client.get(f"/manage/programmes/{programme_id}/edit"))
    assert 'value="Ahorro"' in page and 'value="EC-A" checked' in page
    found, _ = programme(app, programme_id)
    data = form_data(
        country="EC",
        regions=["EC-A"],
        key=found.key,
        provider=found.provider,
        contact=found.contact,
        name_es="Ahorro",
        conditions_es="",
        name_en="Savings",
        version=str(found.version),
    )
    assert client.post(f"/manage/programmes/{programme_id}/edit", data=data).status_code == 302
    assert programme(app, programme_id)[1]["en"]["name"] == "Savings"


def test_publish_unpublish_and_stale_action(app, client, make, manager):
    programme_id = make.programme("EC", published=False)
    version = programme(app, programme_id)[0].version
    url = f"/manage/programmes/{programme_id}"
    assert client.post(f"{url}/publish", data={"version": version}).status_code == 302
    found, _ = programme(app, programme_id)
    assert found.status == PublicationStatus.PUBLISHED
    # A stale version changes nothing.
    client.post(f"{url}/unpublish", data={"version": version})
    assert programme(app, programme_id)[0].status == PublicationStatus.PUBLISHED
    client.post(f"{url}/unpublish", data={"version": found.version})
    assert programme(app, programme_id)[0].status == PublicationStatus.DRAFT
    assert audit_actions(app)[-2:] == ["programme.published", "programme.unpublished"]


def test_delete_confirms_with_the_number_of_links(app, client, make, manager):
    programme_id = make.programme("EC", published=False)
    edition = make.edition("EC", "business")
    make.opportunity(edition, programme_ids=[programme_id])
    url = f"/manage/programmes/{programme_id}/delete"
    page = text(client.get(url))
    assert "1 business opportunity links to it" in page
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    response = client.post(url, data={"version": version})
    assert response.headers["Location"].endswith("/manage/programmes/")
    assert programme(app, programme_id)[0] is None


def test_published_programmes_are_not_deleted(app, client, make, manager):
    programme_id = make.programme("EC", published=True)
    url = f"/manage/programmes/{programme_id}/delete"
    assert "Only drafts can be deleted" in text(client.get(url))
    version = programme(app, programme_id)[0].version
    client.post(url, data={"version": version})
    assert programme(app, programme_id)[0] is not None


def test_managers_and_admins_only(client, make, sign_in):
    sign_in("counsellor")
    assert client.get("/manage/programmes/").status_code == 403


def test_an_admin_changes_every_countrys_programmes(client, make, sign_in):
    sign_in("admin")
    for country in ("CO", "PE"):
        programme_id = make.programme(country, published=False)
        assert client.get(f"/manage/programmes/{programme_id}/edit").status_code == 200


def test_detail_lists_linked_opportunities_with_their_edition(app, client, make, manager):
    programme_id = make.programme("CO", published=False)
    edition = make.edition(
        "CO", "business", texts={"en": {"title": "Colombia business guide 2026"}}
    )
    make.opportunity(
        edition, programme_ids=[programme_id], texts={"es": {"title": "Café de especialidad"}}
    )
    body = text(client.get(f"/manage/programmes/{programme_id}"))
    assert "Café de especialidad" in body
    assert f'href="/manage/guides/{edition}">Colombia business guide 2026</a>' in body


def test_blank_key_on_edit_keeps_the_key(app, client, make, manager):
    programme_id = make.programme("EC", key="kept-key", regions=[], published=False)
    found, _ = programme(app, programme_id)
    data = form_data(country="EC", regions=[], key="", version=str(found.version))
    assert client.post(f"/manage/programmes/{programme_id}/edit", data=data).status_code == 302
    assert programme(app, programme_id)[0].key == "kept-key"


def test_error_summary_names_the_language(app, client, manager):
    response = client.post("/manage/programmes/new", data=form_data(name_en="", conditions_en="x"))
    assert "Name (English):" in text(response)
