"""Local time per office: people type and read the local time of their office (or their own
zone), instants are stored in UTC, and "today" and "overdue" are the viewer's local day."""

from datetime import UTC, date, datetime, timedelta

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.casework import services
from returnsvc.casework.models import Appointment
from returnsvc.core import clock
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.home.dashboard import counsellor_dashboard
from tests.casework.helpers import load, office_with_counsellor

NEXT_YEAR = utcnow().year + 1


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _schedule(client, case, counsellor_id, starts_at: str):
    return client.post(
        f"/cases/{case.id}/appointments",
        data={
            "starts_at": starts_at,
            "location": "Office",
            "purpose": "Review the plan",
            "counsellor_id": str(counsellor_id),
        },
    )


def _only_appointment(app, case_id) -> Appointment:
    with app.app_context():
        [appointment] = db.session.scalars(
            db.select(Appointment).where(Appointment.case_id == case_id)
        ).all()
        db.session.expunge(appointment)
        return appointment


def test_a_counsellor_in_quito_types_and_reads_local_time(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in, country="EC")
    response = _schedule(client, case, me.id, f"{NEXT_YEAR}-01-05T09:00")
    assert response.status_code == 302
    appointment = _only_appointment(app, case.id)
    assert appointment.starts_at == datetime(NEXT_YEAR, 1, 5, 14, 0, tzinfo=UTC)

    # Shown back as 09:00: in the list, on the summary and in the edit form.
    listing = client.get(f"/cases/{case.id}/appointments").get_data(as_text=True)
    assert "9:00\u202fAM" in listing or "9:00 AM" in listing
    assert "2:00" not in listing
    summary = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "9:00\u202fAM" in summary or "9:00 AM" in summary
    edit = client.get(f"/cases/{case.id}/appointments/{appointment.id}/edit")
    assert f'value="{NEXT_YEAR}-01-05T09:00"' in edit.get_data(as_text=True)


def test_madrid_across_the_daylight_saving_changes(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in, country="ES")
    spring, autumn = _last_sunday(NEXT_YEAR, 3), _last_sunday(NEXT_YEAR, 10)

    # 02:30 does not exist on the spring night: a clear error next to the field, nothing saved.
    response = _schedule(client, case, me.id, f"{spring}T02:30")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This time does not exist in Europe/Madrid" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Appointment)) == 0

    # 02:30 happens twice on the autumn night: the first one (still summer time, UTC+2).
    assert _schedule(client, case, me.id, f"{autumn}T02:30").status_code == 302
    appointment = _only_appointment(app, case.id)
    assert appointment.starts_at == datetime.combine(autumn, datetime.min.time(), UTC).replace(
        minute=30
    )
    edit = client.get(f"/cases/{case.id}/appointments/{appointment.id}/edit")
    assert f'value="{autumn}T02:30"' in edit.get_data(as_text=True)

    # The services read naive times the same way, in the actor's zone.
    with app.test_request_context():
        actor = db.session.get(User, me.id)
        try:
            services.schedule_appointment(
                db.session.get(Case, case.id),
                {
                    "starts_at": datetime.combine(spring, datetime.min.time()).replace(hour=2),
                    "location": "Office",
                    "purpose": "Again",
                    "counsellor_id": me.id,
                },
                actor=actor,
            )
        except services.CaseworkError as error:
            assert error.field == "starts_at" and "no existe en Europe/Madrid" in str(error.message)
        else:
            raise AssertionError("a nonexistent local time was accepted")


def test_due_today_is_not_overdue_at_2330_in_lima(app, client, make, sign_in, monkeypatch):
    # 23:30 on 12 June in Lima is already 13 June in UTC.
    late_evening = datetime(2030, 6, 13, 4, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "utcnow", lambda: late_evening)
    _, me, case = office_with_counsellor(make, sign_in, country="PE")
    with app.test_request_context():
        actor = db.session.get(User, me.id)
        # Not refused as "in the past": it is today in Lima.
        services.add_task(
            db.session.get(Case, case.id),
            {"title": "Call the centre", "due_date": date(2030, 6, 12), "assignee_id": me.id},
            actor=actor,
        )
        db.session.commit()
        dashboard = counsellor_dashboard(actor, now=late_evening)
    assert dashboard["today"] == date(2030, 6, 12)
    assert dashboard["overdue_tasks"] == []
    assert [t["title"] for t in dashboard["due_soon_tasks"]] == ["Call the centre"]

    tasks = client.get(f"/cases/{case.id}/tasks").get_data(as_text=True)
    assert "Due today" in tasks and "Overdue" not in tasks
    summary = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "1 overdue" not in summary
    home = client.get("/home").get_data(as_text=True)
    assert "You have no overdue tasks." in home

    # An hour later in Lima it is the 13th there too: now it is overdue everywhere.
    monkeypatch.setattr(clock, "utcnow", lambda: late_evening + timedelta(hours=1))
    tasks = client.get(f"/cases/{case.id}/tasks").get_data(as_text=True)
    assert "Overdue" in tasks
    assert "1 overdue" in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_my_own_zone_beats_my_offices(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in, country="ES")
    page = client.get("/account/time-zone").get_data(as_text=True)
    assert "Europe/Madrid" in page  # the office's, offered as the empty choice
    assert (
        client.post("/account/time-zone", data={"time_zone": "America/Guayaquil"}).status_code
        == 302
    )
    assert make.load_user(me.id).time_zone == "America/Guayaquil"

    assert _schedule(client, case, me.id, f"{NEXT_YEAR}-01-05T09:00").status_code == 302
    appointment = _only_appointment(app, case.id)
    assert appointment.starts_at == datetime(NEXT_YEAR, 1, 5, 14, 0, tzinfo=UTC)  # Quito's 09:00

    # Back to the office's zone: the same instant reads as 15:00 in Madrid.
    assert client.post("/account/time-zone", data={"time_zone": ""}).status_code == 302
    assert make.load_user(me.id).time_zone is None
    edit = client.get(f"/cases/{case.id}/appointments/{appointment.id}/edit")
    assert f'value="{NEXT_YEAR}-01-05T15:00"' in edit.get_data(as_text=True)

    # An unknown zone is refused with a clear message.
    response = client.post("/account/time-zone", data={"time_zone": "Mars/Olympus"})
    assert response.status_code == 200
    assert "This is not a time zone we know." in response.get_data(as_text=True)
    assert load(app, User, me.id).time_zone is None
