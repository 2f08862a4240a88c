"""The case workspace: what each feature hangs on a case, registered when its blueprint is.

`cases` never imports a feature. A feature describes its part of the case page here — its tab,
its summary panel, its timeline events, its section of the subject-access record, its step
of anonymisation, what it requires before a case enters a stage and how it hands its work over
when the case moves to another office — and registers them
with `contribute(bp, ...)`, which runs when the app registers the feature's blueprint. The
registry lives on the app (`app.extensions`), so an app
built without a feature has no trace of it: no tab, no panel, no events, no export section, no
erasure step. (Indico's event modules hang menu entries, timetable items and clone steps on an
event the same way, through signals.)

The case page reads the registered panels in one statement (each panel is a scalar subquery
giving one JSON value) and the timeline in another (one UNION ALL of the registered sources),
whatever the number of features.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import Date, Integer, String, bindparam, cast, func, literal_column, null, select

from returnsvc.cases.models import Case, Stage
from returnsvc.core.clock import local_today
from returnsvc.core.languages import LOCALES
from returnsvc.core.permissions import Permission

EXTENSION_KEY = "case_workspace"

# What every contributed statement may use: the case's id (bound) and its person's id (read by
# the statement itself from the case, so that a page can read the case and everything hung on
# it in one statement; an alias, so that it never correlates with an enclosing query).
CASE_ID = bindparam("case_id", type_=Integer)
_this_case = Case.__table__.alias("this_case")
RETURNEE_ID = select(_this_case.c.returnee_id).where(_this_case.c.id == CASE_ID).scalar_subquery()
# The page's language and the other one, for labels read with a fallback (taxonomy titles).
PAGE_LOCALE = bindparam("page_locale", type_=String)
OTHER_LOCALE = bindparam("other_locale", type_=String)
# Today where the viewer is (core.clock), for "overdue": never the database's CURRENT_DATE,
# which is the day in UTC.
VIEWER_TODAY = bindparam("viewer_today", type_=Date)


def statement_params(case) -> dict:
    """The values of CASE_ID, PAGE_LOCALE, OTHER_LOCALE and VIEWER_TODAY for a case."""
    page = str(get_locale() or LOCALES[0])
    page = page if page in LOCALES else LOCALES[0]
    return {
        "case_id": case.id,
        "page_locale": page,
        "other_locale": next(code for code in LOCALES if code != page),
        "viewer_today": local_today(),
    }


def json_object(**columns):
    """A JSON object built in SQL from named columns (keys are names from our code)."""
    pairs = [
        part for key, column in columns.items() for part in (literal_column(f"'{key}'"), column)
    ]
    return func.jsonb_build_object(*pairs)


_KIND = re.compile(r"[a-z_]{1,20}\.[a-z_]{1,20}")


def event_kind(code: str):
    """An event kind as a constant of a timeline source's SQL ("casework.note"), written into
    the statement rather than bound: kinds are names from our code, checked here."""
    if not _KIND.fullmatch(code):
        raise ValueError(f"not an event kind: {code!r}")
    # A cast, not a bare constant: PostgreSQL refuses a constant in ORDER BY.
    return cast(literal_column(f"'{code}'"), String)


def event_columns(actor_id, **data):
    """The two columns a timeline source selects: who did it, and what its text needs."""
    actor = actor_id if actor_id is not None else cast(null(), Integer)
    return (actor.label("actor_id"), json_object(**data).label("data"))


@dataclass(frozen=True)
class CaseTab:
    """A tab of the case page: its own URL taking `case_id`, shown in `order`."""

    endpoint: str
    label: Any  # a lazy string
    order: int
    permission: Permission | None = None  # None: whoever may see the case


@dataclass(frozen=True)
class SummaryPanel:
    """A block of the case's summary tab.

    `column(confidential)` returns a scalar subquery giving one JSON value for the case (it
    may use CASE_ID, RETURNEE_ID and VIEWER_TODAY; `confidential` is an SQL condition:
    whether the viewer may read the case's confidential records); `build(value, case,
    viewer)` turns that value into what `template` shows as `panel`. All panels are read in
    one statement."""

    name: str
    order: int
    template: str
    column: Callable
    build: Callable = field(default=lambda value, case, viewer: value)


@dataclass(frozen=True)
class TimelineSource:
    """Rows of one kind of thing that happens on a case, as a branch of the timeline's UNION.

    `rows(confidential)` is a SELECT with the labelled columns `actor_id` and `data` (a
    JSON object of what the event's text needs) for the case bound as CASE_ID / RETURNEE_ID,
    with confidential rows only where the SQL condition `confidential` holds;
    `at`, `kind` and `ref` are its time, its kind (a literal or a column of codes) and an id
    that makes the event unique among those of its kind: the timeline pages by
    (at, kind, ref)."""

    name: str
    at: Any
    kind: Any
    ref: Any
    rows: Callable


@dataclass(frozen=True)
class EventKind:
    """How an event of `kind` reads: `describe(data)` returns (title, detail), both escaped
    (Markup) or plain text; `css` groups it visually (note, task, plan, person...). With
    `several` (a message with %(num)d), a run of such events by one person on one day shows
    as one ("Skills recorded (4)")."""

    kind: str
    css: str
    describe: Callable
    several: Any = None


@dataclass(frozen=True)
class SubjectSection:
    """A section of the subject-access record: `collect(returnee, case_ids, viewer)` returns
    its data as values: enums and core.codes values (codes that carry their label), dates,
    instants, Decimals, text. The JSON download writes them as codes and ISO dates
    (cases.subject.subject_json); `template` (optional) shows them on the printable record as
    a document for the person, given `record` (that data): labels (`.label`), dates through
    the `date` / `datetime` filters, never a code."""

    name: str
    order: int
    title: Any
    collect: Callable
    template: str | None = None


@dataclass(frozen=True)
class ErasureStep:
    """A step of anonymising a person: `erase(returnee_id, case_ids)` blanks what the feature
    holds that identifies them or was written about them, keeping what statistics need."""

    name: str
    erase: Callable


@dataclass(frozen=True)
class StageGuard:
    """What a feature requires before a case enters `stage` from one of `from_stages`:
    `refuse(case)` returns the message saying what is missing (translated), or None. The case's
    own stage service asks every guard, whichever page or command moves the case."""

    stage: Stage
    from_stages: tuple[Stage, ...]
    refuse: Callable


@dataclass(frozen=True)
class HandOverStep:
    """What a feature does with its work on a case when a transfer is accepted (the case has
    just moved): `hand_over(case, transfer, counsellor, actor)` hands its rows to the receiving
    office (`counsellor`: the one chosen on accepting, or None), audits and records on the
    timeline what it did, and returns counts of it for the transfer's audit entry
    ({"tasks_reassigned": 2}). It runs in the transfer's transaction."""

    name: str
    hand_over: Callable


@dataclass(frozen=True)
class PortalSection:
    """A page of the returnee portal that a case feature provides (their savings, their
    business, their messages...), at /my/<key>, listed in the portal's menu by `order`.

    `load(case, returnee, viewer)` returns what `template` shows as `section` (None: the
    section has nothing for this person: no menu entry, no card, 404); `card` (optional) is a
    template for the portal home, given the same `section`. Everything read is the signed-in
    person's own: the portal passes their own case and record, never an id from the URL.
    `action(case, returnee, viewer, form)` (optional) handles a POST to the page and returns
    a message to flash, or raises a Refusal."""

    key: str
    label: Any  # a lazy string
    order: int
    load: Callable
    template: str
    card: str | None = None
    action: Callable | None = None


@dataclass(frozen=True)
class ReportFigure:
    """A figure of the programme-outcomes dashboard (returnsvc.reports), shown in `order`.

    `compute(scope)` reads it for a `reports.filters.Scope` (the cases the viewer may see,
    narrowed by the filters; the period is the scope's) aggregating in SQL, in a fixed number
    of statements, and returns what `template` shows as `figure` (a table, with a chart of the
    same numbers drawn by reports' macros). `definition` (a lazy string) says exactly what is
    counted, on the help page. `export(figure)` returns (header, rows) of plain values for the
    CSV/XLSX export of the figures; None: the figure is not exported. People are counted by
    sex (women, men, other or not said) wherever a figure counts people."""

    key: str
    title: Any  # a lazy string
    order: int
    compute: Callable
    template: str
    definition: Any
    export: Callable | None = None


@dataclass
class CaseWorkspace:
    tabs: list[CaseTab] = field(default_factory=list)
    panels: list[SummaryPanel] = field(default_factory=list)
    timeline_sources: list[TimelineSource] = field(default_factory=list)
    event_kinds: dict[str, EventKind] = field(default_factory=dict)
    subject_sections: list[SubjectSection] = field(default_factory=list)
    erasure_steps: list[ErasureStep] = field(default_factory=list)
    stage_guards: list[StageGuard] = field(default_factory=list)
    hand_over_steps: list[HandOverStep] = field(default_factory=list)
    portal_sections: list[PortalSection] = field(default_factory=list)
    report_figures: list[ReportFigure] = field(default_factory=list)

    def add(
        self,
        *,
        tabs=(),
        panels=(),
        timeline=(),
        events=(),
        subject=(),
        erasure=(),
        guards=(),
        handover=(),
        portal=(),
        figures=(),
    ):
        self.tabs = sorted([*self.tabs, *tabs], key=lambda tab: tab.order)
        self.panels = sorted([*self.panels, *panels], key=lambda panel: panel.order)
        self.timeline_sources = [*self.timeline_sources, *timeline]
        for event in events:
            if event.kind in self.event_kinds:
                raise ValueError(f"event kind {event.kind!r} registered twice")
            self.event_kinds[event.kind] = event
        self.subject_sections = sorted(
            [*self.subject_sections, *subject], key=lambda section: section.order
        )
        self.erasure_steps = [*self.erasure_steps, *erasure]
        self.stage_guards = [*self.stage_guards, *guards]
        self.hand_over_steps = [*self.hand_over_steps, *handover]
        self.portal_sections = sorted(
            [*self.portal_sections, *portal], key=lambda section: section.order
        )
        self.report_figures = sorted(
            [*self.report_figures, *figures], key=lambda figure: figure.order
        )
        keys = [section.key for section in self.portal_sections]
        if len(keys) != len(set(keys)):
            raise ValueError(f"a portal section key is registered twice: {keys}")

    def refusal_to_enter(self, case: Case, target: Stage):
        """The first registered guard's message against moving `case` to `target`, or None."""
        for guard in self.stage_guards:
            if guard.stage is target and case.stage in guard.from_stages:
                message = guard.refuse(case)
                if message:
                    return message
        return None

    def hand_over(self, case: Case, transfer, counsellor, actor) -> dict:
        """Every registered hand-over step, in registration order: their counts, merged."""
        done = {}
        for step in self.hand_over_steps:
            done.update(step.hand_over(case, transfer, counsellor, actor) or {})
        return done


def workspace_of(app) -> CaseWorkspace:
    return app.extensions.setdefault(EXTENSION_KEY, CaseWorkspace())


def workspace() -> CaseWorkspace:
    """The current app's workspace."""
    return workspace_of(current_app)


_PARTS = {
    "tabs": "TABS",
    "panels": "PANELS",
    "timeline": "TIMELINE",
    "events": "EVENTS",
    "subject": "SUBJECT",
    "erasure": "ERASURE",
    "guards": "GUARDS",
    "handover": "HANDOVER",
    "portal": "PORTAL",
    "figures": "FIGURES",
}


def contribute(bp, contributions) -> None:
    """Register a feature's parts when `bp` is registered on an app. `contributions` is the
    feature's module of them (`<feature>/contributions.py`): TABS, PANELS, TIMELINE, EVENTS,
    SUBJECT, ERASURE, GUARDS, HANDOVER, PORTAL and FIGURES, each a tuple (a part it lacks is
    left out)."""
    parts = {name: getattr(contributions, attr, ()) for name, attr in _PARTS.items()}
    bp.record_once(lambda state: workspace_of(state.app).add(**parts))
