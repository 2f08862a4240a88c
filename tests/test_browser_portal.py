"""Journey 4 in a real browser (#17): a counsellor invites a person to the portal; the person
opens the link on a 360 px phone, sets a password, sees their plan and their opportunities in
Spanish, says "I am interested", switches to English, downloads their data and signs out; the
counsellor finds the task. Every portal page on the way passes axe (no violations) and weighs
at most 60 KB (HTML and CSS, before compression)."""

import json
from decimal import Decimal
from urllib.parse import urlsplit

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.casework.models import Task
from returnsvc.extensions import db
from returnsvc.plans import services as plans
from returnsvc.skills.models import WorkExperience, WorkPlace
from tests.factories import DEFAULT_PASSWORD, Factory
from tests.guide_factories import ensure_isco
from tests.test_browser import ARGS, CHROMIUM, pytestmark  # noqa: F401 (skip without Chromium)

BRICKLAYER = "7112"
PHONE = {"width": 360, "height": 780}
MOST_BYTES = 60 * 1024
NEW_PASSWORD = "una contraseña larga de verdad 2026"


def _world(app):
    make = Factory(app)
    office = make.office("EC", city="Cuenca", name="Red Socio Empleo Cuenca")
    counsellor = make.user(
        "counsellor", email="jorge@example.org", office_id=office.id, full_name="Jorge Cevallos"
    )
    case = make.case(
        office_id=office.id,
        counsellor_id=counsellor.id,
        returnee_id=make.returnee(
            origin_country="EC", given_names="Rosa Elena", first_surname="Quishpe"
        ),
    )
    labour = make.edition("EC", "labour_market")
    make.demand_entry(labour, isco_code=BRICKLAYER, experience_years=2)
    with app.test_request_context():
        ensure_isco(BRICKLAYER)
        db.session.add(
            WorkExperience(
                returnee_id=case.returnee_id,
                isco_code=BRICKLAYER,
                years_experience=Decimal(6),
                place=WorkPlace.ABROAD,
            )
        )
        goal = plans.add_goal(
            db.session.get(Case, case.id),
            {"dimension": "economic", "title": "Trabajar en la construcción"},
            actor=None,
        )
        plans.add_action(
            goal,
            {"title": "Sacar el carné de albañil", "responsible": "Rosa", "by_returnee": True},
            actor=None,
        )
        db.session.commit()
    return counsellor, case


def _check_page(page, stylesheet_bytes: int, axe, seen: list) -> None:
    """axe finds nothing; the page and its stylesheets weigh at most 60 KB."""
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    weight = len(page.content().encode()) + stylesheet_bytes
    assert weight <= MOST_BYTES, (page.url, weight)
    seen.append((urlsplit(page.url).path, weight))


def _stylesheets(page) -> int:
    hrefs = page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map(l => l.href)")
    return sum(len(page.request.get(href).body()) for href in hrefs)


def test_invitation_to_download_on_a_phone(live_server, tmp_path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    app, base = live_server
    counsellor, case = _world(app)
    axe = Axe()
    seen = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        desk = browser.new_context(locale="es-ES", viewport={"width": 1366, "height": 900})
        staff = desk.new_page()
        staff.goto(base + "/account/sign-in")
        staff.get_by_label("Correo electrónico").fill(counsellor.email)
        staff.get_by_label("Contraseña").fill(DEFAULT_PASSWORD)
        staff.get_by_role("button", name="Iniciar sesión").click()
        staff.goto(f"{base}/cases/{case.id}/portal-access")
        staff.locator("input[name=email]").fill("rosa.quishpe@example.org")
        staff.locator("form[action$='/portal-access/invite'] button[type=submit]").click()
        link = staff.locator("#invitation-link").input_value()
        assert "/password-link/" in link
        staff.screenshot(path=str(tmp_path / "invitation.png"), full_page=True)

        phone = browser.new_context(locale="es-ES", viewport=PHONE, accept_downloads=True)
        page = phone.new_page()
        page.goto(base + urlsplit(link).path)
        assert page.locator("html").get_attribute("lang") == "es"
        passwords = page.locator("input[type=password]")
        passwords.nth(0).fill(NEW_PASSWORD)
        passwords.nth(1).fill(NEW_PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(base + "/my")
        expect(page.locator("h1")).to_contain_text("Hola, Rosa Elena")
        css = _stylesheets(page)
        _check_page(page, css, axe, seen)
        page.screenshot(path=str(tmp_path / "portal-home-es-360.png"), full_page=True)
        # Nothing is wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.goto(base + "/my/plan")
        expect(page.get_by_text("Sacar el carné de albañil", exact=True)).to_be_visible()
        _check_page(page, css, axe, seen)

        page.goto(base + "/my/opportunities")
        _check_page(page, css, axe, seen)
        page.locator("form:has(input[name=entry]) button[type=submit]").first.click()
        expect(page.locator(".flash-success")).to_be_visible()
        page.screenshot(path=str(tmp_path / "interested-es-360.png"), full_page=True)

        page.get_by_text("Menú", exact=True).click()  # on a phone the header folds
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.goto(base + "/my/data")
        _check_page(page, css, axe, seen)
        with page.expect_download() as download:
            page.locator("a[href$='/my/data/download']").click()
        with open(download.value.path(), encoding="utf-8") as saved:
            data = json.load(saved)
        assert "Rosa Elena" in json.dumps(data, ensure_ascii=False)
        page.screenshot(path=str(tmp_path / "my-data-en-360.png"), full_page=True)

        page.get_by_text("Menu", exact=True).click()
        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(base + "/account/sign-in")
        page.goto(base + "/my")
        expect(page).to_have_url(base + "/account/sign-in?next=%2Fmy")

        # The counsellor sees the task the person's interest made.
        with app.app_context():
            title = db.session.scalar(select(Task.title).where(Task.case_id == case.id))
        assert title
        staff.goto(f"{base}/cases/{case.id}/tasks")
        expect(staff.locator("main")).to_contain_text(title)
        browser.close()
    assert len(seen) == 4
