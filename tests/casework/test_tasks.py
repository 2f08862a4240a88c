"""Tasks: adding, order and overdue flags, editing with the version, done and reopen, access."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases.models import Case
from returnsvc.casework import services
from returnsvc.casework.models import Task
from returnsvc.core.db import utcnow
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from tests.casework.helpers import (
    add_task,
    close_case,
    load,
    office_with_counsellor,
    other_client,
)
from tests.helpers import audit_actions


def _today():
    return utcnow().date()


def _form(assignee, **changes):
    data = {
        "title": "Call the training centre",
        "due_date": (_today() + timedelta(days=5)).isoformat(),
        "assignee_id": str(assignee),
    }
    data.update(changes)
    return data


def _tasks(app, case_id) -> list[Task]:
    with app.app_context():
        rows = db.session.scalars(
            select(Task).where(Task.case_id == case_id).order_by(Task.id)
        ).all()
        db.session.expunge_all()
        return rows


def test_add_task_through_the_page(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    colleague = make.user("counsellor", office_id=office.id, full_name="Lucía Paz")
    page = client.get(f"/cases/{case.id}/tasks").get_data(as_text=True)
    assert f'<option selected value="{me.id}">' in page  # me by default
    assert "Lucía Paz" in page

    response = client.post(f"/cases/{case.id}/tasks", data=_form(colleague.id))
    assert response.status_code == 302
    [task] = _tasks(app, case.id)
    assert response.headers["Location"].endswith(f"#task-{task.id}")
    assert task.assignee_id == colleague.id and task.created_by_id == me.id
    assert task.due_date == _today() + timedelta(days=5) and not task.is_done
    assert "task.added" in audit_actions(app, actor_id=me.id)


def test_open_tasks_by_due_date_with_overdue_flagged(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    add_task(app, case.id, me.id, title="Later task", due_date=_today() + timedelta(days=20))
    add_task(app, case.id, me.id, title="Late task", due_date=_today() - timedelta(days=3))
    add_task(app, case.id, me.id, title="Today task", due_date=_today())
    done_id = add_task(app, case.id, me.id, title="Finished task")
    with app.test_request_context():
        services.complete_task(db.session.get(Task, done_id), actor=None)
        db.session.commit()
    body = client.get(f"/cases/{case.id}/tasks").get_data(as_text=True)
    positions = [body.index(t) for t in ("Late task", "Today task", "Later task", "Finished task")]
    assert positions == sorted(positions)
    late_row = body[body.index("Late task") : body.index("Today task")]
    assert "Overdue" in late_row
    today_row = body[body.index("Today task") : body.index("Later task")]
    assert "Due today" in today_row and "Overdue" not in today_row
    assert body.count("Overdue") == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Say what is to be done."),
        ({"title": "t" * 301}, "At most 300 characters, please."),
        ({"due_date": ""}, "Enter the due date."),
        ({"due_date": "31/12/2025"}, "Enter a date, for example"),
        ({"due_date": "@past"}, "The due date cannot be in the past."),
        ({"due_date": "2999-01-01"}, "Choose a date before"),
        ({"assignee_id": ""}, "Choose who does it."),
        ({"assignee_id": "@outsider"}, "Not a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(app, client, make, sign_in, changes, message):
    _, me, case = office_with_counsellor(make, sign_in)
    if changes.get("due_date") == "@past":
        changes["due_date"] = (_today() - timedelta(days=2)).isoformat()
    if changes.get("assignee_id") == "@outsider":
        changes["assignee_id"] = str(make.user("counsellor").id)
    response = client.post(f"/cases/{case.id}/tasks", data=_form(me.id, **changes))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert message in body
    assert 'aria-invalid="true"' in body
    assert _tasks(app, case.id) == []


def test_edit_with_the_version(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    colleague = make.user("counsellor", office_id=office.id)
    task_id = add_task(app, case.id, me.id)
    version = load(app, Task, task_id).version
    url = f"/cases/{case.id}/tasks/{task_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert f'name="version" type="hidden" value="{version}"' in page
    new_due = _today() + timedelta(days=30)
    response = client.post(
        url,
        data=_form(
            colleague.id, title="Call again", due_date=new_due.isoformat(), version=str(version)
        ),
    )
    assert response.status_code == 302
    task = load(app, Task, task_id)
    assert (task.title, task.due_date, task.assignee_id) == ("Call again", new_due, colleague.id)
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "task.updated")
        ).one()
        assert entry.changes["title"] == "changed"
        assert entry.changes["assignee_id"] == [me.id, colleague.id]


def test_an_overdue_task_keeps_its_date_when_edited(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    late = _today() - timedelta(days=4)
    task_id = add_task(app, case.id, me.id, due_date=late)
    version = load(app, Task, task_id).version
    url = f"/cases/{case.id}/tasks/{task_id}/edit"
    form = _form(me.id, due_date=late.isoformat(), title="Call the bank", version=str(version))
    assert client.post(url, data=form).status_code == 302
    assert load(app, Task, task_id).title == "Call the bank"
    earlier = (late - timedelta(days=1)).isoformat()
    response = client.post(url, data={**form, "due_date": earlier, "version": str(version + 1)})
    assert response.status_code == 200
    assert "The due date cannot be in the past." in response.get_data(as_text=True)


def test_stale_edit_shows_both_values_and_overwrites_nothing(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    task_id = add_task(app, case.id, me.id, title="Call the bank")
    version = load(app, Task, task_id).version
    with app.test_request_context():
        row = db.session.get(Task, task_id)
        services.update_task(
            row,
            {"title": "Visit the bank", "due_date": row.due_date, "assignee_id": me.id},
            actor=None,
            version=version,
        )
        db.session.commit()
    response = client.post(
        f"/cases/{case.id}/tasks/{task_id}/edit",
        data=_form(me.id, title="Phone the bank", version=str(version)),
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Visit the bank" in body and "Phone the bank" in body
    assert load(app, Task, task_id).title == "Visit the bank"


def test_done_and_reopen(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    task_id = add_task(app, case.id, me.id)
    response = client.post(f"/cases/{case.id}/tasks/{task_id}/done")
    assert response.status_code == 302
    task = load(app, Task, task_id)
    assert task.is_done and task.done_by_id == me.id
    # Twice: someone else was quicker; said, nothing changes.
    again = client.post(f"/cases/{case.id}/tasks/{task_id}/done", follow_redirects=True)
    assert "This task is already done." in again.get_data(as_text=True)
    assert load(app, Task, task_id).done_at == task.done_at

    assert client.post(f"/cases/{case.id}/tasks/{task_id}/reopen").status_code == 302
    reopened = load(app, Task, task_id)
    assert not reopened.is_done and reopened.done_by_id is None
    again = client.post(f"/cases/{case.id}/tasks/{task_id}/reopen", follow_redirects=True)
    assert "This task is not done." in again.get_data(as_text=True)
    actions = audit_actions(app, actor_id=me.id)
    assert actions.count("task.completed") == 1 and actions.count("task.reopened") == 1


def test_service_refuses_bad_assignees_and_dates(app, make, tx):
    office = make.office("ES")
    me = make.user("counsellor", office_id=office.id)
    admin = make.user("admin")
    case = make.case(office_id=office.id, counsellor_id=me.id)
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        for data, field in (
            ({"assignee_id": admin.id}, "assignee_id"),
            ({"due_date": "2030-01-01"}, "due_date"),
            ({"due_date": None}, "due_date"),
            ({"title": "\x00\x01"}, "title"),
        ):
            values = {"title": "Call", "due_date": _today(), "assignee_id": me.id, **data}
            with pytest.raises(Refusal) as error:
                services.add_task(row, values, actor=None)
            assert error.value.field == field
        assert db.session.scalars(select(Task)).all() == []


def test_ids_of_another_case_are_404(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    other = make.case(office_id=case.office_id, counsellor_id=me.id)
    foreign_id = add_task(app, other.id, me.id)
    base = f"/cases/{case.id}/tasks/{foreign_id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/edit", data=_form(me.id, version="1")).status_code == 404
    assert client.post(f"{base}/done").status_code == 404
    assert client.post(f"{base}/reopen").status_code == 404
    assert not load(app, Task, foreign_id).is_done


def test_counsellor_of_another_office_gets_404(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    task_id = add_task(app, case.id, me.id)
    stranger = other_client(app, make.user("counsellor"))
    base = f"/cases/{case.id}/tasks"
    assert stranger.get(base).status_code == 404
    assert stranger.post(base, data=_form(me.id)).status_code == 404
    assert stranger.get(f"{base}/{task_id}/edit").status_code == 404
    assert stranger.post(f"{base}/{task_id}/edit", data=_form(me.id)).status_code == 404
    assert stranger.post(f"{base}/{task_id}/done").status_code == 404
    assert stranger.post(f"{base}/{task_id}/reopen").status_code == 404
    assert len(_tasks(app, case.id)) == 1 and not load(app, Task, task_id).is_done


@pytest.mark.parametrize("role", ["manager", "admin", "returnee"])
def test_other_roles_cannot_change_tasks(app, client, make, sign_in, role):
    office, me, case = office_with_counsellor(make, sign_in)
    task_id = add_task(app, case.id, me.id, title="Call the bank")
    reader = other_client(
        app, make.user(role, office_id=office.id if role == "manager" else None, locale="en")
    )
    page = reader.get(f"/cases/{case.id}/tasks")
    if role == "returnee":
        assert page.status_code == 403
    else:
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "Call the bank" in body
        assert 'name="title"' not in body and "/done" not in body and "/edit" not in body
    base = f"/cases/{case.id}/tasks"
    assert reader.post(base, data=_form(me.id)).status_code == 403
    assert reader.get(f"{base}/{task_id}/edit").status_code == 403
    assert reader.post(f"{base}/{task_id}/done").status_code == 403
    assert len(_tasks(app, case.id)) == 1 and not load(app, Task, task_id).is_done


def test_closed_case_is_409(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    task_id = add_task(app, case.id, me.id)
    close_case(app, case.id)
    page = client.get(f"/cases/{case.id}/tasks").get_data(as_text=True)
    assert 'name="title"' not in page and "/done" not in page
    base = f"/cases/{case.id}/tasks"
    assert client.post(base, data=_form(me.id)).status_code == 409
    assert client.post(f"{base}/{task_id}/done").status_code == 409
    assert client.get(f"{base}/{task_id}/edit").status_code == 409
    assert not load(app, Task, task_id).is_done


def test_tabs_are_in_the_access_log(app, client, make, sign_in):
    from returnsvc.cases.models import CaseAccess

    _, me, case = office_with_counsellor(make, sign_in)
    for tab in ("notes", "appointments", "tasks"):
        client.get(f"/cases/{case.id}/{tab}")
    with app.app_context():
        seen = db.session.scalars(
            select(CaseAccess.what).where(
                CaseAccess.case_id == case.id, CaseAccess.user_id == me.id
            )
        ).all()
    assert sorted(seen) == ["appointments", "notes", "tasks"]
