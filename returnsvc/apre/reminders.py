"""The reminders an APRE record keeps on its case: casework tasks assigned to the case's
counsellor (else the acting counsellor of its office), shown on their home. One for the second
payment (done once it is received), one for the return deadline (done once the return is
recorded) and one for the end of the commitment not to return to Spain. The APRE services
call `sync_reminders` after every write, once the record is worked out again.
"""

from datetime import date

from flask_babel import gettext as _

from returnsvc.apre.models import AprePayment, ApreRecord
from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.casework import services as casework
from returnsvc.casework.models import Task
from returnsvc.core import clock
from returnsvc.core.enums import Role
from returnsvc.extensions import db


def _eligible(user: User | None, case: Case) -> bool:
    return (
        user is not None
        and user.role is Role.COUNSELLOR
        and user.office_id == case.office_id
        and user.is_active
    )


def _assignee(case: Case, actor) -> int | None:
    """Who the reminders go to: the case's counsellor, else the acting counsellor of its
    office; None when neither can hold a task (no reminder is set then)."""
    for candidate in (case.counsellor, actor):
        if isinstance(candidate, User) and _eligible(candidate, case):
            return candidate.id
    return None


def _reminders(record_: ApreRecord, second: AprePayment, today: date) -> dict:
    """{task id column: (due date, title) or None (no reminder wanted)}."""
    ends = record_.commitment_ends_on
    return {
        "second_payment_task_id": None
        if second.is_received
        else (second.expected_on, _("APRE: the second payment can be claimed from this day")),
        "return_task_id": None
        if record_.returned_on is not None
        else (record_.return_deadline, _("APRE: last day to leave Spain")),
        "commitment_task_id": None
        if ends is None or ends <= today
        else (ends, _("APRE: the commitment not to return to Spain ends")),
    }


def sync_reminders(case: Case, record_: ApreRecord, second: AprePayment, actor) -> None:
    """Set, move or complete the reminder tasks of the case's record, once it is worked out
    (`second`: its second payment). Through the casework services: audited there. A
    reminder whose day has passed is due today; a reminder the counsellor has completed is
    left alone."""
    today = clock.local_today(clock.zone_of(actor))
    for column, wanted in _reminders(record_, second, today).items():
        task_id = getattr(record_, column)
        task = db.session.get(Task, task_id) if task_id else None
        if wanted is None:
            if task is not None and not task.is_done:
                casework.complete_task(task, actor=actor)
            continue
        day, title = wanted
        due = max(day, today)
        if task is None:
            assignee = _assignee(case, actor)
            if assignee is not None:
                task = casework.add_task(
                    case, {"title": title, "due_date": due, "assignee_id": assignee}, actor=actor
                )
                setattr(record_, column, task.id)
        elif (
            not task.is_done
            and task.due_date != due
            and not (day < today and task.due_date <= today)
        ):
            keeper = db.session.get(User, task.assignee_id) if task.assignee_id else None
            assignee = task.assignee_id if _eligible(keeper, case) else _assignee(case, actor)
            if assignee is not None:
                casework.update_task(
                    task,
                    {"title": task.title, "due_date": due, "assignee_id": assignee},
                    actor=actor,
                    version=task.version,
                )
