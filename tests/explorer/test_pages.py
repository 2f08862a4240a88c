"""The public guide pages in Spanish and English for the four countries: current and earlier
editions, filters, pagination, fallback text, drafts never public, the managers' preview, and
a fixed number of SQL statements whatever the number of rows."""

import re

import pytest

from tests.explorer.conftest import build_world, page, text
from tests.helpers import count_statements, html_lang

COUNTRIES = ("BO", "CO", "EC", "PE")


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("locale", ["es", "en"])
def test_guide_pages_in_both_languages(app, make, client, country, locale):
    world = build_world(app, make, country)
    code = country.lower()
    notes = {"es": "Hoteles de la sierra", "en": "Highland hotels"}[locale]
    business = {"es": "Cafetería", "en": "Snack bar"}[locale]
    for url, expected in [
        (
            "/guides/",
            f"Gu{'í' if locale == 'es' else 'i'}de {country}"
            if locale == "en"
            else f"Guía {country}",
        ),
        (f"/guides/{code}/labour-market", notes),
        (f"/guides/{code}/business", business),
        (f"/guides/{code}/programmes", "Programa" if locale == "es" else "Programme"),
        (
            f"/guides/practices/?country={country}",
            "Experiencia" if locale == "es" else "Experience",
        ),
        (f"/explorer?country={country}&occupation=5120", notes),
        (f"/guides/edition/{world.earlier}", "Guía antigua" if locale == "es" else "Old guide"),
    ]:
        response = page(client, url, locale)
        assert response.status_code == 200, url
        assert html_lang(response) == locale
        assert expected in text(response), url


def test_index_lists_current_editions_with_counts(client, world):
    body = text(page(client, "/guides/", "en"))
    assert "3 occupations in demand" in body
    assert "1 business opportunity" in body
    assert "Borrador secreto" not in body and "Old guide" not in body
    assert 'href="/explorer"' in body and 'href="/guides/practices/"' in body


def test_labour_page_shows_the_current_edition_and_lists_earlier_ones(client, world):
    body = text(page(client, "/guides/ec/labour-market", "en"))
    assert "Highland hotels" in body
    assert "Old guide" in body and f"/guides/edition/{world.earlier}" in body
    assert "Borrador secreto" not in body
    assert "$700.00 – $900.00" in body  # wage in the locale's money format
    assert "cook meat dishes" in body and "pastry" in body  # ESCO and free-text skills


def test_spanish_money_format(client, world):
    body = text(page(client, "/guides/ec/labour-market", "es"))
    assert re.search(r"700,00\sUS\$ – 900,00\sUS\$", body)


def test_fallback_text_carries_its_language(client, world):
    # The nurse entry has English text only; the bricklayer entry Spanish only.
    body = text(page(client, "/guides/ec/labour-market", "es"))
    assert re.search(
        r'<span lang="en">Public hospitals</span>\s*<span class="muted fallback-note">', body
    )
    assert "(en inglés)" in body  # the language in lower case, as Spanish writes it
    assert "not yet translated" not in body
    body = text(page(client, "/guides/ec/labour-market", "en"))
    assert '<span lang="es">Obras públicas</span>' in body
    assert "(in Spanish)" in body


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("region=EC-G", ["Obras públicas", "Public hospitals"], ["Highland hotels"]),
        ("sector=Q", ["Public hospitals"], ["Highland hotels", "Obras públicas"]),
        ("occupation=71", ["Obras públicas"], ["Highland hotels", "Public hospitals"]),
        ("occupation=7112", ["Obras públicas"], ["Highland hotels"]),
        ("occupation=5", ["Highland hotels"], ["Obras públicas"]),
    ],
)
def test_labour_filters(client, world, query, shown, hidden):
    body = text(page(client, f"/guides/ec/labour-market?{query}", "en"))
    for expected in shown:
        assert expected in body
    for unexpected in hidden:
        assert unexpected not in body


@pytest.mark.parametrize(
    "query, message",
    [
        ("region=PE-LIM", "Choose one of the regions of the country."),
        ("sector=ZZ", "Choose one of the listed sectors."),
        ("occupation=71a", "Choose one of the listed occupations."),
    ],
)
def test_bad_filters_are_explained_and_ignored(client, world, query, message):
    response = page(client, f"/guides/ec/labour-market?{query}", "en")
    assert response.status_code == 200
    body = text(response)
    assert message in body and 'aria-invalid="true"' in body
    assert "Highland hotels" in body  # the bad filter is not applied


def test_business_page_shows_opportunities_with_published_programmes(client, world):
    body = text(page(client, "/guides/ec/business?region=EC-P", "en"))
    assert "Snack bar" in body and "Fast food" in body
    assert "Hidden programme" not in body
    assert "Cooks" in body  # fitting occupation, by its ISCO title


def test_programmes_page_filters_and_hides_drafts(client, world):
    body = text(page(client, "/guides/ec/programmes", "en"))
    assert body.count('class="entry" id="programme-') == 2
    assert "Hidden programme" not in body
    body = text(page(client, "/guides/ec/programmes?kind=training", "en"))
    assert body.count('class="entry" id="programme-') == 1
    body = text(page(client, "/guides/ec/programmes?kind=nonsense", "en"))
    assert "Choose one of the listed kinds." in body


def test_practices_hide_drafts(client, world):
    body = text(page(client, "/guides/practices/?country=EC", "en"))
    assert "Hidden practice" not in body
    assert page(client, f"/guides/practices/{world.draft_practice}").status_code == 404
    body = text(page(client, "/guides/practices/?theme=health_worker_migration", "en"))
    assert f"/guides/practices/{world.health_practice}" in body
    assert f'/guides/practices/{world.practice}"' not in body


def test_unknown_country_and_ids_are_404(client, world):
    for url in [
        "/guides/es/labour-market",
        "/guides/xx/business",
        "/guides/edition/999999",
        "/guides/practices/999999",
    ]:
        assert page(client, url).status_code == 404, url


@pytest.mark.parametrize("role", [None, "returnee", "counsellor"])
def test_draft_edition_is_404_without_manage_guides(client, world, sign_in, role):
    if role:
        sign_in(role)
    assert page(client, f"/guides/edition/{world.draft}").status_code == 404


def test_admins_preview_drafts_too(client, world, sign_in):
    sign_in("admin")  # they mend any country's guides
    assert page(client, f"/guides/edition/{world.draft}").status_code == 200


def test_manager_previews_a_draft_with_markers(client, world, sign_in, make):
    sign_in("manager", locale="en")
    draft_entry = make.demand_entry(world.draft, texts={"es": {"notes": "Solo en español"}})
    response = page(client, f"/guides/edition/{world.draft}", "en")
    assert response.status_code == 200
    body = text(response)
    assert "Preview — not published." in body
    assert '<span lang="es">Borrador secreto</span>' in body
    assert "not yet translated" in body
    assert f'id="demand-{draft_entry}"' in body


def test_pagination_and_bounded_statements(app, client, world, make):
    def statements(url):
        page(client, url)  # warm caches (translations, enums)
        with count_statements(app) as executed:
            assert page(client, url).status_code == 200
        return len(executed)

    url = "/guides/ec/labour-market?occupation=7"
    few = statements(url)
    for n in range(30):
        make.demand_entry(
            world.labour, isco_code="7112", key=f"extra-{n}", esco_skill_ids=[world.skills["weld"]]
        )
    assert statements(url) == few
    body = text(page(client, url, "en"))
    assert body.count('class="entry" id="demand-') == 25
    assert 'rel="next"' in body and 'rel="prev"' not in body
    body = text(page(client, url + "&page=2", "en"))
    assert body.count('class="entry" id="demand-') == 6
    assert 'rel="prev"' in body and 'rel="next"' not in body
    assert text(page(client, url + "&page=abc", "en")).count('id="demand-') == 25
