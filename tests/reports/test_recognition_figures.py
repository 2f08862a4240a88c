"""The dashboard's recognition figure (skills.report_figures): qualifications whose recognition
was requested in the period, recognised, rejected or still waiting today, and the median days
to a decision, by sex; a person with two cases counted once; against SQL of its own (the
median taken in Python from the raw rows); one statement; on the dashboard."""

import statistics
from datetime import date

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.cases.services import change_stage
from returnsvc.core.clock import local_today
from returnsvc.extensions import db
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.returnees.models import Sex
from returnsvc.skills import report_figures
from returnsvc.skills.models import Qualification, RecognitionStatus
from tests.helpers import count_statements
from tests.reports.export_helpers import in_english

EN = {"Accept-Language": "en"}
F, M, X = Sex.FEMALE, Sex.MALE, Sex.OTHER  # women, men, other or not said


def _scope(user_id, **args):
    user = db.session.get(User, user_id)
    return scope_of(parse_filters(MultiDict(args), user), user)


def _qualification(returnee_id, status, requested=None, resolved=None):
    db.session.add(
        Qualification(
            returnee_id=returnee_id,
            title="Licenciatura en Enfermería",
            isced_level="isced6",
            issuing_country="ES",
            recognition_status=RecognitionStatus(status),
            recognition_requested_on=requested,
            recognition_resolved_on=resolved,
        )
    )


@pytest.fixture
def world(app, make):
    quito = make.office("EC", name="Quito")
    la_paz = make.office("BO", name="La Paz")
    ana = make.case(office_id=quito.id, origin_country="EC", sex="female")
    eva = make.case(office_id=quito.id, origin_country="EC", sex="female")
    luis = make.case(office_id=quito.id, origin_country="EC", sex="male")
    alex = make.case(office_id=quito.id, origin_country="EC", sex="other")
    bo = make.case(office_id=la_paz.id, origin_country="BO", nationality="BO",
                   document_country="BO", region_code="BO-L", sex="female")  # fmt: skip
    with app.test_request_context():
        case = db.session.get(Case, ana.id)
        change_stage(case, Stage.CLOSED, version=case.version, actor=None,
                     close_reason=CloseReason.OTHER)  # fmt: skip
        db.session.commit()
    make.case(office_id=quito.id, returnee_id=ana.returnee_id)  # Ana's second case
    year = local_today().year - 1
    with app.test_request_context():
        a, e, lu, al = ana.returnee_id, eva.returnee_id, luis.returnee_id, alex.returnee_id
        _qualification(a, "recognised", date(year, 2, 1), date(year, 4, 12))  # 70 days
        _qualification(a, "rejected", date(year, 3, 1), date(year, 3, 31))  # 30 days
        _qualification(a, "in_progress", date(year, 12, 20))
        _qualification(e, "recognised", date(year, 6, 1), date(year, 6, 21))  # 20 days
        _qualification(lu, "rejected", date(year, 5, 1), date(year, 11, 27))  # 210 days
        _qualification(lu, "requested", date(year, 7, 1))
        # Decided after the period: recognised as it stands today; 365 days.
        _qualification(al, "recognised", date(year, 1, 15), date(year + 1, 1, 15))
        _qualification(a, "recognised", date(year - 1, 6, 1), date(year - 1, 7, 1))  # before
        _qualification(e, "not_needed")
        _qualification(bo.returnee_id, "rejected", date(year, 2, 1), date(year, 2, 2))  # Bolivia
        db.session.commit()
    manager = make.user("manager", office_id=quito.id, locale="en")
    return {"office": quito, "manager": manager, "year": year}


def test_recognition_requested_in_the_period(app, world):
    with app.test_request_context(headers=EN):
        year = world["year"]
        scope = _scope(world["manager"].id, year=str(year))
        with count_statements(app) as statements:
            figure = report_figures.recognition_procedures(scope)
        assert len(statements) == 1
        rows = db.session.execute(
            text(
                "SELECT r.sex, q.recognition_status, q.recognition_resolved_on"
                " - q.recognition_requested_on FROM qualification q"
                " JOIN returnee r ON r.id = q.returnee_id"
                " WHERE r.origin_country = 'EC' AND EXISTS (SELECT 1 FROM case_file c"
                "  JOIN office o ON o.id = c.office_id"
                "  WHERE c.returnee_id = r.id AND o.country = 'EC')"
                " AND q.recognition_requested_on BETWEEN :first AND :last"
            ),
            {"first": date(year, 1, 1), "last": date(year, 12, 31)},
        ).all()
        statuses = {"recognised": ("recognised",), "rejected": ("rejected",),
                    "waiting": ("requested", "in_progress")}  # fmt: skip
        for sex in Sex:
            mine = [row for row in rows if row[0] == sex.value]
            assert figure.counts["requested"][sex] == len(mine)
            for measure, codes in statuses.items():
                assert figure.counts[measure][sex] == sum(1 for row in mine if row[1] in codes)
            days = [row[2] for row in mine if row[1] in ("recognised", "rejected")]
            assert figure.median_days.get(sex) == (statistics.median(days) if days else None)
            assert figure.decided.get(sex, 0) == len(days)
        every = [row[2] for row in rows if row[1] in ("recognised", "rejected")]
        assert figure.median_days[None] == statistics.median(every)
        # By hand: Ana's three requests count once though she has two cases.
        requested = figure.counts["requested"]
        assert (requested.female, requested.male, requested.other) == (4, 2, 1)
        assert figure.counts["recognised"].values == {F: 2, M: 0, X: 1}
        assert figure.counts["waiting"].total == 2
        assert [figure.median_days[sex] for sex in (F, M, X)] == [30, 210, 365]
        assert figure.median_days[None] == 70
        header, export = in_english(*report_figures.recognition_export(figure))
        assert export[0] == ("Requested", 4, 2, 1, 7)
        assert export[-1][0] == "Median days from the request to the decision"
        assert export[-1][-1] == 70


def test_an_empty_period_and_the_sex_filter(app, world):
    with app.test_request_context(headers=EN):
        empty = report_figures.recognition_procedures(
            _scope(world["manager"].id, year=str(world["year"] - 5))
        )
        assert empty.counts["requested"].total == 0 and empty.median_days == {}
        men = report_figures.recognition_procedures(
            _scope(world["manager"].id, year=str(world["year"]), sex="male")
        )
        assert men.counts["requested"].values == {M: 2} and men.median_days[None] == 210


def test_the_dashboard_shows_the_recognition_figure(app, client, world, sign_in):
    sign_in("manager", office_id=world["office"].id, locale="en")
    html = client.get(f"/reports/?year={world['year']}", headers=EN).get_data(as_text=True)
    assert 'id="figure-recognition"' in html
    row = html.split('<th scope="row">Requested</th>', 1)[1].split("</tr>", 1)[0]
    assert row.endswith('<td class="numeric">7</td>')
    assert "Median days from the request to the decision" in html
    assert "Qualifications still waiting are not in the median" in html
    help_page = client.get("/reports/help", headers=EN).get_data(as_text=True)
    assert 'id="definition-recognition"' in help_page
