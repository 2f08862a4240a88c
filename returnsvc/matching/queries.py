"""Reads of the matching weights for the admin page."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from returnsvc.extensions import db
from returnsvc.matching.models import KINDS, MatchingWeights


def weights_history() -> dict[str, list[MatchingWeights]]:
    """Every saved version per kind, newest first, with who saved it (one statement). The
    table grows by an admin's hand, a few rows a year: no paging."""
    stmt = (
        select(MatchingWeights)
        .options(joinedload(MatchingWeights.created_by))
        .order_by(MatchingWeights.kind, MatchingWeights.version.desc())
    )
    history: dict[str, list[MatchingWeights]] = {kind: [] for kind in KINDS}
    for row in db.session.scalars(stmt):
        history[row.kind].append(row)
    return history
