"""The dashboard's figures, kept for a few minutes (REPORT_FIGURES_SECONDS, 10 by default).

Computing every figure for a country's year reads the stage history, the ledger, the
placements... of tens of thousands of cases: about half a second at 100,000 cases (bench/
README.md). A manager moving between filters and back, printing the page or coming back to it
gets the figures computed a moment ago, with the time they were computed and a "recompute
now" link on the page; nobody else ever does.

- Kept per viewer: the key holds the account (and its session version, role and office, so a
  change of role or office is a new key), the filters and the viewer's day (censoring and
  "today" depend on it). Figures are never shared between two people, whatever they may see.
- In the memory of the web process (a few dozen computed pages, the oldest dropped first):
  nothing is written anywhere, and a restart forgets them all.
- Only figures: counts and amounts, never a list of people.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from returnsvc.core.clock import local_today
from returnsvc.core.db import utcnow

KEPT_AT_MOST = 64  # computed pages per web process


@dataclass(frozen=True)
class Computed:
    at: datetime  # when the figures were computed (UTC)
    figures: tuple  # ((ReportFigure, its computed figure), ...)
    reused: bool = False  # served from the cache


_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()


def lifetime() -> timedelta:
    return timedelta(seconds=current_app.config["REPORT_FIGURES_SECONDS"])


def key_of(user, filters) -> tuple:
    return (
        user.id,
        getattr(user, "session_version", None),
        user.role,
        getattr(user, "office_id", None),
        tuple(sorted(filters.query_args().items())),
        local_today(),
    )


def figures_for(user, filters, compute, *, fresh: bool = False) -> Computed:
    """The figures of `filters` for `user`: those computed for them less than lifetime() ago,
    unless `fresh`; else `compute()` (a list of (figure, result)), kept."""
    kept_for = lifetime()
    key = key_of(user, filters)
    now = utcnow()
    if kept_for and not fresh:
        with _lock:
            found = _kept.get(key)
            if found is not None and now - found.at < kept_for:
                _kept.move_to_end(key)
                return Computed(found.at, found.figures, reused=True)
    computed = Computed(now, tuple(compute()))
    if kept_for:
        with _lock:
            _kept[key] = computed
            _kept.move_to_end(key)
            while len(_kept) > KEPT_AT_MOST:
                _kept.popitem(last=False)
    return computed


def forget_all() -> None:
    with _lock:
        _kept.clear()
