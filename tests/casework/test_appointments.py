"""Appointments: scheduling, rescheduling with lost-update protection, attendance, access."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases.models import Case
from returnsvc.casework import services
from returnsvc.casework.models import Appointment
from returnsvc.core.conflicts import StaleEdit
from returnsvc.core.db import utcnow
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from tests.casework.helpers import (
    add_appointment,
    close_case,
    load,
    office_with_counsellor,
    other_client,
)
from tests.helpers import audit_actions


def _when(delta: timedelta) -> str:
    """A time from now as the (Spanish) office's counsellor types it: local time."""
    return (utcnow() + delta).astimezone(MADRID).strftime("%Y-%m-%dT%H:%M")


NEXT_YEAR = utcnow().year + 1
MADRID = ZoneInfo("Europe/Madrid")


def _form(counsellor, **changes):
    data = {
        "starts_at": _when(timedelta(days=2)),
        "location": "Office, room 2",
        "purpose": "Review the training options",
        "counsellor_id": str(counsellor),
    }
    data.update(changes)
    return data


def _appointments(app, case_id) -> list[Appointment]:
    with app.app_context():
        rows = db.session.scalars(
            select(Appointment).where(Appointment.case_id == case_id).order_by(Appointment.id)
        ).all()
        db.session.expunge_all()
        return rows


def test_schedule_through_the_page(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    page = client.get(f"/cases/{case.id}/appointments").get_data(as_text=True)
    assert f'<option selected value="{me.id}">' in page  # the case's counsellor by default
    assert 'type="datetime-local"' in page

    response = client.post(
        f"/cases/{case.id}/appointments",
        data=_form(me.id, starts_at=f"{NEXT_YEAR}-01-05T09:30", location="  Cuenca   office "),
    )
    assert response.status_code == 302
    [appointment] = _appointments(app, case.id)
    assert response.headers["Location"].endswith(f"#appointment-{appointment.id}")
    # Typed in the office's local time (Madrid, UTC+1 in January), stored as the instant.
    assert appointment.starts_at == datetime(NEXT_YEAR, 1, 5, 8, 30, tzinfo=UTC)
    assert appointment.location == "Cuenca office"
    assert appointment.counsellor_id == me.id and appointment.attended is None
    assert "appointment.scheduled" in audit_actions(app, actor_id=me.id)

    body = client.get(f"/cases/{case.id}/appointments").get_data(as_text=True)
    assert "Review the training options" in body and f"1/5/{NEXT_YEAR % 100}" in body


def test_default_counsellor_is_me_when_the_case_has_none(app, client, make, sign_in):
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id, locale="en")
    case = make.case(office_id=office.id)
    page = client.get(f"/cases/{case.id}/appointments").get_data(as_text=True)
    assert f'<option selected value="{me.id}">' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": ""}, "Enter the date and time of the appointment."),
        ({"starts_at": "next week"}, "Enter a date and time, for example"),
        ({"starts_at": "@past"}, "Choose a date and time in the future."),
        ({"starts_at": "2999-01-01T10:00"}, "Choose a date before"),
        ({"location": ""}, "Say where it takes place."),
        ({"purpose": " \t "}, "Say what the appointment is for."),
        ({"purpose": "p" * 301}, "At most 300 characters, please."),
        ({"counsellor_id": ""}, "Choose a counsellor."),
        ({"counsellor_id": "@outsider"}, "Not a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(app, client, make, sign_in, changes, message):
    _, me, case = office_with_counsellor(make, sign_in)
    if changes.get("starts_at") == "@past":
        changes["starts_at"] = _when(-timedelta(hours=1))
    if changes.get("counsellor_id") == "@outsider":
        changes["counsellor_id"] = str(make.user("counsellor").id)
    response = client.post(f"/cases/{case.id}/appointments", data=_form(me.id, **changes))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert message in body
    assert 'aria-invalid="true"' in body
    assert _appointments(app, case.id) == []


def test_service_refuses_counsellors_outside_the_office_or_inactive(app, make, tx):
    office = make.office("ES")
    me = make.user("counsellor", office_id=office.id)
    inactive = make.user("counsellor", office_id=office.id, is_active=False)
    manager = make.user("manager", office_id=office.id)
    outsider = make.user("counsellor")
    case = make.case(office_id=office.id, counsellor_id=me.id)
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        for counsellor_id in (inactive.id, manager.id, outsider.id, None, "x"):
            with pytest.raises(Refusal) as error:
                services.schedule_appointment(
                    row,
                    {
                        "starts_at": utcnow() + timedelta(days=1),
                        "location": "Office",
                        "purpose": "Plan",
                        "counsellor_id": counsellor_id,
                    },
                    actor=None,
                )
            assert error.value.field == "counsellor_id"
        assert db.session.scalars(select(Appointment)).all() == []


def test_reschedule_with_the_version(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    colleague = make.user("counsellor", office_id=office.id, full_name="Lucía Paz")
    appointment_id = add_appointment(app, case.id, me.id)
    before = load(app, Appointment, appointment_id)
    url = f"/cases/{case.id}/appointments/{appointment_id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert f'name="version" type="hidden" value="{before.version}"' in page
    assert "Office, room 2" in page

    response = client.post(
        url,
        data=_form(
            colleague.id,
            starts_at=f"{NEXT_YEAR}-03-01T16:00",
            location="Video call",
            version=str(before.version),
        ),
    )
    assert response.status_code == 302
    after = load(app, Appointment, appointment_id)
    assert after.starts_at == datetime(NEXT_YEAR, 3, 1, 15, 0, tzinfo=UTC)  # 16:00 in Madrid
    assert after.location == "Video call" and after.counsellor_id == colleague.id
    assert after.version == before.version + 1
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "appointment.updated")
        ).one()
        assert entry.changes["location"] == "changed"  # free text stays out of the audit
        assert entry.changes["counsellor_id"] == [me.id, colleague.id]


def test_stale_reschedule_shows_both_values_and_overwrites_nothing(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    appointment_id = add_appointment(app, case.id, me.id, location="Room 2")
    version = load(app, Appointment, appointment_id).version
    with app.test_request_context():  # someone else saves first
        row = db.session.get(Appointment, appointment_id)
        services.update_appointment(
            row,
            {
                "starts_at": row.starts_at,
                "location": "Room 7",
                "purpose": row.purpose,
                "counsellor_id": me.id,
            },
            actor=None,
            version=version,
        )
        db.session.commit()
    response = client.post(
        f"/cases/{case.id}/appointments/{appointment_id}/edit",
        data=_form(me.id, location="Cafeteria", version=str(version)),
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Room 7" in body and "Cafeteria" in body
    assert load(app, Appointment, appointment_id).location == "Room 7"


def test_edit_form_without_a_version_is_a_conflict(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    appointment_id = add_appointment(app, case.id, me.id, location="Room 2")
    response = client.post(
        f"/cases/{case.id}/appointments/{appointment_id}/edit", data=_form(me.id, location="X")
    )
    assert response.status_code == 409
    assert load(app, Appointment, appointment_id).location == "Room 2"


def test_a_past_appointment_can_be_corrected_but_not_moved_into_the_past(
    app, client, make, sign_in
):
    _, me, case = office_with_counsellor(make, sign_in)
    past = (utcnow() - timedelta(days=2)).replace(second=0, microsecond=0)
    appointment_id = add_appointment(app, case.id, me.id, starts_at=past)
    version = load(app, Appointment, appointment_id).version
    url = f"/cases/{case.id}/appointments/{appointment_id}/edit"
    typed = past.astimezone(MADRID).strftime("%Y-%m-%dT%H:%M")
    form = _form(me.id, starts_at=typed, version=str(version))
    # Same time, new place: fine.
    assert client.post(url, data={**form, "location": "Room 9"}).status_code == 302
    assert load(app, Appointment, appointment_id).location == "Room 9"
    # Another past time: refused.
    response = client.post(
        url, data={**form, "version": str(version + 1), "starts_at": _when(-timedelta(days=1))}
    )
    assert response.status_code == 200
    assert "Choose a date and time in the future." in response.get_data(as_text=True)


def test_attendance_only_after_the_time(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    future_id = add_appointment(app, case.id, me.id)
    past_id = add_appointment(app, case.id, me.id, starts_at=utcnow() - timedelta(hours=2))

    page = client.get(f"/cases/{case.id}/appointments").get_data(as_text=True)
    assert f"/appointments/{past_id}/attendance" in page
    assert f"/appointments/{future_id}/attendance" not in page

    future = load(app, Appointment, future_id)
    response = client.post(
        f"/cases/{case.id}/appointments/{future_id}/attendance",
        data={"attended": "True", "version": str(future.version)},
        follow_redirects=True,
    )
    assert "Attendance can be recorded once the appointment has taken place." in response.get_data(
        as_text=True
    )
    assert load(app, Appointment, future_id).attended is None

    past = load(app, Appointment, past_id)
    response = client.post(
        f"/cases/{case.id}/appointments/{past_id}/attendance",
        data={"attended": "False", "version": str(past.version)},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#appointment-{past_id}")
    recorded = load(app, Appointment, past_id)
    assert recorded.attended is False
    assert "appointment.attendance_recorded" in audit_actions(app, actor_id=me.id)
    body = client.get(f"/cases/{case.id}/appointments").get_data(as_text=True)
    assert "Missed" in body and "Correct: attended" in body

    # A stale button (the page before the recording) is a conflict, not an overwrite.
    response = client.post(
        f"/cases/{case.id}/appointments/{past_id}/attendance",
        data={"attended": "True", "version": str(past.version)},
    )
    assert response.status_code == 409
    assert load(app, Appointment, past_id).attended is False


def test_attendance_recorded_fixes_the_time(app, make, tx):
    office = make.office("ES")
    me = make.user("counsellor", office_id=office.id)
    case = make.case(office_id=office.id, counsellor_id=me.id)
    appointment_id = add_appointment(app, case.id, me.id, starts_at=utcnow() - timedelta(hours=1))
    with app.test_request_context():
        row = db.session.get(Appointment, appointment_id)
        services.record_attendance(row, True, actor=None, version=row.version)
        with pytest.raises(Refusal) as error:
            services.update_appointment(
                row,
                {
                    "starts_at": utcnow() + timedelta(days=1),
                    "location": row.location,
                    "purpose": row.purpose,
                    "counsellor_id": me.id,
                },
                actor=None,
                version=row.version,
            )
        assert error.value.field == "starts_at"
        with pytest.raises(StaleEdit):
            services.record_attendance(row, False, actor=None, version=row.version - 1)
        assert row.attended is True


def test_empty_attendance_form_is_refused_with_a_message(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    past_id = add_appointment(app, case.id, me.id, starts_at=utcnow() - timedelta(hours=2))
    response = client.post(
        f"/cases/{case.id}/appointments/{past_id}/attendance",
        data={"attended": "maybe", "version": "1"},
        follow_redirects=True,
    )
    assert "Choose attended or missed." in response.get_data(as_text=True)
    assert load(app, Appointment, past_id).attended is None


def test_ids_of_another_case_are_404(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    other = make.case(office_id=case.office_id, counsellor_id=me.id)
    foreign_id = add_appointment(app, other.id, me.id, starts_at=utcnow() - timedelta(hours=1))
    base = f"/cases/{case.id}/appointments/{foreign_id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/edit", data=_form(me.id, version="1")).status_code == 404
    assert client.post(f"{base}/attendance", data={"attended": "True"}).status_code == 404
    assert client.get(f"/cases/{case.id}/appointments/999999/edit").status_code == 404
    assert load(app, Appointment, foreign_id).attended is None


def test_counsellor_of_another_office_gets_404(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    appointment_id = add_appointment(app, case.id, me.id, starts_at=utcnow() - timedelta(hours=1))
    stranger = other_client(app, make.user("counsellor"))
    base = f"/cases/{case.id}/appointments"
    assert stranger.get(base).status_code == 404
    assert stranger.post(base, data=_form(me.id)).status_code == 404
    assert stranger.get(f"{base}/{appointment_id}/edit").status_code == 404
    assert stranger.post(f"{base}/{appointment_id}/edit", data=_form(me.id)).status_code == 404
    assert (
        stranger.post(f"{base}/{appointment_id}/attendance", data={"attended": "True"}).status_code
        == 404
    )
    assert len(_appointments(app, case.id)) == 1
    assert load(app, Appointment, appointment_id).attended is None


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_read_only_roles_see_but_cannot_change(app, client, make, sign_in, role):
    office, me, case = office_with_counsellor(make, sign_in)
    appointment_id = add_appointment(app, case.id, me.id, starts_at=utcnow() - timedelta(hours=1))
    reader = other_client(
        app, make.user(role, office_id=office.id if role == "manager" else None, locale="en")
    )
    page = reader.get(f"/cases/{case.id}/appointments")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Review the plan" in body
    assert 'name="starts_at"' not in body and "/attendance" not in body and "/edit" not in body
    base = f"/cases/{case.id}/appointments"
    assert reader.post(base, data=_form(me.id)).status_code == 403
    assert reader.get(f"{base}/{appointment_id}/edit").status_code == 403
    assert (
        reader.post(f"{base}/{appointment_id}/attendance", data={"attended": "True"}).status_code
        == 403
    )
    assert len(_appointments(app, case.id)) == 1


def test_closed_case_is_409(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    appointment_id = add_appointment(app, case.id, me.id, starts_at=utcnow() - timedelta(hours=1))
    close_case(app, case.id)
    page = client.get(f"/cases/{case.id}/appointments").get_data(as_text=True)
    assert 'name="starts_at"' not in page and "/attendance" not in page
    base = f"/cases/{case.id}/appointments"
    assert client.post(base, data=_form(me.id)).status_code == 409
    assert client.get(f"{base}/{appointment_id}/edit").status_code == 409
    assert (
        client.post(f"{base}/{appointment_id}/attendance", data={"attended": "True"}).status_code
        == 409
    )
    assert len(_appointments(app, case.id)) == 1
