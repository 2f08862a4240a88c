"""The programme-outcomes dashboard's base (#18): filters in the URL, bad values dropped with a
message (never a 500), the viewer's cases only, the caseload by stage against SQL of its own."""

import pytest
from sqlalchemy import text

from returnsvc.cases.models import Case, Stage
from returnsvc.cases.services import change_stage
from returnsvc.core.clock import local_today
from returnsvc.extensions import db

EN = {"Accept-Language": "en"}


def _move(app, case_id, *stages):
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        for stage in stages:
            change_stage(case, Stage(stage), version=case.version, actor=None)
        db.session.commit()


@pytest.fixture
def ecuador(app, make):
    office = make.office("EC", name="Quito")
    other = make.office("BO", name="Cochabamba")
    cases = {
        "ana": make.case(office_id=office.id, origin_country="EC", sex="female"),
        "eva": make.case(office_id=office.id, origin_country="EC", sex="female"),
        "luis": make.case(office_id=office.id, origin_country="EC", sex="male"),
        "bo": make.case(office_id=other.id, origin_country="BO", nationality="BO",
                        document_country="BO", region_code="BO-C", sex="male"),
    }  # fmt: skip
    for name in ("eva", "luis"):
        make.complete_profile(cases[name].returnee_id)  # what "assessed" requires
    _move(app, cases["eva"].id, "assessed")
    _move(app, cases["luis"].id, "assessed", "plan_agreed")
    return office, cases


def _table(html: str, stage_label: str) -> str:
    row = html.split(f'<th scope="row">{stage_label}</th>', 1)[1]
    return row.split("</tr>", 1)[0]


def test_caseload_by_stage_of_the_managers_country(app, client, make, sign_in, ecuador):
    office, _cases = ecuador
    sign_in("manager", office_id=office.id, locale="en")
    html = client.get("/reports/", headers=EN).get_data(as_text=True)
    assert "Programme outcomes" in html and "Cases by stage" in html
    # Registered: Ana (woman); Assessed: Eva (woman); Plan agreed: Luis (man). Not Bolivia's.
    assert _table(html, "Registered").count('<td class="numeric">1</td>') == 2
    assert '<td class="numeric">3</td>' in html.split("<tfoot>", 1)[1]
    with app.app_context():
        expected = dict(
            db.session.execute(
                text(
                    "SELECT c.stage, count(*) FROM case_file c JOIN office o ON o.id = c.office_id"
                    " WHERE o.country = 'EC' GROUP BY c.stage"
                )
            ).all()
        )
    assert expected == {"registered": 1, "assessed": 1, "plan_agreed": 1}


def test_a_past_period_reads_the_stage_history(app, client, make, sign_in, ecuador):
    office, cases = ecuador
    sign_in("manager", office_id=office.id, locale="en")
    last_year = local_today().year - 1
    with app.app_context():
        db.session.execute(text("UPDATE case_file SET opened_at = opened_at - interval '400 days'"))
        db.session.execute(
            text(
                "UPDATE case_transition SET occurred_at = occurred_at - interval '400 days'"
                " WHERE to_stage = 'registered'"
            )
        )
        db.session.commit()
    html = client.get(f"/reports/?year={last_year}", headers=EN).get_data(as_text=True)
    # A year ago everyone was still registered (the stage changes happened today).
    assert _table(html, "Registered").endswith('<td class="numeric">3</td>')
    assert _table(html, "Assessed").endswith('<td class="numeric">0</td>')


@pytest.mark.parametrize(
    "query",
    [
        "country=PE", "office=²", "office=-1", "office=2147483648", "sex=robot", "age=old",
        "programme=x", "health=maybe", "year=²", "year=1999", "year=2026&quarter=5",
        "from=2026-13-01&to=2026-01-01", "from=2026-05-01&to=2026-01-01", "year=١٢",
    ],
)  # fmt: skip
def test_bad_filters_are_named_never_a_server_error(client, make, sign_in, ecuador, query):
    office, _cases = ecuador
    sign_in("manager", office_id=office.id, locale="en")
    response = client.get(f"/reports/?{query}", headers=EN)
    assert response.status_code == 200
    assert 'class="notice notice-warning"' in response.get_data(as_text=True)


def test_filters_stay_in_the_url_and_the_form(client, make, sign_in, ecuador):
    office, _cases = ecuador
    sign_in("admin", locale="en")
    html = client.get(
        f"/reports/?country=EC&office={office.id}&sex=female&year=2026&quarter=2", headers=EN
    ).get_data(as_text=True)
    assert '<option value="EC" selected>' in html and '<option value="female" selected>' in html
    assert '<option value="2" selected>' in html
    assert "Period: Apr 1, 2026 to Jun 30, 2026." in html


def test_help_defines_every_figure(client, sign_in):
    sign_in("manager", locale="en")
    html = client.get("/reports/help", headers=EN).get_data(as_text=True)
    assert 'id="definition-caseload"' in html and "in the stage it was in" in html
