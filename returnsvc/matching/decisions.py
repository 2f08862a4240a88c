"""Writes on decisions taken on matches and on placements: audited, flushed, never committed.

Free text (a dismissal's reason, a placement's job title) stays out of the audit trail, as in
partners.services: it may hold personal details; the trail keeps who, when, codes and ids.
"""

from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import select

from returnsvc.audit.services import record
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.core import cleaning
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import CENT, CURRENCIES
from returnsvc.core.refusals import Refusal
from returnsvc.enterprise.services import create_enterprise
from returnsvc.extensions import db
from returnsvc.guides.models import BusinessOpportunity
from returnsvc.matching import scoring
from returnsvc.matching.models import (
    ContractType,
    DecisionStatus,
    MatchDecision,
    Placement,
    WagePeriod,
)
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.partners.services import send_referral

MAX_NOTE = 2000
MAX_NAME = 200
STEPS = {
    "demand": (
        DecisionStatus.SHORTLISTED,
        DecisionStatus.REFERRED,
        DecisionStatus.APPLIED,
        DecisionStatus.INTERVIEW,
        DecisionStatus.HIRED,
    ),
    "opportunity": (
        DecisionStatus.SHORTLISTED,
        DecisionStatus.REFERRED,
        DecisionStatus.BUSINESS_STARTED,
    ),
}
FINAL = frozenset({DecisionStatus.HIRED, DecisionStatus.BUSINESS_STARTED})


class DecisionError(Refusal):
    """A refused decision or placement; `message` is translated for the user."""


def next_statuses(kind: str, current: DecisionStatus | None) -> list[DecisionStatus]:
    """What a match of `kind` standing at `current` (None: no decision yet) may become: any
    later step (steps may be skipped: a person may be hired without an interview on record),
    or dismissed; a dismissed match may be shortlisted again; hired and business started are
    final."""
    steps = STEPS[kind]
    if current in FINAL:
        return []
    if current is DecisionStatus.DISMISSED:
        return [DecisionStatus.SHORTLISTED]
    later = steps if current is None else steps[steps.index(current) + 1 :]
    return [*later, DecisionStatus.DISMISSED]


def _json(value):
    """Reasons' and gaps' parameters as JSON: Decimals as text, tuples as lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list | frozenset | set):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {key: _json(v) for key, v in value.items()}
    return value


def match_snapshot(match: scoring.Match) -> dict:
    """The columns of MatchDecision that keep the match as it was scored."""
    return {
        "score": match.score,
        "components": [
            {"name": c.name, "weight": c.weight, "earned": c.earned} for c in match.components
        ],
        "reasons": [{"code": r.code, "params": _json(r.params)} for r in match.reasons],
        "gaps": [{"code": g.code, "params": _json(g.params)} for g in match.gaps],
        "weights_version": match.weights_version,
    }


def latest_decision(case_id: int, kind: str, entry_id: int) -> MatchDecision | None:
    return db.session.scalar(
        select(MatchDecision)
        .where(
            MatchDecision.case_id == case_id,
            MatchDecision.kind == kind,
            MatchDecision.entry_id == entry_id,
        )
        .order_by(MatchDecision.id.desc())
        .limit(1)
    )


def decide_match(
    case: Case, kind: str, entry_id: int, data: dict, *, actor, seen: int | None, fresh=None
) -> MatchDecision:
    """Record a decision on a match of the case: `data["status"]` (a DecisionStatus code), a
    `note` (required to dismiss), for "referred" `partner_id` and `purpose` (a referral is
    sent: the person must have consented to sharing), for "hired" the placement's fields
    (record_placement). `seen` is the id of the latest decision the form showed (0: none): a
    decision taken meanwhile refuses this one rather than skipping over it.

    `fresh` is (title, isco, Match) for an entry of the current guides, scored now for this
    person; None when the entry has left the current guides, and then the match must have a
    decision already (its score is carried over: history is not rescored)."""
    if kind not in STEPS:
        raise DecisionError(_l("Unknown kind of match."))
    require_open(case)
    if case.returnee.is_anonymised:
        raise DecisionError(_l("This person's record has been anonymised."))
    latest = latest_decision(case.id, kind, entry_id)
    if (latest.id if latest else 0) != (seen or 0):
        raise DecisionError(
            _l(
                "Someone recorded a decision on this match after you opened the page. "
                "Look at it and decide again."
            )
        )
    if fresh is None and latest is None:
        raise DecisionError(_l("This entry is no longer in the current guides."))
    status = cleaning.choice(
        DecisionStatus, data.get("status"), _l("Choose what was decided."), "status"
    )
    current = latest.status if latest else None
    if status not in next_statuses(kind, current):
        raise DecisionError(
            _l(
                "A match that is “%(current)s” cannot become “%(target)s”.",
                current=current.label if current else _l("not decided"),
                target=status.label,
            ),
            "status",
        )
    note = cleaning.text(
        data,
        "note",
        max_length=MAX_NOTE,
        multiline=True,
        required=_l("Say why the match is dismissed.")
        if status is DecisionStatus.DISMISSED
        else None,
    )
    if fresh is not None:
        title, isco, match = fresh
        snapshot = match_snapshot(match)
    else:
        title, isco = latest.entry_title, latest.entry_isco
        snapshot = {
            name: getattr(latest, name)
            for name in ("score", "components", "reasons", "gaps", "weights_version")
        }
    referral_id = None
    if status is DecisionStatus.REFERRED:
        referral_id = send_referral(
            case,
            {"partner_id": data.get("partner_id"), "purpose": data.get("purpose")},
            actor=actor,
        ).id
    decision = MatchDecision(
        case_id=case.id,
        kind=kind,
        entry_id=entry_id,
        entry_title=title,
        entry_isco=isco or "",
        status=status,
        note=note,
        referral_id=referral_id,
        decided_by_id=getattr(actor, "id", None),
        decided_at=utcnow(),
        **snapshot,
    )
    db.session.add(decision)
    db.session.flush()
    record(
        "match.decided",
        actor=actor,
        target=decision,
        changes={
            "case_id": case.id,
            "kind": kind,
            "entry_id": entry_id,
            "status": [current.value if current else None, status.value],
            "score": decision.score,
            "weights_version": decision.weights_version,
            "referral_id": referral_id,
        },
    )
    if status is DecisionStatus.HIRED:
        record_placement(case, decision, data, actor=actor)
    if status is DecisionStatus.BUSINESS_STARTED:
        open_enterprise(case, decision, actor=actor)
    return decision


def open_enterprise(case: Case, decision: MatchDecision, *, actor):
    """A "business started" decision opens the micro-enterprise record of the opportunity (at
    the idea stage, linked to it, in its sector; the person's region when the business can be
    set up there): the counsellor takes it on from the Enterprise tab."""
    opportunity = db.session.get(BusinessOpportunity, decision.entry_id)
    region = case.returnee.region_code or ""
    if opportunity is not None and opportunity.regions and region not in opportunity.regions:
        region = ""
    return create_enterprise(
        case,
        {
            "name": decision.entry_title[:200],
            "sector": opportunity.isic_section if opportunity is not None else "G",
            "region_code": region,
            "opportunity_id": opportunity.id if opportunity is not None else None,
        },
        actor=actor,
    )


def _employer(data: dict, country: str) -> tuple[int | None, str]:
    """(partner id, employer name): `employer_id`, an active employer partner of the
    country, or `employer_name`."""
    partner_id = data.get("employer_id")
    if partner_id not in (None, ""):
        partner = db.session.get(Partner, partner_id) if isinstance(partner_id, int) else None
        if (
            partner is None
            or not partner.is_active
            or partner.kind is not PartnerKind.EMPLOYER
            or partner.country != country
        ):
            raise DecisionError(_l("Choose an active employer of the country."), "employer_id")
        return partner.id, partner.name
    name = cleaning.text(
        data,
        "employer_name",
        max_length=MAX_NAME,
        required=_l("Choose the employer from the list or write its name."),
    )
    return None, name


def record_placement(case: Case, decision: MatchDecision, data: dict, *, actor) -> Placement:
    """The job a "hired" decision records: employer (a partner of kind employer of the
    person's country, or a name), start date, wage with its currency and period, contract,
    formal or not, hours a week. A wage is a positive amount with a currency of the service's
    countries; hours are 1-98."""
    partner_id, employer = _employer(data, case.returnee.origin_country)
    start = cleaning.optional_date(data, "start_date", _l("Enter a date."))
    if start is None:
        raise DecisionError(_l("Enter the date the job starts."), "start_date")
    wage, currency = data.get("wage"), data.get("currency") or None
    if wage is not None:
        if not isinstance(wage, Decimal) or not wage.is_finite() or wage <= 0:
            raise DecisionError(_l("Enter the wage as an amount above 0."), "wage")
        if wage >= Decimal("1e12"):
            raise DecisionError(_l("That amount is too large."), "wage")
        if currency not in CURRENCIES:
            raise DecisionError(_l("Choose the currency of the wage."), "currency")
        wage = wage.quantize(CENT, rounding=ROUND_HALF_EVEN)
    else:
        currency = None
    hours = data.get("hours_per_week")
    if hours is not None and (type(hours) is not int or not 1 <= hours <= 98):
        raise DecisionError(_l("Hours a week: a whole number from 1 to 98."), "hours_per_week")
    placement = Placement(
        case_id=case.id,
        decision_id=decision.id,
        partner_id=partner_id,
        employer_name=employer,
        job_title=cleaning.text(data, "job_title", max_length=MAX_NAME),
        start_date=start,
        wage=wage,
        currency=currency,
        wage_period=cleaning.choice(
            WagePeriod, data.get("wage_period") or "month", _l("Choose a period."), "wage_period"
        ),
        contract_type=cleaning.choice(
            ContractType, data.get("contract_type"), _l("Choose the kind of contract."),
            "contract_type",
        ),
        is_formal=bool(data.get("is_formal")),
        hours_per_week=hours,
        created_by_id=getattr(actor, "id", None),
    )  # fmt: skip
    db.session.add(placement)
    db.session.flush()
    record(
        "placement.recorded",
        actor=actor,
        target=placement,
        changes={
            "case_id": case.id,
            "decision_id": decision.id,
            "partner_id": partner_id,
            "start_date": start.isoformat(),
            "contract_type": placement.contract_type.value,
            "is_formal": placement.is_formal,
        },
    )
    return placement
