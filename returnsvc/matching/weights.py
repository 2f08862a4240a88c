"""The weights matches are scored with: the newest saved version of a kind, else the defaults
shipped with the scorer. Reads only; the public explorer uses them too, so that it ranks as the
Matches tab does."""

from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.matching import scorer_weights
from returnsvc.matching.models import MatchingWeights

DEFAULTS = {
    "demand": scorer_weights.DEFAULT_DEMAND_WEIGHTS,
    "opportunity": scorer_weights.DEFAULT_OPPORTUNITY_WEIGHTS,
}


def newest_weights_row(kind: str) -> MatchingWeights | None:
    """The newest saved version of a kind, None while only the shipped defaults apply."""
    stmt = (
        select(MatchingWeights)
        .where(MatchingWeights.kind == kind)
        .order_by(MatchingWeights.version.desc())
        .limit(1)
    )
    return db.session.scalar(stmt)


def as_weights(row: MatchingWeights | None, kind: str) -> scorer_weights.Weights:
    """The scorer's Weights of a stored version (the defaults for None)."""
    if row is None:
        return DEFAULTS[kind]
    return scorer_weights.Weights.from_mapping(row.values, str(row.version), kind)


def current_weights(kind: str) -> scorer_weights.Weights:
    """The weights new matches of `kind` are scored with: the newest saved version, else the
    defaults shipped with the scorer. One statement."""
    return as_weights(newest_weights_row(kind), kind)
