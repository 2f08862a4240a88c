"""Writes on enterprises: the business, its stage, its plan versions, the training its owner
attended and the follow-up visits. Funding and loans are written by funding.py.

Services flush, never commit; they take the acting user explicitly, refuse bad input with an
EnterpriseError whose message is translated for the user, and audit every change. Free text
(descriptions, problems, next steps) stays out of the audit trail: it may hold personal details
and is erasable with the person's record; the trail keeps who, when, codes, amounts and ids.
"""

from decimal import Decimal

from sqlalchemy import func, select

from returnsvc.audit.services import changed_fields, record
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.core import cleaning
from returnsvc.core.cleaning import amount, currency, past_date
from returnsvc.core.conflicts import check_version
from returnsvc.core.enums import IsicSection
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.core.regions import is_region_of
from returnsvc.enterprise.models import (
    TRANSITIONS,
    VISIT_MONTHS,
    BusinessPlan,
    Enterprise,
    EnterpriseStage,
    EnterpriseTraining,
    FollowUpVisit,
)
from returnsvc.extensions import db
from returnsvc.guides.models import BusinessOpportunity, GuideEdition
from returnsvc.programmes.models import ProgrammeKind, SupportProgramme
from returnsvc.publishing.models import PublicationStatus

MAX_TEXT = 5000
STAGE_CHANGED = "enterprise.stage"  # a CaseEvent kind (the timeline reads it)
JOB_FIELDS = (
    "jobs_owner",
    "jobs_family_women",
    "jobs_family_men",
    "jobs_employees_women",
    "jobs_employees_men",
)


class EnterpriseError(Refusal):
    """A refused enterprise operation; `message` is translated, `field` names the form field."""


def whole(data: dict, name: str, *, maximum: int = 10_000) -> int:
    value = data.get(name)
    if value in (None, ""):
        return 0
    if type(value) is not int or not 0 <= value <= maximum:
        raise EnterpriseError(_l("A whole number from 0 to %(max)s.", max=maximum), name)
    return value


def _country(case: Case) -> str:
    return case.returnee.origin_country


def _writable(case: Case) -> None:
    require_open(case)
    if case.returnee.is_anonymised:
        raise EnterpriseError(_l("This person's record has been anonymised."))


def _clean(case: Case, data: dict) -> dict:
    country = _country(case)
    region = cleaning.text(data, "region_code", max_length=10)
    if region and not is_region_of(region, country):
        raise EnterpriseError(_l("Choose a region of the country."), "region_code")
    opportunity_id = data.get("opportunity_id")
    if opportunity_id not in (None, ""):
        found = db.session.scalar(
            select(BusinessOpportunity.id)
            .join(GuideEdition, GuideEdition.id == BusinessOpportunity.edition_id)
            .where(
                BusinessOpportunity.id == opportunity_id,
                GuideEdition.country == country,
                GuideEdition.status == PublicationStatus.PUBLISHED,
            )
        ) if isinstance(opportunity_id, int) else None  # fmt: skip
        if found is None:
            raise EnterpriseError(
                _l("Choose a business opportunity of the country's guide."), "opportunity_id"
            )
    clean = {
        "name": cleaning.text(
            data, "name", max_length=200, required=_l("Give the business a name.")
        ),
        "sector": cleaning.choice(
            IsicSection, data.get("sector"), _l("Choose a sector."), "sector"
        ),
        "region_code": region,
        "opportunity_id": opportunity_id or None,
        "tax_id": cleaning.text(data, "tax_id", max_length=40),
        "registered_on": past_date(
            data, "registered_on", _l("Enter the date of registration."), required=False
        ),
    }
    for name in JOB_FIELDS:
        clean[name] = whole(data, name)
    return clean


def create_enterprise(case: Case, data: dict, *, actor) -> Enterprise:
    """A new business of the case's person, at the idea stage."""
    _writable(case)
    enterprise = Enterprise(
        case_id=case.id,
        stage=EnterpriseStage.IDEA,
        created_by_id=getattr(actor, "id", None),
        **_clean(case, data),
    )
    db.session.add(enterprise)
    db.session.flush()
    record(
        "enterprise.created",
        actor=actor,
        target=enterprise,
        changes={"case_id": case.id, "sector": enterprise.sector.value, "stage": "idea"},
    )
    return enterprise


def update_enterprise(enterprise: Enterprise, data: dict, *, version: int | None, actor) -> dict:
    """Name, sector, region, opportunity, registration and jobs (not the stage)."""
    case = db.session.get(Case, enterprise.case_id)
    _writable(case)
    check_version(enterprise, version)
    changes = changed_fields(enterprise, _clean(case, data))
    if changes:
        db.session.flush()
        record("enterprise.updated", actor=actor, target=enterprise, changes=changes)
    return changes


def next_stages(enterprise: Enterprise) -> tuple[EnterpriseStage, ...]:
    return TRANSITIONS[enterprise.stage]


def move_enterprise(
    enterprise: Enterprise, target, data: dict, *, version: int | None, actor
) -> EnterpriseStage:
    """Move the business to `target` (a stage TRANSITIONS allows from where it is). Launching
    needs the launch date (kept if already set); closing needs the closing date."""
    case = db.session.get(Case, enterprise.case_id)
    _writable(case)
    check_version(enterprise, version)
    target = cleaning.choice(EnterpriseStage, target, _l("Choose a stage."), "stage")
    if target not in TRANSITIONS[enterprise.stage]:
        raise EnterpriseError(
            _l(
                "A business at “%(current)s” cannot move to “%(target)s”.",
                current=enterprise.stage.label,
                target=target.label,
            ),
            "stage",
        )
    if target is EnterpriseStage.LAUNCHED or (
        target is EnterpriseStage.OPERATING and enterprise.launched_on is None
    ):
        enterprise.launched_on = past_date(
            data, "launched_on", _l("Enter the date the business opened.")
        )
    if target is EnterpriseStage.CLOSED:
        closed = past_date(data, "closed_on", _l("Enter the date the business closed."))
        if enterprise.launched_on and closed < enterprise.launched_on:
            raise EnterpriseError(_l("It cannot close before it opened."), "closed_on")
        enterprise.closed_on = closed
    previous = enterprise.stage
    enterprise.stage = target
    db.session.flush()
    record_event(
        case.id, STAGE_CHANGED, actor=actor, enterprise_id=enterprise.id,
        **{"from": previous.value, "to": target.value},
    )  # fmt: skip
    record(
        "enterprise.stage_changed",
        actor=actor,
        target=enterprise,
        changes={"stage": [previous.value, target.value]},
    )
    return previous


def break_even_month(plan: BusinessPlan) -> int | None:
    """The month in which the monthly margin (revenue - costs) has paid back the investment:
    ceil(investment / margin); 0 with nothing to pay back; None when there is no margin."""
    margin = plan.monthly_revenue - plan.monthly_costs
    if plan.total_investment <= 0:
        return 0
    if margin <= 0:
        return None
    return int(-(-plan.total_investment // margin))


def add_plan_version(enterprise: Enterprise, data: dict, *, actor) -> BusinessPlan:
    """A new version of the business plan (earlier versions are kept as they were)."""
    _writable(db.session.get(Case, enterprise.case_id))
    total = amount(data, "total_investment", required=_l("Enter the total investment."))
    own = amount(data, "own_contribution") or Decimal(0)
    if own > total:
        raise EnterpriseError(
            _l("The own contribution cannot be more than the total investment."),
            "own_contribution",
        )
    # Two revisions at once must not take the same number: one waits for the other.
    db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"plan:{enterprise.id}"))))
    latest = db.session.scalar(
        select(func.max(BusinessPlan.version)).where(BusinessPlan.enterprise_id == enterprise.id)
    )
    plan = BusinessPlan(
        enterprise_id=enterprise.id,
        version=(latest or 0) + 1,
        description=cleaning.text(data, "description", max_length=MAX_TEXT, multiline=True),
        currency=currency(data),
        total_investment=total,
        own_contribution=own,
        monthly_revenue=amount(
            data, "monthly_revenue", required=_l("Enter the expected monthly revenue.")
        ),
        monthly_costs=amount(data, "monthly_costs", required=_l("Enter the monthly costs.")),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(plan)
    db.session.flush()
    record(
        "business_plan.saved",
        actor=actor,
        target=plan,
        changes={
            "enterprise_id": enterprise.id,
            "version": plan.version,
            "currency": plan.currency,
            "total_investment": str(plan.total_investment),
        },
    )
    return plan


def add_training(enterprise: Enterprise, data: dict, *, actor) -> EnterpriseTraining:
    """Entrepreneurship training the owner attended: a published training or advisory
    programme of the person's country, once per programme."""
    case = db.session.get(Case, enterprise.case_id)
    _writable(case)
    programme_id = data.get("programme_id")
    programme = (
        db.session.get(SupportProgramme, programme_id) if isinstance(programme_id, int) else None
    )
    if (
        programme is None
        or programme.country != _country(case)
        or programme.status is not PublicationStatus.PUBLISHED
        or programme.kind not in (ProgrammeKind.TRAINING, ProgrammeKind.ADVISORY)
    ):
        raise EnterpriseError(_l("Choose a training programme of the country."), "programme_id")
    exists = db.session.scalar(
        select(EnterpriseTraining.id).where(
            EnterpriseTraining.enterprise_id == enterprise.id,
            EnterpriseTraining.programme_id == programme.id,
        )
    )
    if exists:
        raise EnterpriseError(_l("This training is already recorded."), "programme_id")
    training = EnterpriseTraining(
        enterprise_id=enterprise.id,
        programme_id=programme.id,
        attended_on=past_date(data, "attended_on", _l("Enter the date of the training.")),
        is_completed=bool(data.get("is_completed")),
    )
    db.session.add(training)
    db.session.flush()
    record(
        "enterprise.training_added",
        actor=actor,
        target=enterprise,
        changes={"programme_id": programme.id, "is_completed": training.is_completed},
    )
    return training


def record_visit(enterprise: Enterprise, data: dict, *, actor) -> FollowUpVisit:
    """A follow-up visit to a launched business; `due_month` (3, 6, 12 or 24) when it is the
    scheduled one, once each."""
    case = db.session.get(Case, enterprise.case_id)
    _writable(case)
    if enterprise.launched_on is None:
        raise EnterpriseError(_l("Follow-up visits start once the business is launched."))
    due_month = data.get("due_month")
    if due_month in ("", None):
        due_month = None
    elif due_month not in VISIT_MONTHS:
        raise EnterpriseError(_l("Choose the scheduled visit."), "due_month")
    elif db.session.scalar(
        select(FollowUpVisit.id).where(
            FollowUpVisit.enterprise_id == enterprise.id, FollowUpVisit.due_month == due_month
        )
    ):
        raise EnterpriseError(_l("That visit is already recorded."), "due_month")
    visited = past_date(data, "visited_on", _l("Enter the date of the visit."))
    if visited < enterprise.launched_on:
        raise EnterpriseError(_l("The visit cannot be before the launch."), "visited_on")
    revenue = amount(data, "monthly_revenue")
    visit = FollowUpVisit(
        enterprise_id=enterprise.id,
        due_month=due_month,
        visited_on=visited,
        is_operating=bool(data.get("is_operating")),
        monthly_revenue=revenue,
        currency=currency(data) if revenue is not None else None,
        jobs=whole(data, "jobs") if data.get("jobs") not in (None, "") else None,
        problems=cleaning.text(data, "problems", max_length=MAX_TEXT, multiline=True),
        next_steps=cleaning.text(data, "next_steps", max_length=MAX_TEXT, multiline=True),
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(visit)
    db.session.flush()
    record(
        "enterprise.visit_recorded",
        actor=actor,
        target=enterprise,
        changes={
            "visit_id": visit.id,
            "due_month": due_month,
            "is_operating": visit.is_operating,
        },
    )
    return visit
