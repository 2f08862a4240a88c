"""The case's summary tab: the registered panels (cases.workspace.SummaryPanel), read in one
statement whatever the number of features: each panel is a scalar subquery giving one JSON
value, and the statement selects them side by side (with, for those who work on the case, the
choices of its forms)."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, select, true

from returnsvc.cases.visibility import can_read_confidential
from returnsvc.cases.workspace import CaseWorkspace, SummaryPanel, statement_params, workspace
from returnsvc.extensions import db


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    data: Any


def summary_of(case, viewer, extra: dict | None = None) -> tuple[list[Panel], dict]:
    """(the panels in order with their data, {name: value} of the `extra` columns).

    `extra` = {name: scalar subquery}: further values the page needs for the same case (the
    choices of its forms), read in the same statement. The names must be the same on every
    call with the same set (the statement is cached by them)."""
    ws = workspace()
    extra = extra or {}
    with_confidential = can_read_confidential(case, viewer)
    statement = _statement(ws, with_confidential, extra)
    row = db.session.execute(statement, statement_params(case)).one()
    values = row._mapping
    panels = [
        Panel(p.name, p.template, p.build(values[p.name], case, viewer)) for p in ws.panels
    ]
    return panels, {name: values[name] for name in extra}


def _statement(ws: CaseWorkspace, with_confidential: bool, extra: dict):
    cache = ws.__dict__.setdefault("statements", {})
    key = ("summary", with_confidential, tuple(sorted(extra)))
    if key not in cache:
        columns = [_column(panel, with_confidential) for panel in ws.panels]
        columns += [column.label(name) for name, column in sorted(extra.items())]
        cache[key] = select(*columns)
    return cache[key]


def _column(panel: SummaryPanel, with_confidential: bool):
    return panel.column(true() if with_confidential else false()).label(panel.name)
