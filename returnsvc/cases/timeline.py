"""The case timeline: everything that happened on a case, newest first, with who and when,
built from the timeline sources the features registered (cases.workspace).

One statement per page, whatever the number of sources: a UNION ALL of every source's newest
rows before the cursor, the actors' names joined. Pages are keyset pages on (time, kind, id):
"show older" continues exactly where the page ended, with no cap and no count.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup
from sqlalchemy import (
    DateTime,
    Integer,
    String,
    bindparam,
    false,
    literal_column,
    select,
    true,
    tuple_,
    union_all,
)

from returnsvc.auth.models import User
from returnsvc.cases.visibility import can_read_confidential
from returnsvc.cases.workspace import CaseWorkspace, statement_params, workspace
from returnsvc.core.numbers import BIGINT_MAX, parse_id
from returnsvc.core.paging import keyset_page
from returnsvc.extensions import db

PER_PAGE = 30
# Before every real event: the first page's cursor.
END = (datetime(9999, 12, 31, tzinfo=UTC), "", 0)
_BEFORE_AT = bindparam("before_at", type_=DateTime(timezone=True))
_BEFORE_KIND = bindparam("before_kind", type_=String)
_BEFORE_REF = bindparam("before_ref", type_=Integer)
_KIND = re.compile(r"[a-z_]{1,20}\.[a-z_]{1,20}")


@dataclass
class Event:
    at: datetime
    kind: str
    css: str
    title: Markup | str
    detail: Markup | str = ""
    actor: str = ""
    count: int = 1
    details: list = field(default_factory=list)


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the (time, kind, id) of its last event."""

    at: datetime
    kind: str
    ref: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}~{self.kind}~{self.ref}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """The cursor of a "show older" link; anything odd is None (the first page)."""
        parts = (text or "").split("~")
        ref = parse_id(parts[2], maximum=BIGINT_MAX) if len(parts) == 3 else None
        if ref is None or not _KIND.fullmatch(parts[1]):
            return None
        try:
            at = datetime.fromisoformat(parts[0])
        except ValueError:
            return None
        if at.tzinfo is None:
            return None
        return cls(at, parts[1], ref)


def case_timeline(case, viewer, before: Cursor | None = None, per_page: int = PER_PAGE):
    """(events, cursor of the next page or None): the page of events before `before`."""
    ws = workspace()
    params = statement_params(case)
    at, kind, ref = (before.at, before.kind, before.ref) if before else END
    params.update(before_at=at, before_kind=kind, before_ref=ref)
    statement = _statement(ws, can_read_confidential(case, viewer), per_page)
    rows, cursor = keyset_page(
        db.session.execute(statement, params), per_page, key=lambda r: Cursor(r.at, r.kind, r.ref)
    )
    return events_of(ws, rows), cursor


def _statement(ws: CaseWorkspace, with_confidential: bool, per_page: int):
    """Built once per app and variant (building a dozen-branch statement on every page cost
    more than running it)."""
    cache = ws.__dict__.setdefault("statements", {})
    key = ("timeline", with_confidential, per_page)
    if key not in cache:
        cache[key] = build_statement(ws, true() if with_confidential else false(), per_page)
    return cache[key]


def build_statement(ws: CaseWorkspace, confidential, per_page: int):
    """The page of events before the cursor: `confidential` is an SQL condition saying
    whether the viewer may read the case's confidential records."""
    # Written into the SQL when the statement is built: a "literal_execute" value (core.db.
    # inline) would be put into this long statement anew at every execution.
    limit = literal_column(str(int(per_page) + 1), Integer)
    branches = []
    for source in ws.timeline_sources:
        rows = source.rows(confidential)
        names = list(rows.selected_columns.keys())
        if names != ["actor_id", "data"]:
            raise ValueError(f"timeline source {source.name} selects {names}")
        branches.append(
            rows.add_columns(
                source.at.label("at"), source.kind.label("kind"), source.ref.label("ref")
            )
            .where(
                source.at <= _BEFORE_AT,
                tuple_(source.at, source.kind, source.ref)
                < tuple_(_BEFORE_AT, _BEFORE_KIND, _BEFORE_REF),
            )
            .order_by(source.at.desc(), source.kind.desc(), source.ref.desc())
            .limit(limit)
        )
    union = union_all(*branches).subquery()
    return (
        select(union.c.at, union.c.kind, union.c.ref, union.c.data, User.full_name.label("actor"))
        .outerjoin(User, User.id == union.c.actor_id)
        .order_by(union.c.at.desc(), union.c.kind.desc(), union.c.ref.desc())
        .limit(limit)
    )


def events_of(ws: CaseWorkspace, rows) -> list[Event]:
    """Rows to events in the page's language; a run of events that group (skills recorded
    one after another by one person on one day) becomes one event with a count."""
    events: list[Event] = []
    for row in rows:
        kind = ws.event_kinds.get(row.kind)
        if kind is None:  # written by a feature this app does not have
            continue
        title, detail = kind.describe(_Data(row.data or {}))
        last = events[-1] if events else None
        if (
            kind.several is not None
            and last is not None
            and last.kind == row.kind
            and last.actor == (row.actor or "")
            and last.at.date() == row.at.date()
        ):
            last.count += 1
            last.details.append(detail)
            last.title = kind.several % {"num": last.count}
            last.detail = Markup("; ").join(reversed(last.details))
            continue
        events.append(
            Event(row.at, row.kind, kind.css, title, detail, row.actor or "", details=[detail])
        )
    return events


class _Data(dict):
    """A row's JSON object, read as attributes (missing keys are None); timestamps come as
    ISO text and are read with `.time(name)`."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)

    def time(self, name: str) -> datetime | None:
        value = self.get(name)
        return datetime.fromisoformat(value) if value else None
