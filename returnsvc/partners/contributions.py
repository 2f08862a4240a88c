"""What referrals to partner organisations hang on the case workspace: the Referrals tab, the
open-referrals panel, the timeline's referral events (sent, and every status change), the
referrals in the subject-access record, and their erasure."""

from flask_babel import gettext as _
from sqlalchemy import Integer, cast, func, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by

from returnsvc.cases.models import Case, CaseEvent
from returnsvc.cases.workspace import (
    CASE_ID,
    CaseTab,
    ErasureStep,
    EventKind,
    ReportFigure,
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
from returnsvc.partners import report_figures
from returnsvc.partners.models import Partner, Referral, ReferralStatus

TABS = (CaseTab("partners.case_referrals", _l("Referrals"), 80),)
STATUS_CHANGED = "referral.status"  # a CaseEvent kind (partners.services._audit_move)
_OPEN = (ReferralStatus.SENT.value, ReferralStatus.ACCEPTED.value)
EXCERPT = 240


def _open_referrals_column(_confidential):
    """The open referrals (sent or accepted), oldest first, with their partner."""
    return (
        select(
            func.jsonb_agg(
                aggregate_order_by(
                    json_object(partner=Partner.name, status=Referral.status),
                    Referral.sent_at,
                )
            )
        )
        .join(Partner, Partner.id == Referral.partner_id)
        .where(Referral.case_id == CASE_ID, Referral.status.in_(_OPEN))
        .scalar_subquery()
    )


def _open_referrals(value, case, viewer) -> list[dict]:
    return [dict(row, status=ReferralStatus(row["status"])) for row in value or ()]


PANELS = (
    SummaryPanel("referrals", 30, "partners/_panel.html", _open_referrals_column, _open_referrals),
)


def _sent_rows(_confidential):
    return (
        select(
            *event_columns(
                Referral.sent_by_id,
                partner=Partner.name,
                purpose=func.left(Referral.purpose, EXCERPT + 1),
            )
        )
        .join(Partner, Partner.id == Referral.partner_id)
        .where(Referral.case_id == CASE_ID)
    )


def _status_rows(_confidential):
    return (
        select(
            CaseEvent.actor_id.label("actor_id"),
            CaseEvent.data.op("||")(
                json_object(
                    partner=Partner.name,
                    decline_reason=func.left(Referral.decline_reason, EXCERPT + 1),
                    outcome=func.left(Referral.outcome, EXCERPT + 1),
                )
            ).label("data"),
        )
        .join(Referral, Referral.id == cast(CaseEvent.data["referral_id"].astext, Integer))
        .join(Partner, Partner.id == Referral.partner_id)
        .where(CaseEvent.case_id == CASE_ID, CaseEvent.kind == STATUS_CHANGED)
    )


_ANSWERS = {
    ReferralStatus.ACCEPTED: _l("Referral accepted by %(partner)s"),
    ReferralStatus.DECLINED: _l("Referral declined by %(partner)s"),
    ReferralStatus.COMPLETED: _l("Referral completed: %(partner)s"),
    ReferralStatus.CANCELLED: _l("Referral to %(partner)s cancelled"),
}


def _describe_status(d):
    status = ReferralStatus(d.to)
    detail = {
        ReferralStatus.DECLINED: d.decline_reason,
        ReferralStatus.COMPLETED: d.outcome,
    }.get(status, "")
    return message_with(_ANSWERS[status], partner=d.partner), _excerpt(detail)


def _excerpt(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


TIMELINE = (
    TimelineSource(
        "referrals sent",
        Referral.sent_at,
        event_kind("referral.sent"),
        Referral.id,
        _sent_rows,
    ),
    TimelineSource(
        "referral answers", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, _status_rows
    ),
)

EVENTS = (
    EventKind(
        "referral.sent",
        "referral",
        lambda d: (
            message_with(_("Referred to %(partner)s"), partner=d.partner),
            _excerpt(d.purpose),
        ),
    ),
    EventKind(STATUS_CHANGED, "referral", _describe_status),
)


def _referrals_record(returnee, case_ids, viewer) -> list[dict]:
    rows = db.session.execute(
        select(Referral, Partner.name, Case.reference)
        .join(Partner, Partner.id == Referral.partner_id)
        .join(Case, Case.id == Referral.case_id)
        .where(Referral.case_id.in_(case_ids))
        .order_by(Referral.sent_at)
    ).all()
    return [
        {
            "case": reference,
            "partner": partner,
            "purpose": r.purpose,
            "status": r.status,
            "sent_at": r.sent_at,
            "responded_at": r.responded_at,
            "decline_reason": r.decline_reason,
            "completed_at": r.completed_at,
            "outcome": r.outcome,
        }
        for r, partner, reference in rows
    ]


SUBJECT = (
    SubjectSection("referrals", 50, _l("Referrals"), _referrals_record, "partners/_record.html"),
)


def _erase(returnee_id: int, case_ids) -> None:
    """Purposes, reasons and outcomes are blanked; partners, statuses and dates stay for
    statistics."""
    db.session.execute(
        update(Referral)
        .where(Referral.case_id.in_(case_ids))
        .values(purpose="", decline_reason="", outcome="", version=Referral.version + 1)
        .execution_options(synchronize_session=False)
    )


ERASURE = (ErasureStep("referrals", _erase),)


# --- the programme-outcomes dashboard (partners.report_figures) ------------------------------

FIGURES = (
    ReportFigure(
        "referrals",
        _l("Referrals to partners"),
        70,
        report_figures.referrals_by_kind,
        "reports/figures/referrals.html",
        _l(
            "The referrals of the selection's cases sent in the period (from the start of its "
            "first day to the end of its last, where you are), by the kind of partner they were "
            "sent to and the person's sex, and what became of them by today: accepted (the "
            "partner took the person on: the referral is accepted or completed, or was "
            "cancelled after being accepted) and completed (the service was delivered)."
        ),
        report_figures.referrals_export,
    ),
)
