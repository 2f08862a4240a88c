"""The counsellor's home: recent activity on the cases assigned to the user, the latest notes
and stage changes merged in one statement. Confidential notes appear only where the user may
read them, and even then without their text: a home page is read over shoulders.
"""

from functools import lru_cache

from sqlalchemy import and_, bindparam, false, func, literal, null, select, type_coerce, union_all
from sqlalchemy import case as sql_case
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseTransition
from returnsvc.cases.visibility import VIEWER_OFFICE
from returnsvc.casework.models import CaseNote
from returnsvc.core.db import inline
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.templating import url_pattern
from returnsvc.extensions import db
from returnsvc.home.case_rows import PERSON, person_of, visible
from returnsvc.returnees.models import Returnee

ACTIVITY_SHOWN = 10
EXCERPT_LENGTH = 160


@lru_cache(maxsize=32)
def _activity_statement(kind, shown: int):
    """The latest notes and the latest stage changes on cases assigned to the user, merged."""
    mine = and_(Case.counsellor_id == bindparam("me"), visible(kind))
    # The rule of visibility.can_read_confidential, in SQL: counsellors of the owning office.
    if kind == "counsellor":
        may_read_confidential = Case.office_id == VIEWER_OFFICE
    else:
        may_read_confidential = false()
    author, actor = aliased(User), aliased(User)
    no_stage = type_coerce(null(), CaseTransition.to_stage.type)
    notes = (
        select(
            CaseNote.occurred_at.label("at"),
            CaseNote.id.label("event_id"),
            literal("note").label("source"),
            CaseNote.kind,
            CaseNote.is_confidential,
            # Confidential text never leaves the database for this page.
            sql_case(
                (CaseNote.is_confidential, literal("")),
                else_=func.left(CaseNote.body, EXCERPT_LENGTH + 1),
            ).label("excerpt"),
            no_stage.label("from_stage"),
            no_stage.label("to_stage"),
            author.full_name.label("actor"),
            *PERSON,
        )
        .join(Case, Case.id == CaseNote.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .outerjoin(author, author.id == CaseNote.author_id)
        .where(mine, ~CaseNote.is_confidential | may_read_confidential)
        .order_by(CaseNote.occurred_at.desc(), CaseNote.id.desc())
        .limit(inline(shown))
    )
    transitions = (
        select(
            CaseTransition.occurred_at,
            CaseTransition.id,
            literal("stage"),
            type_coerce(null(), CaseNote.kind.type),
            false(),
            literal(""),
            CaseTransition.from_stage,
            CaseTransition.to_stage,
            actor.full_name,
            *PERSON,
        )
        .join(Case, Case.id == CaseTransition.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .outerjoin(actor, actor.id == CaseTransition.actor_id)
        .where(mine)
        .order_by(CaseTransition.occurred_at.desc(), CaseTransition.id.desc())
        .limit(inline(shown))
    )
    both = union_all(notes, transitions).subquery()
    return (
        select(both)
        .order_by(both.c.at.desc(), both.c.source, both.c.event_id.desc())
        .limit(inline(shown))
    )


def recent_activity(kind, params) -> list[dict]:
    rows = db.session.connection().execute(_activity_statement(kind, ACTIVITY_SHOWN), params)
    notes = url_pattern("casework.notes", "case_id")
    stages = url_pattern("cases.detail", "case_id")
    return [
        _note_event(row, notes) if row.source == "note" else _stage_event(row, stages)
        for row in rows
    ]


def _note_event(row, url: str) -> dict:
    if row.is_confidential:
        title = _l("Confidential note (%(kind)s)", kind=row.kind.label)
    else:
        title = _l("Note (%(kind)s)", kind=row.kind.label)
    return {
        "at": row.at,
        "kind": "note",
        "title": title,
        "detail": _excerpt(row.excerpt),
        "actor": row.actor or "",
        "url": url.format(row.case_id),
        **person_of(row),
    }


def _stage_event(row, url: str) -> dict:
    if row.from_stage is None:
        title = _l("Case opened")
    else:
        title = _l(
            "Stage: %(from)s → %(to)s", **{"from": row.from_stage.label, "to": row.to_stage.label}
        )
    return {
        "at": row.at,
        "kind": "stage",
        "title": title,
        "detail": "",
        "actor": row.actor or "",
        "url": url.format(row.case_id),
        **person_of(row),
    }


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"
