"""The counsellor's home: what waits for the user to do, in one statement of five bounded
parts: their tasks overdue and due soon, the open tasks of their office that nobody has, the
plan actions people say they did and the corrections of contact details people asked for
(both from the portal, waiting for the user's answer). Each part fetches one row more than it
shows to say whether there is more.
"""

from functools import lru_cache

from sqlalchemy import Date, String, and_, bindparam, cast, func, select, union_all

from returnsvc.cases.models import Case
from returnsvc.casework.models import Task
from returnsvc.core.db import inline
from returnsvc.core.templating import url_pattern
from returnsvc.extensions import db
from returnsvc.home.case_rows import PERSON, open_visible, person_of, written_day
from returnsvc.my_data.queries import CORRECTION, asked_labels, waiting_part
from returnsvc.plans.models import ActionStatus, PlanAction, PlanGoal
from returnsvc.returnees.models import Returnee

DUE_SOON_DAYS = 7
TASKS_SHOWN = 15


@lru_cache(maxsize=32)
def _tasks_statement(kind, shown: int):
    """Five bounded parts: the user's overdue tasks, the user's tasks due soon, the open
    tasks of the user's office that nobody has (a transfer accepted without choosing a
    counsellor leaves them so, for the office to take), the open plan actions of the user's
    cases that the person says they did (their portal), the longest waiting first, with the
    local day they said it as `due_date`, and the corrections of contact details the people of
    the user's open cases asked for (my_data.queries.waiting_part), likewise."""
    today, soon_until = (
        written_day("today", Task.due_date),
        written_day("soon_until", Task.due_date),
    )
    mine = Task.assignee_id == bindparam("me")
    parts = (
        and_(mine, Task.due_date < today),
        and_(mine, Task.due_date.between(today, soon_until)),
        and_(Task.assignee_id.is_(None), Case.office_id == bindparam("office")),
    )
    halves = []
    for half, which in enumerate(parts):
        halves.append(
            select(inline(half).label("half"), Task.id, Task.title, Task.due_date, *PERSON)
            .join(Case, Case.id == Task.case_id)
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(which, Task.done_at.is_(None), open_visible(kind))
            .order_by(Task.due_date, Task.id)
            .limit(inline(shown + 1))
        )
    said_on = cast(
        func.timezone(bindparam("zone_name", type_=String), PlanAction.reported_done_at), Date
    )
    halves.append(
        select(inline(3).label("half"), PlanAction.id, PlanAction.title, said_on, *PERSON)
        .join(PlanGoal, PlanGoal.id == PlanAction.goal_id)
        .join(Case, Case.id == PlanGoal.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(
            PlanAction.reported_done_at.is_not(None),
            PlanAction.status.in_((ActionStatus.PENDING, ActionStatus.IN_PROGRESS)),
            Case.counsellor_id == bindparam("me"),
            open_visible(kind),
        )
        .order_by(PlanAction.reported_done_at, PlanAction.id)
        .limit(inline(shown + 1))
    )
    halves.append(waiting_part(4, shown, PERSON, open_visible(kind)))
    both = union_all(*halves).subquery()
    return select(both).order_by(both.c.half, both.c.due_date, both.c.id)


def work_lists(kind, params) -> tuple[tuple[list[dict], bool], ...]:
    """(overdue, more), (due within DUE_SOON_DAYS from today, more), (nobody's in the
    user's office, more), earliest first, (plan actions said done, more) and (corrections of
    contact details asked for, more: `title` names the details)."""
    statement = _tasks_statement(kind, TASKS_SHOWN)
    url = url_pattern("casework.tasks", "case_id")
    halves = ([], [], [], [], [])
    for row in db.session.connection().execute(statement, params):
        link, title = None, row.title
        if row.half == 3:  # (the plan's URL is asked for only when there is one to link)
            link = f"{url_pattern('plans.plan', 'case_id').format(row.case_id)}#report-{row.id}"
        elif row.half == 4:
            link = f"{url_pattern('cases.detail', 'case_id').format(row.case_id)}#{CORRECTION}"
            title = asked_labels(row.title)
        halves[row.half].append(
            {
                "id": row.id,
                "title": title,
                "due_date": row.due_date,
                "url": link or f"{url.format(row.case_id)}#task-{row.id}",
                **person_of(row),
            }
        )
    return tuple((tasks[:TASKS_SHOWN], len(tasks) > TASKS_SHOWN) for tasks in halves)
