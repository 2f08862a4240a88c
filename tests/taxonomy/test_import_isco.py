"""`import_isco` on the project's own small files: both formats, idempotency, bad files."""

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.extensions import db
from returnsvc.taxonomy.importers import ImportRefused, import_isco
from returnsvc.taxonomy.importers.sync import AUDIT_ACTION
from returnsvc.taxonomy.models import ImportKind, IscoGroup, IscoGroupLabel, TaxonomyImport
from tests.taxonomy.fixtures import ISCO_BILINGUAL, ISCO_ILO, importing, row_counts, write_file

__all__ = ["importing"]

HEADER = "code,level,title_en,title_es\n"


def _titles(code: str) -> dict[str, str]:
    rows = db.session.execute(
        select(IscoGroupLabel.locale, IscoGroupLabel.title).where(IscoGroupLabel.code == code)
    )
    return dict(rows.all())


def test_bilingual_file_imports_groups_with_both_titles_then_changes_nothing(importing):
    result = import_isco(ISCO_BILINGUAL)
    assert result.rows_read == 10
    assert result.tables["isco_group"].created == 10
    assert result.tables["isco_group_label"].created == 20
    group = db.session.get(IscoGroup, "0110")
    assert (group.level, group.parent_code) == (4, "011")  # leading zero kept
    assert _titles("513") == {"en": "Waiters and bartenders", "es": "Camareros, meseros y bármanes"}
    assert db.session.scalar(
        select(IscoGroupLabel.search_text).where(
            IscoGroupLabel.code == "513", IscoGroupLabel.locale == "es"
        )
    ) == ("camareros, meseros y barmanes")

    before = row_counts()
    again = import_isco(ISCO_BILINGUAL)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)
    assert not again.changed_anything
    after = row_counts()
    assert after.pop("taxonomy_import") == before.pop("taxonomy_import") + 1
    assert after == before
    runs = db.session.scalars(select(TaxonomyImport).order_by(TaxonomyImport.id)).all()
    assert [(r.kind, r.created, r.unchanged) for r in runs] == [
        (ImportKind.ISCO, 10, 0),
        (ImportKind.ISCO, 0, 10),
    ]
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == AUDIT_ACTION)).all()
    assert len(audit) == 2 and audit[0].actor_id is None
    assert audit[0].target_id == str(runs[0].id)


def test_ilo_structure_file_keeps_isco08_rows_and_builds_all_levels(importing):
    result = import_isco(ISCO_ILO)  # Windows-1252 as the ILO publishes it, CRLF lines
    assert result.rows_read == 5
    codes = set(db.session.scalars(select(IscoGroup.code)))
    assert codes == {"5", "53", "531", "5311", "5312", "7", "71", "711", "7112", "7115"}
    assert _titles("531") == {"en": "Child Care Workers and Teachers’ Aides"}
    assert _titles("71") == {"en": "Building and Related Trades Workers, excluding Electricians"}
    assert "4 ISCO-08 rows kept, 1 of other versions" in result.notes

    # The bilingual file later adds Spanish and replaces the English of the groups it has.
    import_isco(ISCO_BILINGUAL)
    assert _titles("5")["es"] == "Trabajadores de los servicios y vendedores"
    assert _titles("5")["en"] == "Service and sales workers"
    assert _titles("5311") == {"en": "Child Care Workers"}  # not in the file: untouched


def test_a_changed_title_updates_only_that_group(importing, tmp_path):
    import_isco(ISCO_BILINGUAL)
    text = ISCO_BILINGUAL.read_text(encoding="utf-8").replace(
        "5131,4,Waiters,Camareros", "5131,4,Waiters,Meseros"
    )
    result = import_isco(write_file(tmp_path, "isco.csv", text))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 9)
    assert result.tables["isco_group_label"].updated == 1
    assert _titles("5131")["es"] == "Meseros"


def test_fill_only_adds_missing_groups_and_titles_but_changes_none(importing, tmp_path):
    import_isco(ISCO_ILO)
    demo = write_file(
        tmp_path,
        "demo.csv",
        HEADER + "5,1,Our own title,Trabajadores de servicios\n6,1,Farmers,Agricultores\n",
    )
    result = import_isco(demo, fill_only=True)
    assert _titles("5") == {"en": "Services And Sales Workers", "es": "Trabajadores de servicios"}
    assert _titles("6") == {"en": "Farmers", "es": "Agricultores"}
    assert result.tables["isco_group"].created == 1


BAD_FILES = [
    # (file content, line, error code)
    (HEADER + "1,1,Managers,Directores\n,1,No code,Sin código\n", 3, "empty_code"),
    (HEADER + "1,1,Managers,Directores\n1a,2,Letters,Letras\n", 3, "bad_code"),
    (HEADER + "1,1,Managers,Directores\n11111,5,Too long,Demasiado largo\n", 3, "bad_code"),
    (HEADER + "1,1,Managers,Directores\n11,3,Wrong level,Nivel erróneo\n", 3, "level_mismatch"),
    (HEADER + "1,1,Managers,Directores\n1,1,Again,Otra vez\n", 3, "duplicate_code"),
    (HEADER + "1,1,Managers,Directores\n111,3,Orphan,Huérfano\n", 3, "parent_missing"),
    (HEADER + "1,1,Managers,\n", 2, "empty_label"),
    (HEADER + "1,1," + "x" * 301 + ",Directores\n", 2, "label_too_long"),
    (HEADER + "1,1,Managers\n", 2, "field_count"),
    (HEADER + '1,1,Managers,"Directores\n', 2, "malformed_csv"),
    (HEADER + "1,1,Managers,Directores\x00\n", 2, "nul_character"),
    ("code;level;title_en;title_es\n1;1;Managers;Directores\n", None, "unknown_header"),
    ("code,level,title\n1,1,Managers\n", None, "unknown_header"),
    ("", None, "empty_file"),
    (HEADER, None, "no_rows"),
]


@pytest.mark.parametrize(("text", "line", "code"), BAD_FILES, ids=[c for _, _, c in BAD_FILES])
def test_a_bad_file_reports_line_and_reason_and_imports_nothing(
    importing, tmp_path, text, line, code
):
    import_isco(ISCO_BILINGUAL)
    before = row_counts()
    with pytest.raises(ImportRefused) as refused:
        import_isco(write_file(tmp_path, "bad.csv", text))
    assert [(e.file, e.line, e.code) for e in refused.value.errors] == [("bad.csv", line, code)]
    assert refused.value.errors[0].message
    assert row_counts() == before


def test_a_file_that_is_not_utf8_is_refused_with_its_line(importing, tmp_path):
    path = write_file(
        tmp_path,
        "latin1.csv",
        HEADER + "1,1,Managers,Directores\n2,1,Pros,Científicos\n",
        "latin-1",
    )
    with pytest.raises(ImportRefused) as refused:
        import_isco(path)
    assert [(e.line, e.code) for e in refused.value.errors] == [(3, "not_utf8")]
    assert "0xED" in refused.value.errors[0].message
    assert row_counts()["isco_group"] == 0


def test_every_bad_row_is_reported_and_the_listing_is_capped(importing, tmp_path):
    rows = "".join(f"{n}x,1,Bad,Malo\n" for n in range(60))
    with pytest.raises(ImportRefused) as refused:
        import_isco(write_file(tmp_path, "many.csv", HEADER + "1,1,Managers,Directores\n" + rows))
    errors = refused.value.errors
    assert len(errors) == 60 and [e.line for e in errors[:3]] == [3, 4, 5]
    listing = refused.value.listing()
    assert len(listing) == 51 and listing[0].startswith("many.csv, line 3: ")
    assert "10" in listing[-1]


def test_ilo_file_with_inconsistent_rows_is_refused(importing, tmp_path):
    header = ISCO_ILO.read_bytes().decode("cp1252").splitlines()[0] + "\n"
    rows = (
        "ISCO-08,5,Services,53,Care,531,Child care,5311,Child Care Workers\n"
        "ISCO-08,5,Services,53,Care,531,Other title,5312,Aides\n"
        "ISCO-08,5,Services,53,Care,531,Child care,5311,Child Care Workers\n"
        "ISCO-08,5,Services,54,Protective,531,Wrong parent,5313,Guards\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_isco(write_file(tmp_path, "ilo.csv", header + rows))
    assert [(e.line, e.code) for e in refused.value.errors] == [
        (3, "title_conflict"),
        (4, "duplicate_code"),
        (5, "parent_mismatch"),
    ]


def test_missing_file_is_a_clear_error(importing, tmp_path):
    with pytest.raises(ImportRefused) as refused:
        import_isco(tmp_path / "nowhere.csv")
    assert refused.value.errors[0].code == "missing_file"
