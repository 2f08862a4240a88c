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


def test_no_inline_script_or_style_in_pages(client, sign_in):
    sign_in("admin")
    for url in ("/home", "/admin/users/", "/admin/offices/", "/admin/audit/", "/account/password"):
        body = client.get(url).get_data(as_text=True)
        assert "<script" not in body, url
        assert " style=" not in body, url
        assert "http://" not in body.replace("http://localhost", ""), url  # no CDN


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
    prod = create_app("production", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    response = prod.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["SESSION_COOKIE_HTTPONLY"] is True
    assert prod.config["SESSION_COOKIE_SAMESITE"] == "Lax"
