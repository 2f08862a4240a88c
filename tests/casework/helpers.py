"""Set-ups shared by the casework tests."""

from datetime import date, datetime, timedelta

from sqlalchemy import update

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.casework import services
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import count_statements  # noqa: F401 - re-exported


def office_with_counsellor(make, sign_in, country="ES"):
    """An office, a signed-in counsellor of it (English pages) and a case assigned to them."""
    office = make.office(country)
    me = sign_in("counsellor", office_id=office.id, locale="en")
    case = make.case(office_id=office.id, counsellor_id=me.id)
    return office, me, case


def other_client(app, user):
    client = app.test_client()
    response = client.post(
        "/account/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return client


def add_note(app, case_id, author_id, **data) -> int:
    values = {"kind": "phone", "body": "Called about the course.", "is_confidential": False}
    values.update(data)
    with app.test_request_context():
        note = services.add_note(
            db.session.get(Case, case_id), values, actor=db.session.get(User, author_id)
        )
        db.session.commit()
        return note.id


def add_appointment(app, case_id, counsellor_id, starts_at: datetime | None = None, **data) -> int:
    """An appointment; a `starts_at` in the past is written after scheduling (the service
    refuses the past)."""
    values = {
        "starts_at": utcnow() + timedelta(days=3),
        "location": "Office, room 2",
        "purpose": "Review the plan",
        "counsellor_id": counsellor_id,
    }
    values.update(data)
    with app.test_request_context():
        appointment = services.schedule_appointment(
            db.session.get(Case, case_id), values, actor=db.session.get(User, counsellor_id)
        )
        if starts_at is not None:
            appointment.starts_at = starts_at
        db.session.commit()
        return appointment.id


def add_task(app, case_id, assignee_id, due_date: date | None = None, **data) -> int:
    """A task; a `due_date` in the past is written after adding (the service refuses it)."""
    values = {
        "title": "Call the training centre",
        "due_date": utcnow().date() + timedelta(days=10),
        "assignee_id": assignee_id,
    }
    values.update(data)
    with app.test_request_context():
        task = services.add_task(
            db.session.get(Case, case_id), values, actor=db.session.get(User, assignee_id)
        )
        if due_date is not None:
            task.due_date = due_date
        db.session.commit()
        return task.id


def load(app, model, ident):
    with app.app_context():
        obj = db.session.get(model, ident)
        db.session.expunge(obj)
        return obj


def set_columns(app, model, ident, **values) -> None:
    """Write columns directly (no version bump): test set-up only."""
    with app.app_context():
        db.session.execute(update(model).where(model.id == ident).values(**values))
        db.session.commit()


def close_case(app, case_id) -> None:
    from returnsvc.cases.models import CloseReason, Stage
    from returnsvc.cases.services import change_stage

    with app.test_request_context():
        case = db.session.get(Case, case_id)
        change_stage(
            case, Stage.CLOSED, version=case.version, actor=None, close_reason=CloseReason.OTHER
        )
        db.session.commit()
