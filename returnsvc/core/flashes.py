"""Flash messages kept on the server; the session cookie carries only their random ids.

Flask keeps flashes in the session cookie, which is signed but not encrypted: anyone holding
the cookie (a shared computer, a proxy log) could read "María Pérez registered" out of it.
Here the message, already turned into escaped HTML, is stored in `flash_message` and the
cookie holds an unguessable id; the next page reads and deletes it.

Every module flashes through `flash` below and templates read `flashed_messages()`; a test
keeps Flask's own `flash` out of the package.
"""

import secrets
from datetime import datetime, timedelta

from flask import session
from markupsafe import Markup, escape
from sqlalchemy import String, Text, delete
from sqlalchemy.orm import Mapped, mapped_column

from returnsvc.core.db import utcnow
from returnsvc.core.request_cycle import keep_on_rollback
from returnsvc.extensions import db

SESSION_KEY = "_flash_ids"
# A message never shown (the tab was closed) is dropped after this long.
KEPT_FOR = timedelta(days=1)
MAX_WAITING = 10  # more than this many unread messages in one session: the oldest go


class FlashMessage(db.Model):
    __tablename__ = "flash_message"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    category: Mapped[str] = mapped_column(String(20))
    # Escaped HTML: plain and lazy text escaped, Markup (message_with) as built.
    html: Mapped[str] = mapped_column(Text)


def flash(message, category: str = "message") -> None:
    """Show `message` on the next page. It survives a rolled-back request (a refusal is
    flashed, then everything the request wrote is undone)."""
    row = {
        "id": secrets.token_urlsafe(16),
        "category": category[:20],
        "html": str(escape(message)),
        "created_at": utcnow(),
    }
    db.session.add(FlashMessage(**row))
    keep_on_rollback(lambda: FlashMessage(**row))
    waiting = [*session.get(SESSION_KEY, ()), row["id"]]
    session[SESSION_KEY] = waiting[-MAX_WAITING:]


def flashed_messages() -> list[tuple[str, Markup]]:
    """The messages flashed for this session, oldest first, each shown once; no query when
    there are none (nearly every page)."""
    ids = session.pop(SESSION_KEY, None)
    if not ids or not isinstance(ids, list):
        return []
    ids = [value for value in ids if isinstance(value, str)][:MAX_WAITING]
    found = {
        row.id: (row.category, Markup(row.html))
        for row in db.session.execute(
            delete(FlashMessage)
            .where(FlashMessage.id.in_(ids))
            .returning(FlashMessage.id, FlashMessage.category, FlashMessage.html)
        )
    }
    db.session.execute(delete(FlashMessage).where(FlashMessage.created_at < utcnow() - KEPT_FOR))
    return [found[value] for value in ids if value in found]
