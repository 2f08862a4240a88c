"""Export -> import round-trips exactly, re-imports are idempotent, created/updated counts."""

import csv
import io

from tests.guide_files.helpers import BOM, audit_entries, export, page, state, upload
from tests.helpers import count_statements


def test_export_then_import_changes_nothing(app, client, labour, manager):
    data = export(client, labour)
    before = state(app, labour)
    response = upload(client, labour, data)
    assert response.status_code == 200
    text = page(response)
    assert "Nothing changed" in text
    assert "Rows unchanged</dt><dd>3" in text
    assert state(app, labour) == before


def test_business_round_trip(app, client, business, manager):
    data = export(client, business)
    before = state(app, business)
    text = page(upload(client, business, data))
    assert "Rows unchanged</dt><dd>2" in text, text
    assert state(app, business) == before


def test_export_is_excel_friendly_and_escaped(client, labour, manager):
    data = export(client, labour)
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0].startswith("key,isco_code,isic_section,regions,demand_level,wage_min")
    assert "certifications_es,certifications_en,notes_es,notes_en" in lines[0]
    assert "'=SUMA(A1:A2)" in text and "'-5 years" in text and "'@mention" in text
    assert "''cita inicial" in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[0] for row in rows[1:]] == ["bricklayers", "cooks", "nurses"]  # by key
    assert rows[1][rows[0].index("notes_es")].startswith("Línea uno\r\nlínea dos")
    assert "EC-P|EC-A" in text
    assert "http://example.org/skill/techniques|http://example.org/skill/weld" in text


def test_export_headers_and_audit(app, client, labour, manager):
    response = client.get(f"/manage/guides/{labour}/export.csv")
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="guide-ec-labour-market-2026-10-01-')
    assert audit_entries(app, "guide_edition.exported") == [(str(labour), {"rows": 3})]


def _replace(data: bytes, old: str, new: str) -> bytes:
    text = data.decode("utf-8-sig")
    assert old in text
    return text.replace(old, new).encode("utf-8")


def test_import_creates_and_updates_then_is_idempotent(app, client, labour, manager):
    data = export(client, labour)
    changed = _replace(data, "\r\ncooks,5120,F,,high,,", "\r\ncooks,5120,F,EC-P,medium,,")
    changed += b"masons,7112,F,,low,100.00,200.00,isced3,40,,,,Nota,,,\r\n"
    before = state(app, labour)
    text = page(upload(client, labour, changed))
    assert "Rows created</dt><dd>1" in text and "Rows updated</dt><dd>1" in text, text
    assert "Rows unchanged</dt><dd>2" in text
    after = state(app, labour)
    versions = {key: version for key, version, _at in after[0]}
    assert versions == {"bricklayers": 1, "cooks": 2, "masons": 1, "nurses": 1}
    assert audit_entries(app, "guide_edition.imported") == [
        (
            str(labour),
            {
                "created": 1,
                "updated": 1,
                "unchanged": 2,
                "kept": 0,
                "created_keys": ["masons"],
                "updated_keys": ["cooks"],
            },
        )
    ]
    assert before != after
    # The same file again: nothing written, no audit entry.
    text = page(upload(client, labour, changed))
    assert "Nothing changed" in text and "Rows unchanged</dt><dd>4" in text
    assert state(app, labour) == after
    # Exported again, the new content round-trips too.
    assert "Rows unchanged</dt><dd>4" in page(upload(client, labour, export(client, labour)))


def test_text_only_change_moves_the_version(app, client, labour, manager):
    data = _replace(export(client, labour), "Notes ", "Changed notes ")
    assert "Rows updated</dt><dd>1" in page(upload(client, labour, data))
    versions = {key: version for key, version, _at in state(app, labour)[0]}
    assert versions["cooks"] == 2


def test_rows_missing_from_the_file_are_kept(app, client, labour, manager):
    rows = list(csv.reader(io.StringIO(export(client, labour).decode("utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out).writerows(rows[:2])
    text = page(upload(client, labour, out.getvalue().encode()))
    assert "Rows unchanged</dt><dd>1" in text
    assert "Rows of the edition not in the file (kept)</dt><dd>2" in text
    assert len(state(app, labour)[0]) == 3


def test_semicolon_file_without_bom(app, client, labour, manager):
    rows = list(csv.reader(io.StringIO(export(client, labour).decode("utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    before = state(app, labour)
    text = page(upload(client, labour, out.getvalue().encode("utf-8")))
    assert "Rows unchanged</dt><dd>3" in text, text
    assert state(app, labour) == before


def test_business_links_programmes_and_skills(app, client, business, manager, make):
    make.programme("EC", key="ec-second")
    data = _replace(
        export(client, business), "banecuador-emprende", "banecuador-emprende|ec-second"
    )
    data = _replace(data, "http://example.org/skill/meat", "http://example.org/skill/weld")
    assert "Rows updated</dt><dd>1" in page(upload(client, business, data))
    again = export(client, business).decode("utf-8-sig")
    assert "banecuador-emprende|ec-second" in again
    assert "skill/weld" in again and "skill/meat" not in again


def test_export_and_unchanged_import_run_a_fixed_number_of_statements(
    app, client, labour, make, manager
):
    def statements_for_one_round() -> tuple[int, int]:
        with count_statements(app) as exported:
            data = export(client, labour)
        with count_statements(app) as imported:
            assert "Nothing changed" in page(upload(client, labour, data))
        return len(exported), len(imported)

    counts = statements_for_one_round()
    for n in range(10):
        make.demand_entry(labour, key=f"more-{n}", isco_code="5120")
    assert statements_for_one_round() == counts
