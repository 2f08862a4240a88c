"""Helpers shared by the plan and partner tests."""

from contextlib import contextmanager

from sqlalchemy import event

from returnsvc.extensions import db


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
