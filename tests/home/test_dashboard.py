"""The counsellor's home dashboard: what is in each block, what is not, and statements."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import render_template_string

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, Stage
from returnsvc.cases.services import change_stage
from returnsvc.casework import services
from returnsvc.casework.models import Appointment, CaseNote, Task
from returnsvc.extensions import db
from returnsvc.home.dashboard import counsellor_dashboard
from tests.casework.helpers import (
    add_appointment,
    add_note,
    add_task,
    close_case,
    count_statements,
    set_columns,
)
from tests.factories import Factory

# A Wednesday: the week runs from Monday 10 to Sunday 16 June 2030.
NOW = datetime(2030, 6, 12, 10, 0, tzinfo=UTC)
MADRID = ZoneInfo("Europe/Madrid")
TODAY = NOW.date()


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    """A local time of the (Spanish) offices of these tests: the week is the viewer's."""
    return datetime(2030, 6, day, hour, minute, tzinfo=MADRID)


def _move(app, case_id, stage) -> None:
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        if stage is Stage.ASSESSED:  # assessment needs a complete skills profile
            Factory(app).complete_profile(case.returnee_id)
        change_stage(case, stage, version=case.version, actor=case.counsellor)
        db.session.commit()


def _dashboard(app, user_id) -> dict:
    with app.test_request_context():
        return counsellor_dashboard(db.session.get(User, user_id), now=NOW)


def _task(app, case_id, assignee_id, title, due: date, done=False) -> int:
    task_id = add_task(app, case_id, assignee_id, title=title)
    set_columns(app, Task, task_id, due_date=due, done_at=NOW if done else None)
    return task_id


def _appointment(app, case_id, counsellor_id, purpose, starts_at: datetime) -> int:
    appointment_id = add_appointment(app, case_id, counsellor_id, purpose=purpose)
    set_columns(app, Appointment, appointment_id, starts_at=starts_at)
    return appointment_id


def _note(app, case_id, author_id, body, occurred_at, **data) -> int:
    note_id = add_note(app, case_id, author_id, body=body, **data)
    set_columns(app, CaseNote, note_id, occurred_at=occurred_at)
    return note_id


def _world(app, make):
    office = make.office("ES")
    me = make.user("counsellor", office_id=office.id, full_name="Ana Ruiz")
    colleague = make.user("counsellor", office_id=office.id, full_name="Luis Soto")
    mine = make.case(office_id=office.id, counsellor_id=me.id, given_names="Rosa")
    assessed = make.case(office_id=office.id, counsellor_id=me.id, given_names="Marta")
    _move(app, assessed.id, Stage.ASSESSED)
    theirs = make.case(office_id=office.id, counsellor_id=colleague.id, given_names="Julia")
    closed = make.case(office_id=office.id, counsellor_id=me.id, given_names="Carmen")
    return office, me, colleague, mine, assessed, theirs, closed


def test_caseload_by_stage_mine_and_the_office(app, make, tx):
    _, me, _, _, _, _, closed = _world(app, make)
    close_case(app, closed.id)
    make.case(counsellor_id=None)  # another office: not counted
    dashboard = _dashboard(app, me.id)
    rows = {row["stage"]: (row["mine"], row["office"]) for row in dashboard["caseload"]}
    assert [row["stage"] for row in dashboard["caseload"]] == [
        Stage.REGISTERED,
        Stage.REOPENED,
        Stage.ASSESSED,
        Stage.PLAN_AGREED,
        Stage.IN_SUPPORT,
        Stage.FOLLOW_UP,
    ]
    assert rows[Stage.REGISTERED] == (1, 2)
    assert rows[Stage.ASSESSED] == (1, 1)
    assert rows[Stage.IN_SUPPORT] == (0, 0)
    assert dashboard["caseload_total"] == {"mine": 2, "office": 3}


def test_overdue_and_due_within_seven_days(app, make, tx):
    _, me, colleague, mine, assessed, theirs, closed = _world(app, make)
    _task(app, mine.id, me.id, "Late call", TODAY - timedelta(days=2))
    _task(app, assessed.id, me.id, "Very late letter", TODAY - timedelta(days=9))
    _task(app, mine.id, me.id, "Today's visit", TODAY)
    _task(app, mine.id, me.id, "Next week's form", TODAY + timedelta(days=7))
    _task(app, mine.id, me.id, "Far away", TODAY + timedelta(days=8))
    _task(app, mine.id, me.id, "Done already", TODAY - timedelta(days=1), done=True)
    _task(app, theirs.id, colleague.id, "Colleague's task", TODAY - timedelta(days=1))
    # My task on a colleague's case counts; a closed case's tasks do not.
    _task(app, theirs.id, me.id, "Helping out", TODAY + timedelta(days=1))
    _task(app, closed.id, me.id, "On a closed case", TODAY - timedelta(days=1))
    close_case(app, closed.id)

    dashboard = _dashboard(app, me.id)
    assert [t["title"] for t in dashboard["overdue_tasks"]] == ["Very late letter", "Late call"]
    assert [t["title"] for t in dashboard["due_soon_tasks"]] == [
        "Today's visit",
        "Helping out",
        "Next week's form",
    ]
    late = dashboard["overdue_tasks"][1]
    assert late["case_id"] == mine.id and late["reference"] == mine.reference
    assert late["person"].startswith("Rosa ")
    assert not dashboard["overdue_more"] and not dashboard["due_soon_more"]


def test_lists_are_bounded(app, make, tx, monkeypatch):
    from returnsvc.home import work_lists as module

    _, me, _, mine, _, _, _ = _world(app, make)
    monkeypatch.setattr(module, "TASKS_SHOWN", 2)
    for n in range(3):
        _task(app, mine.id, me.id, f"Late {n}", TODAY - timedelta(days=n + 1))
    dashboard = _dashboard(app, me.id)
    assert len(dashboard["overdue_tasks"]) == 2 and dashboard["overdue_more"]


def test_appointments_of_this_week_monday_to_sunday(app, make, tx):
    _, me, colleague, mine, assessed, theirs, _ = _world(app, make)
    _appointment(app, mine.id, me.id, "Monday early", _at(10, 0, 30))
    _appointment(app, assessed.id, me.id, "Sunday late", _at(16, 23, 30))
    _appointment(app, mine.id, me.id, "Last Sunday", _at(9, 23, 30))
    _appointment(app, mine.id, me.id, "Next Monday", _at(17, 0, 0))
    _appointment(app, theirs.id, colleague.id, "Colleague's", _at(12, 15))
    # I stand in for my colleague: it is my appointment.
    _appointment(app, theirs.id, me.id, "Standing in", _at(13, 9))

    dashboard = _dashboard(app, me.id)
    assert dashboard["week_start"] == date(2030, 6, 10)
    assert dashboard["week_end"] == date(2030, 6, 16)
    assert [a["purpose"] for a in dashboard["week_appointments"]] == [
        "Monday early",
        "Standing in",
        "Sunday late",
    ]
    assert dashboard["week_appointments"][1]["person"].startswith("Julia ")


def test_recent_activity_on_my_cases_without_confidential_text(app, make, tx):
    _, me, colleague, mine, assessed, theirs, closed = _world(app, make)
    _note(app, mine.id, me.id, "Talked about the course", NOW)
    _note(
        app,
        assessed.id,
        me.id,
        "Secret psychosocial matter",
        NOW - timedelta(hours=1),
        is_confidential=True,
    )
    _note(app, theirs.id, colleague.id, "Not my case", NOW)

    activity = _dashboard(app, me.id)["recent_activity"]
    texts = [str(event["title"]) + " " + event["detail"] for event in activity]
    assert any("Talked about the course" in text for text in texts)
    assert not any("Not my case" in text for text in texts)
    assert not any("Secret" in text for text in texts)
    confidential = [e for e in activity if str(e["title"]).startswith("Confidential note")]
    assert len(confidential) == 1 and confidential[0]["detail"] == ""
    stages = [e for e in activity if e["kind"] == "stage"]
    # Opened (three of mine) and assessed; the colleague's case is not there.
    assert {e["case_id"] for e in stages} == {mine.id, assessed.id, closed.id}
    assert [e["at"] for e in activity] == sorted((e["at"] for e in activity), reverse=True)
    assert len(activity) <= 10


def test_the_partial_renders_every_block(app, make, tx):
    _, me, _, mine, _, _, _ = _world(app, make)
    _task(app, mine.id, me.id, "Late call", TODAY - timedelta(days=2))
    _task(app, mine.id, me.id, "Today's visit", TODAY)
    _appointment(app, mine.id, me.id, "Review the plan", _at(11, 9))
    _note(app, mine.id, me.id, "Talked about the course", NOW)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        dashboard = counsellor_dashboard(db.session.get(User, me.id), now=NOW)
        html = render_template_string(
            '{% include "home/_counsellor_dashboard.html" %}', dashboard=dashboard
        )
    for text in ("Late call", "Overdue", "Today's visit", "Review the plan", "Talked about the"):
        assert text in html.replace("&#39;", "'"), text
    assert f"/cases/{mine.id}/tasks#task-" in html
    assert f"/cases/{mine.id}/appointments#appointment-" in html
    assert "Monday, June 10, 2030" in html


def test_the_partial_renders_when_empty(app, make, tx):
    office = make.office("ES")
    me = make.user("counsellor", office_id=office.id)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        dashboard = counsellor_dashboard(db.session.get(User, me.id), now=NOW)
        html = render_template_string(
            '{% include "home/_counsellor_dashboard.html" %}', dashboard=dashboard
        )
    assert "You have no overdue tasks." in html
    assert "You have no appointments this week." in html


def test_statements_do_not_grow_with_rows(app, make, tx):
    _, me, _, mine, assessed, theirs, _ = _world(app, make)
    with app.test_request_context():
        user = db.session.get(User, me.id)
        counsellor_dashboard(user, now=NOW)  # warm-up
        with count_statements(app) as few:
            counsellor_dashboard(user, now=NOW)
    for n, case_id in enumerate([mine.id, assessed.id, theirs.id] * 4):
        _task(app, case_id, me.id, f"Late {n}", TODAY - timedelta(days=n + 1))
        _task(app, case_id, me.id, f"Soon {n}", TODAY + timedelta(days=n % 7))
        _appointment(app, case_id, me.id, f"Meeting {n}", _at(10 + n % 7, 9 + n % 8))
        add_note(app, case_id, me.id, body=f"Note {n}", is_confidential=n % 2 == 0)
    with app.test_request_context():
        user = db.session.get(User, me.id)
        with count_statements(app) as many:
            dashboard = counsellor_dashboard(user, now=NOW)
    assert len(dashboard["overdue_tasks"]) == 12 and len(dashboard["week_appointments"]) == 12
    # 7, the business visits due (#15) and the unread messages from people (#17)
    assert 0 < len(many) == len(few) <= 9, many


def test_services_only_flush(app, make, tx):
    """Nothing is committed by a service: a rollback leaves no trace."""
    office = make.office("ES")
    me = make.user("counsellor", office_id=office.id)
    case = make.case(office_id=office.id, counsellor_id=me.id)
    with app.test_request_context():
        services.add_note(
            db.session.get(Case, case.id),
            {"kind": "phone", "body": "Called"},
            actor=db.session.get(User, me.id),
        )
        db.session.rollback()
    assert _dashboard(app, me.id)["recent_activity"][0]["kind"] == "stage"
