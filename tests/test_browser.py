"""One journey in a real browser: headless Debian Chromium driven by Playwright.

Serves the app with werkzeug on a free port, on a database of its own (a browser needs committed
data, so this test cannot use the per-test rollback).
"""

import shutil
from datetime import date

import pytest

from returnsvc.cases.models import Case
from returnsvc.extensions import db
from tests.factories import DEFAULT_PASSWORD, Factory

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None,
        reason="Debian's chromium is not installed (apt-get install chromium)",
    ),
]


def test_sign_in_switch_language_sign_out(live_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    app, base = live_server
    admin = Factory(app).user("admin", email="ana.admin@example.org", full_name="Ana Ortega")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_context(locale="es-ES").new_page()
        page.goto(base + "/account/sign-in")
        assert page.locator("html").get_attribute("lang") == "es"
        page.get_by_label("Correo electrónico").fill(admin.email)
        page.get_by_label("Contraseña").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        expect(page).to_have_url(base + "/home")
        page.locator(".nav-group summary").click()  # the admin's "Administration" group
        expect(page.get_by_role("link", name="Usuarios")).to_be_visible()
        page.screenshot(path=str(tmp_path / "home-es.png"), full_page=True)

        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.get_by_text("Administration", exact=True).click()
        expect(page.get_by_role("link", name="Users")).to_be_visible()
        page.screenshot(path=str(tmp_path / "home-en.png"), full_page=True)

        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(base + "/account/sign-in")
        expect(page.get_by_text("You have signed out.")).to_be_visible()
        page.goto(base + "/home")
        expect(page).to_have_url(base + "/account/sign-in?next=%2Fhome")
        browser.close()


def test_counsellor_registers_a_person_and_works_the_case(live_server, tmp_path):
    """Journey 1 in the browser: intake with a duplicate warning, a note, a stage change, all
    on the case's timeline."""
    from playwright.sync_api import expect, sync_playwright

    app, base = live_server
    make = Factory(app)
    office = make.office("ES", city="Madrid", name="Oficina de Retorno Madrid")
    counsellor = make.user(
        "counsellor", email="lucia@example.org", office_id=office.id, full_name="Lucía Fernández"
    )
    make.case(
        office_id=office.id,
        counsellor_id=counsellor.id,
        given_names="Wilson Patricio",
        first_surname="Guamán",
        second_surname="Loja",
        birth_date=date(1979, 4, 2),
    )

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_context(locale="es-ES").new_page()
        page.goto(base + "/account/sign-in")
        page.get_by_label("Correo electrónico").fill(counsellor.email)
        page.get_by_label("Contraseña").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        expect(page).to_have_url(base + "/home")

        page.get_by_role("link", name="Casos").click()
        page.get_by_role("link", name="Registrar a una persona").click()
        page.get_by_label("Nombres").fill("Wilson")
        page.get_by_label("Primer apellido").fill("Guaman")
        page.get_by_label("Segundo apellido").fill("Loja")
        page.get_by_label("Fecha de nacimiento").fill("1979-04-02")
        page.get_by_label("Sexo").select_option("male")
        page.get_by_label("Nacionalidad").select_option("EC")
        page.get_by_label("País de retorno").select_option("EC")
        page.locator("#consent_service").check()
        page.locator("main button[type=submit]").click()
        # The similar name with the same birthday is flagged; nothing is saved yet.
        expect(page.get_by_text("Es posible que esta persona ya esté registrada")).to_be_visible()
        expect(page.get_by_label("Primer apellido")).to_have_value("Guaman")  # values kept
        page.locator("#duplicate_reason").fill("Otra persona: primo con el mismo nombre")
        page.locator("main button[type=submit]").click()
        expect(page.get_by_text("Caso abierto")).to_be_visible()

        page.get_by_role("link", name="Notas").click()
        page.locator("textarea[name=body]").fill("Primera llamada tras el retorno.")
        page.get_by_role("button", name="Añadir la nota").click()
        expect(page.get_by_text("Primera llamada tras el retorno.")).to_be_visible()

        page.get_by_role("link", name="Resumen").click()
        page.get_by_role("link", name="Cambiar de etapa").click()
        page.get_by_label("Nueva etapa").select_option("assessed")
        page.get_by_role("button", name="Cambiar de etapa").click()
        # Assessment needs the skills profile first: refused, saying what is missing.
        expect(page.get_by_text("El perfil todavía no está completo")).to_be_visible()
        case_id = int(page.url.split("/cases/")[1].split("/")[0])
        with app.app_context():
            returnee_id = db.session.get(Case, case_id).returnee_id
        make.complete_profile(returnee_id)
        page.get_by_label("Nueva etapa").select_option("assessed")
        page.get_by_role("button", name="Cambiar de etapa").click()
        timeline = page.locator(".timeline")
        expect(timeline).to_contain_text("Registrado → Evaluado")
        expect(timeline).to_contain_text("Primera llamada tras el retorno.")
        expect(timeline).to_contain_text("Registrada pese a un posible duplicado")
        page.screenshot(path=str(tmp_path / "case-es.png"), full_page=True)
        browser.close()


def test_manager_maintains_a_guide_and_a_visitor_explores_it(live_server, tmp_path):
    """Journeys 6 and 5 in the browser: a manager writes a guide edition with an entry (the
    occupation picker), round-trips it through CSV, publishes it; then a visitor who is not
    signed in finds the entry with the opportunity explorer, in English."""
    from playwright.sync_api import expect, sync_playwright

    from tests.guide_factories import ensure_isco

    app, base = live_server
    make = Factory(app)
    # A manager of an office in Bolivia: they write Bolivia's guides.
    manager = make.user(
        "manager",
        email="carla@example.org",
        full_name="Carla Mamani",
        office_id=make.office("BO", city="La Paz").id,
    )
    with app.app_context():
        ensure_isco("7112")
        db.session.commit()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_context(locale="es-ES", accept_downloads=True).new_page()
        page.goto(base + "/account/sign-in")
        page.get_by_label("Correo electrónico").fill(manager.email)
        page.get_by_label("Contraseña").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        page.get_by_role("link", name="Gestionar guías").click()
        page.get_by_role("link", name="Nueva edición").click()
        page.locator("select[name=country]").select_option("BO")
        page.locator("select[name=kind]").select_option("labour_market")
        page.locator("input[name=edition_date]").fill("2027-01-15")
        page.locator("input[name=title_es]").fill("Guía laboral de Bolivia 2027")
        page.locator("main form button[type=submit]").last.click()
        expect(page.get_by_role("heading", name="Guía laboral de Bolivia 2027")).to_be_visible()
        expect(page.get_by_role("region", name="Inglés")).to_contain_text("Aún sin traducir")

        page.get_by_role("link", name="Añadir una entrada").click()
        page.locator("input[name=occupation_q]").fill("7112")
        page.locator("button[name=search]").click()
        page.locator("input[type=radio][name=occupation]").first.check()
        page.locator("select[name=isic_section]").select_option("F")
        page.locator("select[name=demand_level]").select_option("high")
        page.locator("input[name=wage_min]").fill("3.500")
        page.locator("input[name=wage_max]").fill("3.000")
        page.locator("textarea[name=other_skills_en]").fill("lay bricks\nread blueprints")
        page.get_by_role("button", name="Guardar").click()
        # min > max: refused next to the field, values kept.
        expect(page.get_by_text("El máximo no puede ser inferior al mínimo.").first).to_be_visible()
        page.locator("input[name=wage_max]").fill("5.500")
        page.get_by_role("button", name="Guardar").click()
        expect(page.locator("code", has_text="isco-7112")).to_be_visible()

        with page.expect_download() as download:
            page.get_by_role("link", name="Exportar CSV").click()
        exported = tmp_path / "guide.csv"
        download.value.save_as(exported)
        assert "3500.00,5500.00" in exported.read_text("utf-8-sig")
        page.get_by_role("link", name="Importar CSV").click()
        page.locator("input[type=file]").set_input_files(str(exported))
        page.locator("main form button[type=submit]").last.click()
        expect(page.get_by_text("No ha cambiado nada", exact=False)).to_be_visible()
        page.get_by_role("link", name="Volver a la edición").click()
        page.get_by_role("button", name="Publicar").click()
        expect(page.locator(".badge", has_text="Publicad").first).to_be_visible()
        page.screenshot(path=str(tmp_path / "edition-es.png"), full_page=True)

        visitor = browser.new_context(locale="en-GB").new_page()
        visitor.goto(base + "/")
        visitor.get_by_role("link", name="Opportunity explorer").click()
        visitor.get_by_label("Country (required)").select_option("BO")
        visitor.get_by_label("Describe your skills").fill("bricks")
        visitor.get_by_role("button", name="Explore").click()
        demand = visitor.locator("section[aria-labelledby=demand-heading]")
        expect(demand).to_contain_text("(ISCO-08 7112)")
        expect(demand).to_contain_text("Has 1 of the 2 skills asked for")
        expect(demand).to_contain_text("3,500.00")
        visitor.screenshot(path=str(tmp_path / "explorer-en.png"), full_page=True)
        browser.close()


def _no_sideways_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px"


def test_phones_and_the_admin_header(live_server, tmp_path):
    """At 360 px the pages a counsellor works in and the audit log fit the screen (no sideways
    scroll), and the menu folds behind a button that opens it; at 1,366 px an admin's header
    keeps to two rows (tools, then one row of menu)."""
    from playwright.sync_api import expect, sync_playwright

    app, base = live_server
    make = Factory(app)
    office = make.office("ES", city="Madrid", name="Oficina de Retorno Madrid")
    counsellor = make.user(
        "counsellor", email="lucia@example.org", office_id=office.id, full_name="Lucía Fernández"
    )
    admin = make.user("admin", email="ana.admin@example.org", full_name="Ana Belén Ortega Ruiz")
    case = make.case(
        office_id=office.id,
        counsellor_id=counsellor.id,
        given_names="Wilson Patricio",
        first_surname="Guamán",
        second_surname="Loja",
        birth_date=date(1979, 4, 2),
    )

    def sign_in(page, user):
        page.goto(base + "/account/sign-in")
        page.get_by_label("Correo electrónico").fill(user.email)
        page.get_by_label("Contraseña").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        expect(page).to_have_url(base + "/home")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        phone = {"viewport": {"width": 360, "height": 740}, "locale": "es-ES"}

        page = browser.new_context(**phone).new_page()
        sign_in(page, counsellor)
        menu = page.locator(".site-nav")
        expect(menu).to_be_hidden()  # folded behind the button
        button = page.locator("button.menu-button")
        expect(button).to_have_attribute("aria-expanded", "false")
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
        expect(page.get_by_role("button", name="English")).to_be_visible()
        menu.get_by_role("link", name="Casos").click()
        expect(page).to_have_url(base + "/cases/")
        _no_sideways_scroll(page, 360)
        page.screenshot(path=str(tmp_path / "cases-360.png"), full_page=True)
        for path in ("/home", f"/cases/{case.id}"):
            page.goto(base + path)
            _no_sideways_scroll(page, 360)
        page.screenshot(path=str(tmp_path / "case-360.png"), full_page=True)

        # Without JavaScript the button is a checkbox's label and opens the menu all the same.
        page = browser.new_context(**phone, java_script_enabled=False).new_page()
        sign_in(page, admin)
        page.goto(base + "/admin/audit/")
        _no_sideways_scroll(page, 360)
        expect(page.locator(".site-nav")).to_be_hidden()
        page.locator("label.menu-button").click()
        page.locator(".nav-group summary").click()  # the "Administration" group
        expect(page.locator(".site-nav").get_by_role("link", name="Usuarios")).to_be_visible()

        page = browser.new_context(viewport={"width": 1366, "height": 800}, locale="es-ES")
        page = page.new_page()
        sign_in(page, admin)
        page.goto(base + "/admin/audit/")
        rows = page.evaluate(
            """() => {
                const top = (el) => el.getBoundingClientRect().top;
                const items = [...document.querySelectorAll('.site-nav > ul > li')];
                const tools = document.querySelector('.header-tools').getBoundingClientRect();
                return {menuRows: new Set(items.map((li) => Math.round(top(li)))).size,
                        toolsAbove: tools.bottom <= top(items[0]) + 1};
            }"""
        )
        assert rows == {"menuRows": 1, "toolsAbove": True}
        expect(page.get_by_role("link", name="Usuarios")).to_be_hidden()
        page.locator(".nav-group summary").click()
        expect(page.get_by_role("link", name="Usuarios")).to_be_visible()
        page.keyboard.press("Escape")
        expect(page.get_by_role("link", name="Usuarios")).to_be_hidden()
        page.screenshot(path=str(tmp_path / "audit-1366.png"))
        browser.close()
