"""The referrals figure of the programme-outcomes dashboard (registered as FIGURES in
partners.contributions): the referrals of the scope's cases sent in the period, how many of
them the partner accepted and how many were completed (as they stand today), by the kind of
partner and the person's sex. One SQL statement.

Accepted: the partner took the person on, whatever came after: the referral is accepted or
completed now, or it was cancelled after the partner had accepted it (its status change from
accepted to cancelled is on the case's timeline, partners.services).
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, func, or_, select

from returnsvc.cases.figure_parts import BY_SEX_COLUMNS, TOTAL, BySex
from returnsvc.cases.models import CaseEvent
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind, Referral, ReferralStatus
from returnsvc.returnees.models import Sex

MEASURES = ("sent", "accepted", "completed")
LABELS = {"sent": _l("Sent"), "accepted": _l("Accepted"), "completed": _l("Completed")}
STATUS_CHANGED = "referral.status"  # the CaseEvent kind of a referral's status change


@dataclass
class KindRow:
    kind: PartnerKind
    sent: BySex = field(default_factory=BySex)
    accepted: BySex = field(default_factory=BySex)
    completed: BySex = field(default_factory=BySex)


@dataclass
class ReferralsFigure:
    first_day: date
    last_day: date
    rows: list = field(default_factory=list)  # [KindRow] in PartnerKind's order, kinds used
    total: KindRow = field(default_factory=lambda: KindRow(None))

    @property
    def total_rows(self) -> list:
        """[(label, BySex)] over every kind of partner: sent, accepted, completed."""
        return [(LABELS[measure], getattr(self.total, measure)) for measure in MEASURES]

    @property
    def sent_by_kind(self) -> list:
        """[(partner kind's label, referrals sent)]."""
        return [(row.kind.label, row.sent.total) for row in self.rows]


def _was_accepted():
    """SQL: the referral was accepted at some time (now accepted or completed, or cancelled
    after an acceptance)."""
    accepted_then = exists(
        select(CaseEvent.id).where(
            CaseEvent.case_id == Referral.case_id,
            CaseEvent.kind == STATUS_CHANGED,
            CaseEvent.data["referral_id"].as_integer() == Referral.id,
            CaseEvent.data["from"].as_string() == ReferralStatus.ACCEPTED.value,
        )
    )
    return or_(
        Referral.status.in_((ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED)),
        and_(Referral.status == ReferralStatus.CANCELLED, accepted_then),
    )


def referrals_by_kind(scope) -> ReferralsFigure:
    """Referrals of the scope's cases sent in the period (instants from the period's first
    to the end of its last day where the viewer is), by partner kind and sex. One
    statement."""
    cases = scope.cases
    stmt = (
        select(
            Partner.kind,
            cases.c.sex,
            func.count(),
            func.count().filter(_was_accepted()),
            func.count().filter(Referral.status == ReferralStatus.COMPLETED),
        )
        .join(cases, cases.c.case_id == Referral.case_id)
        .join(Partner, Partner.id == Referral.partner_id)
        .where(Referral.sent_at >= scope.starts_at, Referral.sent_at < scope.ends_at)
        .group_by(Partner.kind, cases.c.sex)
    )
    result = ReferralsFigure(scope.first_day, scope.last_day)
    kinds: dict = {}
    for kind, sex, *counts in db.session.execute(stmt):
        sex = Sex(sex)
        row = kinds.setdefault(kind, KindRow(kind))
        for measure, n in zip(MEASURES, counts, strict=True):
            getattr(row, measure).values[sex] = n
            total = getattr(result.total, measure)
            total.values[sex] = total[sex] + n
    result.rows = [kinds[kind] for kind in PartnerKind if kind in kinds]
    return result


def referrals_export(figure: ReferralsFigure):
    header = (_l("Kind of partner"), _l("Referrals"), *BY_SEX_COLUMNS)
    rows = []
    for row in [*figure.rows, figure.total]:
        kind = row.kind if row.kind is not None else TOTAL
        for measure in MEASURES:
            c = getattr(row, measure)
            rows.append((kind, LABELS[measure], c.female, c.male, c.other, c.total))
    return header, rows
