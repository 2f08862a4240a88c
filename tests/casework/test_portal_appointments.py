"""The person's appointments in their portal (#17, /my/appointments and the home's card): their
own, never another person's, with the day and time in the zone of the office that holds the
case; the past ones briefly; markup stays text; nothing before a case."""

from datetime import UTC, datetime, timedelta

from returnsvc.casework.models import Appointment
from returnsvc.core.db import utcnow
from tests.casework.helpers import add_appointment, add_note, count_statements, set_columns

MARKUP = '<meta http-equiv="refresh" content="0;url=https://evil.example/">"><img src=x>'
LIVE = ("<meta http-equiv", "<img src=x>")
EN = {"Accept-Language": "en"}


def _portal(app, account):
    client = app.test_client()
    response = client.post(
        "/account/sign-in", data={"email": account.email, "password": account.password}
    )
    assert response.status_code == 302
    return client


def _html(client, url="/my/appointments", **headers) -> str:
    response = client.get(url, headers=headers or EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _world(app, make, country="ES", locale="en"):
    office = make.office(country)
    counsellor = make.user("counsellor", office_id=office.id, full_name="Lucía Fernández")
    rosa = make.case(office_id=office.id, counsellor_id=counsellor.id, given_names="Rosa")
    other = make.case(office_id=office.id, counsellor_id=counsellor.id, given_names="Zacarías")
    client = _portal(app, make.portal_account(rosa.returnee_id, locale=locale))
    return client, counsellor, rosa, other


def test_the_person_sees_their_own_appointments_never_another(app, make):
    client, counsellor, rosa, other = _world(app, make)
    add_appointment(app, rosa.id, counsellor.id, purpose="Review the plan", location="Room 2")
    add_appointment(app, other.id, counsellor.id, purpose="Zacarías's review", location="Room 9")
    add_note(app, rosa.id, counsellor.id, body="Confidential matter", is_confidential=True)
    html = _html(client)
    assert "Where: Room 2" in html and "With: Lucía Fernández" in html
    assert "What for: Review the plan" in html
    assert "Zacarías" not in html and "Room 9" not in html and other.reference not in html
    assert "Confidential matter" not in html
    home = _html(client, "/my")
    assert "My next appointment" in home and "Where: Room 2" in home
    assert "Zacarías" not in home and "Room 9" not in home


def test_day_and_time_are_the_offices(app, make):
    """15:00 UTC is 10:00 in Guayaquil (UTC−5) and 17:00 (5 PM) in Madrid in summer (UTC+2)."""
    client, counsellor, rosa, _ = _world(app, make, country="EC")
    add_appointment(app, rosa.id, counsellor.id, starts_at=datetime(2031, 1, 15, 15, tzinfo=UTC))
    html = _html(client)
    assert "Wednesday, January 15, 2031, 10:00\u202fAM" in html and "UTC−05:00" in html
    madrid, counsellor, case, _ = _world(app, make, country="ES")
    add_appointment(app, case.id, counsellor.id, starts_at=datetime(2031, 7, 15, 15, tzinfo=UTC))
    assert "Tuesday, July 15, 2031, 5:00\u202fPM" in _html(madrid)


def test_past_ones_briefly_and_cancelled_ones_marked(app, make):
    client, counsellor, rosa, _ = _world(app, make)
    add_appointment(
        app,
        rosa.id,
        counsellor.id,
        purpose="First interview",
        starts_at=utcnow() - timedelta(days=30),
    )
    cancelled = add_appointment(app, rosa.id, counsellor.id, purpose="Cancelled meeting")
    set_columns(app, Appointment, cancelled, cancelled_at=utcnow())
    html = _html(client)
    past = html.split('id="my-past"', 1)[1]
    assert "First interview" in past and "Where:" not in past
    upcoming = html.split('id="my-upcoming"', 1)[1].split('id="my-past"', 1)[0]
    assert "Cancelled meeting" in upcoming and "This appointment will not take place." in upcoming
    # The card shows the next one that takes place: none here.
    assert "You have no appointment yet." in _html(client, "/my")


def test_no_appointment_yet_and_no_section_before_a_case(app, make):
    client, *_ = _world(app, make)
    assert "You have no appointment yet. Your counsellor will give you one." in _html(client)
    assert "You have no appointment yet." in _html(client, "/my")
    returnee_id = make.returnee()
    caseless = _portal(app, make.portal_account(returnee_id, locale="en"))
    assert caseless.get("/my/appointments").status_code == 404
    assert "/my/appointments" not in _html(caseless, "/my")


def test_markup_in_place_and_purpose_stays_text(app, make):
    client, counsellor, rosa, _ = _world(app, make)
    add_appointment(app, rosa.id, counsellor.id, purpose=MARKUP, location=MARKUP)
    add_appointment(
        app, rosa.id, counsellor.id, purpose=MARKUP, location=MARKUP,
        starts_at=utcnow() - timedelta(days=3),
    )  # fmt: skip
    for url in ("/my/appointments", "/my"):
        html = _html(client, url)
        assert "&lt;img src=x&gt;" in html
        assert not any(live in html for live in LIVE), url


def test_spanish_by_default(app, make):
    client, counsellor, rosa, _ = _world(app, make, country="EC", locale="es")
    add_appointment(app, rosa.id, counsellor.id, starts_at=datetime(2031, 1, 15, 15, tzinfo=UTC))
    html = client.get("/my/appointments").get_data(as_text=True)
    assert '<html lang="es"' in html and "miércoles, 15 de enero de 2031, 10:00" in html


def test_statements_do_not_grow_with_the_appointments(app, make):
    client, counsellor, rosa, _ = _world(app, make)
    add_appointment(app, rosa.id, counsellor.id)
    _html(client)  # warm-up
    with count_statements(app) as few:
        _html(client)
    for n in range(12):
        add_appointment(app, rosa.id, counsellor.id, purpose=f"Meeting {n}")
        add_appointment(
            app, rosa.id, counsellor.id, purpose=f"Past {n}", starts_at=utcnow() - timedelta(n + 1)
        )
    with count_statements(app) as many:
        html = _html(client)
    assert "Past 0" in html and "Past 4" in html and "Past 5" not in html  # the last five
    assert len(many) == len(few), many
