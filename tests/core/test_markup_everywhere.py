"""Markup typed into every free-text field of every form comes back as text everywhere.

Generated from the pages themselves: every POST form found on the walked pages (each GET rule
of `app.url_map`, for each role, tests/route_walk.py) is sent with every text box and text
area holding markup, the other fields as a person would fill them in. Then:
- the answer (the form again with its errors, or the page after the redirect with its flash
  message) shows the markup escaped, never live;
- every GET page, for every role, shows no live markup: what was stored (timeline, lists,
  records, panels) is escaped wherever it appears;
- every query parameter the app reads, given markup, comes back escaped too;
- and every free-text field of every form class in the package was sent at least once.
"""

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField
from wtforms.fields import EmailField, HiddenField, PasswordField, SearchField

import returnsvc  # noqa: F401 - every form class is imported by create_app
from tests.factories import Factory
from tests.route_walk import (
    ROLES,
    SKIPPED,
    get_rules,
    scanned_query_parameters,
    urls_for_rule,
)

MARKUP = '<meta http-equiv="refresh" content="0;url=https://evil.example/">"><img src=x>'
LIVE = ("<meta http-equiv", "<img src=x>")

# Forms not sent: they end what the walk needs (the session, the records) or take no text.
NOT_SENT = (
    "/account/sign-out",
    "/language",
    "/delete",
    "/account/password",  # passwords, never shown
    "/password-link",
)
# Sent last: they close or move the case that the other forms write to.
SENT_LAST = ("/stage", "/assignment", "/transfers")

# Free-text fields of form classes that no walked page carries as a POST form, with why.
NOT_ON_A_POST_FORM = {
    "q": "search boxes are GET forms: their parameters get markup in the query-string test",
    "action": "the audit log's filters: a GET form (the query-string test)",
    "actor": "the audit log's filters: a GET form (the query-string test)",
    "target_id": "the audit log's filters: a GET form (the query-string test)",
    "target_type": "the audit log's filters: a GET form (the query-string test)",
    "occupation": "a picker's choice (a code, a radio button), not typed text; its search box"
    " is the GET parameter q",
}


@dataclass
class Field:
    tag: str
    kind: str
    name: str
    value: str = ""
    maxlength: int | None = None
    options: list = field(default_factory=list)  # [(value, selected)]


@dataclass
class Form:
    action: str
    fields: list = field(default_factory=list)
    submit: tuple | None = None


class _Parser(HTMLParser):
    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url, self.forms, self.form, self.open = url, [], None, None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.form = Form(urljoin(self.url, a.get("action") or self.url))
        if self.form is None or not a.get("name") and tag != "option":
            return
        kind = a.get("type", "text").lower()
        if tag == "input" and kind in ("submit", "button", "image"):
            if self.form.submit is None and "formnovalidate" not in a:
                self.form.submit = (a["name"], a.get("value", ""))
        elif tag == "button" and a.get("type", "submit") == "submit":
            if self.form.submit is None:
                self.form.submit = (a["name"], a.get("value", ""))
        elif tag in ("input", "textarea", "select"):
            maxlength = a.get("maxlength")
            self.open = Field(
                tag,
                kind if tag == "input" else tag,
                a["name"],
                a.get("value", ""),
                int(maxlength) if maxlength and maxlength.isdigit() else None,
            )
            if tag == "input" and kind == "radio" and "checked" not in a:
                self.open.value = None
            self.form.fields.append(self.open)
        elif tag == "option" and self.open is not None and self.open.tag == "select":
            self.open.options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self.open is not None and self.open.tag == "textarea":
            self.open.value += data

    def handle_endtag(self, tag):
        if tag in ("select", "textarea"):
            self.open = None
        elif tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None


def post_forms(url: str, html: str) -> list[Form]:
    parser = _Parser(url)
    parser.feed(html)
    return parser.forms


_counter = itertools.count()


def filled(form: Form) -> tuple[MultiDict, set[str]]:
    """The form as a person would send it, every text box holding markup; and the names of
    the fields that got it."""
    data, marked = [], set()
    for f in form.fields:
        if f.kind in ("text", "search", "textarea", "url", "tel") and not _numeric(f):
            value = MARKUP[: f.maxlength] if f.maxlength else MARKUP
            marked.add(f.name)
        elif f.kind == "email":
            value = f.value or f"markup.probe{next(_counter)}@example.org"
        elif f.kind == "date":
            value = f.value or _day_for(f.name)
        elif f.kind == "datetime-local":
            value = f.value or f"{date.today() + timedelta(days=7)}T10:00"
        elif f.kind == "select":
            chosen = [v for v, selected in f.options if selected and v] or [
                v for v, _selected in f.options if v
            ][:1]
            value = chosen[0] if chosen else ""
        elif f.kind == "number" or _numeric(f):
            value = f.value or ("2010" if f.name.endswith("year") else "1")
        elif f.kind == "checkbox":  # consents and confirmations: given
            value = f.value or "y"
        elif f.kind == "radio":
            if f.value is None:
                continue
            value = f.value
        elif f.kind == "file":
            continue
        else:  # hidden, password
            value = f.value
        data.append((f.name, value))
    if form.submit:
        data.append(form.submit)
    return MultiDict(data), marked


def _numeric(f: Field) -> bool:
    return f.name.endswith(("_id", "_ids", "year", "_years", "level", "_size", "version")) or (
        f.name in ("dependants", "years_abroad", "amount", "hours")
    )


def _day_for(name: str) -> str:
    """Days ahead are due dates and appointments; the others (birth, return, issue) past."""
    if "due" in name or "start" in name or "next" in name:
        return str(date.today() + timedelta(days=7))
    return "2001-05-04"


def live_markup(html: str) -> list[str]:
    return [raw for raw in LIVE if raw in html]


def _pages(app, world, client):
    for rule in get_rules(app):
        if rule.endpoint in SKIPPED:
            continue
        for url in urls_for_rule(world, rule):
            response = client.get(url)
            if response.status_code == 200 and response.mimetype == "text/html":
                yield url, response.get_data(as_text=True)


def _send(client, form: Form, sent: dict, problems: list, role: str, depth: int = 0) -> None:
    data, marked = filled(form)
    if not marked:
        return
    response = client.post(form.action, data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    if response.status_code >= 500:
        problems.append((role, form.action, response.status_code))
    elif live_markup(html):
        problems.append((role, form.action, "live markup in the answer"))
    for name in marked:
        sent[name] = sent.get(name, 0) + 1
    # A form that comes back asking for more (a possible duplicate: say why it is not one)
    # is sent again with the new fields filled in too.
    if response.status_code == 200 and depth == 0:
        for again in post_forms(form.action, html):
            names = {f.name for f in again.fields}
            if again.action == form.action and names - {f.name for f in form.fields}:
                _send(client, again, sent, problems, role, depth + 1)


@pytest.fixture(scope="module")
def sent(app, world, clients):
    """Every POST form of every page each role opens, sent with markup: {field name: count
    of sends}, and the problems seen in the answers. The counsellor also works on a second
    case of theirs with no transfer pending (the world's case has one: no transfer form)."""
    sent, problems = {}, []
    with app.app_context():
        second = Factory(app).case(
            office_id=world.ids["office_id"], counsellor_id=world.users["counsellor"].id
        )
    for role in ("counsellor", "manager", "admin", "returnee"):
        client = clients[role]
        pages = list(_pages(app, world, client))
        if role == "counsellor":
            first, other = f"/cases/{world.ids['case_id']}/", f"/cases/{second.id}/"
            pages += [
                (url, client.get(url).get_data(as_text=True))
                for url in (u.replace(first, other) for u, _html in pages if u.startswith(first))
            ]
        forms = [form for url, html in pages for form in post_forms(url, html)]
        forms = [f for f in forms if not any(part in f.action for part in NOT_SENT)]
        # A form that creates a record goes twice: the second may be asked about as a
        # possible duplicate (and the question has text fields of its own).
        forms += [f for f in forms if f.action.endswith("/new")]
        forms.sort(key=lambda f: any(part in f.action for part in SENT_LAST))
        for form in forms:
            _send(client, form, sent, problems, role)
    return sent, problems


def test_answers_to_forms_with_markup_show_it_as_text(sent):
    _sent, problems = sent
    assert problems == []


def test_every_page_shows_stored_markup_as_text(app, world, clients, sent):
    live, escaped_somewhere = [], 0
    for role in ROLES:
        for url, html in _pages(app, world, clients[role]):
            if live_markup(html):
                live.append((role, url))
            escaped_somewhere += "&lt;meta http-equiv=" in html
    assert live == []
    assert escaped_somewhere > 20  # the markup was stored and is shown, as text


def test_markup_in_every_query_parameter_comes_back_as_text(app, world, clients):
    query = urlencode(dict.fromkeys(sorted(scanned_query_parameters()), MARKUP))
    live = []
    for role in ("counsellor", "manager", "anonymous"):
        client = clients[role]
        for rule in get_rules(app):
            if rule.endpoint in SKIPPED:
                continue
            for url in urls_for_rule(world, rule):
                response = client.get(f"{url}?{query}")
                assert response.status_code < 500, url
                html = response.get_data(as_text=True)
                if response.mimetype == "text/html" and live_markup(html):
                    live.append((role, url))
    assert live == []


def _free_text_fields() -> dict[str, set[str]]:
    """{field name: form classes} of every text box of every form class in the package."""
    found: dict[str, set[str]] = {}
    text_kinds = (StringField, TextAreaField)
    not_free = (EmailField, HiddenField, PasswordField, SearchField)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for form_class in subclasses(FlaskForm):
        if not form_class.__module__.startswith("returnsvc."):
            continue
        for name in dir(form_class):
            unbound = getattr(form_class, name, None)
            field_class = getattr(unbound, "field_class", None)
            if not (isinstance(field_class, type) and issubclass(field_class, text_kinds)):
                continue
            if issubclass(field_class, not_free):
                continue
            found.setdefault(name, set()).add(form_class.__name__)
    return found


def test_every_free_text_field_got_markup(sent):
    sent_names, _problems = sent
    never = {
        name: sorted(classes)
        for name, classes in _free_text_fields().items()
        if name not in sent_names and name not in NOT_ON_A_POST_FORM
    }
    assert never == {}
