"""What a visitor reads on the public guide pages and the explorer (issue #13): an overview of
each page's entries with their details one click away, the occupation filter by name, the
explorer's message for a form sent without a country, and the regions that follow the country.
(Programme contacts and the practices' countries: test_links.py; on a phone:
test_browser_guides.py.)"""

import html
import json
import re

import pytest
from sqlalchemy import text as sql

from returnsvc.core.countries import ORIGINS
from returnsvc.core.regions import regions_of
from returnsvc.explorer.display import Display
from returnsvc.extensions import db
from returnsvc.guides.models import DemandLevel, RiskLevel
from tests.explorer.conftest import page, text
from tests.guide_factories import ensure_isco

MARKUP = '<img src=x onerror=alert(1)>"><b>bold</b>'


def overview(body: str) -> str:
    match = re.search(r'<table class="guide-overview" id="overview">.*?</table>', body, re.S)
    assert match, "no overview table"
    return match.group(0)


def overview_rows(body: str) -> list[list[str]]:
    """The overview's rows, each as its cells' text (tags dropped, spaces collapsed)."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", overview(body).split("<tbody>")[1], re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells])
    return rows


def options(body: str, select_id: str) -> list[tuple[str, str]]:
    """(value, text) of the options of a select, in order."""
    match = re.search(rf'<select id="{select_id}".*?</select>', body, re.S)
    assert match, select_id
    return [
        (value, html.unescape(label).strip())
        for value, label in re.findall(
            r'<option value="([^"]*)"[^>]*>(.*?)</option>', match.group(0), re.S
        )
    ]


def field(body: str, name: str) -> str:
    """The HTML of the form field `name` (its label, error and control)."""
    start = body.index(f'<label for="f-{name}"')
    return body[start : body.index("</div>\n", body.index(f'id="f-{name}"', start))]


# -- the overview ----------------------------------------------------------------------------


def test_labour_guide_has_an_overview_of_its_entries(client, world):
    body = text(page(client, "/guides/ec/labour-market", "en"))
    rows = overview_rows(body)
    assert rows == [
        ["Nursing professionals", "Nationwide", "Very high", "$1,000.00 – $1,500.00"],
        ["Cooks", "Pichincha", "High", "$700.00 – $900.00"],
        ["Bricklayers and related workers", "Guayas", "Medium", "$1,000.00 – $1,500.00"],
    ]
    head = re.search(r"<thead>.*?</thead>", overview(body), re.S).group(0)
    for column in ("Occupation", "Regions", "Demand", "Monthly wage"):
        assert f">{column}</th>" in head
    # Each entry's details are one click away: its overview link points at them.
    for entry in (world.nurse, world.cook, world.bricklayer):
        assert f'href="#demand-{entry}"' in overview(body)
        assert f'class="entry" id="demand-{entry}"' in body
    assert body.count('href="#overview"') == 3  # and back


def test_overview_in_spanish(client, world):
    rows = overview_rows(text(page(client, "/guides/ec/labour-market", "es")))
    assert ["Cocineros", "Pichincha", "Alta"] == rows[1][:3]
    assert re.fullmatch(r"700,00\sUS\$ – 900,00\sUS\$", rows[1][3])


def test_overview_follows_the_filters_and_pages(client, world):
    rows = overview_rows(text(page(client, "/guides/ec/labour-market?region=EC-G", "en")))
    assert [row[0] for row in rows] == ["Nursing professionals", "Bricklayers and related workers"]
    body = text(page(client, "/guides/ec/labour-market?sector=C", "en"))
    assert 'class="guide-overview"' not in body and "Nothing matches these filters." in body


def test_business_guide_has_an_overview_too(client, world):
    body = text(page(client, "/guides/ec/business", "en"))
    rows = overview_rows(body)
    assert len(rows) == 1
    title, sector, regions, investment, risk = rows[0]
    assert (title, regions) == ("Snack bar", "Pichincha")
    assert sector == "Accommodation and food service activities"
    assert investment and risk
    assert f'href="#opportunity-{world.snack_bar}"' in overview(body)
    assert f'class="entry" id="opportunity-{world.snack_bar}"' in body


def test_edition_page_has_the_overview(client, world):
    rows = overview_rows(text(page(client, f"/guides/edition/{world.labour}", "en")))
    assert len(rows) == 3


def test_overview_escapes_what_it_shows(client, world, make):
    business = make.edition("PE", "business")
    make.opportunity(business, texts={"en": {"title": MARKUP, "description": MARKUP}})
    body = text(page(client, "/guides/pe/business", "en"))
    table = overview(body)
    assert "<img src=x" not in table and "<b>bold" not in table
    assert html.escape(MARKUP, quote=False).replace('"', "&#34;") in table
    assert "<img src=x" not in body


def test_display_labels_keep_their_enum(app):
    # str enums compare equal by code: a page's memo must not give one enum's label for another.
    with app.test_request_context(headers={"Accept-Language": "en"}):
        show = Display("en", False)
        assert show.label(DemandLevel.HIGH) == "High"
        assert show.label(RiskLevel.HIGH) == RiskLevel.HIGH.label != "High"


# -- the occupation filter -------------------------------------------------------------------


def test_guide_occupation_filter_is_by_name_grouped_by_major_group(client, world):
    body = text(page(client, "/guides/ec/labour-market", "en"))
    assert 'name="occupation"' in body and 'type="text" id="f-occupation"' not in body
    assert options(body, "f-occupation") == [
        ("", "Any occupation"),
        ("2", "Professionals: all"),
        ("2221", "Nursing professionals"),
        ("5", "Service and sales workers: all"),
        ("5120", "Cooks"),
        ("7", "Craft and related trades workers: all"),
        ("7112", "Bricklayers and related workers"),
    ]
    for group in ("Professionals", "Service and sales workers", "Craft and related trades workers"):
        assert f'<optgroup label="{group}">' in body
    assert "data-searchable" in body  # a search box with JavaScript (static/js/explorer.js)


def test_guide_occupation_filter_in_spanish_sorted_by_name(app, client, world, make):
    with app.app_context():
        ensure_isco("5110")  # by code before the cooks; by name (accents aside) too in Spanish
        db.session.execute(
            sql("UPDATE isco_group_label SET title = 'Ámbito de prueba' WHERE code = '5110'")
        )
        ensure_isco("5190")
        db.session.execute(
            sql("UPDATE isco_group_label SET title = 'Azafatos' WHERE code = '5190'")
        )
        db.session.commit()
    make.demand_entry(world.labour, isco_code="5190")
    make.demand_entry(world.labour, isco_code="5110")
    found = options(text(page(client, "/guides/ec/labour-market", "es")), "f-occupation")
    group = [label for value, label in found if value.startswith("51")]
    assert group == ["Ámbito de prueba", "Azafatos", "Cocineros"]
    assert ("5120", "Cocineros") in found


@pytest.mark.parametrize(
    "query, selected",
    [("occupation=5120", "5120"), ("occupation=7", "7"), ("occupation=71", "71")],
)
def test_guide_occupation_filter_keeps_the_choice(client, world, query, selected):
    body = text(page(client, f"/guides/ec/labour-market?{query}", "en"))
    chosen = re.findall(r'<option value="([^"]*)" selected>', field(body, "occupation"))
    assert chosen == [selected]
    if selected == "71":  # a link may narrow to a sub-major group: it is named, not numbered
        assert '<option value="71" selected>Building and related trades workers</option>' in body


def test_explorer_occupation_list_is_by_name(client, world):
    body = text(page(client, "/explorer", "en"))
    found = options(body, "f-occupation")
    assert ("5120", "Cooks") in found and ("2221", "Nursing professionals") in found
    assert not any(re.match(r"\d", label) for _, label in found)
    assert '<optgroup label="Service and sales workers">' in body


# -- the explorer's country and regions ------------------------------------------------------


def test_explorer_sent_without_a_country_says_why(client, world):
    body = text(page(client, "/explorer?country=&region=&occupation=&skills=", "en"))
    country = field(body, "country")
    assert "Choose the country you are returning to" in country
    assert 'aria-invalid="true"' in country
    assert "There is a problem" in body and 'href="#f-country"' in body
    assert "Work in demand" not in body
    # The first visit (no parameter at all) is no error.
    body = text(page(client, "/explorer", "en"))
    assert "There is a problem" not in body and 'aria-invalid="true"' not in body


def test_explorer_without_a_country_escapes_what_was_typed(client, world):
    body = text(page(client, "/explorer?country=&skills=" + MARKUP.replace("&", "%26"), "en"))
    assert "Choose the country you are returning to" in body
    assert "<img src=x" not in body and "<b>bold" not in body


def _regions_data(body: str) -> dict:
    match = re.search(r'<select id="f-region" name="region"[^>]*data-regions="([^"]*)"', body)
    assert match, "no regions data on the region select"
    return json.loads(html.unescape(match.group(1)))


def test_explorer_carries_every_country_s_regions_for_its_script(client, world):
    body = text(page(client, "/explorer", "en"))
    data = _regions_data(body)
    assert set(data) == set(ORIGINS)
    for country in ORIGINS:
        assert [tuple(pair) for pair in data[country]] == list(regions_of(country))
    assert ["EC-P", "Pichincha"] in data["EC"]
    assert 'data-regions-for="f-region"' in body
    assert '<script src="/static/js/explorer.js" defer></script>' in body
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)  # no inline script (CSP)
    assert "data-regions-help" in body  # the no-JavaScript hint, which the script hides


def test_explorer_without_javascript_lists_regions_once_the_country_is_sent(client, world):
    body = text(page(client, "/explorer?country=EC", "en"))
    assert ("EC-P", "Pichincha") in options(body, "f-region")
    assert "data-regions-help" not in body
    assert _regions_data(body)["PE"]  # the script can still switch to another country


def test_explorer_script_is_served(client):
    response = client.get("/static/js/explorer.js")
    try:
        assert response.status_code == 200
        script = response.get_data(as_text=True)
    finally:
        response.close()
    assert ".innerHTML" not in script and "dataset.regions" in script
