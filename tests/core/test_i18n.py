from flask import render_template_string
from flask.json.tag import TaggedJSONSerializer
from flask_babel import lazy_gettext
from markupsafe import Markup

from returnsvc.core.i18n import lazy_text
from tests.helpers import html_lang


def test_spanish_by_default(client):
    response = client.get("/account/sign-in")
    assert html_lang(response) == "es"
    assert "Iniciar sesión" in response.get_data(as_text=True)


def test_accept_language_is_honoured(client):
    response = client.get("/account/sign-in", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert html_lang(response) == "en"
    assert "Sign in" in response.get_data(as_text=True)
    unsupported = client.get("/account/sign-in", headers={"Accept-Language": "fr"})
    assert html_lang(unsupported) == "es"


def test_session_choice_beats_accept_language(client):
    response = client.post("/language", data={"locale": "en", "next": "/account/sign-in"})
    assert response.status_code == 302 and response.headers["Location"] == "/account/sign-in"
    assert html_lang(client.get("/account/sign-in", headers={"Accept-Language": "es"})) == "en"


def test_switch_while_signed_in_is_saved_on_the_account(client, sign_in, make):
    user = sign_in(locale="es")
    assert html_lang(client.get("/home")) == "es"
    client.post("/language", data={"locale": "en", "next": "/home"})
    assert html_lang(client.get("/home")) == "en"
    assert make.load_user(user.id).preferred_locale == "en"


def test_user_preference_beats_session_choice(client, make):
    user = make.user(locale="en")
    client.post("/language", data={"locale": "es", "next": "/"})
    client.post("/account/sign-in", data={"email": user.email, "password": user.password})
    # Signing in keeps the session choice but the account's preference wins.
    assert html_lang(client.get("/home")) == "en"


def test_bad_language_or_next_is_ignored(client):
    response = client.post("/language", data={"locale": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert html_lang(client.get("/account/sign-in")) == "es"


def test_error_pages_have_the_language_switcher(client):
    # Every page of every role: tests/core/test_routes_every_get.py.
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert 'action="/language"' in response.get_data(as_text=True)


def test_translations_are_found_once_per_request_and_follow_the_locale(app):
    from flask_babel import gettext

    from returnsvc.core.i18n import in_locale, locale_code

    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert gettext("Summary") == "Resumen" and locale_code() == "es"
        with in_locale("en"):
            assert gettext("Summary") == "Summary" and locale_code() == "en"
        assert gettext("Summary") == "Resumen" and locale_code() == "es"
        template = "{{ _('Summary') }} {{ ngettext('%(num)d day', '%(num)d days', 2) }}"
        assert app.jinja_env.from_string(template).render() == "Resumen 2 días"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert gettext("Summary") == "Summary" and locale_code() == "en"


def _shown(app, lazy) -> list[str]:
    """A lazy message with a user value, as a template, Markup and the session serializer
    that carries flash messages show it."""
    with app.test_request_context():
        message = lazy("Task added: %(title)s", title='<meta http-equiv="refresh">')
        serializer = TaggedJSONSerializer()
        return [
            render_template_string("{{ m }}", m=message),
            str(Markup(message)),
            str(Markup("%s") % message),
            str(serializer.loads(serializer.dumps([message]))[0]),
        ]


def test_lazy_messages_with_user_values_render_as_text(app):
    for shown in _shown(app, lazy_text):
        assert shown.endswith(": &lt;meta http-equiv=&#34;refresh&#34;&gt;"), shown
    # Flask-Babel's own lazy string is the hole this closes: markup comes back live.
    assert all("<meta" in shown for shown in _shown(app, lazy_gettext))
