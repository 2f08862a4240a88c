"""What the messages hang on the case workspace besides the tab: the timeline (who wrote,
never what), the subject-access record (JSON and printable), the erasure step, the portal
section, and nothing to hand over when the case moves to another office."""

import json

from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.cases.workspace import workspace_of
from returnsvc.extensions import db
from returnsvc.messages import services
from returnsvc.messages.models import Message
from tests.messages.helpers import EN, conversation, messages_of, signed_in


def _send(app, case_id, user_id, body, *, person=False):
    with app.test_request_context(headers=EN):
        case = db.session.get(Case, case_id)
        actor = db.session.get(User, user_id)
        send = services.send_from_person if person else services.send_from_counsellor
        send(case, {"body": body}, actor=actor)
        db.session.commit()


def test_messages_register_every_part(app):
    ws = workspace_of(app)
    assert "messages.case_messages" in [tab.endpoint for tab in ws.tabs]
    assert "messages" in [s.name for s in ws.subject_sections]
    assert "messages" in [step.name for step in ws.erasure_steps]
    assert "messages" in [p.key for p in ws.portal_sections]
    assert {
        "messages.from_person",
        "messages.from_counsellor",
        "messages.closed",
        "messages.reopened",
    } <= set(ws.event_kinds)
    # A transfer hands nothing of the conversation over: it stays with the case.
    assert not [step for step in ws.hand_over_steps if "message" in step.name]


def test_the_timeline_says_who_wrote_and_never_what(app, make):
    c = conversation(app, make)
    _send(app, c.case.id, c.account.id, "Secret one", person=True)
    _send(app, c.case.id, c.account.id, "Secret two", person=True)
    _send(app, c.case.id, c.counsellor.id, "Secret answer")
    c.staff.post(f"{c.tab}/close")
    c.staff.post(f"{c.tab}/reopen")
    page = c.staff.get(f"/cases/{c.case.id}/timeline").get_data(as_text=True)
    assert "Messages from the person (2)" in page
    assert "Message from the counsellor" in page
    assert "Conversation with the person closed" in page
    assert "Conversation with the person reopened" in page
    assert "Secret" not in page
    # The person's account is not named as the actor of their messages.
    assert c.account.email not in page


def test_the_subject_access_record_holds_the_conversation(app, make):
    c = conversation(app, make)
    _send(app, c.case.id, c.account.id, "Can I change my course?", person=True)
    _send(app, c.case.id, c.counsellor.id, "Yes,\nwe can.")
    c.staff.post(f"{c.tab}/close")
    export = json.loads(c.staff.get(f"/cases/{c.case.id}/person/export.json").get_data())
    first, second = export["messages"]["messages"]
    assert first["from"] == "person" and first["text"] == "Can I change my course?"
    assert first["counsellor"] == "" and first["case"] == c.case.reference
    assert second["from"] == "counsellor" and second["counsellor"] == "Lucía Fernández"
    assert second["text"] == "Yes,\nwe can." and second["sent_at"].endswith("+00:00")
    assert export["codes"]["message_sender"] == {"counsellor": "Counsellor", "person": "The person"}
    assert export["messages"]["closed_conversations"][0]["case"] == c.case.reference
    record = c.staff.get(f"/cases/{c.case.id}/person/record").get_data(as_text=True)
    assert 'id="record-messages"' in record and "Can I change my course?" in record
    assert "From the counsellor Lucía Fernández" in record and "Yes,<br>we can." in record
    assert "was closed on" in record


def test_anonymising_blanks_the_texts_and_keeps_who_and_when(app, make):
    c = conversation(app, make, given_names="Rosaura")
    _send(app, c.case.id, c.account.id, "My phone is 600 000 000", person=True)
    _send(app, c.case.id, c.counsellor.id, "Noted.")
    before = messages_of(app, c.case.id)
    manager = signed_in(app, make.user("manager", office_id=c.office.id, locale="en"))
    done = manager.post(f"/cases/{c.case.id}/person/anonymise", data={"confirm_name": "guamán"})
    assert done.status_code == 302
    after = messages_of(app, c.case.id)
    assert [m.body for m in after] == ["", ""]
    assert [(m.sender, m.author_id, m.sent_at) for m in after] == [
        (m.sender, m.author_id, m.sent_at) for m in before
    ]
    tab = c.staff.get(c.tab).get_data(as_text=True)
    assert "600 000 000" not in tab and "(text erased)" in tab
    # Nobody's portal any more.
    assert c.person.get("/my/messages").status_code in (302, 404)


def test_a_transferred_case_keeps_its_conversation(app, make):
    c = conversation(app, make)
    _send(app, c.case.id, c.account.id, "Before the move", person=True)
    other_office = make.office("ES")
    with app.test_request_context():
        db.session.execute(
            Case.__table__.update()
            .where(Case.__table__.c.id == c.case.id)
            .values(office_id=other_office.id, counsellor_id=None)
        )
        db.session.commit()
    receiving = signed_in(app, make.user("counsellor", office_id=other_office.id, locale="en"))
    # The receiving office's home lists it (nobody is assigned there yet), and its tab shows it.
    assert "1 new message" in receiving.get("/home").get_data(as_text=True)
    assert "Before the move" in receiving.get(c.tab).get_data(as_text=True)
    assert "1 new message" not in receiving.get("/home").get_data(as_text=True)
    assert c.staff.get(c.tab).status_code in (403, 404)
    with app.app_context():
        assert db.session.scalar(select(Message.case_id)) == c.case.id
