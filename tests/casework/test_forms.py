"""Property-based checks of the casework forms: any input gives a verdict, never an exception,
and what passes is what the services accept."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from returnsvc.casework import services
from returnsvc.casework.forms import AppointmentForm, NoteForm, TaskForm
from returnsvc.core import cleaning, clock
from returnsvc.core.db import utcnow

COUNSELLORS = [SimpleNamespace(id=7, full_name="Ana Ruiz")]

# Text of every kind, including control characters and very long strings.
any_text = st.text(max_size=400)
datetimes = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(
    lambda d: d.strftime("%Y-%m-%dT%H:%M")
)
dates = st.dates().map(lambda d: d.isoformat())


def _form(app, form_cls, data):
    with app.test_request_context(method="POST", headers={"Accept-Language": "en"}):
        form = form_cls(formdata=MultiDict(data))
        if hasattr(form, "set_choices"):
            form.set_choices(COUNSELLORS)
        return form, form.validate()


def _clean(text: str) -> bool:
    return all(ch in "\t\n" or ord(ch) >= 32 and ord(ch) != 127 for ch in text)


@settings(max_examples=150, deadline=None)
@given(
    kind=st.one_of(st.sampled_from(["visit", "phone", "message", "internal"]), any_text),
    occurred_at=st.one_of(datetimes, any_text),
    body=any_text,
    confidential=st.sampled_from(["", "y", "false", "on"]),
)
def test_note_form(app, kind, occurred_at, body, confidential):
    form, valid = _form(
        app,
        NoteForm,
        {"kind": kind, "occurred_at": occurred_at, "body": body, "is_confidential": confidential},
    )
    if valid:
        data = form.note_data()
        assert 0 < len(data["body"]) <= services.NOTE_MAX and _clean(data["body"])
        assert data["occurred_at"].tzinfo is UTC
        assert data["occurred_at"] <= utcnow() + services.CLOCK_TOLERANCE
    else:
        assert all(isinstance(str(m), str) for errors in form.errors.values() for m in errors)


@settings(max_examples=150, deadline=None)
@given(
    starts_at=st.one_of(datetimes, any_text),
    location=any_text,
    purpose=any_text,
    counsellor=st.one_of(st.just("7"), any_text),
)
def test_appointment_form(app, starts_at, location, purpose, counsellor):
    form, valid = _form(
        app,
        AppointmentForm,
        {
            "starts_at": starts_at,
            "location": location,
            "purpose": purpose,
            "counsellor_id": counsellor,
        },
    )
    if valid:
        data = form.appointment_data()
        assert data["starts_at"] > utcnow() - timedelta(minutes=1)
        assert 0 < len(data["location"]) <= services.LOCATION_MAX and _clean(data["location"])
        assert 0 < len(data["purpose"]) <= services.PURPOSE_MAX and "\n" not in data["purpose"]
        assert data["counsellor_id"] == "7"


@settings(max_examples=150, deadline=None)
@given(
    title=any_text,
    due_date=st.one_of(dates, any_text),
    assignee=st.one_of(st.just("7"), any_text),
)
def test_task_form(app, title, due_date, assignee):
    form, valid = _form(
        app, TaskForm, {"title": title, "due_date": due_date, "assignee_id": assignee}
    )
    if valid:
        data = form.task_data()
        assert 0 < len(data["title"]) <= services.TITLE_MAX and _clean(data["title"])
        assert data["due_date"] >= clock.local_today(clock.zone_named(None))
        assert data["assignee_id"] == "7"


@given(st.text(max_size=200), st.booleans())
def test_clean_text_is_idempotent_and_clean(text, multiline):
    once = cleaning.clean_text(text, multiline=multiline)
    assert cleaning.clean_text(once, multiline=multiline) == once
    assert _clean(once) and once == once.strip()
    if not multiline:
        assert "\n" not in once and "  " not in once
