"""The conversation's events on the case timeline: each message ("Message from the person",
"Message from the counsellor": never its text, which stays on the Messages tab) and each close
and reopen of the conversation (case events written by messages.services). Registered with
the rest of the messages contributions (messages.contributions)."""

from flask_babel import gettext as _
from sqlalchemy import Integer, String, cast, literal_column, null, select
from sqlalchemy import case as sql_case

from returnsvc.cases.models import CaseEvent
from returnsvc.cases.workspace import (
    CASE_ID,
    EventKind,
    TimelineSource,
    event_columns,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.messages.models import Message, MessageSender
from returnsvc.messages.services import CLOSED, REOPENED

FROM_PERSON = "messages.from_person"
FROM_COUNSELLOR = "messages.from_counsellor"

# The kind of a message's event, from its sender: two kinds, so that a run of messages from
# one side on one day reads as one event ("Messages from the person (3)").
_KIND = cast(
    sql_case(
        (Message.sender == MessageSender.PERSON, literal_column(f"'{FROM_PERSON}'")),
        else_=literal_column(f"'{FROM_COUNSELLOR}'"),
    ),
    String,
)


def _message_rows(_confidential):
    # The person's own account is not named as the actor: "from the person" says who, and
    # the account's name would outlive the person's anonymisation on the timeline.
    actor = sql_case(
        (Message.sender == MessageSender.PERSON, cast(null(), Integer)), else_=Message.author_id
    )
    return select(*event_columns(actor, sender=Message.sender)).where(Message.case_id == CASE_ID)


def _thread_rows(_confidential):
    return select(CaseEvent.actor_id.label("actor_id"), CaseEvent.data.label("data")).where(
        CaseEvent.case_id == CASE_ID, CaseEvent.kind.in_((CLOSED, REOPENED))
    )


TIMELINE = (
    TimelineSource("messages", Message.sent_at, _KIND, Message.id, _message_rows),
    TimelineSource(
        "conversation closed and reopened",
        CaseEvent.occurred_at,
        CaseEvent.kind,
        CaseEvent.id,
        _thread_rows,
    ),
)

EVENTS = (
    EventKind(
        FROM_PERSON,
        "person",
        lambda d: (_("Message from the person"), ""),
        several=_l("Messages from the person (%(num)d)"),
    ),
    EventKind(
        FROM_COUNSELLOR,
        "note",
        lambda d: (_("Message from the counsellor"), ""),
        several=_l("Messages from the counsellor (%(num)d)"),
    ),
    EventKind(CLOSED, "message", lambda d: (_("Conversation with the person closed"), "")),
    EventKind(REOPENED, "message", lambda d: (_("Conversation with the person reopened"), "")),
)
