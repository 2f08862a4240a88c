"""`flask taxonomy import-isco|import-esco` and the demo subset loaded by `flask seed demo`."""

from sqlalchemy import func, select

from returnsvc.extensions import db
from returnsvc.taxonomy.demo_data import DEMO_URI_PREFIX
from returnsvc.taxonomy.models import (
    EscoOccupation,
    EscoSkill,
    IscoGroup,
    IscoGroupLabel,
    TaxonomyImport,
)
from tests.taxonomy.fixtures import ESCO_DIR, ISCO_BILINGUAL, write_file

DEMO_UNIT_GROUPS = {"2211", "2221", "2222", "3221", "3222", "5120", "7112", "9211"}


def test_import_commands_report_progress_and_counts(app, tx):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["taxonomy", "import-isco", str(ISCO_BILINGUAL)])
    assert first.exit_code == 0, first.output
    assert "10 created, 0 updated, 0 unchanged" in first.output
    assert "changes saved" in first.output
    again = runner.invoke(args=["taxonomy", "import-isco", str(ISCO_BILINGUAL)])
    assert again.exit_code == 0 and "nothing changed" in again.output

    esco = runner.invoke(args=["taxonomy", "import-esco", str(ESCO_DIR)])
    assert esco.exit_code == 0, esco.output
    assert "Read skills_en-us.csv (en): 3 rows" in esco.output
    assert "Skills: 3 created" in esco.output
    with app.app_context():
        assert db.session.scalar(select(func.count(TaxonomyImport.id))) == 3


def test_a_bad_file_exits_non_zero_listing_lines_and_writes_nothing(app, tx, tmp_path):
    bad = write_file(
        tmp_path, "bad.csv", "code,level,title_en,title_es\n1,1,Managers,\n1x,1,Bad,Malo\n"
    )
    result = app.test_cli_runner().invoke(args=["taxonomy", "import-isco", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv, line 2: " in result.output and "bad.csv, line 3: " in result.output
    assert "2 error(s): nothing was imported" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(IscoGroup.code))) == 0
        assert db.session.scalar(select(func.count(TaxonomyImport.id))) == 0
    missing = app.test_cli_runner().invoke(args=["taxonomy", "import-esco", str(tmp_path / "x")])
    assert missing.exit_code == 1 and "nothing was imported" in missing.output


def test_seed_demo_loads_the_demo_subset_and_official_files_load_beside_it(app, tx):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    with app.app_context():
        units = set(db.session.scalars(select(IscoGroup.code).where(IscoGroup.level == 4)))
        assert DEMO_UNIT_GROUPS <= units and 50 <= len(units) <= 60
        locales = db.session.scalars(
            select(IscoGroupLabel.locale).where(IscoGroupLabel.code == "2222")
        ).all()
        assert sorted(locales) == ["en", "es"]
        occupations = db.session.scalars(select(EscoOccupation.uri)).all()
        skills = db.session.scalars(select(EscoSkill.uri)).all()
        assert len(occupations) >= 20 and len(skills) >= 30
        assert all(uri.startswith(DEMO_URI_PREFIX) for uri in occupations + skills)

    # An official-format import later adds its concepts beside the demo ones.
    result = runner.invoke(args=["taxonomy", "import-esco", str(ESCO_DIR)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        total = db.session.scalar(select(func.count(EscoSkill.id)))
        assert total == len(skills) + 3
