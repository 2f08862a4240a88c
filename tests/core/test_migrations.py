"""The schema comes from the migrations, and the migrations match the models."""

import flask_migrate
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

import config as app_config
from returnsvc.extensions import db
from tests.conftest import make_test_app


@pytest.fixture(scope="module")
def scratch_app(databases):
    """An app on its own empty database, outside the per-test transaction."""
    app = make_test_app(databases.create("returnsvc_migrations"))
    yield app
    with app.app_context():
        db.engine.dispose()


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_from_empty_then_no_drift(scratch_app):
    with scratch_app.app_context():
        flask_migrate.upgrade()
        flask_migrate.check()  # raises when models and migrations differ
    assert {"user_account", "office", "audit_entry", "password_link"} <= _tables(scratch_app)


def test_downgrade_one_step_and_back(scratch_app):
    with scratch_app.app_context():
        flask_migrate.upgrade()
        before = _tables(scratch_app)
        flask_migrate.downgrade(revision="-1")
        flask_migrate.upgrade()
        assert _tables(scratch_app) == before
        flask_migrate.downgrade(revision="base")
    assert _tables(scratch_app) == set()


def test_revision_files_are_date_prefixed_and_have_downgrades():
    scripts = ScriptDirectory(str(app_config.MIGRATIONS_DIR))
    for revision in scripts.walk_revisions():
        filename = revision.path.rsplit("/", 1)[-1]
        assert filename[:8].isdigit() and filename[8] == "_", filename
        with open(revision.path, encoding="utf-8") as f:
            source = f.read()
        body = source.split("def downgrade():", 1)[1]
        assert "pass" != body.strip(), f"{filename} has an empty downgrade"
