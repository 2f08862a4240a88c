"""Locale selection (user preference, then session choice, then Accept-Language, then
Spanish), the request's translations looked up once, and translated messages that carry user
text safely."""

from contextlib import contextmanager

from flask import current_app, g, has_request_context, request, session
from flask_babel import Domain, force_locale, get_locale, gettext
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup, escape

SESSION_KEY = "locale"
_TRANSLATIONS = "_returnsvc_translations"
_LOCALE_CODE = "_returnsvc_locale_code"


def supported_locales() -> tuple[str, ...]:
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    supported = supported_locales()
    if not has_request_context():  # CLI commands: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user = current_user._get_current_object()
    if user is not None and user.is_authenticated:
        preferred = getattr(user, "preferred_locale", None)
        if preferred in supported:
            return preferred
    chosen = session.get(SESSION_KEY)
    if chosen in supported:
        return chosen
    negotiated = request.accept_languages.best_match(supported)
    return negotiated or current_app.config["BABEL_DEFAULT_LOCALE"]


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the request's translations found once.

    Flask-Babel looks them up again for every message: three context lookups and a Locale
    turned into its name (Babel builds it anew each time), about 20 µs. A case page shows a
    few hundred messages (its own text, form labels, enum labels), so that was several
    milliseconds a page. The locale of a request does not change once chosen (switching
    language redirects), so its translations are kept on `g` for the rest of the request."""

    def get_translations(self):
        translations = g.get(_TRANSLATIONS)
        if translations is None:
            translations = super().get_translations()
            g.setdefault(_TRANSLATIONS, translations)
        return translations


@contextmanager
def in_locale(code: str):
    """Flask-Babel's force_locale, for text in another language than the request's (an
    e-mail in the recipient's language): the cached translations and code are set aside
    meanwhile. Use this, never force_locale itself."""
    saved = {key: g.pop(key, None) for key in (_TRANSLATIONS, _LOCALE_CODE)}
    try:
        with force_locale(code):
            yield
    finally:
        for key, value in saved.items():
            g.pop(key, None)
            if value is not None:
                setattr(g, key, value)


def translations():
    """The request's translations (see RequestDomain)."""
    return _DOMAIN.get_translations()


def locale_code() -> str:
    """"es" / "en": the request's locale as text, found once per request."""
    code = g.get(_LOCALE_CODE)
    if code is None:
        code = str(get_locale())
        g.setdefault(_LOCALE_CODE, code)
    return code


_DOMAIN = RequestDomain()


def use_request_translations(app, domain_name: str = "messages") -> None:
    """Make Flask-Babel and the templates use the request's cached translations: the domain
    every `gettext`/`_l` goes through, and Jinja's `_()`/`ngettext()`."""
    global _DOMAIN
    _DOMAIN = RequestDomain(domain=domain_name)
    babel = app.extensions["babel"].instance
    babel.__dict__["domain_instance"] = _DOMAIN  # Babel.domain_instance is a cached_property
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )


class TextLazyString(LazyString):
    """A lazily translated message that is text, never markup.

    Flask-Babel's LazyString answers `__html__` with `str(self)`, so Jinja, WTForms and
    Flask's session serializer take it as safe markup, values interpolated into it included
    (PITFALLS.md: a task title rendered as a live <meta refresh>). Ours escapes the whole
    message when HTML is asked of it: `_l("Task added: %(title)s", title=user_text)` is shown
    as text wherever it goes (a page, a flash, a form error)."""

    def __html__(self) -> Markup:
        return escape(str(self))


def lazy_text(string: str, **variables) -> TextLazyString:
    """`_l`: every module imports it from here, never Flask-Babel's `lazy_gettext` (a test
    keeps it so)."""
    return TextLazyString(gettext, string, **variables)


def message_with(message: str, **values) -> Markup:
    """A translated message with user text put in escaped: `message_with(_("Task added:
    %(title)s"), title=task.title)`. The message and the values are both escaped (a catalogue
    message holds no markup), so a title like `<meta http-equiv=refresh ...>` stays text
    wherever the result is shown (pages, flashes, form errors)."""
    return escape(message) % values
