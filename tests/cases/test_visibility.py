"""Who sees which case: cross-office IDOR, managers by country, admins, returnees."""

import pytest
from sqlalchemy import func, select

from returnsvc.cases.models import CaseAccess
from returnsvc.extensions import db
from tests.cases.helpers import office_with_counsellor, other_client

CASE_PAGES = ("", "/person", "/access-log")


def test_counsellor_of_another_office_gets_404_everywhere(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    outsider = make.user("counsellor")  # another Spanish office
    stranger = other_client(app, outsider)
    for suffix in (
        "", "/person", "/person/edit", "/person/export.json", "/person/record", "/timeline",
        "/timeline?before=2026-01-01T00:00:00%2B00:00~case.stage~1", "/stage", "/assignment",
    ):  # fmt: skip
        assert stranger.get(f"/cases/{case.id}{suffix}").status_code == 404, suffix
    for suffix, data in (
        ("/stage", {"stage": "assessed"}),
        ("/assign", {}),
        ("/transfer", {}),
        ("/person/consents/sharing/withdraw", {}),
    ):
        assert stranger.post(f"/cases/{case.id}{suffix}", data=data).status_code == 404, suffix
    assert case.reference not in stranger.get("/cases/?stage=all").get_data(as_text=True)


@pytest.mark.parametrize(("country", "visible"), [("ES", True), ("EC", False)])
def test_managers_see_their_country_read_only(app, client, make, sign_in, country, visible):
    _, _, case = office_with_counsellor(make, sign_in)
    manager = make.user("manager", office_id=make.office(country).id)
    browser = other_client(app, manager)
    expected = 200 if visible else 404
    assert browser.get(f"/cases/{case.id}").status_code == expected
    assert (case.reference in browser.get("/cases/").get_data(as_text=True)) is visible
    if visible:
        assert browser.get(f"/cases/{case.id}/access-log").status_code == 200
        assert (
            browser.post(f"/cases/{case.id}/stage", data={"stage": "assessed"}).status_code == 403
        )


def test_admin_reads_everything_but_does_not_write(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    admin = other_client(app, make.user("admin"))
    assert admin.get(f"/cases/{case.id}").status_code == 200
    assert admin.post(f"/cases/{case.id}/stage", data={"stage": "assessed"}).status_code == 403


def test_returnees_see_no_cases(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    returnee = other_client(app, make.user("returnee"))
    assert returnee.get("/cases/").status_code == 403
    assert returnee.get(f"/cases/{case.id}").status_code == 403


def test_every_view_is_in_the_access_log(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    client.get(f"/cases/{case.id}")
    client.get(f"/cases/{case.id}/person")
    manager = make.user("manager", office_id=case.office_id, full_name="Javier Morales")
    page = other_client(app, manager).get(f"/cases/{case.id}/access-log")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert body.count("<code>summary</code>") == 1 and "<code>person</code>" in body
    assert "Javier Morales" in body  # the manager's own view is logged too
    # Counsellors do not see the access log.
    assert client.get(f"/cases/{case.id}/access-log").status_code == 403


def test_a_case_one_may_not_see_leaves_no_line_in_its_access_log(app, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    stranger = make.user("counsellor")  # of another office
    assert other_client(app, stranger).get(f"/cases/{case.id}").status_code == 404
    with app.app_context():
        mine = CaseAccess.case_id == case.id, CaseAccess.user_id == stranger.id
        lines = db.session.scalar(select(func.count()).where(*mine))
    assert lines == 0
