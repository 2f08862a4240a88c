"""Bad files import nothing and say why: every bad row with its line and reason, in the user's
language; files that cannot be read at all get one clear message."""

import csv
import io

import pytest

from returnsvc.guide_files.columns import DEMAND_COLUMNS, OPPORTUNITY_COLUMNS
from returnsvc.guide_files.reading import MAX_BYTES
from tests.guide_files.helpers import page, state, upload

GOOD_DEMAND = {"key": "welders", "isco_code": "7112", "isic_section": "F", "demand_level": "high"}
GOOD_OPPORTUNITY = {"key": "bakery", "isic_section": "C", "risk_level": "low", "title_es": "Pan"}


def csv_file(columns, *rows, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([row.get(column.name, "") for column in columns])
    return out.getvalue().encode("utf-8")


def demand(**cells) -> dict:
    return GOOD_DEMAND | cells


def opportunity(**cells) -> dict:
    return GOOD_OPPORTUNITY | cells


DEMAND_CASES = [
    (demand(key="Bad Key"), "key: use 2 to 80 lower-case letters"),
    (demand(key=""), "key: this column cannot be empty"),
    (demand(isco_code="9999"), "isco_code: “9999” is not an ISCO-08 unit group"),
    (demand(isco_code="512"), "isco_code: “512” is not an ISCO-08 unit group"),
    (demand(isic_section="Z"), "isic_section: use one of: A, B, C"),
    (demand(regions="EC-P|PE-LIM"), "regions: not regions of Ecuador: “PE-LIM”"),
    (demand(demand_level="huge"), "demand_level: use one of: low, medium, high, very_high"),
    (demand(wage_min="-5"), "wage_min: write an amount of 0 or more"),
    (demand(wage_min="1.234,50"), "wage_min: write an amount of 0 or more"),
    (demand(wage_min="900.00", wage_max="800.00"), "wage_max: must not be below wage_min"),
    (demand(min_education="3"), "min_education: use one of: isced0"),
    (demand(experience_years="41"), "experience_years: write a whole number of years from 0 to 40"),
    (demand(experience_years="2.5"), "experience_years: write a whole number"),
    (demand(esco_skills="http://example.org/skill/nope"), "esco_skills: unknown ESCO skills"),
    (demand(notes_en="x" * 10_001), "notes_en: at most 10000 characters (this has 10001)"),
]


@pytest.mark.parametrize(("row", "reason"), DEMAND_CASES)
def test_each_bad_demand_row_is_refused_with_its_reason(app, client, labour, manager, row, reason):
    before = state(app, labour)
    response = upload(client, labour, csv_file(DEMAND_COLUMNS, demand(key="fine-row"), row))
    text = page(response)
    assert "Nothing was imported: 1 row has a problem." in text
    assert "<td>3</td>" in text
    assert reason in text.replace("&#34;", '"').replace("&#39;", "'"), text[-3000:]
    assert state(app, labour) == before


OPPORTUNITY_CASES = [
    (opportunity(risk_level="none"), "risk_level: use one of: low, medium, high"),
    (opportunity(occupations="5120|0000"), "occupations: not ISCO-08 unit groups: “0000”"),
    (opportunity(programmes="peru-programme"), "no support programme of Ecuador has the key"),
    (opportunity(investment_min="10.00", investment_max="9.99"), "investment_max: must not be"),
    (opportunity(description_en="Only a description"), "title_en: a language with any text"),
    (opportunity(title_es=""), "a title is needed in at least one language"),
    (opportunity(title_es="t" * 301), "title_es: at most 300 characters"),
]


@pytest.mark.parametrize(("row", "reason"), OPPORTUNITY_CASES)
def test_each_bad_opportunity_row_is_refused(app, client, business, manager, row, reason):
    before = state(app, business)
    text = page(upload(client, business, csv_file(OPPORTUNITY_COLUMNS, row)))
    assert "<td>2</td>" in text and reason in text, text[-3000:]
    assert state(app, business) == before


def test_every_bad_row_is_listed_with_the_line_where_it_starts(app, client, labour, manager):
    data = csv_file(
        DEMAND_COLUMNS,
        demand(key="first", notes_es="three\nphysical\nlines"),  # lines 2-4
        demand(key="second", isco_code="0000"),  # line 5
        demand(key="first", wage_max="abc"),  # line 6: repeated key and a bad amount
        demand(key="fine"),
    )
    before = state(app, labour)
    text = page(upload(client, labour, data))
    assert "Nothing was imported: 2 rows have problems." in text
    assert "Rows without problems: 2." in text
    assert "<td>5</td>" in text and "<td>6</td>" in text and "<td>2</td>" not in text
    assert "The key “first” is already used on line 2." in text
    assert "wage_max: write an amount" in text
    assert state(app, labour) == before


def test_row_with_a_wrong_number_of_cells(client, labour, manager):
    data = csv_file(DEMAND_COLUMNS, demand()) + b"short,row\r\n"
    text = page(upload(client, labour, data))
    assert "<td>3</td>" in text and "The row has 2 cells; the first line has 16." in text


def test_many_bad_rows_show_the_first_ones_and_a_count(client, labour, manager):
    rows = [demand(key=f"row-{n}", isco_code="0000") for n in range(205)]
    text = page(upload(client, labour, csv_file(DEMAND_COLUMNS, *rows)))
    assert "Nothing was imported: 205 rows have problems." in text
    assert "… and 5 more rows with problems." in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf \r\n", "The file is empty."),
        ("key;isco_code\r\nca\xf1a;7112\r\n".encode("latin-1"), "The file is not UTF-8 text."),
        (b"a\x00b", "The file contains NUL characters"),
        (csv_file(DEMAND_COLUMNS), "The file has column names but no rows."),
        (b"key,isco_code,colour\r\nx,7112,red\r\n", "missing columns: isic_section, regions"),
        (b"key,isco_code,colour\r\nx,7112,red\r\n", "unknown columns: colour"),
        (
            csv_file(DEMAND_COLUMNS).replace(b"key,", b"key,key,", 1),
            "repeated columns: key",
        ),
        (csv_file(DEMAND_COLUMNS, demand()) + b'a,"never closed\r\n', "Line 3 cannot be read"),
        (b"x" * (MAX_BYTES + 1), "The file is larger than 2 MB."),
    ],
)
def test_unreadable_files_get_one_clear_message(app, client, labour, manager, data, message):
    before = state(app, labour)
    response = upload(client, labour, data)
    assert response.status_code == 200
    assert message in page(response).replace("&#34;", '"')
    assert state(app, labour) == before


def test_business_file_into_a_labour_edition_names_the_columns(client, labour, manager):
    text = page(upload(client, labour, csv_file(OPPORTUNITY_COLUMNS, opportunity())))
    assert "missing columns: isco_code, demand_level" in text


def test_no_file_chosen(client, labour, manager):
    response = client.post(f"/manage/guides/{labour}/import", data={})
    assert "Choose a CSV file." in page(response)


def test_messages_in_spanish(app, client, labour, sign_in, make):
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    text = page(upload(client, labour, csv_file(DEMAND_COLUMNS, demand(experience_years="99"))))
    assert '<html lang="es"' in text
    # The catalogue is completed by the lead: until then the Spanish page shows the source text.
    assert "experience_years:" in text and "<td>2</td>" in text


def test_spanish_reasons_name_the_country_in_spanish(make, sample, client, sign_in):
    sign_in("manager", office_id=make.office("PE").id, locale="es")
    edition_id = make.edition("PE", "labour_market")
    text = page(upload(client, edition_id, csv_file(DEMAND_COLUMNS, demand(regions="EC-P"))))
    assert "Perú" in text and "“EC-P”" in text


def test_spanish_reasons_are_translated(client, labour, sign_in, make):
    sign_in("manager", office_id=make.office("EC").id, locale="es")
    text = page(upload(client, labour, csv_file(DEMAND_COLUMNS, demand(experience_years="99"))))
    assert "No se ha importado nada" in text
    assert "must not" not in text and "write a whole number" not in text
