"""Matching's figure on the programme-outcomes dashboard of the outcomes by the support received
(registered as FIGURES in matching.contributions): for the scope's cases (reports.filters.Scope)
registered in the period, the supports each received (a job placement through matching, an
enterprise, training, a savings plan) against one outcome each (employed, self-employed, other
or none yet), as they stand today. It aggregates in SQL, in one statement.

The registration day of a case is the day it was opened at its office, in the office's time zone
(cases.figure_parts.registered_near_period)."""

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select

from returnsvc.cases.figure_parts import EVERYONE, SEX_LABELS, SEXES, BySex, registered_near_period
from returnsvc.cases.models import CloseReason, Stage
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.enterprise.models import Enterprise, EnterpriseTraining
from returnsvc.extensions import db
from returnsvc.matching.models import Placement
from returnsvc.partners.models import Partner, PartnerKind, Referral, ReferralStatus
from returnsvc.returnees.models import Sex
from returnsvc.savings.models import SavingsPlan


def _closed_as(registered, reason: CloseReason):
    return and_(registered.c.stage == Stage.CLOSED.value, registered.c.close_reason == reason.value)


# --- outcomes by the support received ---------------------------------------------------------

SUPPORTS = (
    ("placement", _l("Job placement")),
    ("enterprise", _l("Enterprise support")),
    ("training", _l("Training")),
    ("savings", _l("Savings plan")),
    ("none", _l("None of these")),
)
OUTCOMES = (
    ("employed", _l("Employed")),
    ("self_employed", _l("Self-employed")),
    ("other", _l("Other or none yet")),
)


@dataclass
class SupportRow:
    key: str
    label: object
    cases: BySex = field(default_factory=BySex)
    outcomes: dict = field(default_factory=dict)  # {outcome key: BySex}

    def outcome(self, key: str) -> BySex:
        return self.outcomes.get(key) or BySex()


@dataclass
class SupportOutcomes:
    registered: BySex
    rows: list  # [SupportRow] in SUPPORTS' order
    sexes = SEXES
    outcome_kinds = OUTCOMES


def support_outcomes(scope) -> SupportOutcomes:
    """For the scope's cases registered in the period, as they stand today: the support each
    received (any of: a job placement through matching; an enterprise record; training attended
    - an entrepreneurship training recorded on one of its enterprises, or a referral to a
    training institution completed; a savings plan; or none of these) against one outcome each:
    employed (a placement, or the case closed as employed), else self-employed (a business that
    has opened and not closed, or the case closed as self-employed), else other or none yet.
    A case counts in the row of every support it received. By sex. One statement."""
    registered = registered_near_period(scope)
    case_id = registered.c.case_id
    # Uncorrelated IN (SELECT ...): each table is read once into a hash, not probed per case.
    placed = case_id.in_(select(Placement.case_id))
    enterprise = case_id.in_(select(Enterprise.case_id))
    trained = or_(
        case_id.in_(
            select(Enterprise.case_id).join(
                EnterpriseTraining, EnterpriseTraining.enterprise_id == Enterprise.id
            )
        ),
        case_id.in_(
            select(Referral.case_id)
            .join(Partner, Partner.id == Referral.partner_id)
            .where(
                Referral.status == ReferralStatus.COMPLETED.value,
                Partner.kind == PartnerKind.TRAINING.value,
            )
        ),
    )
    saving = case_id.in_(select(SavingsPlan.case_id))
    operating = case_id.in_(
        select(Enterprise.case_id).where(
            Enterprise.launched_on.is_not(None), Enterprise.closed_on.is_(None)
        )
    )
    outcome = case(
        (or_(placed, _closed_as(registered, CloseReason.EMPLOYED)), "employed"),
        (or_(operating, _closed_as(registered, CloseReason.SELF_EMPLOYED)), "self_employed"),
        else_="other",
    )
    each = select(
        registered.c.sex,
        placed.label("placement"),
        enterprise.label("enterprise"),
        trained.label("training"),
        saving.label("savings"),
        outcome.label("outcome"),
        registered.c.in_period,
    ).subquery("each_case")
    # One row per combination of sex, supports and outcome (at most 3 x 16 x 3): each case's
    # flags are computed once, and the rows of the table are added up from these.
    keys = (each.c.sex, each.c.placement, each.c.enterprise, each.c.training, each.c.savings)
    stmt = select(*keys, each.c.outcome, each.c.in_period, func.count()).group_by(
        *keys, each.c.outcome, each.c.in_period
    )
    figure = SupportOutcomes(BySex(), [SupportRow(key, label) for key, label in SUPPORTS])
    rows = {row.key: row for row in figure.rows}
    for sex, *received, outcome_key, in_period, n in db.session.execute(stmt):
        if not in_period:
            continue
        sex = Sex(sex)
        figure.registered.values[sex] = figure.registered.values.get(sex, 0) + n
        keys = [key for (key, _label), yes in zip(SUPPORTS, received, strict=False) if yes]
        for key in keys or ["none"]:
            row = rows[key]
            counts = row.outcomes.setdefault(outcome_key, BySex()).values
            counts[sex] = counts.get(sex, 0) + n
            row.cases.values[sex] = row.cases.values.get(sex, 0) + n
    return figure


def support_outcomes_export(figure: SupportOutcomes):
    header = (_l("Support received"), _l("Sex"), _l("Cases"), *(label for _key, label in OUTCOMES))
    rows = []
    for row in figure.rows:
        for sex in (*SEXES, None):
            pick = (lambda c, sex=sex: c[sex]) if sex else (lambda c: c.total)
            rows.append(
                (
                    row.label,
                    SEX_LABELS[sex] if sex else EVERYONE,
                    pick(row.cases),
                    *(pick(row.outcome(key)) for key, _label in OUTCOMES),
                )
            )
    return header, rows
