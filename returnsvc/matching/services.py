"""Matching writes: a new version of the weights, and a person's "I am interested" from their
portal (audited; services flush, never commit). Decisions on matches and placements are
written by decisions.py."""

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from returnsvc.audit.services import record
from returnsvc.auth.models import User
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case, CaseEvent
from returnsvc.cases.services import require_open
from returnsvc.casework.services import TITLE_MAX, add_task
from returnsvc.core import clock
from returnsvc.core.enums import Role
from returnsvc.core.i18n import in_locale
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALES
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.matching import cards, scorer_weights
from returnsvc.matching.models import KINDS, MatchingWeights
from returnsvc.matching.weights import DEFAULTS, newest_weights_row

# A CaseEvent kind: the person said in their portal that one of their matches interests them
# (data: entry_kind, entry_id, task_id — codes and ids only).
INTEREST = "match.interest"
# The counsellor's task to contact them about it is due this many days later.
INTEREST_DAYS = 7


class WeightsError(Refusal):
    """Refused weights (they would break the 0-100 scale, or a newer version was saved)."""


def _check_values(kind: str, values: dict) -> dict[str, int]:
    """The translated refusals for what Weights would reject; the values as a plain dict."""
    known = scorer_weights.COMPONENTS[scorer_weights.Kind(kind)]
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
        scorer_weights.Weights.from_mapping(checked, str(newest_version + 1), kind)
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


# --- "I am interested", from the person's portal --------------------------------------------


class InterestError(Refusal):
    """A refused "I am interested" (the entry is gone from the guides, an unknown kind)."""


def interests_of(case_id: int) -> set[tuple[str, int]]:
    """{(kind, entry id)} of the matches the person has said they are interested in, on this
    case: one statement."""
    rows = db.session.execute(
        select(CaseEvent.data["entry_kind"].astext, CaseEvent.data["entry_id"].astext).where(
            CaseEvent.case_id == case_id, CaseEvent.kind == INTEREST
        )
    )
    return {(kind, int(entry_id)) for kind, entry_id in rows if entry_id and entry_id.isdigit()}


def _counsellor(case: Case) -> User | None:
    """The case's counsellor when they can hold a task (active, of the case's office)."""
    user = case.counsellor
    if (
        user is None
        or user.role is not Role.COUNSELLOR
        or user.office_id != case.office_id
        or not user.is_active
    ):
        return None
    return user


def record_interest(case: Case, kind: str, entry_id: int, *, actor) -> CaseEvent | None:
    """The person (`actor`, from their portal) is interested in a job or business of the
    guides: a task for the case's counsellor to contact them about it, due in INTEREST_DAYS,
    titled in the counsellor's language, and an event on the case's timeline. Said twice:
    nothing more is written (None). A case with no counsellor who can hold a task gets the
    event only: casework tasks always have an assignee.

    The caller checks that the entry is one of the person's matches; this refuses an entry
    that is not in the guides."""
    require_open(case)
    if kind not in KINDS:
        raise InterestError(_l("Unknown kind of match."))
    # Two taps at once: the second waits for the first here, then finds its event.
    db.session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    if (kind, entry_id) in interests_of(case.id):
        return None
    counsellor = _counsellor(case)
    locale = counsellor.preferred_locale if counsellor is not None else LOCALES[0]
    locale = locale if locale in LOCALES else LOCALES[0]
    card = cards.cards_of(kind, [entry_id], locale).get(entry_id)
    if card is None:
        raise InterestError(_l("This opportunity is no longer in the guides."))
    task = None
    if counsellor is not None:
        with in_locale(locale):
            if kind == "demand":
                title = _(
                    "Interested in this job (said in the portal): %(title)s", title=card.title
                )
            else:
                title = _(
                    "Interested in this business (said in the portal): %(title)s",
                    title=card.title,
                )
        due = clock.local_today(clock.zone_of(actor)) + timedelta(days=INTEREST_DAYS)
        task = add_task(
            case,
            {"title": title[:TITLE_MAX], "due_date": due, "assignee_id": counsellor.id},
            actor=actor,
        )
    event = record_event(
        case.id,
        INTEREST,
        actor=actor,
        entry_kind=kind,
        entry_id=entry_id,
        task_id=task.id if task is not None else None,
    )
    db.session.flush()
    record(
        "match.interest",
        actor=actor,
        target=case,
        changes={
            "kind": kind,
            "entry_id": entry_id,
            "task_id": task.id if task is not None else None,
            "event_id": event.id,
        },
    )
    return event
