"""Writes of a case's conversation: a message from the person (their portal) or from a
counsellor (the case's Messages tab), closing and reopening the conversation, and marking one
side's messages as read.

Services flush, never commit; they take the acting user explicitly, check everything before
they change anything and refuse with a MessageError whose message is translated for the user.
Every message sent and every close and reopen is audited (never the text: a message may hold
health or family matters, and audit entries are not erased) and, for closing and reopening,
written on the case's timeline as a case event; the messages are on the timeline themselves
(messages.timeline_sources).

Closing: a counsellor closes the conversation when it has served its purpose; the person can
then read it but no longer write. A counsellor reopens it with the Reopen button, or simply by
writing: a counsellor's message to a closed conversation reopens it (audited and on the
timeline as a reopening, then the message). A closed case takes no messages from either side
(the case is reopened first).

The conversation's row is locked while a message is written or the conversation is closed or
reopened, so that a message from the person and a counsellor closing the conversation at the
same moment happen one after the other: the message is either in before the close, or refused.
"""

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from returnsvc.audit.services import record
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case
from returnsvc.cases.visibility import can_work_on
from returnsvc.core import cleaning
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.messages.models import BODY_MAX, Message, MessageSender, MessageThread

# Case events (cases.models.CaseEvent) of the conversation, shown on the timeline.
CLOSED = "messages.closed"
REOPENED = "messages.reopened"


class MessageError(Refusal):
    """A refused message or change of the conversation; `message` is translated."""


def clean_body(data: dict) -> str:
    """The message's text as stored: plain text, lines kept, at most BODY_MAX characters."""
    return cleaning.text(
        data, "body", max_length=BODY_MAX, required=_l("Write your message."), multiline=True
    )


def locked_thread(case: Case) -> MessageThread:
    """The case's conversation, made if it has none yet, locked until the transaction ends
    (two first messages at once make one thread: the second insert does nothing)."""
    db.session.execute(
        insert(MessageThread)
        .values(case_id=case.id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["case_id"])
    )
    return db.session.scalars(
        select(MessageThread)
        .where(MessageThread.case_id == case.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def send_from_person(case: Case, data: dict, *, actor) -> Message:
    """A message from the person whose case it is (`actor`: their linked account), to the
    counsellors of the office that holds it. Refused on a closed case or a closed
    conversation."""
    if actor is None or case.returnee.user_id != getattr(actor, "id", None):
        raise MessageError(_l("You can only write about your own case."))
    if not case.is_open:
        raise MessageError(
            _l("Your case is closed, so messages can no longer be sent. Please contact the office.")
        )
    body = clean_body(data)
    thread = locked_thread(case)
    if thread.is_closed:
        raise MessageError(
            _l(
                "Your counsellor has closed this conversation, so you cannot write here now. "
                "If you need something, please call or visit the office."
            )
        )
    return _add(case, MessageSender.PERSON, body, actor)


def send_from_counsellor(case: Case, data: dict, *, actor) -> Message:
    """A counsellor's message to the person. A closed conversation is reopened by it."""
    _require_counsellor(case, actor)
    body = clean_body(data)
    thread = locked_thread(case)
    if thread.is_closed:
        _reopen(case, thread, actor, by_message=True)
    return _add(case, MessageSender.COUNSELLOR, body, actor)


def close_thread(case: Case, *, actor) -> MessageThread:
    """Close the conversation: the person can read it but no longer write."""
    _require_counsellor(case, actor)
    thread = locked_thread(case)
    if thread.is_closed:
        raise MessageError(_l("The conversation is already closed."))
    thread.closed_at = utcnow()
    thread.closed_by_id = actor.id
    db.session.flush()
    record("message_thread.closed", actor=actor, target=thread, changes={"case_id": case.id})
    record_event(case.id, CLOSED, actor=actor, thread_id=thread.id)
    return thread


def reopen_thread(case: Case, *, actor) -> MessageThread:
    """Reopen a closed conversation: the person may write again."""
    _require_counsellor(case, actor)
    thread = locked_thread(case)
    if not thread.is_closed:
        raise MessageError(_l("The conversation is open already."))
    _reopen(case, thread, actor, by_message=False)
    return thread


def mark_read(case: Case, reader: MessageSender) -> int:
    """The messages of the other side than `reader` not read yet are read now (one
    statement, however many); how many were."""
    other = MessageSender.COUNSELLOR if reader is MessageSender.PERSON else MessageSender.PERSON
    result = db.session.execute(
        update(Message)
        .where(Message.case_id == case.id, Message.sender == other, Message.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _require_counsellor(case: Case, actor) -> None:
    """Counsellors of the office that holds the case write to its conversation, on an open
    case (the views check first; this holds for any other caller)."""
    if not can_work_on(case, actor):
        raise MessageError(
            _l("Only the counsellors of the office that holds the case can do this.")
        )
    if not case.is_open:
        raise MessageError(_l("This case is closed. Reopen it before making changes."))


def _reopen(case: Case, thread: MessageThread, actor, *, by_message: bool) -> None:
    thread.closed_at = None
    thread.closed_by_id = None
    db.session.flush()
    record(
        "message_thread.reopened",
        actor=actor,
        target=thread,
        changes={"case_id": case.id, "by_message": by_message},
    )
    record_event(case.id, REOPENED, actor=actor, thread_id=thread.id)


def _add(case: Case, sender: MessageSender, body: str, actor) -> Message:
    message = Message(
        case_id=case.id, sender=sender, author_id=actor.id, body=body, sent_at=utcnow()
    )
    db.session.add(message)
    db.session.flush()
    record(
        "message.sent",
        actor=actor,
        target=message,
        changes={"case_id": case.id, "sender": sender.value, "length": len(body)},
    )
    return message
