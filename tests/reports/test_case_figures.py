"""The dashboard's case figures (#18, cases.figures): registrations and closures per month,
closures by reason, the median time in each stage. Each against numbers worked by hand and
against SQL of the test's own over the same rows; by sex; the days of the case's office; one
statement each; the page in English and in Spanish."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from returnsvc.auth.models import User
from returnsvc.cases import figures
from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.cases.services import change_stage
from returnsvc.extensions import db
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.returnees.models import Sex
from tests.cases.helpers import other_client
from tests.helpers import count_statements
from tests.reports.export_helpers import in_english

EN = {"Accept-Language": "en"}


def _at(text_: str) -> datetime:
    return datetime.fromisoformat(text_).replace(tzinfo=UTC)


def _history(app, case_id, opened, *steps):
    """Open the case at `opened` (UTC, "YYYY-MM-DD HH:MM") and move it through `steps`:
    (stage, when, close reason or None), through the services; then the stage history is
    dated as given."""
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        for stage, _when, reason in steps:
            change_stage(
                case, Stage(stage), version=case.version, actor=None,
                close_reason=CloseReason(reason) if reason else None,
            )  # fmt: skip
        db.session.flush()
        ids = db.session.scalars(
            text("SELECT id FROM case_transition WHERE case_id = :c ORDER BY id"), {"c": case_id}
        ).all()
        for transition_id, when in zip(ids, [opened, *(w for _s, w, _r in steps)], strict=True):
            db.session.execute(
                text("UPDATE case_transition SET occurred_at = :at WHERE id = :id"),
                {"at": _at(when), "id": transition_id},
            )
        closed = steps[-1][1] if steps and steps[-1][0] == "closed" else None
        db.session.execute(
            text("UPDATE case_file SET opened_at = :o, closed_at = :c WHERE id = :id"),
            {"o": _at(opened), "c": _at(closed) if closed else None, "id": case_id},
        )
        db.session.commit()


@pytest.fixture
def quito(app, make):
    """Cases of an Ecuadorian office (America/Guayaquil, UTC-5) dated in 2024-2026; one of a
    Bolivian office the Ecuadorian manager does not see."""
    office = make.office("EC", name="Quito")
    bolivia = make.office("BO", name="Cochabamba")
    people = {
        "ana": "female", "eva": "female", "luis": "male", "old": "male", "alex": "other",
        "pepe": "male", "nico": "male",
    }  # fmt: skip
    cases = {name: make.case(office_id=office.id, sex=sex) for name, sex in people.items()}
    cases["bo"] = make.case(
        office_id=bolivia.id, origin_country="BO", nationality="BO", document_country="BO",
        region_code="BO-C", sex="female",
    )  # fmt: skip
    for name in ("eva", "luis", "old"):
        make.complete_profile(cases[name].returnee_id)  # what "assessed" requires
    h = _history
    # Ana: registered 54 days, closed (self-employed), reopened 70 days, closed (employed).
    h(app, cases["ana"].id, "2025-01-10 15:00",
      ("closed", "2025-03-05 15:00", "self_employed"), ("reopened", "2025-04-01 15:00", None),
      ("closed", "2025-06-10 15:00", "employed"))  # fmt: skip
    # Eva: opened on 31 January in Quito (1 February in UTC and in Madrid); registered 10
    # days, assessed 30 days, in "plan agreed" since.
    h(app, cases["eva"].id, "2025-02-01 03:00",
      ("assessed", "2025-02-11 03:00", None),
      ("plan_agreed", "2025-03-13 03:00", None))  # fmt: skip
    # Luis: opened in 2024 (not a registration of 2025); registered 20 days ending in 2025,
    # assessed 30 days, closed employed.
    h(app, cases["luis"].id, "2024-12-20 15:00",
      ("assessed", "2025-01-09 15:00", None),
      ("closed", "2025-02-08 15:00", "employed"))  # fmt: skip
    # A stay that ended in 2024 is not one of 2025.
    h(app, cases["old"].id, "2024-06-01 15:00", ("assessed", "2024-07-01 15:00", None))
    h(app, cases["alex"].id, "2025-12-31 23:00")
    # 04:00 UTC on 1 January 2026 is still 31 December in Quito; 06:00 is 1 January there.
    h(app, cases["pepe"].id, "2026-01-01 04:00")
    h(app, cases["nico"].id, "2026-01-01 06:00")
    h(app, cases["bo"].id, "2025-05-05 15:00", ("closed", "2025-05-20 15:00", "withdrew"))
    return office, cases


def _scope(app, user_id, query):
    from werkzeug.datastructures import MultiDict

    user = db.session.get(User, user_id)
    return scope_of(parse_filters(MultiDict(query), user), user)


# --- independent SQL ----------------------------------------------------------------------------

_OPENED_SQL = """
SELECT to_char(timezone(o.time_zone, c.opened_at), 'YYYY-MM') AS month, r.sex, count(*)
FROM case_file c JOIN returnee r ON r.id = c.returnee_id JOIN office o ON o.id = c.office_id
WHERE o.country = 'EC' AND timezone(o.time_zone, c.opened_at)::date BETWEEN :a AND :b
GROUP BY 1, 2
"""
_CLOSED_SQL = """
SELECT to_char(timezone(o.time_zone, t.occurred_at), 'YYYY-MM'), r.sex, t.close_reason, count(*)
FROM case_transition t JOIN case_file c ON c.id = t.case_id
JOIN returnee r ON r.id = c.returnee_id JOIN office o ON o.id = c.office_id
WHERE o.country = 'EC' AND t.to_stage = 'closed'
  AND timezone(o.time_zone, t.occurred_at)::date BETWEEN :a AND :b
GROUP BY 1, 2, 3
"""
# Each stay as a row: a transition and the next one of its case.
_STAYS_SQL = """
WITH ordered AS (
  SELECT t.case_id, t.to_stage, t.occurred_at,
         lead(t.occurred_at) OVER (PARTITION BY t.case_id ORDER BY t.occurred_at, t.id) AS ended
  FROM case_transition t
)
SELECT s.to_stage, r.sex,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.ended - s.occurred_at)),
       count(*)
FROM ordered s JOIN case_file c ON c.id = s.case_id
JOIN returnee r ON r.id = c.returnee_id JOIN office o ON o.id = c.office_id
WHERE o.country = 'EC' AND s.ended IS NOT NULL AND s.to_stage <> 'closed'
  AND timezone(o.time_zone, s.ended)::date BETWEEN :a AND :b
GROUP BY ROLLUP (s.to_stage, r.sex)
"""
YEAR = {"a": date(2025, 1, 1), "b": date(2025, 12, 31)}


def _sql(sql):
    return db.session.execute(text(sql), YEAR).all()


# --- the figures --------------------------------------------------------------------------------


def test_registrations_and_closures_per_month_by_sex(app, make, quito):
    office, _cases = quito
    manager = make.user("manager", office_id=office.id, locale="en")
    with app.test_request_context():
        flow = figures.registrations_and_closures(_scope(app, manager.id, {"year": "2025"}))
        months = {m.month.month: m for m in flow.months}
        assert [m.month for m in flow.months] == [date(2025, n, 1) for n in range(1, 13)]
        # Ana and Eva (31 January in Quito) in January; Alex and Pepe (31 December in Quito).
        assert months[1].opened.values == {Sex.FEMALE: 2}
        assert months[12].opened.values == {Sex.MALE: 1, Sex.OTHER: 1}
        assert flow.opened.total == 4 and months[2].opened.total == 0
        # Luis closed in February; Ana in March and again in June (two closings).
        assert months[2].closed.values == {Sex.MALE: 1}
        assert months[3].closed.values == {Sex.FEMALE: 1}
        assert months[6].closed.values == {Sex.FEMALE: 1}
        assert flow.closed.total == 3  # not Bolivia's
        opened = {(m, Sex(s)): n for m, s, n in _sql(_OPENED_SQL)}
        closed: dict = {}
        for m, s, _reason, n in _sql(_CLOSED_SQL):
            closed[(m, Sex(s))] = closed.get((m, Sex(s)), 0) + n
        ours_opened = {
            (m.month.strftime("%Y-%m"), sex): n
            for m in flow.months
            for sex, n in m.opened.values.items()
        }
        ours_closed = {
            (m.month.strftime("%Y-%m"), sex): n
            for m in flow.months
            for sex, n in m.closed.values.items()
        }
        assert ours_opened == opened and ours_closed == closed
        header, rows = in_english(*figures.flow_export(flow))
        assert header[:2] == ["Month", "Registrations, women"]
        assert rows[0] == ("2025-01", 2, 0, 0, 2, 0, 0, 0, 0)


def test_the_office_day_counts_whoever_looks(app, make, quito):
    """An administrator in Madrid sees Eva's opening (1 February 04:00 there) in January, the
    day it was in Quito, and Nico's (1 January 2026 in Quito) out of 2025."""
    admin = make.user("admin", locale="en")
    with app.test_request_context():
        flow = figures.registrations_and_closures(
            _scope(app, admin.id, {"year": "2025", "country": "EC"})
        )
        assert flow.months[0].opened.values == {Sex.FEMALE: 2}
        assert flow.months[11].opened.values == {Sex.MALE: 1, Sex.OTHER: 1}


def test_closures_by_reason_and_sex(app, make, quito):
    office, _cases = quito
    manager = make.user("manager", office_id=office.id, locale="en")
    with app.test_request_context():
        closures = figures.closures_by_reason(_scope(app, manager.id, {"year": "2025"}))
        by_reason = dict(closures.rows)
        assert by_reason[CloseReason.EMPLOYED].values == {Sex.FEMALE: 1, Sex.MALE: 1}
        assert by_reason[CloseReason.SELF_EMPLOYED].values == {Sex.FEMALE: 1}
        assert by_reason[CloseReason.WITHDREW].total == 0  # Bolivia's is not seen
        assert [reason for reason, _c in closures.rows] == list(CloseReason)
        expected = {(CloseReason(reason), Sex(s)): n for _m, s, reason, n in _sql(_CLOSED_SQL)}
        ours = {(reason, sex): n for reason, c in closures.rows for sex, n in c.values.items()}
        assert ours == expected
        header, export_rows = in_english(*figures.closures_export(closures))
        assert header[0] == "Reason" and export_rows[0] == ("Employed", 1, 1, 0, 2)


def test_median_time_in_each_stage(app, make, quito):
    office, _cases = quito
    manager = make.user("manager", office_id=office.id, locale="en")
    with app.test_request_context():
        times = figures.time_in_stage(_scope(app, manager.id, {"year": "2025"}))
        rows = {row.stage: row for row in times.rows}
        assert Stage.CLOSED not in rows  # time closed is not time in a stage
        registered = rows[Stage.REGISTERED]
        # Women: Ana 54, Eva 10 days; men: Luis 20 (Old's ended in 2024); everyone 10, 20, 54.
        assert registered.of(Sex.FEMALE) == Decimal("32.0")
        assert registered.of(Sex.MALE) == Decimal("20.0")
        assert registered.of(Sex.OTHER) is None
        assert registered.overall == Decimal("20.0")
        assert registered.stays.values == {Sex.FEMALE: 2, Sex.MALE: 1}
        assert rows[Stage.ASSESSED].overall == Decimal("30.0")
        assert rows[Stage.REOPENED].of(Sex.FEMALE) == Decimal("70.0")
        assert rows[Stage.PLAN_AGREED].overall is None  # Eva's stay goes on
        expected = {}
        for stage, sex, seconds, n in _sql(_STAYS_SQL):
            if stage is None:
                continue
            key = (Stage(stage), Sex(sex) if sex else None)
            expected[key] = (Decimal(str(seconds / 86400)).quantize(Decimal("0.1")), n)
        ours = {}
        for row in times.rows:
            for sex, n in row.stays.values.items():
                ours[(row.stage, sex)] = (row.of(sex), n)
            if row.stays.total:
                ours[(row.stage, None)] = (row.overall, row.stays.total)
        assert ours == expected
        header, export_rows = in_english(*figures.time_in_stage_export(times))
        assert header[:2] == ["Stage", "Median days, women"]
        assert export_rows[0][:5] == ("Registered", Decimal("32.0"), Decimal("20.0"), None,
                                      Decimal("20.0"))  # fmt: skip


def test_each_figure_is_one_statement_whatever_the_rows(app, make, quito):
    office, _cases = quito
    manager = make.user("manager", office_id=office.id, locale="en")
    computes = (figures.registrations_and_closures, figures.closures_by_reason,
                figures.time_in_stage)  # fmt: skip
    counted = []
    for extra in (0, 3):
        for _ in range(extra):
            make.case(office_id=office.id, sex="male")
        with app.test_request_context():
            scope = _scope(app, manager.id, {"year": str(date.today().year)})
            for compute in computes:
                with count_statements(app) as statements:
                    compute(scope)
                counted.append(len(statements))
    assert counted == [1, 1, 1, 1, 1, 1]


def _row(html: str, header: str) -> list[str]:
    row = html.split(f'<th scope="row">{header}</th>', 1)[1].split("</tr>", 1)[0]
    return [cell.split("</td>", 1)[0] for cell in row.split('<td class="numeric">')[1:]]


def test_the_dashboard_shows_them_in_english_and_spanish(app, client, make, sign_in, quito):
    office, _cases = quito
    sign_in("manager", office_id=office.id, locale="en")
    html = client.get("/reports/?year=2025", headers=EN).get_data(as_text=True)
    for key in ("registrations", "closures", "time_in_stage"):
        assert f'id="figure-{key}"' in html
    assert "Registrations and closures per month" in html and "Closures by reason" in html
    assert _row(html, "January 2025") == ["2", "0", "0", "2", "0", "0", "0", "0"]
    assert _row(html, "March 2025")[4:] == ["1", "0", "0", "1"]
    closures = html.split('id="figure-closures"', 1)[1]
    assert _row(closures, "Employed") == ["1", "1", "0", "2"]
    stages = html.split('id="figure-time_in_stage"', 1)[1]
    assert _row(stages, "Registered") == ["32 days (2)", "20 days (1)", "– (0)", "20 days (3)"]
    help_page = client.get("/reports/help", headers=EN).get_data(as_text=True)
    assert 'id="definition-time_in_stage"' in help_page and "whole length" in help_page

    spanish = make.user("manager", office_id=office.id, locale="es")
    page = other_client(app, spanish).get("/reports/?year=2025").get_data(as_text=True)
    assert '<html lang="es"' in page
    for key in ("registrations", "closures", "time_in_stage"):
        assert f'id="figure-{key}"' in page
    assert _row(page, "enero 2025") == ["2", "0", "0", "2", "0", "0", "0", "0"]
    assert "<svg" in page.split('id="figure-registrations"', 1)[1]
