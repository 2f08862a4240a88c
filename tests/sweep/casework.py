"""Expected status per role for notes, appointments and tasks (the case belongs to
world.home_office; the signed-in counsellor works there)."""

from datetime import timedelta

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.casework.services import add_task, schedule_appointment
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from tests.sweep.common import CASE_READ, status

# Edit pages and writes: only counsellors of the owning office.
WRITE_PAGE = status(302, 403, 200, 403, 403)
# An empty form re-renders the tab with the errors next to the fields.
EMPTY_FORM = status(302, 403, 200, 403, 403)
# One-click buttons: refused with a message (nothing chosen, or nothing to do) and back.
BUTTON = status(302, 403, 302, 403, 403)

EXPECTED = {
    "casework.notes": ("GET", "/cases/{case_id}/notes", CASE_READ),
    "casework.add_note": ("POST", "/cases/{case_id}/notes", EMPTY_FORM),
    "casework.appointments": ("GET", "/cases/{case_id}/appointments", CASE_READ),
    "casework.schedule_appointment": ("POST", "/cases/{case_id}/appointments", EMPTY_FORM),
    "casework.edit_appointment": (
        "GET",
        "/cases/{case_id}/appointments/{appointment_id}/edit",
        WRITE_PAGE,
    ),
    "casework.record_attendance": (
        "POST",
        "/cases/{case_id}/appointments/{appointment_id}/attendance",
        BUTTON,
    ),
    "casework.tasks": ("GET", "/cases/{case_id}/tasks", CASE_READ),
    "casework.add_task": ("POST", "/cases/{case_id}/tasks", EMPTY_FORM),
    "casework.edit_task": ("GET", "/cases/{case_id}/tasks/{task_id}/edit", WRITE_PAGE),
    # An open task is marked done; then back to the tasks.
    "casework.complete_task": ("POST", "/cases/{case_id}/tasks/{task_id}/done", BUTTON),
    # The task is open: "not done" is said in a message, back to the tasks.
    "casework.reopen_task": ("POST", "/cases/{case_id}/tasks/{task_id}/reopen", BUTTON),
}


def _office_counsellor_id(world) -> int:
    if world.user is not None and world.user.role.value == "counsellor":
        return world.user.id
    return world.make.user("counsellor", office_id=world.home_office.id).id


def _appointment_id(world) -> int:
    case_id = world.case.id
    counsellor_id = _office_counsellor_id(world)
    with world.app.test_request_context():
        appointment = schedule_appointment(
            db.session.get(Case, case_id),
            {
                "starts_at": utcnow() + timedelta(days=2),
                "location": "Office",
                "purpose": "Sweep",
                "counsellor_id": counsellor_id,
            },
            actor=db.session.get(User, counsellor_id),
        )
        db.session.commit()
        return appointment.id


def _task_id(world) -> int:
    case_id = world.case.id
    counsellor_id = _office_counsellor_id(world)
    with world.app.test_request_context():
        task = add_task(
            db.session.get(Case, case_id),
            {
                "title": "Sweep",
                "due_date": utcnow().date() + timedelta(days=3),
                "assignee_id": counsellor_id,
            },
            actor=db.session.get(User, counsellor_id),
        )
        db.session.commit()
        return task.id


PLACEHOLDERS = {"appointment_id": _appointment_id, "task_id": _task_id}
