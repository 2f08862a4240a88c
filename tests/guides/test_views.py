"""The managers' guide pages in Spanish and English: wiring, permissions, bad input (a clear
message, nothing written), publishing, copying, conflicts, and bounded SQL per page."""

import pytest
from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.guides.models import (
    BusinessOpportunity,
    DemandEntry,
    GuideEdition,
    RequiredSkill,
)
from returnsvc.publishing.models import PublicationStatus
from tests.guides.helpers import build, edition_count
from tests.helpers import audit_actions, count_statements, html_lang

EDITION_FORM = {
    "country": "BO",
    "kind": "labour_market",
    "edition_date": "2026-09-01",
    "title_es": "Guía laboral Bolivia",
    "title_en": "",
}


def demand_form(**overrides) -> dict:
    data = {
        "occupation": "isco:7112",
        "key": "",
        "isic_section": "F",
        "regions": ["EC-P", "EC-G"],
        "demand_level": "high",
        "wage_min": "600",
        "wage_max": "1.200,50",
        "min_education": "",
        "experience_years": "",
        "notes_es": "Obras",
    }
    return data | overrides


def get_edition(app, edition_id):
    with app.app_context():
        edition = db.session.get(GuideEdition, edition_id)
        db.session.expunge_all()
        return edition


@pytest.mark.parametrize(
    ("locale", "expected"), [("es", "Guía del mercado laboral"), ("en", "Labour-market guide")]
)
def test_index_in_both_languages(app, client, sign_in, locale, expected, make):
    build(app)
    sign_in("manager", office_id=make.office("EC").id, locale=locale)
    page = client.get("/manage/guides/")
    assert page.status_code == 200 and html_lang(page) == locale
    body = page.get_data(as_text=True)
    assert expected in body
    assert ("Borrador" if locale == "es" else "Draft") in body
    assert "Guía laboral Ecuador 2026" in body or "Ecuador labour guide 2026" in body
    filtered = client.get("/manage/guides/?country=PE&kind=junk&status=nope")
    assert filtered.status_code == 200 and "2026" not in filtered.get_data(as_text=True)


@pytest.mark.parametrize("role", ["counsellor", "returnee"])
def test_only_managers_and_admins(app, client, sign_in, role):
    sign_in(role)
    assert client.get("/manage/guides/").status_code == 403


def test_an_admin_changes_every_countrys_editions(app, client, sign_in, make):
    """Managers change their own country's guides; an admin mends any country's."""
    sign_in("admin")
    for country in ("EC", "BO"):
        edition = make.edition(country, "business", texts={"en": {"title": f"Guide {country}"}})
        assert client.get(f"/manage/guides/{edition}/edit").status_code == 200


def test_create_edition_and_bad_input(app, client, sign_in, make):
    sign_in("manager", office_id=make.office("BO").id, locale="en")
    for bad, message in (
        ({"title_es": ""}, "Give a title in at least one language."),
        ({"summary_en": "A summary only"}, "Give the title in this language too"),
        ({"edition_date": "next year"}, "Enter the edition date."),
        ({"country": "ES"}, "Not a valid choice"),
    ):
        page = client.post("/manage/guides/new", data=EDITION_FORM | bad)
        assert page.status_code == 200
        assert message in page.get_data(as_text=True), bad
    assert edition_count(app) == 0
    done = client.post("/manage/guides/new", data=EDITION_FORM)
    assert done.status_code == 302
    assert audit_actions(app)[-1] == "guide_edition.created"
    page = client.get(done.headers["Location"])
    body = page.get_data(as_text=True)
    assert "Guía laboral Bolivia" in body and "Not yet translated" in body
    assert "CSV import/export links" not in body  # the marker is a template comment


def test_edit_edition_version_conflict(app, client, sign_in, make):
    built = build(app)
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    url = f"/manage/guides/{built['edition']}/edit"
    form = client.get(url)
    assert "Guía laboral Ecuador 2026" in form.get_data(as_text=True)
    data = EDITION_FORM | {"country": "EC", "title_en": "Renamed", "version": "1"}
    assert client.post(url, data=data).status_code == 302
    stale = client.post(url, data=data | {"title_en": "Again"})
    assert stale.status_code == 409
    assert "Renamed" in stale.get_data(as_text=True)  # the stored text, beside "Again"
    refused = client.post(url, data=data | {"kind": "business", "version": "2"})
    assert "cannot change once the edition has entries" in refused.get_data(as_text=True)
    # Another country is not even offered to a manager of Ecuador.
    refused = client.post(url, data=data | {"country": "PE", "version": "2"})
    assert "Not a valid choice" in refused.get_data(as_text=True)
    assert get_edition(app, built["edition"]).country == "EC"


def test_publish_unpublish_delete(app, client, sign_in, make):
    built = build(app)
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    base = f"/manage/guides/{built['edition']}"
    page = client.get(base)
    assert page.status_code == 200 and html_lang(page) == "es"
    assert f"/guides/edition/{built['edition']}" in page.get_data(as_text=True)  # preview
    assert client.post(base + "/publish", data={"version": "1"}).status_code == 302
    assert get_edition(app, built["edition"]).status is PublicationStatus.PUBLISHED
    # Refused like every deletion of a record's page (core.pages.DeletePage): back, with why.
    blocked = client.post(base + "/delete", data={"version": "2"})
    assert blocked.status_code == 302 and edition_count(app) == 1
    refused = client.get(blocked.headers["Location"]).get_data(as_text=True)
    assert "Solo se puede eliminar una edición en borrador" in refused
    assert client.post(base + "/publish", data={"version": "1"}).status_code == 302  # stale
    assert client.post(base + "/unpublish", data={"version": "2"}).status_code == 302
    assert get_edition(app, built["edition"]).status is PublicationStatus.DRAFT
    assert client.get(base + "/delete").status_code == 200
    assert client.post(base + "/delete", data={"version": "3"}).status_code == 302
    assert edition_count(app) == 0
    assert audit_actions(app)[-3:] == [
        "guide_edition.published",
        "guide_edition.unpublished",
        "guide_edition.deleted",
    ]


def test_copy_edition(app, client, sign_in, make):
    built = build(app, entries=2, published=True)
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    url = f"/manage/guides/{built['edition']}/copy"
    assert client.post(url, data={"edition_date": "junk"}).status_code == 200
    assert edition_count(app) == 1
    done = client.post(url, data={"edition_date": "2027-10-01"})
    assert done.status_code == 302
    body = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "d-0" in body and "d-1" in body and "Draft" in body


def test_demand_entry_pages(app, client, sign_in, make):
    built = build(app, entries=0)
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    url = f"/manage/guides/{built['edition']}/demand/new"
    assert client.get(url).status_code == 200
    searched = client.post(url, data={"search": "occupation", "occupation_q": "albañil"})
    assert searched.status_code == 200 and "albañil" in searched.get_data(as_text=True)
    for bad in (
        {"occupation": ""},
        {"occupation": "isco:99"},
        {"wage_min": "mucho"},
        {"wage_min": "2000"},  # above the maximum
        {"regions": ["PE-LIM"]},
        {"key": "No Vale"},
        {"experience_years": "99"},
    ):
        page = client.post(url, data=demand_form(**bad))
        assert page.status_code == 200, bad
        assert "Error:" in page.get_data(as_text=True) or "error-summary" in page.get_data(
            as_text=True
        )
    with app.app_context():
        assert db.session.scalars(select(DemandEntry)).all() == []
    assert client.post(url, data=demand_form()).status_code == 302
    with app.app_context():
        entry = db.session.scalars(select(DemandEntry)).one()
        assert str(entry.wage_max) == "1200.50" and entry.regions == ["EC-G", "EC-P"]
        entry_id = entry.id
    edit = f"/manage/guides/{built['edition']}/demand/{entry_id}"
    page = client.get(edit)
    assert page.status_code == 200 and 'value="isco:7112" checked' in page.get_data(as_text=True)
    stale = client.post(edit, data=demand_form(key="isco-7112", version="7"))
    assert stale.status_code == 409
    assert client.get(edit + "/delete").status_code == 200
    assert client.post(edit + "/delete", data={"version": "1"}).status_code == 302
    assert audit_actions(app)[-2:] == ["demand_entry.created", "demand_entry.deleted"]


def test_esco_occupation_counts_as_its_unit_group(app, client, sign_in, sample, make):
    built = build(app, entries=0)
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    url = f"/manage/guides/{built['edition']}/demand/new"
    data = demand_form(occupation=f"occupation:{sample['cook']}", wage_max="1,200.50")
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(DemandEntry.isco_code)).one() == "5120"


def test_opportunity_form(app, client, sign_in, make):
    built = build(app, "business", entries=0)
    programme = make.programme("EC", published=False)
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    url = f"/manage/guides/{built['edition']}/opportunities/new"
    page = client.get(url)
    assert "(draft)" in page.get_data(as_text=True)
    data = {
        "isic_section": "I",
        "risk_level": "low",
        "investment_min": "5,000",
        "occupations": "5120, 7777",
        "title_en": "Street food stall",
        "programme_ids": [str(programme)],
    }
    refused = client.post(url, data=data)
    assert "“7777” is not an ISCO-08 unit group" in refused.get_data(as_text=True)
    assert client.post(url, data=data | {"occupations": "5120"}).status_code == 302
    with app.app_context():
        entry = db.session.scalars(select(BusinessOpportunity)).one()
        assert entry.occupations == ["5120"] and entry.key == "street-food-stall"
        entry_id = entry.id
    edit = f"/manage/guides/{built['edition']}/opportunities/{entry_id}"
    assert 'value="5120"' in client.get(edit).get_data(as_text=True)
    stale = client.post(edit, data=data | {"title_en": "Food truck", "version": "9"})
    assert stale.status_code == 409 and "Street food stall" in stale.get_data(as_text=True)


def test_required_skills_page(app, client, sign_in, sample, make):
    built = build(app)
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    url = f"/manage/guides/{built['edition']}/demand/{built['entries'][0]}/skills"
    found = client.post(url, data={"search": "skill", "skill_q": "weld"})
    assert "weld metals" in found.get_data(as_text=True)
    assert client.post(url, data={"skill": f"skill:{sample['weld']}"}).status_code == 302
    twice = client.post(url, data={"skill": f"skill:{sample['weld']}"})
    assert "already on the list" in twice.get_data(as_text=True)
    assert "weld metals" in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/{sample['weld']}/remove").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(RequiredSkill)).all() == []
    # An entry of another edition is not reachable through this edition.
    other = build(app)
    wrong = f"/manage/guides/{built['edition']}/demand/{other['entries'][0]}/skills"
    assert client.get(wrong).status_code == 404
    assert client.get(f"/manage/guides/{built['edition']}/opportunities/new").status_code == 404


def _statements(app, client, url) -> int:
    with count_statements(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_sql_statements_do_not_grow_with_rows(app, client, sign_in, make):
    small = build(app, entries=1)
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    index_small = _statements(app, client, "/manage/guides/")
    page_small = _statements(app, client, f"/manage/guides/{small['edition']}")
    big = build(app, entries=12)
    for _ in range(4):
        build(app, "business", entries=2)
    assert _statements(app, client, "/manage/guides/") == index_small
    assert _statements(app, client, f"/manage/guides/{big['edition']}") == page_small


def test_edition_page_pages_through_entries_by_key(app, client, sign_in, monkeypatch, make):
    from returnsvc.guides import queries

    monkeypatch.setattr(queries, "ENTRIES_PER_PAGE", 2)
    built = build(app, entries=3)
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    first = client.get(f"/manage/guides/{built['edition']}").get_data(as_text=True)
    assert "d-0" in first and "d-1" in first and "d-2" not in first and "3 entries" in first
    second = client.get(f"/manage/guides/{built['edition']}?after=d-1").get_data(as_text=True)
    assert "d-2" in second and "d-0" not in second
    assert client.get(f"/manage/guides/{built['edition']}?after=%FF").status_code == 200


def test_edition_page_links_the_csv_export_import_and_format(app, client, sign_in, make):
    edition_id = build(app)["edition"]
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    body = client.get(f"/manage/guides/{edition_id}").get_data(as_text=True)
    for href in (
        f"/manage/guides/{edition_id}/export.csv",
        f"/manage/guides/{edition_id}/import",
        "/manage/guides/csv-format",
    ):
        assert f'href="{href}"' in body
    assert client.get(f"/manage/guides/{edition_id}/export.csv").status_code == 200


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_state_changes_without_the_shown_version_change_nothing(app, client, sign_in, action, make):
    built = build(app, published=(action == "unpublish"))
    before = get_edition(app, built["edition"]).version
    sign_in("manager", office_id=make.office("EC").id, locale="en")
    response = client.post(f"/manage/guides/{built['edition']}/{action}", data={"version": "x"})
    # A one-click action goes back to the edition with a message; the delete page answers
    # the conflict page, as every record page does for a version it did not show.
    assert response.status_code == (302 if action == "unpublish" else 409)
    edition = get_edition(app, built["edition"])
    assert edition is not None and edition.version == before
    expected = PublicationStatus.PUBLISHED if action == "unpublish" else PublicationStatus.DRAFT
    assert edition.status == expected


def test_a_manager_changes_only_their_own_countrys_editions(app, client, sign_in, make):
    """A manager of Peru reads Ecuador's edition (no edit controls) but every change is
    refused (403) and nothing is written; the create form offers Peru only."""
    built = build(app)
    sign_in("manager", office_id=make.office("PE").id, locale="en")
    base = f"/manage/guides/{built['edition']}"
    page = client.get(base).get_data(as_text=True)
    assert f"{base}/edit" not in page and f"{base}/import" not in page
    assert f"{base}/demand/new" not in page and f"{base}/export.csv" in page
    index = client.get("/manage/guides/").get_data(as_text=True)
    assert f"{base}/edit" not in index
    version = get_edition(app, built["edition"]).version
    for method, url in (
        ("GET", f"{base}/edit"),
        ("POST", f"{base}/publish"),
        ("GET", f"{base}/copy"),
        ("GET", f"{base}/delete"),
        ("GET", f"{base}/import"),
        ("GET", f"{base}/demand/{built['entries'][0]}"),
    ):
        assert client.open(url, method=method, data={"version": version}).status_code == 403, url
    assert get_edition(app, built["edition"]).status is PublicationStatus.DRAFT
    form = client.get("/manage/guides/new").get_data(as_text=True)
    assert 'value="PE"' in form and 'value="EC"' not in form
    refused = client.post("/manage/guides/new", data=EDITION_FORM | {"country": "EC"})
    assert refused.status_code == 200 and edition_count(app) == 1
