"""The dashboard's figures kept for a few minutes (reports.figure_cache): for the person who
asked only, with the time they were computed on the page, a link that recomputes them, and
never past REPORT_FIGURES_SECONDS. Turned off for the rest of the suite (TestingConfig)."""

from datetime import timedelta

import pytest

from returnsvc.cases.models import Case, Stage
from returnsvc.cases.services import change_stage
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.reports import figure_cache
from tests.helpers import count_statements

EN = {"Accept-Language": "en"}
ES = {"Accept-Language": "es"}


@pytest.fixture
def kept(app, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_FIGURES_SECONDS", 600)
    figure_cache.forget_all()
    yield
    figure_cache.forget_all()


def _registered_row(html: str) -> str:
    return html.split('<th scope="row">Registered</th>', 1)[1].split("</tr>", 1)[0]


def _page(app, client, path="/reports/?year=2026", headers=EN):
    with count_statements(app) as statements:
        html = client.get(path, headers=headers).get_data(as_text=True)
    return html, len(statements)


def test_figures_are_kept_for_their_viewer_and_recomputed_on_demand(
    app, client, make, sign_in, kept, monkeypatch
):
    office = make.office("EC", name="Quito")
    case = make.case(office_id=office.id, origin_country="EC", sex="female")
    sign_in("manager", office_id=office.id, locale="en")
    first, computing = _page(app, client, "/reports/")
    assert "Figures computed on" in first and "Recompute now" not in first
    assert _registered_row(first).count('<td class="numeric">1</td>') == 2  # women, total

    # The case moves on: the kept figures still show it registered, and say so.
    with app.test_request_context():
        record = db.session.get(Case, case.id)
        change_stage(record, Stage.CLOSED, version=record.version, actor=None,
                     close_reason="employed")  # fmt: skip
        db.session.commit()
    again, reading = _page(app, client, "/reports/")
    assert reading < computing - 10  # no figure was computed again
    assert _registered_row(again).count('<td class="numeric">1</td>') == 2
    assert "They are kept for you for 10 minutes." in again and "Recompute now" in again
    assert 'href="/reports/?fresh=1' in again

    # "Recompute now" reads the data again.
    fresh, recomputing = _page(app, client, "/reports/?fresh=1")
    assert recomputing >= computing - 2
    assert '<td class="numeric">1</td>' not in _registered_row(fresh)

    # Past their lifetime they are computed again.
    later = utcnow() + timedelta(minutes=11)
    monkeypatch.setattr(figure_cache, "utcnow", lambda: later)
    _html, expired = _page(app, client, "/reports/")
    assert expired >= computing - 2


def test_figures_are_never_served_to_someone_else(app, client, make, sign_in, kept):
    office = make.office("EC", name="Quito")
    make.case(office_id=office.id, origin_country="EC", sex="female")
    sign_in("manager", office_id=office.id, locale="en")
    _html, computing = _page(app, client)
    _html, reading = _page(app, client)
    assert reading < computing - 10
    # Another manager of the same office, then an administrator: each gets figures of their own.
    client.post("/account/sign-out")
    sign_in("manager", office_id=office.id, locale="en")
    html, other = _page(app, client)
    assert other >= computing - 2 and "Recompute now" not in html
    client.post("/account/sign-out")
    sign_in("admin", locale="en")
    html, admin = _page(app, client)
    assert admin >= computing - 2 and "Recompute now" not in html
    # A change of filters is other figures.
    _html, filtered = _page(app, client, "/reports/?year=2026&sex=female")
    assert filtered >= computing - 2


def test_the_freshness_line_in_spanish(app, client, make, sign_in, kept):
    office = make.office("EC", name="Quito")
    sign_in("manager", office_id=office.id, locale="es")
    client.get("/reports/", headers=ES)
    html = client.get("/reports/", headers=ES).get_data(as_text=True)
    assert "Cifras calculadas" in html and "Volver a calcular" in html
