"""One journey in a real browser: headless Debian Chromium driven by Playwright.

Serves the app with werkzeug on a free port, on a database of its own (a browser needs committed
data, so this test cannot use the per-test rollback).
"""

import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

from returnsvc.extensions import db
from tests.conftest import make_test_app
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(databases):
    # A database of its own: the session database is shared with rolled-back tests.
    app = make_test_app(databases.create("returnsvc_browser"), WTF_CSRF_ENABLED=True)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()  # the database itself is dropped with the others at session end


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
        expect(page.get_by_role("link", name="Usuarios")).to_be_visible()
        page.screenshot(path=str(tmp_path / "home-es.png"), full_page=True)

        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("link", name="Users")).to_be_visible()
        page.screenshot(path=str(tmp_path / "home-en.png"), full_page=True)

        page.get_by_role("button", name="Sign out").click()
        expect(page).to_have_url(base + "/account/sign-in")
        expect(page.get_by_text("You have signed out.")).to_be_visible()
        page.goto(base + "/home")
        expect(page).to_have_url(base + "/account/sign-in?next=%2Fhome")
        browser.close()
