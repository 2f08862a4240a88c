"""`import_esco` on the project's own small export: labels, locales, updates, bad files."""

import shutil

import pytest
from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.taxonomy.importers import ImportRefused, import_esco
from returnsvc.taxonomy.importers.csv_rows import split_labels
from returnsvc.taxonomy.models import (
    EscoOccupation,
    EscoOccupationLabel,
    EscoSkill,
    EscoSkillLabel,
    IscoGroupLabel,
    ReuseLevel,
)
from tests.taxonomy.fixtures import ESCO_DIR, importing, labels_of, row_counts, write_file

__all__ = ["importing"]

COOK = "http://example.org/esco/occupation/cook"
WELD = "http://example.org/esco/skill/weld"
TEAMWORK = "http://example.org/esco/skill/teamwork"
OCCUPATION_HEADER = "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,description\n"
SKILL_HEADER = "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,description\n"


@pytest.fixture
def export(tmp_path):
    """A copy of the fixture export that a test may edit."""
    target = tmp_path / "esco"
    shutil.copytree(ESCO_DIR, target)
    return target


def _occupation_labels(uri, locale):
    return labels_of(EscoOccupationLabel, EscoOccupationLabel.occupation_id, uri, locale)


def _skill_labels(uri, locale):
    return labels_of(EscoSkillLabel, EscoSkillLabel.skill_id, uri, locale)


def _skill(uri) -> EscoSkill:
    return db.session.scalar(select(EscoSkill).where(EscoSkill.uri == uri))


def test_split_labels_strips_and_drops_blanks_and_repeats():
    assert split_labels("  a \n\nb\r\na\n  \nc") == ["a", "b", "c"]
    assert split_labels("") == []


def test_export_imports_groups_occupations_and_skills_in_both_languages(importing):
    result = import_esco(ESCO_DIR)
    assert result.rows_read == 8 + 8 + 2 + 2 + 3 + 3
    assert [name for name, _, _ in result.files] == [
        "ISCOGroups_es.csv",
        "ISCOGroups_en.csv",
        "occupations_es.csv",
        "occupations_en.csv",
        "skills_es.csv",
        "skills_en-us.csv",
    ]
    assert result.tables["isco_group"].created == 8
    assert db.session.get(IscoGroupLabel, ("721", "es")).title.startswith("Moldeadores")
    cook = db.session.scalar(select(EscoOccupation).where(EscoOccupation.uri == COOK))
    assert cook.isco_code == "5120"
    # Alternative labels: stripped, blanks and repeats dropped, the preferred label left out.
    assert _occupation_labels(COOK, "en") == {
        "cook": True,
        "line cook": False,
        "kitchen cook": False,
    }
    assert _occupation_labels(COOK, "es") == {
        "cocinero/cocinera": True,
        "cocinero": False,
        "cocinera": False,
        "cocinero de línea": False,
    }
    # skills_en-us.csv loads as "en".
    assert _skill_labels(WELD, "en") == {"weld metal parts": True, "arc welding": False}
    assert _skill_labels(WELD, "en-us") == {}
    weld = _skill(WELD)
    assert (weld.skill_type, weld.reuse_level) == (
        "skill/competence",
        ReuseLevel.OCCUPATION_SPECIFIC,
    )
    teamwork = _skill(TEAMWORK)
    assert (teamwork.skill_type, teamwork.reuse_level) == ("skill/competence knowledge", None)
    # A concept without a label in one language is kept with its labels in the other.
    assert _skill_labels(TEAMWORK, "en") == {}
    assert "1 skills without a label in en" in result.notes
    search = db.session.scalar(
        select(EscoSkillLabel.search_text).where(EscoSkillLabel.label == "soldar piezas metálicas")
    )
    assert search == "soldar piezas metalicas"


def test_reimport_changes_nothing(importing):
    import_esco(ESCO_DIR)
    before = row_counts()
    again = import_esco(ESCO_DIR)
    assert not again.changed_anything
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8 + 2 + 3)
    for counts in again.tables.values():
        assert counts.created == counts.updated == counts.deleted == 0
    after = row_counts()
    assert after.pop("taxonomy_import") == before.pop("taxonomy_import") + 1
    assert after == before


def test_changed_labels_and_attributes_update_and_removed_labels_go(importing, export):
    import_esco(export)
    occupations = (export / "occupations_en.csv").read_text(encoding="utf-8")
    # New preferred label (the old one stays as an alternative), one alternative removed.
    occupations = occupations.replace(
        'cook,"line cook\n  kitchen cook  \n\nline cook\ncook"', 'chef,"cook\nline cook"'
    )
    write_file(export, "occupations_en.csv", occupations)
    for name in ("skills_en-us.csv", "skills_es.csv"):  # the two files must agree
        skills = (export / name).read_text(encoding="utf-8")
        write_file(
            export, name, skills.replace("knowledge,cross-sector", "knowledge,sector-specific")
        )

    result = import_esco(export)
    assert _occupation_labels(COOK, "en") == {"chef": True, "cook": False, "line cook": False}
    assert _occupation_labels(COOK, "es")["cocinero/cocinera"] is True  # other locale untouched
    occupations_counts = result.tables["esco_occupation"]
    assert (occupations_counts.updated, occupations_counts.unchanged) == (1, 1)
    labels = result.tables["esco_occupation_label"]
    assert (labels.created, labels.updated, labels.deleted) == (1, 1, 1)
    hygiene = _skill("http://example.org/esco/skill/hygiene")
    assert hygiene.reuse_level is ReuseLevel.SECTOR_SPECIFIC
    assert result.tables["esco_skill"].updated == 1
    assert result.updated == 2


def test_only_the_locales_read_are_synchronised(importing, export):
    import_esco(export)
    (export / "occupations_en.csv").unlink()
    write_file(
        export,
        "occupations_es.csv",
        OCCUPATION_HEADER + f"Occupation,{COOK},5120,cocinero/cocinera,,\n",
    )
    result = import_esco(export)
    assert _occupation_labels(COOK, "es") == {"cocinero/cocinera": True}
    assert _occupation_labels(COOK, "en")["cook"] is True
    assert result.tables["esco_occupation_label"].deleted == 3


def test_en_is_preferred_over_en_us(importing, export):
    write_file(
        export,
        "skills_en.csv",
        SKILL_HEADER
        + f"KnowledgeSkillCompetence,{WELD},skill/competence,occupation-specific,weld,,\n"
        "KnowledgeSkillCompetence,http://example.org/esco/skill/hygiene,knowledge,cross-sector,"
        "hygiene,,\n"
        f"KnowledgeSkillCompetence,{TEAMWORK},skill/competence knowledge,,teamwork,,\n",
    )
    result = import_esco(export)
    assert _skill_labels(WELD, "en") == {"weld": True}
    assert "skills_en-us.csv skipped: skills_en.csv is read for en" in result.notes


def test_occupations_need_a_stored_or_imported_unit_group(importing, export):
    (export / "ISCOGroups_en.csv").unlink()
    (export / "ISCOGroups_es.csv").unlink()
    with pytest.raises(ImportRefused) as refused:
        import_esco(export)
    assert {(e.file, e.line, e.code) for e in refused.value.errors} == {
        ("occupations_es.csv", 2, "unknown_isco_group"),
        ("occupations_es.csv", 5, "unknown_isco_group"),
    }
    assert row_counts()["esco_skill"] == 0  # the skills were fine, but nothing is written


def test_fill_only_leaves_stored_labels_alone(importing, export):
    import_esco(export)
    write_file(
        export,
        "occupations_en.csv",
        OCCUPATION_HEADER + f"Occupation,{COOK},5120,chef,pastry cook,\n",
    )
    import_esco(export, fill_only=True)
    assert _occupation_labels(COOK, "en") == {
        "cook": True,
        "line cook": False,
        "kitchen cook": False,
        "pastry cook": False,
    }


BAD_SKILLS = [
    # (rows after the header, line, error code); line 2 spans three lines.
    (
        f'K,{WELD},skill/competence,,soldar,"a\nb\nc",\nK,u2,knowledge,sometimes,x,,\n',
        5,
        "bad_reuse_level",
    ),
    (f"K,{WELD},skill/competence,,soldar,,\nK,{WELD},knowledge,,x,,\n", 3, "duplicate_uri"),
    ("K,,skill/competence,,soldar,,\n", 2, "empty_uri"),
    ("K," + "u" * 256 + ",skill/competence,,soldar,,\n", 2, "uri_too_long"),
    (f"K,{WELD},skill/competence,,,alt,\n", 2, "empty_label"),
    (f"K,{WELD},skill/competence,,,,\n", 2, "no_label"),
    (f"K,{WELD},skill/competence,,soldar,{'y' * 401},\n", 2, "label_too_long"),
    (f"K,{WELD},{'t' * 41},,soldar,,\n", 2, "value_too_long"),
    (f"K,{WELD},skill/competence,,soldar\n", 2, "field_count"),
]


@pytest.mark.parametrize(("rows", "line", "code"), BAD_SKILLS, ids=[c for _, _, c in BAD_SKILLS])
def test_a_bad_skills_file_reports_line_and_reason_and_imports_nothing(
    importing, tmp_path, rows, line, code
):
    write_file(tmp_path, "skills_es.csv", SKILL_HEADER + rows)
    with pytest.raises(ImportRefused) as refused:
        import_esco(tmp_path)
    assert [(e.file, e.line, e.code) for e in refused.value.errors] == [
        ("skills_es.csv", line, code)
    ]
    assert row_counts()["esco_skill"] == 0


def test_bad_export_files_are_refused_with_reasons(importing, export):
    import_esco(export)
    before = row_counts()
    write_file(export, "skills_es.csv", "conceptType,conceptUri,preferredLabel\nK,u,x\n")
    occupations = (export / "occupations_en.csv").read_text(encoding="utf-8")
    write_file(export, "occupations_en.csv", occupations.replace(",5120,cook,", ",7212,cook,"))
    write_file(export, "ISCOGroups_en.csv", "code\n", encoding="utf-8")
    (export / "ISCOGroups_es.csv").write_bytes(b"conceptType,conceptUri,code,preferredLabel\n\xff")
    with pytest.raises(ImportRefused) as refused:
        import_esco(export)
    assert [(e.file, e.line, e.code) for e in refused.value.errors] == [
        ("ISCOGroups_es.csv", 2, "not_utf8"),
        ("ISCOGroups_en.csv", 1, "missing_columns"),
        ("occupations_en.csv", 2, "attribute_conflict"),
        ("skills_es.csv", 1, "missing_columns"),
    ]
    assert row_counts() == before


def test_a_folder_without_esco_files_is_refused(importing, tmp_path):
    write_file(tmp_path, "readme.txt", "nothing here")
    with pytest.raises(ImportRefused) as refused:
        import_esco(tmp_path)
    assert refused.value.errors[0].code == "no_files"
    with pytest.raises(ImportRefused) as refused:
        import_esco(tmp_path / "absent")
    assert refused.value.errors[0].code == "missing_dir"
