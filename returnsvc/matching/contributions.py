"""What matching hangs on the case workspace: the Matches tab, the matches panel (decisions
under way and the latest placement), the timeline's decisions (a placement with its "hired"),
the decisions and placements in the subject-access record, and their erasure; the returnee's
opportunities on the portal; the dashboard's figures on jobs and outcomes (matching.timing_figures,
placement_figures, support_figures)."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Integer, cast, func, select, update
from sqlalchemy import case as sql_case

from returnsvc.cases.models import Case, CaseEvent
from returnsvc.cases.workspace import (
    CASE_ID,
    OTHER_LOCALE,
    PAGE_LOCALE,
    CaseTab,
    ErasureStep,
    EventKind,
    PortalSection,
    ReportFigure,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import locale_code, message_with
from returnsvc.core.languages import LOCALES
from returnsvc.extensions import db
from returnsvc.guides.models import BusinessOpportunityText, DemandEntry
from returnsvc.matching import placement_figures, portal, support_figures, timing_figures
from returnsvc.matching.models import DecisionStatus, MatchDecision, Placement
from returnsvc.matching.services import INTEREST
from returnsvc.taxonomy.models import IscoGroupLabel

__all__ = ["TABS", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE", "PORTAL", "FIGURES"]

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


def _entry_title():
    """SQL: the title of the entry an "I am interested" event (CaseEvent) names, in the page's
    language (PAGE_LOCALE), else the other (OTHER_LOCALE): a job's occupation, a business's
    own title."""
    entry_id = cast(CaseEvent.data["entry_id"].astext, Integer)
    locales = (PAGE_LOCALE, OTHER_LOCALE)
    job = (
        select(IscoGroupLabel.title)
        .join(DemandEntry, DemandEntry.isco_code == IscoGroupLabel.code)
        .where(DemandEntry.id == entry_id, IscoGroupLabel.locale.in_(locales))
        .order_by((IscoGroupLabel.locale == PAGE_LOCALE).desc())
        .limit(1)
        .scalar_subquery()
    )
    business = (
        select(BusinessOpportunityText.title)
        .where(
            BusinessOpportunityText.opportunity_id == entry_id,
            BusinessOpportunityText.locale.in_(locales),
        )
        .order_by((BusinessOpportunityText.locale == PAGE_LOCALE).desc())
        .limit(1)
        .scalar_subquery()
    )
    return sql_case((CaseEvent.data["entry_kind"].astext == "demand", job), else_=business)


def _interest_rows(_confidential):
    """The person's "I am interested" (CaseEvent rows) with the entry's title."""
    return select(
        CaseEvent.actor_id.label("actor_id"),
        CaseEvent.data.op("||")(json_object(title=_entry_title())).label("data"),
    ).where(CaseEvent.case_id == CASE_ID, CaseEvent.kind == INTEREST)


TIMELINE = (
    TimelineSource(
        "match decisions",
        MatchDecision.decided_at,
        event_kind("match.decided"),
        MatchDecision.id,
        _decision_rows,
    ),
    TimelineSource(
        "interest in matches", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, _interest_rows
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


def _describe_interest(d):
    title = d.title or f"#{d.entry_id}"
    if d.entry_kind == "demand":
        said = message_with(_("Said in the portal: interested in the job %(title)s"), title=title)
    else:
        said = message_with(
            _("Said in the portal: interested in the business %(title)s"), title=title
        )
    if d.task_id is None:
        return said, _("No task was made: the case had no counsellor to give it to.")
    return said, ""


EVENTS = (
    EventKind("match.decided", "match", _describe),
    EventKind(INTEREST, "match", _describe_interest),
)


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


def _interests_record(returnee, case_ids, viewer) -> list[dict]:
    """What the person said they were interested in from the portal ("I am interested"): when,
    on which case, a job or a business, and its title. One statement."""
    page = locale_code()
    rows = db.session.execute(
        select(
            Case.reference,
            CaseEvent.occurred_at,
            CaseEvent.data["entry_kind"].astext,
            _entry_title(),
        )
        .join(Case, Case.id == CaseEvent.case_id)
        .where(CaseEvent.case_id.in_(case_ids), CaseEvent.kind == INTEREST)
        .order_by(CaseEvent.occurred_at, CaseEvent.id),
        {"page_locale": page, "other_locale": next(c for c in LOCALES if c != page)},
    )
    return [
        {
            "case": reference,
            "said_at": said_at,
            "kind": "job" if kind == "demand" else "business",
            "title": title or "",
        }
        for reference, said_at, kind, title in rows
    ]


SUBJECT = (
    SubjectSection("matches", 55, _l("Matches and jobs"), _record, "matching/_record.html"),
    SubjectSection(
        "interests",
        56,
        _l("What you said interested you"),
        _interests_record,
        "matching/_interests_record.html",
    ),
)


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


# --- the returnee's portal (matching.portal) ---------------------------------------------------

PORTAL = (
    PortalSection(
        portal.KEY,
        _l("My opportunities"),
        30,
        portal.load,
        "matching/portal_opportunities.html",
        card="matching/portal_card.html",
        action=portal.say_interested,
    ),
)


# --- the programme-outcomes dashboard (matching.*_figures) --------------------------------------

FIGURES = (
    ReportFigure(
        "time_to_work",
        _l("Days from registration to a first job or business"),
        45,
        timing_figures.time_to_work,
        "reports/figures/time_to_work.html",
        _l(
            "The cases of the selection registered in the period (opened on a day of the period "
            "at their office). For each, the days from the day it was opened to the earlier of "
            "the start of its first job placement (a job recorded through matching as “hired”, "
            "from its start date) and the opening of its first business (the day the business "
            "opened), counting only starts on or after the day the case was opened and by "
            "today. The median (half took fewer days) and the 75th percentile (three in four "
            "took fewer days) are over the cases that got there; the others are counted as "
            "registered but not in the days, so the figures grow as late starters arrive. By "
            "the person's sex and for everyone."
        ),
        timing_figures.time_to_work_export,
    ),
    ReportFigure(
        "placement_rates",
        _l("Placement rate within 6 and 12 months of registration"),
        46,
        timing_figures.placement_rates,
        "reports/figures/placement_rates.html",
        _l(
            "The cases of the selection registered in the period, by cohort: the month of the "
            "day they were opened when the period is three months or shorter, else the "
            "quarter. A case is placed within 6 (12) months when a job placement recorded "
            "through matching starts on or after the day it was opened and by the same date 6 "
            "(12) months later. Censored: a case opened less than 6 (12) months before today is "
            "left out of that rate altogether, placed or not, since its time is not up; the rate "
            "is placed over the cases whose time is up (“known”), and a cohort with none is "
            "“not yet known”. Business starts are not placements here. By the person's sex and "
            "for everyone."
        ),
        timing_figures.placement_rates_export,
    ),
    ReportFigure(
        "placements",
        _l("Placements: formal and informal jobs, wages"),
        47,
        placement_figures.placements_made,
        "reports/figures/placements.html",
        _l(
            "Job placements recorded through matching (“hired”) for cases of the selection whose "
            "job starts on a day of the period; a person placed twice counts twice. Formal or "
            "informal as the counsellor recorded it, and the kind of contract. The median wage "
            "(half earn less) is over the placements that give a wage, separately for each "
            "currency (currencies are never added together) and for each pay period as recorded: "
            "a wage per week, day or hour is not turned into a monthly one, because the "
            "placement does not record how many days or weeks are worked. By the person's sex."
        ),
        placement_figures.placements_export,
    ),
    ReportFigure(
        "support_outcomes",
        _l("Outcomes by type of support received"),
        100,
        support_figures.support_outcomes,
        "reports/figures/support_outcomes.html",
        _l(
            "The cases of the selection registered in the period, as they stand today. Support "
            "received: job placement (a job recorded through matching as “hired”); enterprise "
            "support (a business recorded on the case, at any stage); training (an "
            "entrepreneurship training attended, recorded on one of its businesses, or a "
            "referral to a training institution that was completed; plan actions are not "
            "counted, as they record no kind); savings plan (a savings plan opened). A case "
            "counts in the row of every support it received, or in “None of these”. One outcome "
            "per case: employed (a job placement, or the case closed as employed); otherwise "
            "self-employed (a business that has opened and not closed, or the case closed as "
            "self-employed); otherwise other or none yet. By the person's sex."
        ),
        support_figures.support_outcomes_export,
    ),
)
