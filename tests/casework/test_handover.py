"""A transfer hands the work over with the case: open tasks go to the receiving counsellor (or
to nobody, listed on the receiving office's home for it to take), the sending office's future
appointments are cancelled, on the timeline and in the audit log; the sending counsellor is told
where the case went instead of a 404, and sees nothing of what is written on it afterwards;
the receiving office's home lists the transfers waiting for its answer."""

from datetime import timedelta

from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases import transfers
from returnsvc.cases.models import Case, CaseEvent, CaseTransfer, TransferStatus
from returnsvc.casework import services
from returnsvc.casework.handover import HANDED_OVER
from returnsvc.casework.models import Appointment, Task
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from tests.casework.helpers import (
    add_appointment,
    add_note,
    add_task,
    load,
    office_with_counsellor,
    other_client,
)
from tests.helpers import audit_actions


def _transfer(app, make, sign_in, *, with_counsellor: bool):
    """Madrid (the signed-in counsellor, English pages) asks Quito to take a case holding an
    open task, a done task, a past appointment and a future one; Quito accepts."""
    madrid, me, case = office_with_counsellor(make, sign_in)
    quito = make.office("EC", city="Quito", name="Oficina Quito")
    receiver = make.user("counsellor", office_id=quito.id, locale="en")
    soon = utcnow().date() + timedelta(days=2)  # on the home pages' "due soon"
    open_task = add_task(app, case.id, me.id, due_date=soon, title="Call the training centre")
    done_task = add_task(app, case.id, me.id, title="Send the form")
    future = add_appointment(app, case.id, me.id, purpose="Review the plan")
    past = add_appointment(
        app, case.id, me.id, starts_at=utcnow() - timedelta(days=2), purpose="First interview"
    )
    with app.test_request_context():
        services.complete_task(db.session.get(Task, done_task), actor=db.session.get(User, me.id))
        transfer = transfers.request_transfer(
            db.session.get(Case, case.id),
            db.session.get(Office, quito.id),
            reason="Returns to Quito",
            actor=db.session.get(User, me.id),
        )
        db.session.commit()
        transfer_id = transfer.id
    quito_client = other_client(app, receiver)
    response = quito_client.post(
        f"/cases/{case.id}/transfer/{transfer_id}/accept",
        data={"counsellor": str(receiver.id) if with_counsellor else ""},
    )
    assert response.status_code == 302
    return {
        "me": me,
        "case": case,
        "receiver": receiver,
        "quito": quito,
        "quito_client": quito_client,
        "transfer_id": transfer_id,
        "open_task": open_task,
        "done_task": done_task,
        "future": future,
        "past": past,
    }


def test_accepting_hands_over_open_tasks_and_cancels_future_appointments(
    app, client, make, sign_in
):
    w = _transfer(app, make, sign_in, with_counsellor=True)
    assert load(app, Task, w["open_task"]).assignee_id == w["receiver"].id
    assert load(app, Task, w["done_task"]).assignee_id == w["me"].id  # done: history, kept
    future, past = load(app, Appointment, w["future"]), load(app, Appointment, w["past"])
    assert future.cancelled_at is not None and future.cancelled_by_transfer_id == w["transfer_id"]
    assert past.cancelled_at is None
    actions = audit_actions(app)
    assert "task.handed_over" in actions and "appointment.cancelled" in actions
    # The receiving counsellor has the task on her home, the case's timeline says what moved,
    # and the appointment is marked cancelled, with no more changes offered.
    quito = w["quito_client"]
    home = quito.get("/home").get_data(as_text=True)
    assert "Call the training centre" in home
    summary = quito.get(f"/cases/{w['case'].id}").get_data(as_text=True)
    assert "Work handed over to Oficina Quito" in summary
    assert "1 open task reassigned to" in summary and "1 future appointment cancelled" in summary
    tab = quito.get(f"/cases/{w['case'].id}/appointments").get_data(as_text=True)
    assert "Cancelled" in tab and "The case moved to Oficina Quito" in tab
    assert f"/appointments/{w['future']}/edit" not in tab
    # The next-steps panel no longer announces the cancelled appointment.
    assert "Review the plan" not in summary.split('id="timeline-title"')[0]
    # Neither attendance nor a new time can be recorded on a cancelled appointment.
    with app.test_request_context():
        appointment = db.session.get(Appointment, w["future"])
        receiver = db.session.get(User, w["receiver"].id)
        try:
            services.update_appointment(
                appointment,
                {
                    "starts_at": utcnow() + timedelta(days=5),
                    "location": "Quito",
                    "purpose": "Review",
                    "counsellor_id": receiver.id,
                },
                actor=receiver,
                version=appointment.version,
            )
        except services.CaseworkError:
            pass
        else:
            raise AssertionError("a cancelled appointment was moved")
        db.session.rollback()


def test_without_a_counsellor_the_tasks_wait_for_the_receiving_office(
    app, client, make, sign_in
):
    w = _transfer(app, make, sign_in, with_counsellor=False)
    assert load(app, Task, w["open_task"]).assignee_id is None
    home = w["quito_client"].get("/home").get_data(as_text=True)
    assert "Open tasks nobody has in your office" in home
    assert "Call the training centre" in home
    summary = w["quito_client"].get(f"/cases/{w['case'].id}").get_data(as_text=True)
    assert "1 open task left for the office to take" in summary
    with app.app_context():
        event = db.session.scalar(
            select(CaseEvent).where(
                CaseEvent.case_id == w["case"].id, CaseEvent.kind == HANDED_OVER
            )
        )
        assert event.data["tasks"] == 1 and event.data["appointments"] == 1
        assert event.data["counsellor_id"] is None


def test_the_sending_counsellor_is_told_where_the_case_went_and_nothing_more(
    app, client, make, sign_in
):
    w = _transfer(app, make, sign_in, with_counsellor=True)
    case_id = w["case"].id
    # Quito writes on the case after taking it.
    add_note(app, case_id, w["receiver"].id, body="Secret of the new office")
    add_task(app, case_id, w["receiver"].id, title="New office's own task")
    # Madrid's home no longer lists the handed-over task, and every page of the case says
    # where it went, with nothing of what it holds now.
    home = client.get("/home").get_data(as_text=True)
    assert "Call the training centre" not in home
    for url in (f"/cases/{case_id}", f"/cases/{case_id}/tasks", f"/cases/{case_id}/notes"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert f"Case {w['case'].reference} was transferred" in page
        assert "Transferred to Oficina Quito (Ecuador) on" in page
        for secret in ("Secret of the new office", "New office's own task", "Call the training"):
            assert secret not in page
    # A write to it is refused, and changes nothing.
    response = client.post(f"/cases/{case_id}/notes", data={"kind": "phone", "body": "x"})
    assert response.status_code == 409
    # Someone from a third office still gets a plain 404.
    lima = make.office("PE", city="Lima")
    stranger = other_client(app, make.user("counsellor", office_id=lima.id))
    assert stranger.get(f"/cases/{case_id}").status_code == 404


def test_the_receiving_home_lists_incoming_transfers(app, client, make, sign_in):
    madrid, me, case = office_with_counsellor(make, sign_in)
    quito = make.office("EC", city="Quito", name="Oficina Quito")
    receiver = make.user("counsellor", office_id=quito.id, locale="en")
    client.post(f"/cases/{case.id}/transfer", data={"to_office": str(quito.id), "reason": "x"})
    home = other_client(app, receiver).get("/home").get_data(as_text=True)
    assert "Transfers waiting for your office" in home
    assert case.reference in home and f'href="/cases/{case.id}"' in home
    # Once answered, it is no longer waiting.
    with app.app_context():
        transfer = db.session.scalar(
            select(CaseTransfer).where(CaseTransfer.status == TransferStatus.PENDING)
        )
        transfer_id = transfer.id
    quito_client = other_client(app, receiver)
    quito_client.post(
        f"/cases/{case.id}/transfer/{transfer_id}/decline", data={"decline_reason": "No room"}
    )
    assert "Transfers waiting for your office" not in quito_client.get("/home").get_data(
        as_text=True
    )
