"""Writes of day-to-day casework: notes, appointments and tasks.

Services flush, never commit; they take the acting user explicitly, refuse bad input with a
CaseworkError whose message is translated for the user (and names the form field it concerns),
check everything before they change anything (no half-written records), and audit every change.

Free text (note bodies, purposes, places, task titles) may hold health or family details: the
audit trail says that it changed, never what it says (records are erasable; audit entries are
not).

Times are instants (aware, stored in UTC); a naive one is a wall-clock time of the acting
user's zone (core.clock: their own, else their office's). Days ("not in the past", "before
year X") are that user's local days: services read the zone from the actor they are given,
the forms from the viewer.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from returnsvc.audit.services import changed_fields, record
from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.casework.models import Appointment, CaseNote, NoteKind, Task
from returnsvc.core import cleaning, clock
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.enums import Role
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.numbers import parse_id
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db

NOTE_MAX = 10_000
LOCATION_MAX = 200
PURPOSE_MAX = 300
TITLE_MAX = 300

# A clock a few minutes apart from the user's is not "the future".
CLOCK_TOLERANCE = timedelta(minutes=5)
# Before this, a date is a typing mistake (a year of 0202), not casework.
EARLIEST = date(2000, 1, 1)
APPOINTMENT_YEARS_AHEAD = 5
TASK_YEARS_AHEAD = 10


class CaseworkError(Refusal):
    """A refused casework operation; `message` is translated for the user, `field` names the
    form field it concerns (None: the form as a whole)."""


# --- rules shared with the forms ----------------------------------------------------------


def check_occurred_at(
    value: datetime, now: datetime | None = None, zone: ZoneInfo | None = None
) -> None:
    """A note's contact time: a real, past (or present) moment (its day in `zone`)."""
    now = now or utcnow()
    if clock.to_local(value, zone or clock.zone_named(None)).date() < EARLIEST:
        raise CaseworkError(
            _l("Enter a date from %(year)d onwards.", year=EARLIEST.year), "occurred_at"
        )
    if value > now + CLOCK_TOLERANCE:
        raise CaseworkError(_l("The contact cannot be in the future."), "occurred_at")


def check_starts_at(
    value: datetime, now: datetime | None = None, zone: ZoneInfo | None = None
) -> None:
    """A new (or moved) appointment: in the future, within a few years (local years of
    `zone`, the app's default zone when none is given)."""
    now = now or utcnow()
    if value <= now:
        raise CaseworkError(_l("Choose a date and time in the future."), "starts_at")
    zone = zone or clock.zone_named(None)
    last_year = clock.local_today(zone, now).year + APPOINTMENT_YEARS_AHEAD
    if clock.to_local(value, zone).year > last_year:
        raise CaseworkError(_l("Choose a date before %(year)d.", year=last_year + 1), "starts_at")


def check_due_date(value: date, now: datetime | None = None, zone: ZoneInfo | None = None) -> None:
    """A new (or changed) due date: not before today in `zone` (the app's default zone when
    none is given), within a few years."""
    today = clock.local_today(zone or clock.zone_named(None), now)
    if value < today:
        raise CaseworkError(_l("The due date cannot be in the past."), "due_date")
    last_year = today.year + TASK_YEARS_AHEAD
    if value.year > last_year:
        raise CaseworkError(_l("Choose a date before %(year)d.", year=last_year + 1), "due_date")


def same_minute(a: datetime | None, b: datetime | None) -> bool:
    """Equal to the minute: the forms carry no seconds."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


# --- notes ---------------------------------------------------------------------------------


def add_note(case: Case, data: dict, *, actor) -> CaseNote:
    """Append a dated note to an open case. Notes are never edited or deleted."""
    require_open(case)
    kind = cleaning.choice(NoteKind, data.get("kind"), _l("Choose the kind of contact."), "kind")
    body = cleaning.text(
        data, "body", max_length=NOTE_MAX, required=_l("Write the note."), multiline=True
    )
    zone = clock.zone_of(actor)
    occurred_at = _aware(data.get("occurred_at") or utcnow(), "occurred_at", zone)
    check_occurred_at(occurred_at, zone=zone)
    note = CaseNote(
        case_id=case.id,
        kind=kind,
        body=body,
        is_confidential=bool(data.get("is_confidential")),
        occurred_at=occurred_at,
        author_id=getattr(actor, "id", None),
    )
    db.session.add(note)
    db.session.flush()
    record(
        "note.added",
        actor=actor,
        target=note,
        changes={
            "case_id": case.id,
            "kind": kind.value,
            "is_confidential": note.is_confidential,
            "occurred_at": occurred_at.isoformat(),
        },
    )
    return note


# --- appointments ----------------------------------------------------------------------------


def schedule_appointment(case: Case, data: dict, *, actor) -> Appointment:
    """Set an appointment on an open case, in the future, with a counsellor of its office."""
    require_open(case)
    zone = clock.zone_of(actor)
    clean = _clean_appointment(case, data, zone)
    check_starts_at(clean["starts_at"], zone=zone)
    appointment = Appointment(
        case_id=case.id, created_by_id=getattr(actor, "id", None), attended=None, **clean
    )
    db.session.add(appointment)
    db.session.flush()
    record(
        "appointment.scheduled",
        actor=actor,
        target=appointment,
        changes={
            "case_id": case.id,
            "starts_at": appointment.starts_at.isoformat(),
            "counsellor_id": appointment.counsellor_id,
        },
    )
    return appointment


def update_appointment(appointment: Appointment, data: dict, *, actor, version: int | None) -> dict:
    """Reschedule or change an appointment; a stale form is refused (StaleEdit).

    Moving it needs a time in the future, and once attendance is recorded it stays where it
    happened (a new appointment is scheduled instead). Returns the changed fields."""
    check_version(appointment, version)
    case = _case_of(appointment)
    require_open(case)
    _refuse_cancelled(appointment)
    zone = clock.zone_of(actor)
    clean = _clean_appointment(case, data, zone)
    if not same_minute(clean["starts_at"], appointment.starts_at):
        if appointment.attended is not None:
            raise CaseworkError(
                _l("Attendance is already recorded. Schedule a new appointment instead."),
                "starts_at",
            )
        check_starts_at(clean["starts_at"], zone=zone)
    else:
        # The same minute (forms carry no seconds), perhaps read back in another time zone.
        clean.pop("starts_at")
    changes = changed_fields(appointment, clean)
    if changes:
        db.session.flush()
        record(
            "appointment.updated",
            actor=actor,
            target=appointment,
            changes={"case_id": appointment.case_id, **_redact(changes)},
        )
    return changes


def record_attendance(
    appointment: Appointment, attended: bool, *, actor, version: int | None
) -> dict:
    """Attended or missed, once the appointment's time has come (a wrong entry may be
    corrected the same way). Returns the change ({} when it was already so)."""
    check_version(appointment, version)
    require_open(_case_of(appointment))
    if appointment.is_cancelled:
        raise CaseworkError(_l("This appointment was cancelled."), "attended")
    if appointment.starts_at > utcnow():
        raise CaseworkError(
            _l("Attendance can be recorded once the appointment has taken place."), "attended"
        )
    changes = changed_fields(appointment, {"attended": bool(attended)})
    if changes:
        db.session.flush()
        record(
            "appointment.attendance_recorded",
            actor=actor,
            target=appointment,
            changes={"case_id": appointment.case_id, **changes},
        )
    return changes


def _clean_appointment(case: Case, data: dict, zone: ZoneInfo) -> dict:
    starts_at = data.get("starts_at")
    if not isinstance(starts_at, datetime):
        raise CaseworkError(_l("Enter the date and time of the appointment."), "starts_at")
    return {
        "starts_at": _aware(starts_at, "starts_at", zone),
        "location": cleaning.text(
            data, "location", max_length=LOCATION_MAX, required=_l("Say where it takes place.")
        ),
        "purpose": cleaning.text(
            data,
            "purpose",
            max_length=PURPOSE_MAX,
            required=_l("Say what the appointment is for."),
        ),
        "counsellor_id": _counsellor_of(case, data.get("counsellor_id"), "counsellor_id").id,
    }


def _refuse_cancelled(appointment: Appointment) -> None:
    if appointment.is_cancelled:
        raise CaseworkError(
            _l("This appointment was cancelled. Schedule a new one instead."), "starts_at"
        )


# --- tasks ---------------------------------------------------------------------------------


def add_task(case: Case, data: dict, *, actor) -> Task:
    """Add a task with a due date, assigned to a counsellor of the case's office."""
    require_open(case)
    clean = _clean_task(case, data)
    check_due_date(clean["due_date"], zone=clock.zone_of(actor))
    task = Task(case_id=case.id, created_by_id=getattr(actor, "id", None), **clean)
    db.session.add(task)
    db.session.flush()
    record(
        "task.added",
        actor=actor,
        target=task,
        changes={
            "case_id": case.id,
            "due_date": task.due_date.isoformat(),
            "assignee_id": task.assignee_id,
        },
    )
    return task


def update_task(task: Task, data: dict, *, actor, version: int | None) -> dict:
    """Change a task's title, due date or assignee; a stale form is refused (StaleEdit).
    A changed due date must not be in the past. Returns the changed fields."""
    check_version(task, version)
    case = _case_of(task)
    require_open(case)
    clean = _clean_task(case, data)
    if clean["due_date"] != task.due_date:
        check_due_date(clean["due_date"], zone=clock.zone_of(actor))
    changes = changed_fields(task, clean)
    if changes:
        db.session.flush()
        record(
            "task.updated",
            actor=actor,
            target=task,
            changes={"case_id": task.case_id, **_redact(changes)},
        )
    return changes


def complete_task(task: Task, *, actor, version: int | None = None) -> None:
    """Mark a task done (refused when it already is: someone else was quicker)."""
    if version is not None:
        check_version(task, version)
    require_open(_case_of(task))
    if task.is_done:
        raise CaseworkError(_l("This task is already done."))
    task.done_at = utcnow()
    task.done_by_id = getattr(actor, "id", None)
    db.session.flush()
    record("task.completed", actor=actor, target=task, changes={"case_id": task.case_id})


def reopen_task(task: Task, *, actor, version: int | None = None) -> None:
    """Open a done task again."""
    if version is not None:
        check_version(task, version)
    require_open(_case_of(task))
    if not task.is_done:
        raise CaseworkError(_l("This task is not done."))
    task.done_at = None
    task.done_by_id = None
    db.session.flush()
    record("task.reopened", actor=actor, target=task, changes={"case_id": task.case_id})


def _clean_task(case: Case, data: dict) -> dict:
    due_date = data.get("due_date")
    if not isinstance(due_date, date) or isinstance(due_date, datetime):
        raise CaseworkError(_l("Enter the due date."), "due_date")
    if due_date < EARLIEST:
        raise CaseworkError(
            _l("Enter a date from %(year)d onwards.", year=EARLIEST.year), "due_date"
        )
    return {
        "title": cleaning.text(
            data, "title", max_length=TITLE_MAX, required=_l("Say what is to be done.")
        ),
        "due_date": due_date,
        "assignee_id": _counsellor_of(case, data.get("assignee_id"), "assignee_id").id,
    }


# --- helpers -------------------------------------------------------------------------------


def _case_of(obj) -> Case:
    # Already in the identity map: the view loaded the case to check access.
    return db.session.get(Case, obj.case_id)


def _counsellor_of(case: Case, user_id, field: str) -> User:
    ident = parse_id(user_id)
    user = db.session.get(User, ident) if ident is not None else None
    if (
        user is None
        or user.role is not Role.COUNSELLOR
        or user.office_id != case.office_id
        or not user.is_active
    ):
        raise CaseworkError(
            _l("Choose an active counsellor of the office that owns the case."), field
        )
    return user


def _aware(value: datetime, field: str, zone: ZoneInfo) -> datetime:
    """An instant; a naive datetime is a wall-clock time of `zone` (see the module docstring:
    a time skipped by a daylight-saving change is refused, a repeated one is its first)."""
    if not isinstance(value, datetime):
        raise CaseworkError(_l("Enter a date and time."), field)
    try:
        return clock.to_utc(value, zone)
    except clock.NonexistentLocalTime:
        raise CaseworkError(
            _l(
                "This time does not exist in %(zone)s: the clocks moved forward an hour "
                "that night. Choose another time.",
                zone=zone.key,
            ),
            field,
        ) from None
    except clock.OutOfRangeLocalTime:
        raise CaseworkError(_l("Enter a date and time."), field) from None


def _redact(changes: dict) -> dict:
    free_text = {"location", "purpose", "title"}
    return {k: ("changed" if k in free_text else v) for k, v in changes.items()}
