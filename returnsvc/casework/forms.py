"""Forms of casework: a note, an appointment (and its attendance), a task.

Each form fills exactly the fields its service accepts. The time rules (no contact in the
future, no new appointment or due date in the past) are the services' own checks, run here too
so that every problem shows next to its field at once. Times are typed and shown in the
viewer's local time (core.clock), and the rules' days and years are the viewer's too.
"""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from returnsvc.casework import services
from returnsvc.casework.models import NoteKind
from returnsvc.core import cleaning
from returnsvc.core.clock import viewer_zone
from returnsvc.core.db import utcnow
from returnsvc.core.forms import VersionField, select_choices
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.time_fields import LocalDateTimeField

TOO_LONG = _l("At most %(max)d characters, please.")


def _one_line(value):
    return cleaning.clean_text(value)


def _multiline(value):
    return cleaning.clean_text(value, multiline=True)


class OptionalDateField(DateField):
    """A date input whose empty value is missing rather than malformed."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Enter a date, for example 2025-03-14."))
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class DateRequired:
    """DataRequired for date fields, except that a malformed value keeps its own message
    ("enter a date, for example ...") instead of being cleared into "required"."""

    field_flags = {"required": True}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()
        if field.data is None:
            raise StopValidation(self.message)


def _rule(check, value):
    """Run a service rule as a form validator, in the viewer's time zone."""
    try:
        check(value, zone=viewer_zone())
    except services.CaseworkError as error:
        raise ValidationError(error.message) from None


def _counsellor_choices(field, counsellors, placeholder):
    field.choices = select_choices(
        [("", placeholder)] + [(str(c.id), c.full_name) for c in counsellors]
    )


# --- notes ---------------------------------------------------------------------------------


class NoteForm(FlaskForm):
    kind = SelectField(
        _l("Kind of contact"),
        choices=select_choices(NoteKind.choices()),
        default=NoteKind.PHONE.value,
    )
    occurred_at = LocalDateTimeField(
        _l("When"),
        validators=[DateRequired(_l("Enter the date and time of the contact."))],
        default=lambda: utcnow().replace(second=0, microsecond=0),
        description=_l("Date and time of the contact, in your local time."),
    )
    body = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(message=_l("Write the note.")),
            Length(max=services.NOTE_MAX, message=TOO_LONG),
        ],
        filters=[_multiline],
        description=_l("Notes cannot be changed later: a correction is a new note."),
        render_kw={"rows": 6, "maxlength": services.NOTE_MAX},
    )
    is_confidential = BooleanField(
        _l("Confidential"),
        description=_l(
            "For psychosocial or other sensitive matters: only counsellors of the office "
            "that owns the case will see the note."
        ),
    )
    submit = SubmitField(_l("Add the note"))

    def validate_occurred_at(self, field):
        _rule(services.check_occurred_at, field.data)

    def note_data(self) -> dict:
        return {
            "kind": self.kind.data,
            "occurred_at": self.occurred_at.data,
            "body": self.body.data or "",
            "is_confidential": bool(self.is_confidential.data),
        }


# --- appointments ----------------------------------------------------------------------------


class AppointmentForm(FlaskForm):
    starts_at = LocalDateTimeField(
        _l("When"),
        validators=[DateRequired(_l("Enter the date and time of the appointment."))],
        description=_l("Day and time, in your local time."),
    )
    location = StringField(
        _l("Where"),
        validators=[
            DataRequired(message=_l("Say where it takes place.")),
            Length(max=services.LOCATION_MAX, message=TOO_LONG),
        ],
        filters=[_one_line],
        description=_l("For example: the office, a video call, or an address."),
        render_kw={"maxlength": services.LOCATION_MAX},
    )
    purpose = StringField(
        _l("Purpose"),
        validators=[
            DataRequired(message=_l("Say what the appointment is for.")),
            Length(max=services.PURPOSE_MAX, message=TOO_LONG),
        ],
        filters=[_one_line],
        render_kw={"maxlength": services.PURPOSE_MAX},
    )
    counsellor_id = SelectField(
        _l("Counsellor"), validators=[DataRequired(message=_l("Choose a counsellor."))]
    )
    submit = SubmitField(_l("Schedule the appointment"))

    # Set by the edit view: a time left as it was may lie in the past.
    original_starts_at = None

    def set_choices(self, counsellors):
        _counsellor_choices(self.counsellor_id, counsellors, _l("Choose a counsellor"))

    def validate_starts_at(self, field):
        if not services.same_minute(field.data, self.original_starts_at):
            _rule(services.check_starts_at, field.data)

    def appointment_data(self) -> dict:
        return {
            "starts_at": self.starts_at.data,
            "location": self.location.data or "",
            "purpose": self.purpose.data or "",
            "counsellor_id": self.counsellor_id.data,
        }


class EditAppointmentForm(AppointmentForm):
    version = VersionField()
    submit = SubmitField(_l("Save changes"))


class AttendanceForm(FlaskForm):
    """The buttons "attended" / "missed" of a past appointment. The values are the strings of
    the stored booleans, so the conflict page can show the stored value by its label."""

    attended = SelectField(
        _l("Attendance"),
        choices=select_choices([("True", _l("Attended")), ("False", _l("Missed"))]),
        validators=[DataRequired(message=_l("Choose attended or missed."))],
    )
    version = VersionField()

    @property
    def attended_value(self) -> bool:
        return self.attended.data == "True"


# --- tasks ---------------------------------------------------------------------------------


class TaskForm(FlaskForm):
    title = StringField(
        _l("Task"),
        validators=[
            DataRequired(message=_l("Say what is to be done.")),
            Length(max=services.TITLE_MAX, message=TOO_LONG),
        ],
        filters=[_one_line],
        description=_l("For example: call the training centre about the welding course."),
        render_kw={"maxlength": services.TITLE_MAX},
    )
    due_date = OptionalDateField(
        _l("Due date"), validators=[DateRequired(_l("Enter the due date."))]
    )
    assignee_id = SelectField(
        _l("Assigned to"), validators=[DataRequired(message=_l("Choose who does it."))]
    )
    submit = SubmitField(_l("Add the task"))

    # Set by the edit view: a due date left as it was may lie in the past.
    original_due_date = None

    def set_choices(self, counsellors):
        _counsellor_choices(self.assignee_id, counsellors, _l("Choose a counsellor"))

    def validate_due_date(self, field):
        if field.data != self.original_due_date:
            _rule(services.check_due_date, field.data)

    def task_data(self) -> dict:
        return {
            "title": self.title.data or "",
            "due_date": self.due_date.data,
            "assignee_id": self.assignee_id.data,
        }


class EditTaskForm(TaskForm):
    version = VersionField()
    submit = SubmitField(_l("Save changes"))
