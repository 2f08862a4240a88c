"""The audit log names actions and records in the reader's language, and records real changes
only."""

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

import returnsvc
from returnsvc.audit.actions import ACTION_LABELS, TARGET_LABELS, action_label, target_label
from returnsvc.audit.models import AuditEntry
from returnsvc.audit.services import changed_fields
from returnsvc.extensions import db
from returnsvc.partners.models import ReferralStatus
from returnsvc.returnees.models import Returnee
from returnsvc.returnees.services import MIGRATION_FIELDS, PERSON_FIELDS, update_returnee

PACKAGE = Path(returnsvc.__file__).parent


def _recorded_actions() -> tuple[set[str], set[str]]:
    """(literal action codes, f-string patterns) of every `record(...)` call in the package,
    and of the helpers that pass their first argument on to it (skills' `_audit`)."""
    codes, patterns = set(), set()

    def first_argument(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            codes.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            parts = [
                re.escape(p.value) if isinstance(p, ast.Constant) else "[a-z_]+"
                for p in node.values
            ]
            patterns.add("".join(parts))
        elif isinstance(node, ast.IfExp):
            first_argument(node.body)
            first_argument(node.orelse)

    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("record", "_audit"):
                first_argument(node.args[0])
    return codes, patterns


def test_every_recorded_action_has_a_label():
    codes, patterns = _recorded_actions()
    assert len(codes) > 40  # the scan finds the calls
    dotted = {code for code in codes if "." in code}
    assert sorted(dotted - set(ACTION_LABELS)) == []
    for pattern in patterns:
        if "." not in pattern.replace("\\.", "."):
            continue  # skills' "{section}_added": the profile.* pattern below covers it
        assert any(re.fullmatch(pattern, code) for code in ACTION_LABELS), pattern
    # The actions built from values: each value has its label.
    for status in ReferralStatus:
        assert f"referral.{status.value}" in ACTION_LABELS
    for purpose in ("setup", "reset"):
        assert f"user.password_link_{purpose}" in ACTION_LABELS
    for section in ("experience", "skill", "qualification", "certificate", "language"):
        for verb in ("added", "updated", "deleted"):
            assert f"profile.{section}_{verb}" in ACTION_LABELS


def test_every_kind_of_record_has_a_label():
    tables = {
        name
        for name in db.metadata.tables
        if not name.endswith(("_text", "_label")) and name not in ("audit_entry", "flash_message")
    }
    assert sorted(tables - set(TARGET_LABELS)) == []


def test_labels_are_translated_and_unknown_codes_read_as_words(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert action_label("auth.login") == "Signed in"
        assert action_label("profile.language_added") == "Profile: language added"
        assert action_label("something_new.was_done") == "Something new was done"
        assert target_label("case_file") == "Case"
        assert target_label("access_log") == "Access log"


def test_audit_page_shows_action_names(app, client, sign_in):
    sign_in("admin", locale="en")
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert "Signed in" in page
    assert "<code>auth.login</code>" not in page


class _Thing:
    def __init__(self, **values):
        self.__dict__.update(values)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (["EC-P", "EC-A"], ["EC-A", "EC-P"]),
        ("Primera línea\nSegunda", "Primera línea\r\nSegunda"),
        ("Texto", "Texto  \r\n"),
        (None, ""),
        ([], None),
    ],
)
def test_unchanged_values_are_not_changes(old, new):
    thing = _Thing(value=old)
    assert changed_fields(thing, {"value": new}) == {}
    assert thing.value == old


@pytest.mark.parametrize(
    ("old", "new"),
    [(["EC-P"], ["EC-P", "EC-A"]), ("Texto", "Texto nuevo"), (None, "x"), (False, None), (0, None)],
)
def test_real_changes_are_recorded(old, new):
    thing = _Thing(value=old)
    assert list(changed_fields(thing, {"value": new})) == ["value"]
    assert thing.value == new


def test_saving_an_unchanged_person_records_nothing(app, make):
    returnee_id = make.returnee(languages=["qu", "es"])
    with app.test_request_context():
        person = db.session.get(Returnee, returnee_id)
        migration = person.migration
        migration.last_occupation_abroad = "Cuidadora\ninterna"
        db.session.flush()
        form = {field: getattr(person, field) for field in PERSON_FIELDS}
        form["languages"] = ["qu", "es"]  # another order
        history = {field: getattr(migration, field) for field in MIGRATION_FIELDS}
        history["last_occupation_abroad"] = "Cuidadora\r\ninterna "  # as a browser sends it
        before = db.session.scalar(select(func.count()).select_from(AuditEntry))
        changes = update_returnee(person, form, history, version=person.version, actor=None)
        after = db.session.scalar(select(func.count()).select_from(AuditEntry))
        assert changes == {} and after == before
