"""The notes, appointments and tasks tabs of a case, and their forms.

Every page hangs under the case URL. Reads load the case with `viewed_case` (404 when
invisible; the view goes to the access log); writes with `workable_case` (404 invisible, 403
read-only, 409 closed). Appointment and task ids are looked up within that case only, so an
id of another case answers 404.
"""

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from returnsvc.cases.loaders import viewed_case, workable_case
from returnsvc.cases.queries import counsellors_of
from returnsvc.cases.services import record_case_view
from returnsvc.cases.visibility import can_work_on
from returnsvc.cases.workspace import contribute
from returnsvc.casework import contributions, queries, services
from returnsvc.casework.forms import (
    AppointmentForm,
    AttendanceForm,
    EditAppointmentForm,
    EditTaskForm,
    NoteForm,
    TaskForm,
)
from returnsvc.core.clock import local_today
from returnsvc.core.conflicts import StaleEdit, conflict_response
from returnsvc.core.flashes import flash
from returnsvc.core.forms import show_refusal
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.pages import FormPage, add_page
from returnsvc.core.paging import number_arg
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.core.refusals import Refusal, flash_refusal

bp = Blueprint("casework", __name__, url_prefix="/cases")
contribute(bp, contributions)


def _writable(case) -> bool:
    """Whether to offer the forms (a courtesy: the POST views check again)."""
    return can_work_on(case, current_user) and case.is_open


# --- notes ---------------------------------------------------------------------------------


@bp.route("/<int:case_id>/notes")
@require_permission(Permission.VIEW_CASES)
def notes(case_id: int):
    case = viewed_case(case_id, "notes")
    return _notes_page(case, NoteForm() if _writable(case) else None)


@bp.route("/<int:case_id>/notes", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def add_note(case_id: int):
    case = workable_case(case_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            services.add_note(case, form.note_data(), actor=current_user)
        except Refusal as error:
            show_refusal(form, error)
        else:
            flash(_l("Note added."), "success")
            return redirect(url_for("casework.notes", case_id=case.id))
    # The page shows the notes again with the errors: that is a view of the case too.
    record_case_view(case, current_user, "notes")
    return _notes_page(case, form)


def _notes_page(case, form):
    before = number_arg("before")
    rows, next_before = queries.notes_page(case, current_user, before)
    return render_template(
        "casework/notes.html", case=case, form=form, notes=rows, before=before,
        next_before=next_before,
    )  # fmt: skip


# --- appointments ----------------------------------------------------------------------------


@bp.route("/<int:case_id>/appointments")
@require_permission(Permission.VIEW_CASES)
def appointments(case_id: int):
    case = viewed_case(case_id, "appointments")
    form = None
    if _writable(case):
        form = AppointmentForm(counsellor_id=str(case.counsellor_id or current_user.id))
        form.set_choices(counsellors_of(case.office_id))
    return _appointments_page(case, form)


@bp.route("/<int:case_id>/appointments", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def schedule_appointment(case_id: int):
    case = workable_case(case_id)
    form = AppointmentForm()
    form.set_choices(counsellors_of(case.office_id))
    if form.validate_on_submit():
        try:
            appointment = services.schedule_appointment(
                case, form.appointment_data(), actor=current_user
            )
        except Refusal as error:
            show_refusal(form, error)
        else:
            flash(_l("Appointment scheduled."), "success")
            return redirect(_appointments_url(case, appointment))
    record_case_view(case, current_user, "appointments")
    return _appointments_page(case, form)


class EditAppointment(FormPage):
    template = "casework/appointment_form.html"

    def load(self, case_id, appointment_id):
        case = workable_case(case_id)
        record_case_view(case, current_user, "appointments")
        return {"case": case, "appointment": _appointment_or_404(case, appointment_id)}

    def stored(self, context):
        return context["appointment"]

    def make_form(self, context):
        appointment = context["appointment"]
        form = EditAppointmentForm(obj=appointment)
        form.set_choices(counsellors_of(context["case"].office_id))
        form.original_starts_at = appointment.starts_at
        if not form.is_submitted():
            form.counsellor_id.data = str(appointment.counsellor_id or "")
            form.version.data = appointment.version
        return form

    def save(self, form, context):
        return services.update_appointment(
            context["appointment"],
            form.appointment_data(),
            actor=current_user,
            version=form.version.data,
        )

    def done_url(self, result, context):
        return _appointments_url(context["case"], context["appointment"])


add_page(
    bp,
    "/<int:case_id>/appointments/<int:appointment_id>/edit",
    EditAppointment,
    Permission.WORK_ON_CASES,
    endpoint="edit_appointment",
)


@bp.route("/<int:case_id>/appointments/<int:appointment_id>/attendance", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def record_attendance(case_id: int, appointment_id: int):
    case = workable_case(case_id)
    appointment = _appointment_or_404(case, appointment_id)
    form = AttendanceForm()
    back = _appointments_url(case, appointment)
    if not form.validate_on_submit():
        flash(_l("Choose attended or missed."), "error")
        return redirect(back)
    try:
        changes = services.record_attendance(
            appointment, form.attended_value, actor=current_user, version=form.version.data
        )
    except StaleEdit:
        return conflict_response(
            form, appointment, back_url=url_for("casework.appointments", case_id=case.id)
        )
    except Refusal as error:
        flash_refusal(error)
    else:
        if not changes:
            flash(_l("Nothing was changed."), "info")
        elif appointment.attended:
            flash(_l("Recorded: the person attended."), "success")
        else:
            flash(_l("Recorded: the person missed the appointment."), "success")
    return redirect(back)


def _appointments_page(case, form):
    return render_template(
        "casework/appointments.html",
        case=case,
        form=form,
        writable=_writable(case),
        **queries.appointments_of(case),
    )


def _appointments_url(case, appointment=None) -> str:
    anchor = f"appointment-{appointment.id}" if appointment is not None else None
    return url_for("casework.appointments", case_id=case.id, _anchor=anchor)


def _appointment_or_404(case, appointment_id: int):
    appointment = queries.appointment_of_case(case, appointment_id)
    if appointment is None:
        abort(404)
    return appointment


# --- tasks ---------------------------------------------------------------------------------


@bp.route("/<int:case_id>/tasks")
@require_permission(Permission.VIEW_CASES)
def tasks(case_id: int):
    case = viewed_case(case_id, "tasks")
    form = None
    if _writable(case):
        form = TaskForm(assignee_id=str(current_user.id))
        form.set_choices(counsellors_of(case.office_id))
    return _tasks_page(case, form)


@bp.route("/<int:case_id>/tasks", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def add_task(case_id: int):
    case = workable_case(case_id)
    form = TaskForm()
    form.set_choices(counsellors_of(case.office_id))
    if form.validate_on_submit():
        try:
            task = services.add_task(case, form.task_data(), actor=current_user)
        except Refusal as error:
            show_refusal(form, error)
        else:
            flash(_l("Task added."), "success")
            return redirect(_tasks_url(case, task))
    record_case_view(case, current_user, "tasks")
    return _tasks_page(case, form)


class EditTask(FormPage):
    template = "casework/task_form.html"

    def load(self, case_id, task_id):
        case = workable_case(case_id)
        record_case_view(case, current_user, "tasks")
        return {"case": case, "task": _task_or_404(case, task_id)}

    def stored(self, context):
        return context["task"]

    def make_form(self, context):
        task = context["task"]
        form = EditTaskForm(obj=task)
        form.set_choices(counsellors_of(context["case"].office_id))
        form.original_due_date = task.due_date
        if not form.is_submitted():
            form.assignee_id.data = str(task.assignee_id or "")
            form.version.data = task.version
        return form

    def save(self, form, context):
        return services.update_task(
            context["task"], form.task_data(), actor=current_user, version=form.version.data
        )

    def done_url(self, result, context):
        return _tasks_url(context["case"], context["task"])


add_page(
    bp,
    "/<int:case_id>/tasks/<int:task_id>/edit",
    EditTask,
    Permission.WORK_ON_CASES,
    endpoint="edit_task",
)


@bp.route("/<int:case_id>/tasks/<int:task_id>/done", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def complete_task(case_id: int, task_id: int):
    case = workable_case(case_id)
    task = _task_or_404(case, task_id)
    try:
        services.complete_task(task, actor=current_user)
    except Refusal as error:
        flash_refusal(error)
    else:
        flash(_l("Task marked as done."), "success")
    return redirect(_tasks_url(case, task))


@bp.route("/<int:case_id>/tasks/<int:task_id>/reopen", methods=["POST"])
@require_permission(Permission.WORK_ON_CASES)
def reopen_task(case_id: int, task_id: int):
    case = workable_case(case_id)
    task = _task_or_404(case, task_id)
    try:
        services.reopen_task(task, actor=current_user)
    except Refusal as error:
        flash_refusal(error)
    else:
        flash(_l("Task reopened."), "success")
    return redirect(_tasks_url(case, task))


def _tasks_page(case, form):
    return render_template(
        "casework/tasks.html",
        case=case,
        form=form,
        writable=_writable(case),
        today=local_today(),
        **queries.tasks_of(case),
    )


def _tasks_url(case, task=None) -> str:
    anchor = f"task-{task.id}" if task is not None else None
    return url_for("casework.tasks", case_id=case.id, _anchor=anchor)


def _task_or_404(case, task_id: int):
    task = queries.task_of_case(case, task_id)
    if task is None:
        abort(404)
    return task
