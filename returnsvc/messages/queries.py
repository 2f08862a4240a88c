"""Reads of a case's conversation: its state, a page of its messages, what one side has not
read, and the counsellor's home notice (unread messages from the people of their cases).

Every read is one bounded statement, whatever the number of messages: pages fetch one message
more than they show to know whether there are older ones; nothing is counted but the unread
messages, through a partial index of them.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, and_, bindparam, false, func, literal_column, or_, select, tuple_

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, Stage
from returnsvc.cases.visibility import VISIBLE, viewer_kind, viewer_params
from returnsvc.core.paging import keyset_page
from returnsvc.core.templating import url_pattern
from returnsvc.extensions import db
from returnsvc.messages.models import Message, MessageSender, MessageThread
from returnsvc.returnees.models import Returnee, display_name

PER_PAGE = 30
NOTICE_SHOWN = 15


@dataclass(frozen=True)
class ThreadState:
    """Whether the conversation is closed (when, by whom) and how many of the other side's
    messages the reader has not opened."""

    closed_at: datetime | None
    closed_by: str | None
    unread: int

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class ShownMessage:
    id: int
    sender: MessageSender
    author: str | None
    body: str
    sent_at: datetime
    read_at: datetime | None

    @property
    def is_from_person(self) -> bool:
        return self.sender is MessageSender.PERSON


def thread_state(case_id: int, reader: MessageSender) -> ThreadState:
    """The conversation's state for `reader` (one statement): unread = the other side's
    messages not read yet."""
    other = MessageSender.COUNSELLOR if reader is MessageSender.PERSON else MessageSender.PERSON
    unread = (
        select(func.count())
        .select_from(Message)
        .where(Message.case_id == case_id, Message.sender == other, Message.read_at.is_(None))
        .scalar_subquery()
    )
    closed_at = (
        select(MessageThread.closed_at).where(MessageThread.case_id == case_id).scalar_subquery()
    )
    closed_by = (
        select(User.full_name)
        .join(MessageThread, MessageThread.closed_by_id == User.id)
        .where(MessageThread.case_id == case_id)
        .scalar_subquery()
    )
    row = db.session.execute(select(closed_at, closed_by, unread)).one()
    return ThreadState(closed_at=row[0], closed_by=row[1], unread=row[2])


def messages_page(
    case_id: int, before: int | None = None, per_page: int = PER_PAGE
) -> tuple[list[ShownMessage], int | None]:
    """The newest `per_page` messages before the message `before` (None: the newest), oldest
    first as a conversation reads, with their authors' names; and the id to pass as `before`
    for the older ones (None when there are none)."""
    stmt = (
        select(
            Message.id,
            Message.sender,
            User.full_name,
            Message.body,
            Message.sent_at,
            Message.read_at,
        )
        .outerjoin(User, User.id == Message.author_id)
        .where(Message.case_id == case_id)
    )
    if before is not None:
        # Keyset: everything older than the anchor message of this case (ties broken by id).
        anchor = (
            select(Message.sent_at)
            .where(Message.id == before, Message.case_id == case_id)
            .scalar_subquery()
        )
        stmt = stmt.where(tuple_(Message.sent_at, Message.id) < tuple_(anchor, before))
    rows = db.session.execute(
        stmt.order_by(Message.sent_at.desc(), Message.id.desc()).limit(per_page + 1)
    )
    page, older = keyset_page(rows, per_page)
    shown = [ShownMessage(*row) for row in reversed(page)]
    return shown, older


# --- the counsellor's home ----------------------------------------------------------------


def _notice_statement(kind: str):
    """Built once per kind of viewer. Cases of the counsellor's caseload (assigned to them,
    or to nobody in their office: someone there must read those) with messages from the person
    not read yet, the latest first."""
    if kind not in _STATEMENTS:
        me = bindparam("me", type_=Integer)
        office = bindparam("office", type_=Integer)
        caseload = or_(
            Case.counsellor_id == me,
            and_(Case.counsellor_id.is_(None), Case.office_id == office),
        )
        _STATEMENTS[kind] = (
            select(
                Case.id.label("case_id"),
                Case.reference,
                Returnee.id.label("returnee_id"),
                Returnee.given_names,
                Returnee.first_surname,
                Returnee.second_surname,
                Returnee.anonymised_at,
                func.count().label("unread"),
                func.max(Message.sent_at).label("latest"),
            )
            .select_from(Message)
            .join(Case, Case.id == Message.case_id)
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(
                Message.sender == MessageSender.PERSON,
                Message.read_at.is_(None),
                caseload,
                Case.stage != Stage.CLOSED,
                VISIBLE[kind] if kind else false(),
            )
            .group_by(Case.id, Returnee.id)
            .order_by(func.max(Message.sent_at).desc(), Case.id.desc())
            .limit(literal_column(str(NOTICE_SHOWN + 1), Integer))
        )
    return _STATEMENTS[kind]


_STATEMENTS: dict = {}


def unread_from_people(user) -> tuple[list[dict], bool]:
    """For the counsellor's home: the open cases of their caseload (assigned to them, or to
    nobody in their office) whose person wrote messages nobody has read yet, the latest
    first: ([{case_id, reference, person, unread, latest, url}], more). One statement,
    bounded."""
    kind = viewer_kind(user)
    if kind != "counsellor":
        return [], False
    params = {"me": user.id, "office": user.office_id, **viewer_params(user)}
    rows = db.session.execute(_notice_statement(kind), params).all()
    url = url_pattern("messages.case_messages", "case_id")
    return [
        {
            "case_id": row.case_id,
            "reference": row.reference,
            "person": display_name(
                row.returnee_id,
                row.given_names,
                row.first_surname,
                row.second_surname,
                row.anonymised_at,
            ),
            "unread": row.unread,
            "latest": row.latest,
            "url": url.format(row.case_id),
        }
        for row in rows[:NOTICE_SHOWN]
    ], len(rows) > NOTICE_SHOWN
