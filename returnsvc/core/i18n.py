"""Locale selection: user preference, then session choice, then Accept-Language, then Spanish."""

from flask import current_app, has_request_context, request, session
from flask_login import current_user
from markupsafe import Markup

SESSION_KEY = "locale"


def supported_locales() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    supported = supported_locales()
    if not has_request_context():  # CLI commands: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated:
        preferred = getattr(current_user, "preferred_locale", None)
        if preferred in supported:
            return preferred
    chosen = session.get(SESSION_KEY)
    if chosen in supported:
        return chosen
    negotiated = request.accept_languages.best_match(supported)
    return negotiated or current_app.config["BABEL_DEFAULT_LOCALE"]


def message_with(message: str, **values) -> Markup:
    """A translated message with user text put in escaped: `message_with(_("Task added:
    %(title)s"), title=task.title)`. The message is ours (the catalogue: trusted markup); the
    values are escaped, so a title like `<meta http-equiv=refresh ...>` stays text wherever
    the result is shown (pages, flashes, form errors). Never pass user text as `message`, and
    never interpolate user text into `_()` / `_l()` themselves (PITFALLS.md: a lazy string is
    rendered as markup, values included)."""
    return Markup(str(message)) % values
