"""The taxonomy pages: JSON pickers, ISCO-08 browse and the admin's reference data (wiring,
access and rendering; the search itself is tested in test_search.py)."""

import pytest

from returnsvc.extensions import db
from returnsvc.taxonomy.models import ImportKind, TaxonomyImport
from tests.taxonomy.sample import load_sample


@pytest.fixture
def ids(app, tx):
    with app.test_request_context():
        found = load_sample()
        db.session.commit()
    return found


def _switch_language(client, locale):
    client.post("/language", data={"locale": locale, "next": "/home"})


def test_skill_picker_json(client, sign_in, ids):
    sign_in("counsellor")
    response = client.get("/taxonomy/skills?q=childcare")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["query"] == "childcare"
    assert body["hits"] == [
        {
            "kind": "skill",
            "key": str(ids["children"]),
            "label": body["hits"][0]["label"],
            "label_locale": body["locale"],
            "matched": "childcare" if body["locale"] == "es" else "",
            "isco_code": None,
        }
    ]
    assert response.headers["Cache-Control"] == "no-store"


def test_occupation_picker_follows_the_current_language(client, sign_in, ids):
    sign_in("manager")
    _switch_language(client, "en")
    english = client.get("/taxonomy/occupations?q=albanil").get_json()
    assert english["locale"] == "en"
    assert english["hits"][0]["label"] == "bricklayer"
    assert english["hits"][0]["matched"] == "albañil"
    _switch_language(client, "es")
    spanish = client.get("/taxonomy/occupations?q=5120").get_json()
    assert [h["label"] for h in spanish["hits"]] == ["Cocineros", "cocinero/cocinera"]


@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "?q=",
        "?q=%20%20",
        "?q=" + "x" * 500,
        "?q=%25%5F",
        "?q=%F0%9F%99%82",
        "?q=%C3%28",  # an invalid UTF-8 sequence
        "?q=weld&limit=abc",
        "?q=weld&limit=-5",
        "?q=weld&limit=99999999999",
        "?q=weld&q=cook",
    ],
)
def test_picker_junk_input_never_fails(client, sign_in, ids, query_string):
    sign_in("admin")
    for picker in ("skills", "occupations"):
        response = client.get(f"/taxonomy/{picker}{query_string}")
        assert response.status_code == 200, (picker, query_string)
        assert isinstance(response.get_json()["hits"], list)


def test_picker_nul_is_refused(client, sign_in, ids):
    sign_in("counsellor")
    assert client.get("/taxonomy/skills?q=a%00b").status_code == 400


def test_picker_limit(client, sign_in, ids):
    sign_in("counsellor")
    assert len(client.get("/taxonomy/skills?q=sold&limit=1").get_json()["hits"]) == 1


def test_pickers_refuse_returnees_and_anonymous(client, sign_in, ids):
    assert client.get("/taxonomy/skills?q=weld").status_code == 302
    sign_in("returnee")
    assert client.get("/taxonomy/skills?q=weld").status_code == 403
    assert client.get("/taxonomy/occupations?q=cook").status_code == 403


def test_reference_data_page(client, sign_in, app, ids):
    with app.test_request_context():
        db.session.add(
            TaxonomyImport(
                kind=ImportKind.ESCO,
                source="/data/esco-v1.0",
                rows_read=13485,
                created=13485,
                updated=0,
                unchanged=0,
                seconds=12.5,
            )
        )
        db.session.commit()
    sign_in("admin")
    _switch_language(client, "en")
    page = client.get("/taxonomy/").get_data(as_text=True)
    assert "Reference data" in page
    assert "ESCO skills" in page and "ISCO-08 groups" in page
    assert "esco-v1.0" in page and "13,485" in page and "12.5" in page
    # Words for the admin: no server path, no command (those are in the README).
    assert "/data/" not in page and "flask" not in page and "import-esco" not in page
    assert 'href="/taxonomy/"' in page  # in the admin's menu


def test_reference_data_page_when_empty(client, sign_in):
    sign_in("admin")
    _switch_language(client, "en")
    page = client.get("/taxonomy/").get_data(as_text=True)
    assert "Nothing has been imported yet." in page


def test_reference_data_is_for_admins_only(client, sign_in):
    sign_in("counsellor")
    assert client.get("/taxonomy/").status_code == 403


def test_isco_browse(client, sign_in, ids):
    sign_in("counsellor")
    _switch_language(client, "es")
    top = client.get("/taxonomy/isco").get_data(as_text=True)
    assert "Trabajadores de los servicios y vendedores" in top
    assert 'href="/taxonomy/isco/5"' in top
    minor = client.get("/taxonomy/isco/512").get_data(as_text=True)
    assert 'href="/taxonomy/isco/5120"' in minor and 'href="/taxonomy/isco/51"' in minor
    unit = client.get("/taxonomy/isco/7112").get_data(as_text=True)
    assert '<span lang="en">Bricklayers and related workers</span>' in unit  # no translation
    assert "albañil" in unit
    nurses = client.get("/taxonomy/isco/2221").get_data(as_text=True)
    assert "specialist nurse" in nurses


@pytest.mark.parametrize("code", ["9999", "0", "51200", "abc", "５１２０", "-1"])
def test_isco_unknown_codes_are_404(client, sign_in, ids, code):
    sign_in("counsellor")
    assert client.get(f"/taxonomy/isco/{code}").status_code == 404


def test_picker_macro_renders_radios_without_javascript(app, ids):
    from flask import render_template_string

    from returnsvc.taxonomy import queries

    template = (
        '{% from "taxonomy/_picker.html" import picker %}'
        "{{ picker('skill', kind='skills', label='Skill', query=query, hits=hits, "
        "searched=true, selected=selected, errors=['Choose a skill.']) }}"
    )
    with app.test_request_context("/?q=x", headers={"Accept-Language": "es"}):
        hits = queries.search_skills("sold", "es")
        selected = queries.search_skills("forklift", "es")[0]
        html = render_template_string(template, query="sold", hits=hits, selected=selected)
        empty = render_template_string(template, query="zzzz", hits=[], selected=None)
    assert 'name="skill_q" value="sold"' in html
    assert f'value="skill:{ids["forklift"]}" checked' in html
    assert html.count('type="radio"') == len(hits) + 1
    assert '<span lang="en">operate forklift</span>' in html
    assert 'name="search" value="skill"' in html
    assert 'data-picker-url="/taxonomy/skills"' in html
    assert "js/picker.js" in html and "<script>" not in html
    assert 'aria-describedby="skill-error"' in html
    assert "No se ha encontrado nada" in empty  # the page is in Spanish


def test_picker_script_is_served(client):
    response = client.get("/static/js/picker.js")
    assert response.status_code == 200
    assert "data-picker" in response.get_data(as_text=True)
    response.close()
