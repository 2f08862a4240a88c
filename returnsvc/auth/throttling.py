"""Per-client throttling of sign-in, password-change and password-link attempts (Flask-Limiter;
counters in Redis when REDIS_URL is set, in memory otherwise).

The lock-out on the account row stops guessing one account's password; this stops one client
trying passwords on many accounts, and guessing link tokens."""

from functools import partial

from flask import current_app

from returnsvc.extensions import limiter


def attempt_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def form_failed(response) -> bool:
    """A throttled attempt is one that failed: the form came back with its error (200, or 400
    for a stale form). Successful sign-ins do not count, so an office whose staff share one
    address can all sign in at nine."""
    return response.status_code in (200, 400)


def link_refused(response) -> bool:
    """An unknown, used or expired password link (guessing tokens)."""
    return response.status_code == 410


# Decorators for the auth views.
failed_forms_throttled = limiter.limit(attempt_limit, methods=["POST"], deduct_when=form_failed)
refused_links_throttled = limiter.limit(attempt_limit, deduct_when=link_refused)
# Every request for a forgotten-password link counts, whatever happened: each may send an
# e-mail, and the answer is the same for known and unknown addresses.
requests_throttled = limiter.limit(attempt_limit, methods=["POST"])


def confine_to_blueprint(app, blueprint: str) -> None:
    """Run Flask-Limiter's request hooks for one blueprint's requests only.

    It registers them app-wide, and its check costs about 0.2 ms on every request (profiled
    on /healthz: resolving which limits, of none, apply), a large share of a signed-in page.
    Only this blueprint's views carry limits."""
    registries = (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs)
    for registry in registries:
        hooks = registry.get(None, [])
        for hook in [hook for hook in hooks if belongs_to_limiter(hook)]:
            hooks.remove(hook)
            registry.setdefault(blueprint, []).append(hook)


def belongs_to_limiter(hook) -> bool:
    if isinstance(hook, partial):
        return any(arg is limiter for arg in hook.args)
    return getattr(hook, "__self__", None) is limiter
