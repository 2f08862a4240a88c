"""What the messages hang on the case workspace: the Messages tab, the timeline's message and
conversation events (messages.timeline_sources), the conversation in the subject-access
record, its erasure, and the person's Messages page in their portal with its card on the
portal's home (messages.portal_section).

A transfer of the case hands nothing over: the conversation belongs to the case and is there
for the counsellors of whichever office holds it."""

from sqlalchemy import select, update

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.cases.workspace import CaseTab, ErasureStep, PortalSection, SubjectSection
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.messages import portal_section
from returnsvc.messages.models import Message, MessageThread
from returnsvc.messages.timeline_sources import EVENTS, TIMELINE

__all__ = ["TABS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE", "PORTAL"]

# Whoever may see the case reads the conversation; the tab's forms are for the counsellors of
# the office that holds it (messages.views).
TABS = (CaseTab("messages.case_messages", _l("Messages"), 65),)


# --- the subject-access record and erasure ----------------------------------------------------


def _messages_record(returnee, case_ids, viewer) -> dict:
    """Every message of the person's cases the viewer may see, oldest first, with who sent it
    (the person, or a counsellor by name), and whether each conversation is closed."""
    rows = db.session.execute(
        select(Message, Case.reference, User.full_name)
        .join(Case, Case.id == Message.case_id)
        .outerjoin(User, User.id == Message.author_id)
        .where(Message.case_id.in_(case_ids))
        .order_by(Message.sent_at, Message.id)
    ).all()
    closed = db.session.execute(
        select(Case.reference, MessageThread.closed_at)
        .join(Case, Case.id == MessageThread.case_id)
        .where(MessageThread.case_id.in_(case_ids), MessageThread.closed_at.is_not(None))
        .order_by(MessageThread.closed_at)
    ).all()
    return {
        "messages": [
            {
                "case": reference,
                "from": message.sender,
                "counsellor": "" if message.is_from_person else (author or ""),
                "sent_at": message.sent_at,
                "read_at": message.read_at,
                "text": message.body,
            }
            for message, reference, author in rows
        ],
        "closed_conversations": [
            {"case": reference, "closed_at": closed_at} for reference, closed_at in closed
        ],
    }


SUBJECT = (
    SubjectSection(
        "messages",
        62,
        _l("Messages with the counsellor"),
        _messages_record,
        "messages/_record.html",
    ),
)


def _erase(returnee_id: int, case_ids) -> None:
    """The messages' texts are blanked; who sent them and when stay for statistics."""
    db.session.execute(
        update(Message)
        .where(Message.case_id.in_(case_ids))
        .values(body="")
        .execution_options(synchronize_session=False)
    )


ERASURE = (ErasureStep("messages", _erase),)


# --- the person's portal (messages.portal_section) --------------------------------------------

PORTAL = (
    PortalSection(
        portal_section.KEY,
        _l("Messages"),
        70,
        portal_section.load,
        "messages/_portal.html",
        card="messages/_portal_card.html",
        action=portal_section.send,
    ),
)
