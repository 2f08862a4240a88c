"""HTTP security headers, safe redirects and the links handed to people."""

from urllib.parse import urlsplit

from flask import current_app, request, session, url_for

CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; img-src 'self' data:"
)


def set_security_headers(response):
    """after_request: the same protective headers on every response."""
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SEND_SECURITY_HEADERS_HSTS"):
        h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages seen while signed in may carry personal data: never keep them in any cache.
    # Decided from the session cookie, not `current_user`, so that this hook never needs the
    # database (it also runs on error pages, when the database may be what failed).
    if session.get("_user_id") and request.endpoint != "static":
        h["Cache-Control"] = "no-store"
        h["Pragma"] = "no-cache"
    return response


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths: no scheme, no host, no protocol-relative `//` or `\\`."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\n" not in target and "\r" not in target


def safe_next(target: str | None, default: str) -> str:
    return target if is_safe_next(target) else default


def public_url(endpoint: str, **values) -> str:
    """An absolute link to hand to a person (a password link): PUBLIC_BASE_URL and the path.
    Never url_for(_external=True), which takes the host from the request's Host header: a
    request sent with `Host: evil.example` would hand out a link to that site."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)
