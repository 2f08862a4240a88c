"""Matching writes: a new version of the weights (audited; services flush, never commit).
Decisions on matches and placements are written by decisions.py."""

from sqlalchemy import func, select

from returnsvc.audit.services import record
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.matching import scoring
from returnsvc.matching.models import MatchingWeights
from returnsvc.matching.weights import DEFAULTS, newest_weights_row


class WeightsError(Refusal):
    """Refused weights (they would break the 0-100 scale, or a newer version was saved)."""


def _check_values(kind: str, values: dict) -> dict[str, int]:
    """The translated refusals for what Weights would reject; the values as a plain dict."""
    known = scoring.COMPONENTS[scoring.Kind(kind)]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise WeightsError(_l("Unknown score components: %(names)s.", names=", ".join(unknown)))
    missing = [name for name in known if values.get(name) is None]
    if missing:
        raise WeightsError(_l("Give a weight to every component, 0 if it should not count."))
    if any(type(values[name]) is not int or values[name] < 0 for name in known):
        raise WeightsError(_l("Each weight must be a whole number, 0 or more."))
    total = sum(values[name] for name in known)
    if total != 100:
        raise WeightsError(
            _l("The weights add up to %(total)s; they must add up to 100.", total=total)
        )
    return {name: values[name] for name in known}


def save_weights(
    kind: str, values: dict, note: str, actor, *, based_on: int | None = None
) -> MatchingWeights:
    """Save `values` ({component: integer}) as the next version of `kind`'s weights.

    `based_on` is the version the editor's form showed (0 for the shipped defaults): when a
    newer one was saved meanwhile, the save is refused rather than silently replacing it."""
    if kind not in DEFAULTS:
        raise WeightsError(_l("Unknown kind of match."))
    checked = _check_values(kind, values)
    # Two saves at once must not both take the same next number: one waits for the other.
    db.session.execute(
        select(func.pg_advisory_xact_lock(func.hashtext(f"matching_weights:{kind}")))
    )
    newest = newest_weights_row(kind)
    newest_version = newest.version if newest is not None else 0
    if based_on is not None and based_on != newest_version:
        raise WeightsError(
            _l(
                "Someone saved version %(version)s of these weights after you opened the "
                "page. Look at it and save again if your numbers are still right.",
                version=newest_version,
            )
        )
    try:
        scoring.Weights.from_mapping(checked, str(newest_version + 1), kind)
    except ValueError as error:  # the scorer's own rules, should ours ever fall behind
        raise WeightsError(
            _l("These weights cannot be used: %(reason)s", reason=str(error))
        ) from None
    row = MatchingWeights(
        kind=kind,
        version=newest_version + 1,
        values=checked,
        note=(note or "").strip(),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(row)
    db.session.flush()
    record(
        "matching_weights.saved",
        actor=actor,
        target=row,
        changes={"kind": kind, "version": row.version, "values": checked, "note": row.note},
    )
    return row
