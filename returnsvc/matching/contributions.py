"""What matching hangs on the case workspace: the Matches tab, the matches panel (decisions
under way and the latest placement), the timeline's decisions (a placement with its "hired"),
the decisions and placements in the subject-access record, and their erasure."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from returnsvc.cases.models import Case
from returnsvc.cases.workspace import (
    CASE_ID,
    CaseTab,
    ErasureStep,
    EventKind,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.extensions import db
from returnsvc.matching.models import DecisionStatus, MatchDecision, Placement

__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE"]

TABS = (CaseTab("matches.case_matches", _l("Matches"), 75),)
UNDER_WAY = (
    DecisionStatus.SHORTLISTED.value,
    DecisionStatus.REFERRED.value,
    DecisionStatus.APPLIED.value,
    DecisionStatus.INTERVIEW.value,
)
EXCERPT = 240


# --- the panel --------------------------------------------------------------------------------


def _panel_column(_confidential):
    """{under_way: n, placement: {employer, start_date} or null}: where the case's matches
    stand (the latest decision of each) and its latest placement."""
    latest = (
        select(MatchDecision.status)
        .where(MatchDecision.case_id == CASE_ID)
        .order_by(MatchDecision.kind, MatchDecision.entry_id, MatchDecision.id.desc())
        .distinct(MatchDecision.kind, MatchDecision.entry_id)
        .subquery()
    )
    under_way = (
        select(func.count()).select_from(latest).where(latest.c.status.in_(UNDER_WAY))
    ).scalar_subquery()
    placement = (
        select(json_object(employer=Placement.employer_name, start_date=Placement.start_date))
        .where(Placement.case_id == CASE_ID)
        .order_by(Placement.start_date.desc(), Placement.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return select(json_object(under_way=under_way, placement=placement)).scalar_subquery()


def _panel(value, case, viewer) -> dict:
    value = dict(value or {})
    placement = value.get("placement")
    if placement:
        placement = dict(placement, start_date=date.fromisoformat(placement["start_date"]))
    return {"under_way": value.get("under_way") or 0, "placement": placement}


PANELS = (SummaryPanel("matches", 35, "matching/_panel.html", _panel_column, _panel),)


# --- the timeline -----------------------------------------------------------------------------


def _decision_rows(_confidential):
    return (
        select(
            *event_columns(
                MatchDecision.decided_by_id,
                status=MatchDecision.status,
                title=MatchDecision.entry_title,
                score=MatchDecision.score,
                note=func.left(MatchDecision.note, EXCERPT + 1),
                employer=Placement.employer_name,
                start_date=Placement.start_date,
            )
        )
        .outerjoin(Placement, Placement.decision_id == MatchDecision.id)
        .where(MatchDecision.case_id == CASE_ID)
    )


TIMELINE = (
    TimelineSource(
        "match decisions",
        MatchDecision.decided_at,
        event_kind("match.decided"),
        MatchDecision.id,
        _decision_rows,
    ),
)

_TITLES = {
    DecisionStatus.SHORTLISTED: _l("Match shortlisted: %(title)s (score %(score)s)"),
    DecisionStatus.REFERRED: _l("Match referred: %(title)s (score %(score)s)"),
    DecisionStatus.APPLIED: _l("Applied: %(title)s (score %(score)s)"),
    DecisionStatus.INTERVIEW: _l("Interview: %(title)s (score %(score)s)"),
    DecisionStatus.HIRED: _l("Hired: %(title)s"),
    DecisionStatus.BUSINESS_STARTED: _l("Business started: %(title)s"),
    DecisionStatus.DISMISSED: _l("Match dismissed: %(title)s (score %(score)s)"),
}


def _excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _describe(d):
    status = DecisionStatus(d.status)
    title = message_with(_TITLES[status], title=d.title, score=d.score)
    if status is DecisionStatus.HIRED and d.employer:
        detail = message_with(
            _("%(employer)s, from %(date)s"),
            employer=d.employer,
            date=format_date(date.fromisoformat(d.start_date)) if d.start_date else "",
        )
        return title, detail
    return title, _excerpt(d.note)


EVENTS = (EventKind("match.decided", "match", _describe),)


# --- the subject-access record and erasure ------------------------------------------------------


def _record(returnee, case_ids, viewer) -> list[dict]:
    rows = db.session.execute(
        select(MatchDecision, Placement, Case.reference)
        .join(Case, Case.id == MatchDecision.case_id)
        .outerjoin(Placement, Placement.decision_id == MatchDecision.id)
        .where(MatchDecision.case_id.in_(case_ids))
        .order_by(MatchDecision.decided_at, MatchDecision.id)
    ).all()
    found = []
    for decision, placement, reference in rows:
        item = {
            "case": reference,
            "title": decision.entry_title,
            "status": decision.status,
            "score": decision.score,
            "decided_at": decision.decided_at,
            "note": decision.note,
        }
        if placement is not None:
            item["placement"] = {
                "employer": placement.employer_name,
                "job_title": placement.job_title,
                "start_date": placement.start_date,
                "wage": placement.wage,
                "currency": placement.currency,
                "wage_period": placement.wage_period,
                "contract_type": placement.contract_type,
                "is_formal": placement.is_formal,
                "hours_per_week": placement.hours_per_week,
            }
        found.append(item)
    return found


SUBJECT = (SubjectSection("matches", 55, _l("Matches and jobs"), _record, "matching/_record.html"),)


def _erase(returnee_id: int, case_ids) -> None:
    """Notes and job titles are blanked (free text about the person); entries, statuses,
    scores, employers, dates, wages and contracts stay for statistics."""
    db.session.execute(
        update(MatchDecision)
        .where(MatchDecision.case_id.in_(case_ids))
        .values(note="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Placement)
        .where(Placement.case_id.in_(case_ids))
        .values(job_title="")
        .execution_options(synchronize_session=False)
    )


ERASURE = (ErasureStep("matches", _erase),)
