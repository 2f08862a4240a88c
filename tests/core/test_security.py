import pytest

from returnsvc import create_app
from tests.helpers import csrf_token_from

CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


def test_headers_on_public_pages(client):
    response = client.get("/account/sign-in")
    assert response.headers["Content-Security-Policy"].startswith(CSP)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" not in response.headers.get("Cache-Control", "")
    # Development/testing serve plain HTTP: no HSTS there.
    assert "Strict-Transport-Security" not in response.headers


def test_headers_on_error_pages(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["Content-Security-Policy"].startswith(CSP)


def test_authenticated_pages_are_not_cached(client, sign_in):
    sign_in()
    response = client.get("/home")
    assert response.headers["Cache-Control"] == "no-store"


# No inline script or style and no asset from another site, on every page for every role:
# tests/core/test_routes_every_get.py (test_every_html_page_is_whole_and_local).


def test_post_without_csrf_token_is_refused(app, client, make, monkeypatch):
    user = make.user()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": user.password}
    )
    assert response.status_code == 400
    assert "formulario" in response.get_data(as_text=True)  # a readable message, in Spanish
    assert client.get("/home").status_code == 302

    token = csrf_token_from(client.get("/account/sign-in"))
    response = client.post(
        "/account/sign-in",
        data={"email": user.email, "password": user.password, "csrf_token": token},
    )
    assert response.status_code == 302
    # Signed in, a state change without the token is still refused.
    assert client.post("/account/sign-out").status_code == 400
    assert client.get("/home").status_code == 200


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SQLALCHEMY_DATABASE_URI="postgresql://unused/x")


def test_production_sends_hsts_and_secure_cookies(app, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    prod = create_app(
        "production",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        PUBLIC_BASE_URL="https://returns.pes.example",
    )
    response = prod.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["SESSION_COOKIE_HTTPONLY"] is True
    assert prod.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    # __Host-: Secure, this host only, path "/"; the browser refuses it otherwise.
    assert prod.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert prod.config["SESSION_COOKIE_PATH"] in (None, "/") and not prod.config.get(
        "SESSION_COOKIE_DOMAIN"
    )


def test_production_refuses_to_start_without_a_public_base_url(app, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    for missing in ("", "http://plain.example"):
        with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
            create_app(
                "production",
                SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                PUBLIC_BASE_URL=missing,
            )


def test_password_links_ignore_the_host_header(client, sign_in, make):
    """A request sent with a forged Host must not hand out a link to another site."""
    sign_in("admin")
    office = make.office("ES")
    # The test client keeps cookies per host: hand the session to the forged host too.
    session_cookie = client.get_cookie(client.application.config["SESSION_COOKIE_NAME"])
    client.set_cookie(session_cookie.key, session_cookie.value, domain="evil.example")
    response = client.post(
        "/admin/users/new",
        data={"email": "host.probe@example.org", "full_name": "Host Probe", "role": "counsellor",
              "office_id": str(office.id), "preferred_locale": "es"},
        headers={"Host": "evil.example"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="https://returnsvc.test/account/password-link/' in html
    assert "evil.example" not in html


def test_the_access_log_does_not_record_link_tokens():
    """gunicorn's access log line (and the Referer of the next request) with the token
    replaced; make run and the README's production command use this logger."""
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config as GunicornConfig

    from returnsvc.core.access_log import RedactingLogger

    token = "Zx9_secret-token-value"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/account/password-link/{token}",
        "PATH_INFO": f"/account/password-link/{token}",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://returns.pes.example/account/password-link/{token}?x=1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("Referer", environ["HTTP_REFERER"])])
    atoms = RedactingLogger(GunicornConfig()).atoms(
        response, request, environ, timedelta(milliseconds=3)
    )
    assert token not in repr(atoms)
    assert atoms["r"] == "GET /account/password-link/[redacted] HTTP/1.1"
