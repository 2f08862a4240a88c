"""The case's summary tab in one statement: the case as its header shows it (no ORM objects),
every registered summary panel, and the latest events of the timeline, for a case the viewer
may see. The summary is the most visited page of the app; with the user's row it costs two
statements whatever the features and the case hold: the view's line in the access log is
written by the same statement (a data-modifying WITH, only for a case the viewer may see).

The statement is built once per app, kind of viewer and page size (cases.visibility: VISIBLE
and CONFIDENTIAL with the viewer's office or country bound), then only executed.
"""

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, NamedTuple

from flask import abort, request
from sqlalchemy import Integer, String, bindparam, func, insert, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from returnsvc.auth.models import User
from returnsvc.cases.loaders import not_visible
from returnsvc.cases.models import Case, CaseAccess, CloseReason, Stage
from returnsvc.cases.services import keep_view_on_rollback
from returnsvc.cases.timeline import END, Cursor, Event, build_statement, events_of
from returnsvc.cases.visibility import CONFIDENTIAL, VISIBLE, viewer_kind, viewer_params
from returnsvc.cases.workspace import CASE_ID, json_object, statement_params, workspace
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import Returnee, Sex


class OfficeView(NamedTuple):
    name: str
    country: str


class CounsellorView(NamedTuple):
    full_name: str


@dataclass(frozen=True)
class PersonView:
    id: int
    given_names: str
    first_surname: str
    second_surname: str
    anonymised_at: datetime | None
    origin_country: str
    region_code: str
    city: str
    sex: Sex
    birth_date: date | None
    consent_service_at: datetime | None
    consent_sharing_at: datetime | None
    consent_statistics_at: datetime | None

    # The same rules as the model's (returnees.models.Returnee).
    full_name = Returnee.full_name
    is_anonymised = Returnee.is_anonymised
    has_consent = Returnee.has_consent


@dataclass(frozen=True)
class CaseView:
    id: int
    reference: str
    stage: Stage
    opened_at: datetime
    closed_at: datetime | None
    close_reason: CloseReason | None
    office_id: int
    counsellor_id: int | None
    returnee_id: int
    version: int
    office: OfficeView
    counsellor: CounsellorView | None
    returnee: PersonView

    is_open = Case.is_open


@dataclass(frozen=True)
class Panel:
    """A registered summary panel with its data, as the summary tab shows it."""

    name: str
    template: str
    data: Any


@dataclass(frozen=True)
class SummaryPage:
    case: CaseView
    panels: list[Panel]
    events: list[Event]
    older: Cursor | None  # where "show older" continues


# The person, the office and the counsellor are read through aliases, so that no panel's or
# source's subquery over those tables correlates with the outer query (those over Case use
# aliases of their own: cases.workspace, cases.visibility).
# (Table aliases, not ORM ones: building those at import would configure every mapper.)
_case = Case.__table__.c
_person = Returnee.__table__.alias("person").c
_office = Office.__table__.alias("case_office").c
_counsellor = User.__table__.alias("case_counsellor").c
_CASE = (
    _case.id, _case.reference, _case.stage, _case.opened_at, _case.closed_at,
    _case.close_reason, _case.office_id, _case.counsellor_id, _case.returnee_id, _case.version,
)  # fmt: skip
_PERSON = (
    _person.id, _person.given_names, _person.first_surname, _person.second_surname,
    _person.anonymised_at, _person.origin_country, _person.region_code, _person.city,
    _person.sex, _person.birth_date, _person.consent_service_at, _person.consent_sharing_at,
    _person.consent_statistics_at,
)  # fmt: skip
_HEAD = len(_CASE) + 3 + len(_PERSON)


def summary_page(case_id: int, viewer, events: int) -> SummaryPage:
    """The summary tab of a case the viewer may see (404 otherwise), with the latest `events`
    of its timeline; the view goes to the access log."""
    kind = viewer_kind(viewer)
    if kind is None:
        abort(404)
    ws = workspace()
    statement = _statement(ws, kind, events)
    params = {"case_id": case_id, **viewer_params(viewer)}
    params.update(before_at=END[0], before_kind=END[1], before_ref=END[2])
    params.update(statement_params(_Ids(case_id)))
    # The view goes to the access log in the same statement (only when the case is visible).
    params.update(viewer_id=viewer.id, ip_address=request.remote_addr)
    row = db.session.execute(statement, params).one_or_none()
    if row is None:
        not_visible(case_id, viewer)
    case = _case_view(row[:_HEAD])
    keep_view_on_rollback(case, viewer, "summary")
    values = row._mapping
    panels = [
        Panel(panel.name, panel.template, panel.build(values[panel.name], case, viewer))
        for panel in ws.panels
    ]
    rows = [_timeline_row(item) for item in values["timeline"] or ()]
    older = None
    if len(rows) > events:
        rows = rows[:events]
        older = Cursor(rows[-1].at, rows[-1].kind, rows[-1].ref)
    return SummaryPage(case, panels, events_of(ws, rows), older)


class _Ids(NamedTuple):
    id: int


def _statement(ws, kind: str, events: int):
    cache = ws.__dict__.setdefault("statements", {})
    key = ("summary page", kind, events)
    if key not in cache:
        confidential = CONFIDENTIAL[kind]
        timeline = build_statement(ws, confidential, events).subquery()
        timeline_column = select(
            func.jsonb_agg(
                aggregate_order_by(
                    json_object(
                        at=timeline.c.at,
                        kind=timeline.c.kind,
                        ref=timeline.c.ref,
                        data=timeline.c.data,
                        actor=timeline.c.actor,
                    ),
                    timeline.c.at.desc(),
                    timeline.c.kind.desc(),
                    timeline.c.ref.desc(),
                )
            )
        ).scalar_subquery()
        panels = [panel.column(confidential).label(panel.name) for panel in ws.panels]
        logged = (
            insert(CaseAccess)
            .from_select(
                ["case_id", "user_id", "viewed_at", "what", "ip_address"],
                select(
                    Case.id,
                    bindparam("viewer_id", type_=Integer),
                    func.now(),
                    literal_column("'summary'"),
                    bindparam("ip_address", type_=String),
                ).where(Case.id == CASE_ID, VISIBLE[kind]),
            )
            .cte("logged")
        )
        cache[key] = (
            select(
                *_CASE, _office.name, _office.country, _counsellor.full_name, *_PERSON,
                *panels, timeline_column.label("timeline"),
            )  # fmt: skip
            .join(_office.id.table, _office.id == _case.office_id)
            .join(_person.id.table, _person.id == _case.returnee_id)
            .outerjoin(_counsellor.id.table, _counsellor.id == _case.counsellor_id)
            .where(_case.id == CASE_ID, VISIBLE[kind])
            .add_cte(logged)
        )
    return cache[key]


def _case_view(head) -> CaseView:
    case_part, rest = head[: len(_CASE)], head[len(_CASE) :]
    office_name, office_country, counsellor_name, *person = rest
    return CaseView(
        *case_part,
        office=OfficeView(office_name, office_country),
        counsellor=CounsellorView(counsellor_name) if counsellor_name is not None else None,
        returnee=PersonView(*person),
    )


def _timeline_row(item: dict) -> SimpleNamespace:
    return SimpleNamespace(
        at=datetime.fromisoformat(item["at"]),
        kind=item["kind"],
        ref=item["ref"],
        data=item["data"],
        actor=item["actor"],
    )
