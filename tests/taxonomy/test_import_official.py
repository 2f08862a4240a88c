"""The importers on the official files in ../shared/data (skipped where they are absent)."""

import pytest
from sqlalchemy import func, select

from returnsvc.extensions import db
from returnsvc.taxonomy.importers import import_esco, import_isco
from returnsvc.taxonomy.models import EscoOccupation, EscoSkill, EscoSkillLabel, IscoGroup
from tests.taxonomy.fixtures import SHARED_DATA, importing, row_counts

__all__ = ["importing"]

ILO_FILE = SHARED_DATA / "isco08" / "ilo_isco_structure_en.csv"
BILINGUAL_FILE = SHARED_DATA / "isco08" / "isco08.csv"
ESCO_DIR = SHARED_DATA / "esco-v1.0"

needs_official_files = pytest.mark.skipif(
    not (ILO_FILE.is_file() and BILINGUAL_FILE.is_file() and ESCO_DIR.is_dir()),
    reason=f"the official ISCO-08 and ESCO files are not in {SHARED_DATA}",
)


def _groups_per_level() -> dict[int, int]:
    rows = db.session.execute(
        select(IscoGroup.level, func.count()).group_by(IscoGroup.level).order_by(IscoGroup.level)
    )
    return dict(rows.all())


@needs_official_files
@pytest.mark.parametrize("path", [ILO_FILE, BILINGUAL_FILE], ids=["ilo", "bilingual"])
def test_official_isco_files(importing, path):
    result = import_isco(path)
    assert result.created == 619
    assert _groups_per_level() == {1: 10, 2: 43, 3: 130, 4: 436}
    before = row_counts()
    again = import_isco(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 619)
    assert not again.changed_anything
    before["taxonomy_import"] += 1
    assert row_counts() == before


@needs_official_files
def test_official_esco_export(importing):
    result = import_esco(ESCO_DIR)
    assert result.tables["isco_group"].created == 619
    assert db.session.scalar(select(func.count(EscoOccupation.id))) == 2942
    assert db.session.scalar(select(func.count(EscoSkill.id))) == 13485
    spanish_alternatives = db.session.scalar(
        select(func.count(EscoSkillLabel.id)).where(
            EscoSkillLabel.locale == "es", EscoSkillLabel.is_preferred.is_(False)
        )
    )
    assert spanish_alternatives > 20_000
    assert (
        db.session.scalar(
            select(func.count(EscoSkillLabel.id)).where(
                EscoSkillLabel.locale == "en", EscoSkillLabel.is_preferred
            )
        )
        == 13485 - 13
    )  # the en-US file leaves 13 skills without an English label

    before = row_counts()
    again = import_esco(ESCO_DIR)
    assert not again.changed_anything
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == 619 + 2942 + 13485
    before["taxonomy_import"] += 1
    assert row_counts() == before
