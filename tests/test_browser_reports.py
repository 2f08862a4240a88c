"""Journey 6 in a real browser (#18): a programme manager signs in, opens Programme outcomes,
narrows the figures with the filter form (the filters travel in the URL), reads every
registered figure as a chart and a table, switches the page to English and back (the filters
stay), and checks that the print stylesheet leaves the form out and keeps the figures whole.
axe finds nothing on the dashboard and on the help page, at 1366 px and on a 360 px phone."""

from urllib.parse import parse_qs, urlsplit

from returnsvc.cases.models import Case, Stage
from returnsvc.cases.services import change_stage
from returnsvc.cases.workspace import workspace
from returnsvc.extensions import db
from tests.factories import DEFAULT_PASSWORD, Factory
from tests.test_browser import ARGS, CHROMIUM, pytestmark  # noqa: F401 (skip without Chromium)

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 360, "height": 780}


def _world(app):
    make = Factory(app)
    quito = make.office("EC", city="Quito", name="Oficina Quito")
    guayaquil = make.office("EC", city="Guayaquil", name="Oficina Guayaquil")
    manager = make.user(
        "manager", email="paula@example.org", office_id=quito.id, full_name="Paula Andrade"
    )
    cases = [
        make.case(office_id=quito.id, origin_country="EC", sex=sex)
        for sex in ("female", "female", "female", "male", "male", "other")
    ]
    for sex in ("female", "male"):
        make.case(office_id=guayaquil.id, origin_country="EC", sex=sex)
    for case in cases[1:4]:  # some stays in a stage, for the figures that time them
        make.complete_profile(case.returnee_id)
        with app.test_request_context():
            row = db.session.get(Case, case.id)
            change_stage(row, Stage.ASSESSED, version=row.version, actor=None)
            db.session.commit()
    return manager, quito


def _no_violations(axe, page, shot) -> None:
    """axe finds nothing (a screenshot of the page is kept in `shot` either way)."""
    page.screenshot(path=str(shot), full_page=True)
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_manager_filters_reads_switches_language_and_prints(live_server, tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    app, base = live_server
    manager, quito = _world(app)
    with app.app_context():
        keys = [figure.key for figure in workspace().report_figures]
    axe = Axe()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_context(locale="es-ES", viewport=DESK).new_page()
        page.goto(base + "/account/sign-in")
        page.get_by_label("Correo electrónico").fill(manager.email)
        page.get_by_label("Contraseña").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        expect(page).to_have_url(base + "/home")
        page.locator(".site-nav a[href='/reports/']").click()  # "Outcomes" in the menu
        expect(page).to_have_url(base + "/reports/")

        # The filters through the form: Quito, women; the URL carries them.
        form = page.locator("form.report-filters")
        form.locator("#f-office").select_option(str(quito.id))
        form.locator("#f-sex").select_option("female")
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/reports/?*")
        args = parse_qs(urlsplit(page.url).query)
        assert args["office"] == [str(quito.id)] and args["sex"] == ["female"], page.url
        assert args["country"] == ["EC"]  # a manager's own country, chosen for them
        filtered = page.url

        # Every registered figure is there; its numbers come as a table with a chart beside it
        # (or a sentence when the selection has nothing to count).
        figures = page.locator("section.report-figure")
        expect(figures).to_have_count(len(keys))
        for key in keys:
            figure = page.locator(f"#figure-{key}")
            expect(figure.locator("h2")).to_be_visible()
            tables, charts = figure.locator("table").count(), figure.locator(".chart").count()
            assert (tables and charts) or not (tables or charts), (key, tables, charts)
            assert figure.locator("table, p").count() >= 1, key
        drawn = page.locator("#figure-caseload svg rect.chart-bar").evaluate_all(
            "bars => bars.filter(bar => bar.getBoundingClientRect().width > 0).length"
        )
        assert drawn >= 2, drawn  # women registered and women assessed
        # The caseload of Quito's women: three, none of another office or sex.
        caseload = page.locator("#figure-caseload table tfoot tr")
        expect(caseload.locator("td").last).to_have_text("3")
        _no_violations(axe, page, tmp_path / "dashboard-es-1366.png")

        # English, then Spanish again: the header's switch, the filters kept.
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page).to_have_url(filtered)
        expect(page.locator("h1")).to_have_text("Programme outcomes")
        expect(page.locator("#f-sex")).to_have_value("female")
        _no_violations(axe, page, tmp_path / "dashboard-en-1366.png")
        page.get_by_role("button", name="Español").click()
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page).to_have_url(filtered)

        # Printed: no filter form, no menu; the figures and their charts stay.
        page.emulate_media(media="print")
        expect(form).to_be_hidden()
        expect(page.locator(".report-chosen")).to_contain_text("Oficina Quito")  # the filters
        expect(page.locator(".site-nav")).to_be_hidden()
        expect(figures.first).to_be_visible()
        expect(figures.first.locator("svg").first).to_be_visible()
        assert figures.first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
        page.emulate_media(media="screen")
        expect(form).to_be_visible()
        expect(page.locator(".report-chosen")).to_be_hidden()

        page.goto(base + "/reports/help")
        for key in keys:
            expect(page.locator(f"#definition-{key}")).to_be_visible()
        _no_violations(axe, page, tmp_path / "help-es-1366.png")

        # A phone: nothing wider than the screen, axe still happy.
        page.set_viewport_size(PHONE)
        _no_violations(axe, page, tmp_path / "help-es-360.png")
        page.goto(filtered)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        _no_violations(axe, page, tmp_path / "dashboard-es-360.png")
        browser.close()
