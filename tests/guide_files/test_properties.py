"""Property-based checks: any file gives a page, never a server error, and either the whole
file is imported (then importing it again changes nothing) or nothing is written."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from returnsvc.guide_files.columns import (
    DEMAND_COLUMNS,
    FORMULA_TRIGGERS,
    escape_cell,
    unescape_cell,
)
from tests.guide_files.helpers import page, state, upload

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text UTF-8 can carry (no lone surrogates).
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


def mixed(*valid):
    return st.one_of(st.sampled_from(valid), text)


CELLS = {
    "key": st.one_of(st.from_regex(r"[a-z0-9][a-z0-9-]{1,10}", fullmatch=True), text),
    "isco_code": mixed("7112", "5120", "2221", "512", "0000"),
    "isic_section": mixed("F", "I", "Z", "f"),
    "regions": mixed("", "EC-P", "EC-A|EC-P", "PE-LIM", "|"),
    "demand_level": mixed("low", "very_high", "HIGH"),
    "wage_min": mixed("", "0", "10.5", "1000.00", "-1", "1e3", "NaN"),
    "wage_max": mixed("", "0.01", "999999999999.99", "1,5"),
    "min_education": mixed("", "isced3", "3"),
    "experience_years": mixed("", "0", "40", "41", "-1", "٣"),
    "esco_skills": mixed("", "http://example.org/skill/weld", "x|http://example.org/skill/meat"),
}


def row_strategy():
    return st.fixed_dictionaries(
        {column.name: CELLS.get(column.name, text) for column in DEMAND_COLUMNS}
    )


def write(rows, delimiter) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([column.name for column in DEMAND_COLUMNS])
    for row in rows:
        writer.writerow([row[column.name] for column in DEMAND_COLUMNS])
    return out.getvalue().encode("utf-8")


def check_all_or_nothing(app, client, edition_id, data: bytes) -> None:
    before = state(app, edition_id)
    response = upload(client, edition_id, data)
    assert response.status_code == 200
    body = page(response)
    if "Rows unchanged" in body:  # imported: the same file again changes nothing
        after = state(app, edition_id)
        assert "Rows unchanged" in page(upload(client, edition_id, data))
        assert "Nothing changed" in page(upload(client, edition_id, data))
        assert state(app, edition_id) == after
    else:
        assert state(app, edition_id) == before


@pytest.fixture
def edition(make, sample, manager):
    return make.edition("EC", "labour_market")


@SETTINGS
@given(rows=st.lists(row_strategy(), min_size=1, max_size=4), delimiter=st.sampled_from(",;"))
def test_any_rows_import_whole_or_not_at_all(app, client, edition, rows, delimiter):
    check_all_or_nothing(app, client, edition, write(rows, delimiter))


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_give_a_page(app, client, edition, data):
    check_all_or_nothing(app, client, edition, data)


@given(value=st.text())
def test_escaping_round_trips_and_defuses_formulas(value):
    cell = escape_cell(value)
    assert unescape_cell(cell) == value
    assert not cell.startswith(FORMULA_TRIGGERS)


VALID = {
    "isco_code": st.sampled_from(["7112", "5120", "2221"]),
    "isic_section": st.sampled_from(["A", "F", "I"]),
    "regions": st.sampled_from(["", "EC-P", "EC-A|EC-P"]),
    "demand_level": st.sampled_from(["low", "very_high"]),
    "wage_min": st.sampled_from(["", "0", "10.5"]),
    "wage_max": st.sampled_from(["", "999999999999.99"]),
    "min_education": st.sampled_from(["", "isced3"]),
    "experience_years": st.sampled_from(["", "0", "40"]),
    "esco_skills": st.sampled_from(["", "http://example.org/skill/weld"]),
}
# Free text with what spreadsheets and CSV find hard: formula triggers, quotes, separators,
# line breaks, accents. No NUL (refused as a whole file, tested above).
hard_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("=+-@'\"\t\r\n,;| áñ€"),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=20,
)


@SETTINGS
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                column.name: VALID.get(column.name, hard_text)
                for column in DEMAND_COLUMNS
                if column.name != "key"
            }
            | {"key": st.from_regex(r"[a-z0-9][a-z0-9-]{1,10}", fullmatch=True)}
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda row: row["key"],
    ),
    delimiter=st.sampled_from(",;"),
)
def test_valid_rows_with_any_text_import_then_round_trip(app, client, edition, rows, delimiter):
    body = page(upload(client, edition, write(rows, delimiter)))
    assert "Rows unchanged" in body, body[-2000:]
    exported = client.get(f"/manage/guides/{edition}/export.csv").data
    before = state(app, edition)
    assert "Nothing changed" in page(upload(client, edition, exported))
    assert state(app, edition) == before
