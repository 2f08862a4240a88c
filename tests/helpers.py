"""Small helpers shared by the tests."""

import re
from contextlib import contextmanager

from sqlalchemy import event, select

from returnsvc.audit.models import AuditEntry
from returnsvc.extensions import db


def html_lang(response) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', response.get_data(as_text=True))
    return match.group(1) if match else ""


def audit_actions(app, **where) -> list[str]:
    """Actions in the audit log (oldest first), optionally filtered by column values."""
    with app.app_context():
        stmt = select(AuditEntry.action).order_by(AuditEntry.id)
        for column, value in where.items():
            stmt = stmt.where(getattr(AuditEntry, column) == value)
        return list(db.session.scalars(stmt))


def csrf_token_from(response) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no CSRF token in the page"
    return match.group(1)


@contextmanager
def count_statements(app):
    """The SQL statements run inside the block (to show they do not grow with the rows)."""
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
