"""A service that refuses rolls the request back: a refused second step never leaves the first
one committed. What must outlive a refused request (the case's access log, a failed password
check) is kept."""

from datetime import date

from sqlalchemy import func, select

from returnsvc.cases import services as case_services
from returnsvc.cases.models import CaseAccess
from returnsvc.casework import services as casework_services
from returnsvc.casework.models import Task
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from tests.cases.helpers import office_with_counsellor
from tests.helpers import audit_actions
from tests.returnees.test_intake import FORM


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_intake_refused_at_opening_the_case_leaves_no_person(app, client, make, sign_in,
                                                              monkeypatch):
    office = make.office("ES")
    sign_in("counsellor", office_id=office.id)
    before = _count(app, Returnee)

    def refuse(*args, **kwargs):
        raise case_services.CaseError("No case today.")

    # The person is registered (first step), then opening the case (second step) refuses.
    monkeypatch.setattr(case_services, "open_case", refuse)
    response = client.post("/returnees/new", data=FORM)
    assert response.status_code == 200
    assert "No case today." in response.get_data(as_text=True)
    assert _count(app, Returnee) == before
    assert "returnee.registered" not in audit_actions(app)


def test_a_refused_form_keeps_the_access_log_line(app, client, make, sign_in, monkeypatch):
    _, me, case = office_with_counsellor(make, sign_in)
    logged = _count(app, CaseAccess, CaseAccess.case_id == case.id)
    real_add_task = casework_services.add_task

    def add_then_refuse(case, data, *, actor):
        real_add_task(case, data, actor=actor)  # the task is written (flushed)...
        raise Refusal("Refused after writing.")  # ...then the service refuses

    monkeypatch.setattr(casework_services, "add_task", add_then_refuse)
    response = client.post(
        f"/cases/{case.id}/tasks",
        data={"title": "Call", "due_date": date.today().isoformat(), "assignee_id": me.id},
    )
    assert response.status_code == 200
    assert "Refused after writing." in response.get_data(as_text=True)
    assert _count(app, Task, Task.case_id == case.id) == 0  # rolled back
    assert _count(app, CaseAccess, CaseAccess.case_id == case.id) == logged + 1  # kept


def test_a_wrong_current_password_is_audited(app, client, sign_in):
    me = sign_in("counsellor")
    response = client.post(
        "/account/password",
        data={
            "current_password": "not the password at all",
            "new_password": "a brand new long passphrase",
            "confirm_password": "a brand new long passphrase",
        },
    )
    assert response.status_code == 200
    assert "auth.password_change_failed" in audit_actions(app, actor_id=me.id)
