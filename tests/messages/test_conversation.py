"""The conversation between a person and their counsellor, through the pages: the person
writes in their portal, the counsellor sees it on the case's Messages tab and on their home,
answers, the person reads the answer; closing, reopening, refusals, who may read what."""

import re

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases.models import CaseEvent
from returnsvc.extensions import db
from returnsvc.messages.models import BODY_MAX, MessageSender
from returnsvc.messages.queries import PER_PAGE
from tests.casework.helpers import close_case
from tests.helpers import count_statements
from tests.messages.helpers import (
    EN,
    LIVE,
    MARKUP,
    conversation,
    main_part,
    messages_of,
    signed_in,
    thread_of,
)


def _write(client, body):
    return client.post("/my/messages", data={"body": body}, headers=EN)


def test_the_person_writes_the_counsellor_answers_and_the_person_reads_it(app, make):
    c = conversation(app, make)
    # The person's home offers to write; nothing is new yet.
    home = c.person.get("/my", headers=EN).get_data(as_text=True)
    assert "Write to my counsellor" in home and "/my/messages#write" in home
    sent = _write(c.person, "Hello, I have a question\r\nabout the course.")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/my/messages")
    page = c.person.get("/my/messages", headers=EN).get_data(as_text=True)
    assert "Your message was sent." in page
    assert "Hello, I have a question<br>about the course." in page
    [message] = messages_of(app, c.case.id)
    assert message.sender is MessageSender.PERSON and message.author_id == c.account.id
    assert message.body == "Hello, I have a question\nabout the course."
    assert message.sent_at.tzinfo is not None and message.read_at is None

    # The counsellor's home names the person and how many messages are new.
    home = c.staff.get("/home").get_data(as_text=True)
    assert "New messages from people" in home and "start with their messages" in home
    assert f'href="/cases/{c.case.id}/messages"' in home and "1 new message" in home
    # The tab shows the message as new, and opening it reads it.
    tab = c.staff.get(c.tab).get_data(as_text=True)
    assert "Hello, I have a question<br>about the course." in tab
    assert "badge-warning" in tab and 'name="body"' in tab
    assert messages_of(app, c.case.id)[0].read_at is not None
    assert "New messages from people" not in c.staff.get("/home").get_data(as_text=True)

    answer = c.staff.post(c.tab, data={"body": "Yes: the course starts on Monday."})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/cases/{c.case.id}/messages#reply-title")
    reply = messages_of(app, c.case.id)[1]
    assert reply.sender is MessageSender.COUNSELLOR and reply.author_id == c.counsellor.id

    # The person's home says there is a new message; the page shows it with the sender.
    home = c.person.get("/my", headers=EN).get_data(as_text=True)
    assert "1 new message from your counsellor" in home
    page = main_part(c.person.get("/my/messages", headers=EN).get_data(as_text=True))
    assert "Your counsellor, Lucía Fernández" in page and "You</strong>" in page
    assert "Yes: the course starts on Monday." in page
    assert page.index("Hello, I have a question") < page.index("the course starts on Monday")
    assert messages_of(app, c.case.id)[1].read_at is not None
    home = c.person.get("/my", headers=EN).get_data(as_text=True)
    assert "new message from your counsellor" not in home

    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "message.sent").order_by(AuditEntry.id)
        ).all()
        assert [(a.actor_id, a.changes["sender"]) for a in actions] == [
            (c.account.id, "person"),
            (c.counsellor.id, "counsellor"),
        ]
        assert all("question" not in str(a.changes) for a in actions)  # never the text


def test_the_person_sees_times_in_their_local_time(app, make):
    c = conversation(app, make)
    _write(c.person, "What time is it?")
    page = c.person.get("/my/messages", headers=EN).get_data(as_text=True)
    [message] = messages_of(app, c.case.id)
    assert f'datetime="{message.sent_at.isoformat()}"' in page


def test_a_closed_conversation_refuses_the_person_and_is_reopened(app, make):
    c = conversation(app, make)
    _write(c.person, "First question")
    closed = c.staff.post(f"{c.tab}/close")
    assert closed.status_code == 302
    thread = thread_of(app, c.case.id)
    assert thread.closed_at is not None and thread.closed_by_id == c.counsellor.id
    tab = c.staff.get(c.tab).get_data(as_text=True)
    assert "Closed on" in tab and "Lucía Fernández" in tab and "Reopen the conversation" in tab

    page = c.person.get("/my/messages", headers=EN).get_data(as_text=True)
    assert "Your counsellor closed this conversation" in page
    assert 'name="body"' not in page and "First question" in page  # read, not written
    refused = _write(c.person, "Second question")
    assert refused.status_code == 200  # the page again, with the reason
    page = refused.get_data(as_text=True)
    assert "Your counsellor has closed this conversation, so you cannot write here now." in page
    assert [m.body for m in messages_of(app, c.case.id)] == ["First question"]

    assert c.staff.post(f"{c.tab}/reopen").status_code == 302
    assert thread_of(app, c.case.id).closed_at is None
    assert _write(c.person, "Second question").status_code == 302
    assert [m.body for m in messages_of(app, c.case.id)] == ["First question", "Second question"]
    with app.app_context():
        kinds = db.session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == c.case.id).order_by(CaseEvent.id)
        ).all()
        assert [k for k in kinds if k.startswith("messages.")] == [
            "messages.closed",
            "messages.reopened",
        ]
        actions = db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.action.like("message_thread.%"))
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["message_thread.closed", "message_thread.reopened"]


def test_a_counsellor_message_reopens_a_closed_conversation(app, make):
    c = conversation(app, make)
    c.staff.post(f"{c.tab}/close")
    tab = c.staff.get(c.tab).get_data(as_text=True)
    assert "sending a message reopens it" in tab
    assert c.staff.post(c.tab, data={"body": "One more thing."}).status_code == 302
    assert thread_of(app, c.case.id).closed_at is None
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "message_thread.reopened")
        ).one()
        assert entry.changes == {"case_id": c.case.id, "by_message": True}
    assert _write(c.person, "Thanks").status_code == 302
    assert len(messages_of(app, c.case.id)) == 2


def test_closing_twice_and_reopening_an_open_one_say_so(app, make):
    c = conversation(app, make)
    c.staff.post(f"{c.tab}/close")
    c.staff.post(f"{c.tab}/close")
    assert "The conversation is already closed." in c.staff.get(c.tab).get_data(as_text=True)
    c.staff.post(f"{c.tab}/reopen")
    c.staff.post(f"{c.tab}/reopen")
    assert "The conversation is open already." in c.staff.get(c.tab).get_data(as_text=True)


def test_a_closed_case_takes_no_messages(app, make):
    c = conversation(app, make)
    close_case(app, c.case.id)
    page = c.person.get("/my/messages", headers=EN).get_data(as_text=True)
    assert "Your case is closed, so you cannot write here now." in page
    page = _write(c.person, "Hello?").get_data(as_text=True)
    assert "Your case is closed, so messages can no longer be sent." in page
    assert c.staff.post(c.tab, data={"body": "Hi"}).status_code == 409
    assert "This case is closed. Reopen it to write to the person." in c.staff.get(c.tab).get_data(
        as_text=True
    )
    assert messages_of(app, c.case.id) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write your message."),
        ("   \r\n  ", "Write your message."),
        ("x" * (BODY_MAX + 1), f"At most {BODY_MAX} characters, please."),
    ],
)
def test_empty_or_too_long_is_refused_with_a_message(app, make, body, message):
    c = conversation(app, make)
    refused = _write(c.person, body)
    # The page again, with the reason and what was typed (escaped) still in the box.
    assert refused.status_code == 200 and message in refused.get_data(as_text=True)
    if body.strip():
        assert f">{body}</textarea>" in refused.get_data(as_text=True)
    response = c.staff.post(c.tab, data={"body": body})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    assert messages_of(app, c.case.id) == []
    assert thread_of(app, c.case.id) is None  # nothing half-written


def test_the_longest_message_is_taken(app, make):
    c = conversation(app, make)
    assert _write(c.person, "x" * BODY_MAX).status_code == 302
    assert c.staff.post(c.tab, data={"body": "y" * BODY_MAX}).status_code == 302
    assert [len(m.body) for m in messages_of(app, c.case.id)] == [BODY_MAX, BODY_MAX]


def test_nul_bytes_are_refused(app, make):
    c = conversation(app, make)
    assert _write(c.person, "Hello\x00there").status_code == 400
    assert c.staff.post(c.tab, data={"body": "Hello\x00there"}).status_code == 400
    assert messages_of(app, c.case.id) == []


def test_markup_comes_back_as_text_everywhere(app, make):
    c = conversation(app, make)
    _write(c.person, MARKUP)
    c.staff.post(c.tab, data={"body": MARKUP})
    _write(c.person, MARKUP)
    escaped = "&lt;meta http-equiv=refresh content=0&gt;"
    pages = {
        "portal": c.person.get("/my/messages", headers=EN),
        "portal home": c.person.get("/my", headers=EN),
        "home notice": c.staff.get("/home"),
        "tab": c.staff.get(c.tab),
        "timeline": c.staff.get(f"/cases/{c.case.id}/timeline"),
        "summary": c.staff.get(f"/cases/{c.case.id}"),
        "printable record": c.staff.get(f"/cases/{c.case.id}/person/record"),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert not any(live in html for live in LIVE), name
    for name in ("portal", "tab", "printable record"):
        assert escaped in pages[name].get_data(as_text=True), name
    # The timeline says who wrote, never what.
    timeline = pages["timeline"].get_data(as_text=True)
    assert "Message from the person" in timeline or "Messages from the person" in timeline
    assert "Message from the counsellor" in timeline and "http-equiv" not in timeline
    export = c.staff.get(f"/cases/{c.case.id}/person/export.json")
    assert export.mimetype == "application/json"
    assert MARKUP.replace('"', '\\"') in export.get_data(as_text=True)  # JSON text, not a page


def test_markup_in_a_refused_message_is_not_echoed_live(app, make):
    c = conversation(app, make)
    response = c.staff.post(c.tab, data={"body": "<meta http-equiv=refresh content=0>" * 300})
    assert response.status_code == 200
    assert "<meta http-equiv=refresh" not in response.get_data(as_text=True)
    # The person's refused message comes back in the box as text.
    mine = _write(c.person, '"></textarea><img src=x onerror=alert(1)>' * 400)
    html = mine.get_data(as_text=True)
    assert mine.status_code == 200 and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_another_office_cannot_read_or_write(app, make):
    c = conversation(app, make)
    _write(c.person, "Private question")
    elsewhere = make.office("ES")
    stranger = signed_in(app, make.user("counsellor", office_id=elsewhere.id, locale="en"))
    assert stranger.get(c.tab).status_code == 404
    for url in (c.tab, f"{c.tab}/close", f"{c.tab}/reopen"):
        assert stranger.post(url, data={"body": "Intrusion"}).status_code == 404
    assert "Private question" not in stranger.get("/home").get_data(as_text=True)
    assert [m.body for m in messages_of(app, c.case.id)] == ["Private question"]
    assert messages_of(app, c.case.id)[0].read_at is None


def test_readers_read_without_marking_and_cannot_write(app, make):
    c = conversation(app, make)
    _write(c.person, "For my counsellor")
    manager = signed_in(app, make.user("manager", office_id=c.office.id, locale="en"))
    page = manager.get(c.tab).get_data(as_text=True)
    assert "For my counsellor" in page and 'name="body"' not in page
    assert "Close the conversation" not in page
    assert messages_of(app, c.case.id)[0].read_at is None  # still new for the counsellor
    assert manager.post(c.tab, data={"body": "Hi"}).status_code == 403
    assert manager.post(f"{c.tab}/close").status_code == 403
    assert thread_of(app, c.case.id).closed_at is None


def test_a_returnee_reads_only_their_own_conversation(app, make):
    mine = conversation(app, make, given_names="Rosa")
    other = make.case(office_id=mine.office.id, counsellor_id=mine.counsellor.id, given_names="Ana")
    other_account = make.portal_account(other.returnee_id, locale="en")
    other_browser = signed_in(app, other_account)
    _write(mine.person, "Rosa's secret")
    mine.staff.post(mine.tab, data={"body": "Answer for Rosa"})
    page = other_browser.get("/my/messages", headers=EN).get_data(as_text=True)
    assert "Rosa's secret" not in page and "Answer for Rosa" not in page
    assert "There are no messages yet." in page
    # Ids in the URL or the form change nothing: the case is the signed-in person's own.
    first = messages_of(app, mine.case.id)[0]
    for query in (f"?before={first.id + 1}", f"?case_id={mine.case.id}", "?before=²"):
        html = other_browser.get(f"/my/messages{query}", headers=EN).get_data(as_text=True)
        assert "Rosa's secret" not in html and "Answer for Rosa" not in html
    other_browser.post(
        "/my/messages", data={"body": "Ana writes", "case_id": mine.case.id}, headers=EN
    )
    assert [m.body for m in messages_of(app, other.id)] == ["Ana writes"]
    assert "Ana writes" not in [m.body for m in messages_of(app, mine.case.id)]
    # The staff pages stay closed to returnees.
    assert other_browser.get(mine.tab).status_code == 403
    assert other_browser.post(mine.tab, data={"body": "x"}).status_code == 403
    assert messages_of(app, mine.case.id)[1].read_at is None  # Rosa has not read it


def test_a_person_without_a_case_has_no_messages_page(app, make):
    returnee_id = make.returnee()
    browser = signed_in(app, make.portal_account(returnee_id, locale="en"))
    assert browser.get("/my/messages").status_code == 404
    assert browser.post("/my/messages", data={"body": "Hi"}).status_code == 404
    assert "/my/messages" not in browser.get("/my").get_data(as_text=True)


def test_older_messages_a_page_at_a_time(app, make):
    c = conversation(app, make)
    for n in range(PER_PAGE + 3):
        _write(c.person, f"Message number {n:03d}")
    tab = c.staff.get(c.tab).get_data(as_text=True)
    assert f"Message number {PER_PAGE + 2:03d}" in tab and "Message number 002" not in tab
    assert "Older messages" in tab
    older = re.search(r'href="([^"]*\?before=[0-9]+)">Older messages', tab).group(1)
    page = c.staff.get(older).get_data(as_text=True)
    assert "Message number 000" in page and "Message number 002" in page
    assert f"Message number {PER_PAGE + 2:03d}" not in page
    assert "Back to the newest messages" in page
    portal = c.person.get(older.replace(f"/cases/{c.case.id}/messages", "/my/messages"))
    assert "Message number 000" in portal.get_data(as_text=True)


def test_the_tab_statements_do_not_grow_with_messages(app, make):
    c = conversation(app, make)
    _write(c.person, "One")
    c.staff.get(c.tab)  # warm-up
    _write(c.person, "Two")
    with count_statements(app) as few:
        assert c.staff.get(c.tab).status_code == 200
    for n in range(40):
        _write(c.person, f"Many {n}")
        c.staff.post(c.tab, data={"body": f"Answer {n}"})
    c.staff.get(c.tab)  # shows the answers' flash messages
    _write(c.person, "Last")
    with count_statements(app) as many:
        assert c.staff.get(c.tab).status_code == 200
    queries = [s for s in many if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(many) == len(few), queries
    # The portal page too.
    c.person.get("/my/messages")  # shows the person's flash messages
    c.staff.post(c.tab, data={"body": "More"})
    with count_statements(app) as portal_few:
        c.person.get("/my/messages")
    for n in range(10):
        c.staff.post(c.tab, data={"body": f"More {n}"})
    with count_statements(app) as portal_many:
        c.person.get("/my/messages")
    assert len(portal_many) == len(portal_few)
