"""The CSV import: all or nothing, every bad row reported with its line, idempotent."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.remittances.helpers import HEADER, csv_file, page, state, upload

GOOD = (
    'ES,EC,2021Q1,200.00,USD,5.10,"World Bank, Remittance Prices Worldwide, issue 37",'
    "https://remittanceprices.worldbank.org",
    "ES,EC,2021Q1,345,EUR,4.20,RPW issue 37,",
    "ES,PE,2021Q1,200,usd,5.75,RPW issue 37,",
)


@pytest.fixture
def admin(sign_in):
    return sign_in("admin", locale="en")


def test_a_good_file_is_imported_and_again_changes_nothing(app, client, admin):
    before = state(app)
    text = page(upload(client, csv_file(*GOOD)))
    assert "Import finished" in text
    assert "ES-EC 2021Q1 USD" in text and "ES-PE 2021Q1 USD" in text
    after = state(app)
    assert len(after[0]) == len(before[0]) + 3 and after[1] == before[1] + 3
    again = page(upload(client, csv_file(*GOOD)))
    assert "Nothing changed: every figure of the file was already recorded." in again
    assert state(app) == after


def test_a_file_with_one_bad_row_imports_nothing_and_lists_every_bad_row(app, client, admin):
    before = state(app)
    rows = (
        GOOD[0],
        "ES,XX,2021Q1,200,USD,5.1,RPW,",  # line 3
        GOOD[1],
        "ES,PE,2021Q9,200,USD,1e3,,javascript:x",  # line 5
        GOOD[0],  # line 6: the same figure as line 2
        "ES,BO,2021Q1,200",  # line 7: too few cells
    )
    text = page(upload(client, csv_file(*rows)))
    assert "Nothing was imported: 4 rows have problems." in text
    assert "Rows without problems: 2." in text
    for line in ("<td>3</td>", "<td>5</td>", "<td>6</td>", "<td>7</td>"):
        assert line in text
    assert "receiving_country: Give a country as its two-letter ISO code" in text
    assert "period: Write the period as a quarter" in text
    assert "cost_percent: Give the average cost as a percentage" in text
    assert "source_name: Name the source" in text
    assert "source_url: Give a web address" in text
    assert "The same figure is already given on line 2." in text
    assert "The row has 4 cells; the first line has 8." in text
    assert state(app) == before


def test_a_correction_by_file_keeps_the_history(app, client, admin):
    upload(client, csv_file(*GOOD))
    changed = GOOD[0].replace(",5.10,", ",5.05,")
    text = page(upload(client, csv_file(changed)))
    assert "Corrected: ES-EC 2021Q1 USD" in text
    figures = [f for f in state(app)[0] if f[2] == "EC" and str(f[3]) == "2021-01-01"]
    assert len(figures) == 3  # USD old (superseded), EUR, USD new
    assert sum(1 for f in figures if f[6] is not None) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xff\xfe", "The file is not UTF-8 text."),
        (HEADER.encode(), "The file has column names but no rows."),
        (b"sending_country,period\nES,2020Q3\n", "missing columns: receiving_country"),
        (HEADER.replace("\n", ",extra\n").encode() + b"a\n", "unknown columns: extra"),
        (HEADER.encode() + b'ES,EC,"2020Q3\n', "Line 2 cannot be read as CSV"),
        (b"x" * (1024 * 1024 + 1), "The file is larger than 1 MB."),
    ],
)
def test_unreadable_files_are_refused_with_one_message(app, client, admin, data, message):
    before = state(app)
    text = page(upload(client, data))
    assert message in text
    assert state(app) == before


def test_semicolons_a_bom_and_formula_guards_are_read(app, client, admin):
    header = HEADER.replace(",", ";")
    data = "\ufeff" + header + "ES;CO;2022;200;USD;4,5;'=RPW;\n"
    text = page(upload(client, data.encode()))
    # A decimal comma is refused: the file's numbers use a dot whatever the language.
    assert "cost_percent: Give the average cost" in text
    data = "\ufeff" + header + "ES;CO;2022;200;USD;4.5;'=RPW;\n"
    text = page(upload(client, data.encode()))
    assert "Import finished" in text
    figures = [f for f in state(app)[0] if f[2] == "CO" and str(f[3]) == "2022-01-01"]
    assert figures[0][5] == "=RPW"


def test_refusals_in_spanish(client, sign_in):
    sign_in("admin", locale="es")
    text = page(upload(client, csv_file("ES,XX,2021Q1,200,USD,5.1,RPW,")))
    assert '<html lang="es"' in text
    assert "No se ha importado nada: 1 fila tiene un problema." in text
    assert "El archivo está vacío." in page(upload(client, b""))


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


def mixed(*valid):
    return st.one_of(st.sampled_from(valid), text)


CELLS = st.tuples(
    mixed("ES", "US", "es", "XX"),
    mixed("EC", "PE", "ES", ""),
    mixed("2020Q3", "2021H1", "2022", "2020Q5", "²020"),
    mixed("200", "345.00", "0", "-1", "1e3", "2147483648", "NaN"),
    mixed("USD", "EUR", "GBP"),
    mixed("4.64", "0", "99.99", "100", "-1", "1e3", "²"),
    mixed("RPW", "", '"><img src=x>'),
    mixed("", "https://example.org", "javascript:x"),
)


@SETTINGS
@given(rows=st.lists(CELLS, min_size=1, max_size=4))
def test_any_file_gives_a_page_and_all_or_nothing(app, client, admin, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.strip().split(","))
    writer.writerows(rows)
    before = state(app)
    response = upload(client, out.getvalue().encode())
    assert response.status_code == 200
    text = page(response)
    assert "<img src=x>" not in text
    after = state(app)
    if "Import finished" in text:
        assert page(upload(client, out.getvalue().encode())).count("Nothing changed") == 1
        assert state(app) == after
    else:
        assert after == before
