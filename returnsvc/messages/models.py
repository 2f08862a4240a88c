"""Messages between a returnee and the counsellors of their case (issue #17): one conversation
per case, text only.

Each message says who sent it (the person, through their portal, or a counsellor of the office
that holds the case), its text (plain text, at most BODY_MAX characters, cleaned like every
other text of the service), when it was sent and when the other side read it. The thread row
holds the conversation's state: a counsellor may close it (the person can then no longer
write) and reopen it. The thread stays with the case when the case moves to another office.
"""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import utcnow
from returnsvc.core.enums import LabelledEnum, enum_column_type
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db

BODY_MAX = 2000


class MessageSender(LabelledEnum):
    PERSON = "person", _l("The person")
    COUNSELLOR = "counsellor", _l("Counsellor")


class MessageThread(db.Model):
    """The conversation of a case: made with its first message (or when it is first closed).
    Closed: `closed_at` and who closed it; reopened: both empty again (the audit trail and the
    timeline keep every close and reopen)."""

    __tablename__ = "message_thread"
    __table_args__ = (
        CheckConstraint("closed_by_id IS NULL OR closed_at IS NOT NULL", name="closer_when_closed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), unique=True
    )
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def __repr__(self) -> str:
        return f"<MessageThread {self.id} case={self.case_id} closed={self.is_closed}>"


class Message(db.Model):
    """A message of a case's conversation. Never edited or deleted (anonymising the person
    blanks its text); `read_at` is when the other side first opened the conversation after
    it was sent."""

    __tablename__ = "case_message"
    __table_args__ = (
        CheckConstraint(f"char_length(body) <= {BODY_MAX}", name="body_length"),
        # The conversation, a page at a time (newest first, keyset on sent_at and id).
        Index("ix_case_message_case_sent", "case_id", "sent_at", "id"),
        # What one side has not read yet: the counsellor's home, the person's portal card.
        Index(
            "ix_case_message_unread", "case_id", "sender", postgresql_where=text("read_at IS NULL")
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    sender: Mapped[MessageSender] = mapped_column(enum_column_type(MessageSender, "message_sender"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    @property
    def is_from_person(self) -> bool:
        return self.sender is MessageSender.PERSON

    def __repr__(self) -> str:
        return f"<Message {self.id} case={self.case_id} from={self.sender.value}>"
