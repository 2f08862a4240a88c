"""Every GET route, for every role, on one small world (tests/route_walk.py).

- The walk: every rule of `app.url_map` that answers GET (less route_walk.SKIPPED, each with
  its reason) is fetched by each role; the answer is one of the allowed statuses, never a 500,
  and every HTML page has `<html lang=`, the language switcher, no inline script or style, no
  asset from another site, and on Spanish pages no English message of the catalogue.
- Odd numbers: every query parameter the app reads gets "²", "①", "-1", 2147483648, ... on every
  GET rule, and every `<int:...>` part gets 2147483648 and 0 (answered 404).

The world is built once for the module in its own transaction, rolled back at the end (the
per-test `tx` fixture would rebuild it for every test: the walk would take minutes).
"""

from urllib.parse import urlencode

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from returnsvc.extensions import db
from tests.route_walk import (
    ALLOWED,
    ALLOWED_FOR,
    ODD_IDS,
    ODD_NUMBERS,
    ROLES,
    SKIPPED,
    get_rules,
    post_forms,
    recording_args,
    rule_parts,
    scanned_query_parameters,
    spanish_leaks,
    text_nodes,
    urls_for_rule,
)


@pytest.fixture(scope="module")
def walk(app, world, clients):
    """{(role, url): (endpoint, status, content type, body)} for every GET rule and role, and
    {endpoint: query keys read} recorded on the way."""
    answers = {}
    with recording_args(app) as read:
        for rule in get_rules(app):
            if rule.endpoint in SKIPPED:
                continue
            for url in urls_for_rule(world, rule):
                for role in ROLES:
                    response = clients[role].get(url)
                    answers[role, url] = (
                        rule.endpoint,
                        response.status_code,
                        response.mimetype,
                        response.get_data(as_text=True),
                    )
    return answers, read


def test_the_walk_covers_every_get_rule(app, walk):
    answers, _read = walk
    walked = {endpoint for endpoint, *_rest in answers.values()}
    every_get = {rule.endpoint for rule in get_rules(app)}
    assert walked == every_get - set(SKIPPED)
    assert set(SKIPPED) <= every_get, "a skipped endpoint no longer exists: drop it from SKIPPED"


def test_every_get_answers_an_allowed_status(walk):
    answers, _read = walk
    wrong = {
        (role, url): status
        for (role, url), (endpoint, status, _type, _body) in answers.items()
        if status not in ALLOWED | ALLOWED_FOR.get(endpoint, set())
    }
    assert wrong == {}
    # The walk is worth something only if most pages open for someone.
    opened = {url for (_role, url), answer in answers.items() if answer[1] == 200}
    assert len(opened) >= len({url for _role, url in answers}) * 0.9


def test_every_html_page_is_whole_and_local(walk):
    answers, _read = walk
    leaks = spanish_leaks()
    problems = []
    for (role, url), (_endpoint, status, mimetype, body) in answers.items():
        if status != 200 or mimetype != "text/html":
            continue
        if '<html lang="es"' not in body:  # every account speaks Spanish; so does the default
            problems.append((role, url, "no <html lang=es>"))
        if 'action="/language"' not in body:
            problems.append((role, url, "no language switcher"))
        if "<script>" in body or "<script " in body.replace("<script src=", ""):
            problems.append((role, url, "inline script"))
        if " style=" in body:
            problems.append((role, url, "inline style"))
        if "http://" in body.replace("http://localhost", ""):
            problems.append((role, url, "asset from another site"))
        english = sorted(text_nodes(body) & leaks.keys())
        if english:
            problems.append((role, url, f"English on a Spanish page: {english[:3]}"))
    assert problems == []


def test_every_query_parameter_read_is_found_by_the_scan(walk):
    _answers, read = walk
    scanned = scanned_query_parameters()
    unscanned = {
        endpoint: sorted(keys - scanned) for endpoint, keys in read.items() if keys - scanned
    }
    assert unscanned == {}, "extend route_walk.QUERY_PARAMETER_PATTERNS"


def _opener(walk, rule_url: str) -> str:
    """A role that gets the page (odd values must be tried where the view really runs)."""
    answers, _read = walk
    for role in ("counsellor", "manager", "admin", "returnee", "anonymous"):
        if answers[role, rule_url][1] == 200:
            return role
    return "admin"


def test_odd_numbers_in_the_query_string_never_fail(app, world, clients, walk):
    """Every GET rule once with every scanned parameter set (each to another odd value);
    then, where the walk saw the view read the query string, each parameter it read alone
    with each odd value (one odd value cannot hide another there)."""
    _answers, read = walk
    scanned = sorted(scanned_query_parameters())
    everything = {name: ODD_NUMBERS[i % len(ODD_NUMBERS)] for i, name in enumerate(scanned)}
    failures = []
    for rule in get_rules(app):
        if rule.endpoint in SKIPPED:
            continue
        queries = [everything] + [
            {name: value} for name in sorted(read.get(rule.endpoint, ())) for value in ODD_NUMBERS
        ]
        for url in urls_for_rule(world, rule):
            client = clients[_opener(walk, url)]
            for query in queries:
                full = f"{url}?{urlencode(query)}"
                try:
                    status = client.get(full).status_code
                except Exception as error:  # noqa: BLE001 - a 500 in testing
                    status = repr(error)[:120]
                if not isinstance(status, int) or status >= 500:
                    failures.append((full, status))
    assert failures == []


def test_odd_ids_in_the_path_answer_404(app, world, clients, walk):
    answers, _read = walk
    failures = []
    for rule in get_rules(app):
        ids = [name for conv, _args, name in rule_parts(rule) if conv == "int"]
        if rule.endpoint in SKIPPED or not ids:
            continue
        for name in ids:
            for value in ODD_IDS:
                odd_urls = urls_for_rule(world, rule, odd_id=(name, value))
                for url, odd in zip(urls_for_rule(world, rule), odd_urls, strict=True):
                    role = _opener(walk, url)
                    status = clients[role].get(odd).status_code
                    # Where the page opens, an id no row has is a 404; elsewhere refusing
                    # first (403, sign-in) is as good.
                    opens = answers[role, url][1] == 200
                    if status >= 500 or (opens and status != 404):
                        failures.append((role, odd, status))
    assert failures == []


def _rows_written(app) -> int:
    """Rows in every table but the case access log (reading a case page writes one) and the
    flash messages kept for the next page; and the last audit entry."""
    with app.app_context():
        tables = db.session.scalars(
            text(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename NOT IN ('case_access', 'flash_message', 'alembic_version')"
            )
        ).all()
        total = " + ".join(f"(SELECT count(*) FROM {table})" for table in tables)
        audit = db.session.scalar(text("SELECT coalesce(max(id), 0) FROM audit_entry"))
        return db.session.scalar(text(f"SELECT {total}")), audit


def test_odd_numbers_in_post_forms_are_refused_and_write_nothing(app, clients, walk):
    """Every POST form on a walked page, with each of its number or id fields (number
    inputs, selects of ids, `*_id`, the version, years, levels, the taxonomy pickers' choices)
    set to each odd value, the rest as the page filled it in: refused (the form again with an
    error, a redirect with a message, or a stale edit), never a 500, and no row written."""
    answers, _read = walk
    failures, tried = [], set()
    before = _rows_written(app)
    for (_role, url), (_endpoint, status, mimetype, _body) in answers.items():
        if status != 200 or mimetype != "text/html" or url in tried:
            continue
        tried.add(url)
        role = _opener(walk, url)
        for form in post_forms(url, answers[role, url][3]):
            for name in sorted(form.numeric):
                for value in ODD_NUMBERS:
                    if value == "0" and name not in form.ids:
                        continue  # no dependants, no years of experience: a number like any other
                    failure = _post_odd(clients[role], form, name, value)
                    if failure:
                        failures.append((role, form.action, name, value, failure))
            if form.numeric:
                written = _rows_written(app)
                if written != before:
                    failures.append((role, form.action, sorted(form.numeric), "written"))
                    before = written
    assert failures == []
    assert len(tried) > 50


def _post_odd(client, form, name: str, value: str):
    data = [(key, v) for key, v in form.fields if key != name]
    data += [(name, value)] + ([form.submit] if form.submit else [])
    try:
        response = client.post(form.action, data=MultiDict(data))
    except Exception as error:  # noqa: BLE001 - a 500 in testing
        return repr(error)[:120]
    shown = response.get_data(as_text=True)
    # Refused: a redirect with a message, a stale edit (an odd version), or the form again
    # with the error shown.
    if response.status_code in (302, 303, 409):
        return None
    if response.status_code in (200, 400) and ('class="error' in shown or "aria-invalid" in shown):
        return None
    return response.status_code
