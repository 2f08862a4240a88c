"""The person's side of the conversation: the Messages page of their portal (/my/messages) and
its card on the portal's home, registered as a portal section (messages.contributions).

The portal hands every section the signed-in person's own case and record; nothing here takes
a case or a person from the URL or the form. Every portal page asks every section what it has
(`load`), so the home and the other pages read only the conversation's state and how many
messages are new (one statement); the messages themselves are read on the Messages page
only, and opening that page (a GET of it) marks the counsellor's messages as read. (The
portal has no other signal that a section's page was opened: `load` asks the request.)
"""

from dataclasses import dataclass

from flask import request

from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.numbers import BIGINT_MAX
from returnsvc.core.paging import number_arg
from returnsvc.messages import queries, services
from returnsvc.messages.models import BODY_MAX, MessageSender

KEY = "messages"
_PAGE_ENDPOINT = "portal.section"  # /my/<key>: the portal's page of a section


@dataclass(frozen=True)
class PortalThread:
    """What the person's Messages page and card show: the conversation's state (`unread`:
    the counsellor's messages new to the person), and on the page itself a page of the
    messages, oldest first (`older`: the id to read older ones before, `before`: the page's
    own anchor, None for the newest)."""

    state: queries.ThreadState
    case_is_open: bool
    messages: list | None = None
    older: int | None = None
    before: int | None = None
    body_max: int = BODY_MAX
    me: MessageSender = MessageSender.PERSON  # the side reading (messages/_conversation.html)

    @property
    def can_write(self) -> bool:
        return self.case_is_open and not self.state.is_closed


def _opening() -> bool:
    """Whether this request is the person opening their Messages page."""
    return (
        request.method == "GET"
        and request.endpoint == _PAGE_ENDPOINT
        and (request.view_args or {}).get("key") == KEY
    )


def load(case, returnee, viewer) -> PortalThread | None:
    """Nothing before the person has a case (no menu entry, no card); else the conversation's
    state, and on the Messages page its messages (the counsellor's are read from then on)."""
    if case is None:
        return None
    state = queries.thread_state(case.id, MessageSender.PERSON)
    if not _opening():
        return PortalThread(state, case.is_open)
    before = number_arg("before", maximum=BIGINT_MAX)
    messages, older = queries.messages_page(case.id, before)
    if state.unread:
        services.mark_read(case, MessageSender.PERSON)
    return PortalThread(state, case.is_open, messages, older, before)


def send(case, returnee, viewer):
    """The person's message (POST /my/messages): sent, or refused with the reason."""
    services.send_from_person(case, request.form, actor=viewer)
    return _l("Your message was sent. Your counsellor will answer here.")
