"""The public guide page and the opportunity explorer in a real browser on a phone (360 px):
no horizontal scroll, the overview's details one tap away, the regions following the country
without sending the form, the occupation list searchable, and the message for a form sent
without a country. Headless Debian Chromium through Playwright, served as in
tests/test_browser.py (whose fixture this reuses)."""

import shutil

import pytest

from tests.explorer.conftest import build_world
from tests.factories import Factory
from tests.test_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None,
        reason="Debian's chromium is not installed (apt-get install chromium)",
    ),
]

PHONE = {"width": 360, "height": 740}
SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.mark.parametrize("locale", ["en-GB", "es-ES"])
def test_guide_and_explorer_on_a_phone(live_server, tmp_path, locale):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    app, base = live_server
    world = build_world(app, Factory(app), "EC")
    english = locale.startswith("en")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(locale=locale, viewport=PHONE, device_scale_factor=1)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # A script error, or anything the CSP refused (an inline script or style).
        page.on("console", lambda m: "Refused" in m.text and errors.append(m.text))

        # The labour-market guide: an overview, as cards, each opening its details.
        page.goto(base + "/guides/ec/labour-market")
        overview = page.locator("table.guide-overview")
        expect(overview).to_be_visible()
        expect(overview.locator("tbody tr")).to_have_count(3)
        assert page.evaluate(SCROLL_WIDTH) <= 360, "the guide page scrolls sideways"
        page.screenshot(path=str(tmp_path / f"guide-{locale}.png"), full_page=True)
        overview.get_by_role("link", name="Cooks" if english else "Cocineros").click()
        assert page.url.endswith(f"#demand-{world.cook}")
        expect(page.locator(f"#demand-{world.cook}")).to_be_in_viewport()
        # The occupation filter: names, and a search box (the script) that narrows them.
        search = page.locator("input.list-search")
        expect(search).to_be_visible()
        search.fill("cook" if english else "cocin")
        visible = page.locator("#f-occupation option:not([hidden])")
        expect(visible).to_have_count(2)  # "Any occupation" and the cooks
        page.locator("#f-occupation").select_option("5120")
        page.locator("form.filters button[type=submit]").click()
        expect(overview.locator("tbody tr")).to_have_count(1)
        assert page.evaluate(SCROLL_WIDTH) <= 360

        # The explorer: sent without a country, it says why nothing happened.
        page.goto(base + "/explorer")
        assert page.evaluate(SCROLL_WIDTH) <= 360, "the explorer scrolls sideways"
        expect(page.locator("[data-regions-help]")).to_be_hidden()  # the script lists regions
        page.locator("main form button[type=submit]").click()
        country_field = page.locator(".field", has=page.locator("#f-country"))
        expect(country_field.locator(".error")).to_be_visible()
        if english:  # (the Spanish catalogue is filled separately)
            expect(country_field.locator(".error")).to_contain_text(
                "Choose the country you are returning to"
            )
        assert page.evaluate(SCROLL_WIDTH) <= 360
        # The regions follow the country without sending the form.
        expect(page.locator("#f-region option")).to_have_count(1)
        page.locator("#f-country").select_option("EC")
        expect(page.locator("#f-region option", has_text="Pichincha")).to_have_count(1)
        page.locator("#f-region").select_option("EC-P")
        page.locator("#f-country").select_option("PE")
        expect(page.locator("#f-region option", has_text="Pichincha")).to_have_count(0)
        expect(page.locator("#f-region option", has_text="Lima")).not_to_have_count(0)
        page.locator("#f-country").select_option("EC")
        page.locator("#f-region").select_option("EC-P")
        page.locator("#f-occupation").select_option("5120")
        page.locator("main form button[type=submit]").click()
        demand = page.locator("section[aria-labelledby=demand-heading]")
        expect(demand).to_contain_text("Highland hotels" if english else "Hoteles de la sierra")
        assert "region=EC-P" in page.url
        assert page.evaluate(SCROLL_WIDTH) <= 360, "the explorer's answer scrolls sideways"
        page.screenshot(path=str(tmp_path / f"explorer-{locale}.png"), full_page=True)
        assert errors == []
        browser.close()


def test_explorer_without_javascript(live_server):  # noqa: F811
    """The server-side path: the regions come with the country once the form is sent."""
    from playwright.sync_api import expect, sync_playwright

    app, base = live_server
    build_world(app, Factory(app), "EC")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(locale="en-GB", viewport=PHONE, java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "/explorer")
        expect(page.locator("[data-regions-help]")).to_be_visible()
        page.locator("#f-country").select_option("EC")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#f-region option", has_text="Pichincha")).to_have_count(1)
        page.goto(base + "/guides/ec/labour-market")
        expect(page.locator("input.list-search")).to_have_count(0)
        page.locator("table.guide-overview a").first.click()
        assert "#demand-" in page.url
        assert page.evaluate(SCROLL_WIDTH) <= 360
        browser.close()
