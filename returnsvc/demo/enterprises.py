"""Demo micro-enterprises (issue #15): a few per origin country at different stages, written
through the enterprise services (so they are audited like real data) by each case's counsellor.

The stories, all dated from today:

- idea: a name, a sector and the guide's business opportunity it follows;
- financing: a business plan in two versions, a seed-capital grant requested from the country's
  programme and a micro-loan approved by a microfinance partner of the country;
- operating: launched about 8 months ago after the plan and a training or advisory programme,
  its funding disbursed, a micro-loan repaid on time and the 3- and 6-month visits recorded;
- arrears: launched about 14 months ago, its repayments stopped some two months ago (the oldest
  unpaid instalment is more than 30 days past due: PAR30 of its country);
- launched: opened a little over 3 months ago, the 3-month visit still to do (it shows on the
  counsellor's home);
- closed: launched, visited, then closed.

The businesses themselves are data in demo.enterprise_data. Three of them are on
counsellor.madrid's cases. `seed_demo_enterprises` gives a business only to
demo cases that have none, so it can run again.
"""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.core.countries import currency_of
from returnsvc.demo.enterprise_data import (
    ARREARS_STOP_DAYS,
    CLOSED,
    CO_LENDER,
    DEMO_ENTERPRISES,
    LAUNCHED_DAYS_AGO,
    DemoEnterprise,
)
from returnsvc.enterprise import funding as money
from returnsvc.enterprise import loans
from returnsvc.enterprise import services as enterprises
from returnsvc.enterprise.models import Enterprise, EnterpriseStage, FundingStatus
from returnsvc.enterprise.queries import months_after
from returnsvc.extensions import db
from returnsvc.guides.models import BusinessOpportunity, GuideEdition, GuideKind
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.partners.services import create_partner
from returnsvc.programmes.models import SupportProgramme
from returnsvc.publishing.models import PublicationStatus
from returnsvc.returnees.models import Returnee


def seed_demo_enterprises(partners=()) -> int:
    """Give the demo cases of DEMO_ENTERPRISES their business, unless the case has one already.
    `partners`: the demo partners (lenders are their microfinance ones). Flushes."""
    today = local_today()
    lenders = _lenders(partners)
    created = 0
    for spec in DEMO_ENTERPRISES:
        case = _case_of(*spec.owner)
        if case is None or not case.is_open or _has_enterprise(case.id):
            continue
        _Story(spec, case, today, lenders).tell()
        created += 1
    db.session.flush()
    return created


def _case_of(given_names: str, first_surname: str) -> Case | None:
    return db.session.scalar(
        select(Case)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(
            Case.is_demo.is_(True),
            Returnee.given_names == given_names,
            Returnee.first_surname == first_surname,
        )
        .order_by(Case.id)
        .limit(1)
    )


def _has_enterprise(case_id: int) -> bool:
    return db.session.scalar(select(Enterprise.id).where(Enterprise.case_id == case_id).limit(1))


def _lenders(partners) -> dict[str, list[Partner]]:
    """Active microfinance partners by country; Colombia's is created when missing."""
    found: dict[str, list[Partner]] = {}
    for partner in partners:
        if partner.kind is PartnerKind.MICROFINANCE and partner.is_active:
            found.setdefault(partner.country, []).append(partner)
    if "CO" not in found:
        existing = db.session.scalar(
            select(Partner).where(
                Partner.country == "CO", func.lower(Partner.name) == CO_LENDER["name"].lower()
            )
        )
        found["CO"] = [existing or create_partner(dict(CO_LENDER), actor=None, is_demo=True)]
        db.session.flush()
    return found


def _programme_id(key: str | None) -> int | None:
    if key is None:
        return None
    return db.session.scalar(
        select(SupportProgramme.id).where(
            SupportProgramme.key == key, SupportProgramme.status == PublicationStatus.PUBLISHED
        )
    )


def _opportunity_id(country: str, key: str | None) -> int | None:
    if key is None:
        return None
    return db.session.scalar(
        select(BusinessOpportunity.id)
        .join(GuideEdition, GuideEdition.id == BusinessOpportunity.edition_id)
        .where(
            BusinessOpportunity.key == key,
            GuideEdition.country == country,
            GuideEdition.kind == GuideKind.BUSINESS,
            GuideEdition.status == PublicationStatus.PUBLISHED,
        )
        .order_by(GuideEdition.edition_date.desc())
        .limit(1)
    )


class _Story:
    """One demo business told through the services, as its counsellor would record it."""

    def __init__(self, spec: DemoEnterprise, case: Case, today: date, lenders: dict):
        self.spec, self.case, self.today = spec, case, today
        self.actor = case.counsellor
        self.country = case.returnee.origin_country
        self.currency = currency_of(self.country)
        self.lenders = lenders.get(self.country, [])
        self.enterprise: Enterprise | None = None

    # --- the stories ---------------------------------------------------------------------

    def tell(self) -> None:
        story = self.spec.story
        if story in ("operating", "arrears", "launched"):
            launched = self.today - timedelta(days=LAUNCHED_DAYS_AGO[story])
            closed = None
        elif story == "closed":
            launched_ago, closed_ago = CLOSED[self.spec.owner]
            launched = self.today - timedelta(days=launched_ago)
            closed = self.today - timedelta(days=closed_ago)
        else:
            launched = closed = None
        self._create(registered=launched)
        if story == "idea":
            return
        self._plans()
        if self.spec.training and _programme_id(self.spec.training):
            self._move(EnterpriseStage.TRAINING)
            self._training(attended=(launched or self.today) - timedelta(days=45))
        self._move(EnterpriseStage.FINANCING)
        paid_on = (launched or self.today) - timedelta(days=20)
        self._funding(disburse_on=paid_on if launched else None)
        if launched is None:
            return
        loan = self._loan(disbursed_on=launched - timedelta(days=10))
        self._move(EnterpriseStage.LAUNCHED, launched_on=launched)
        if story != "launched":
            self._move(EnterpriseStage.OPERATING)
        if loan is not None:
            stop = self.today - timedelta(days=ARREARS_STOP_DAYS) if story == "arrears" else None
            self._repay(loan, until=stop or self.today)
        self._visits(launched, closed)
        if closed is not None:
            self._move(EnterpriseStage.CLOSED, closed_on=closed)

    # --- steps ---------------------------------------------------------------------------

    def _create(self, registered: date | None) -> None:
        spec = self.spec
        data = {
            "name": spec.name,
            "sector": spec.sector,
            "region_code": self.case.returnee.region_code,
            "opportunity_id": _opportunity_id(self.country, spec.opportunity),
            **spec.jobs,
        }
        if spec.tax_id and registered is not None:
            data |= {"tax_id": spec.tax_id, "registered_on": registered - timedelta(days=30)}
        self.enterprise = enterprises.create_enterprise(self.case, data, actor=self.actor)

    def _move(self, stage: EnterpriseStage, **data) -> None:
        enterprises.move_enterprise(
            self.enterprise, stage, data, version=self.enterprise.version, actor=self.actor
        )

    def _plans(self) -> None:
        for number, plan in enumerate(self.spec.plans):
            enterprises.add_plan_version(
                self.enterprise,
                {
                    "description": plan.description,
                    "currency": self.currency,
                    "total_investment": plan.total,
                    "own_contribution": plan.own,
                    "monthly_revenue": plan.revenue,
                    "monthly_costs": plan.costs,
                },
                actor=self.actor,
            )
            if number == 0:
                self._move(EnterpriseStage.PLAN)

    def _training(self, attended: date) -> None:
        enterprises.add_training(
            self.enterprise,
            {
                "programme_id": _programme_id(self.spec.training),
                "attended_on": min(attended, self.today),
                "is_completed": True,
            },
            actor=self.actor,
        )

    def _add_funding(self, kind: str, value: str, note: str = "", **provider):
        return money.add_funding(
            self.enterprise,
            {"kind": kind, "amount": value, "currency": self.currency, "note": note, **provider},
            actor=self.actor,
        )

    def _approve(self, funding) -> None:
        money.set_funding_status(
            funding, FundingStatus.APPROVED, version=funding.version, actor=self.actor
        )

    def _disburse(self, funding, on: date, paid_by: str = "") -> None:
        money.add_disbursement(
            funding,
            {"amount": funding.amount, "disbursed_on": on, "paid_by": paid_by},
            actor=self.actor,
        )

    def _funding(self, disburse_on: date | None) -> None:
        """The plan's own money and grants: approved, and paid out once the business opens;
        a seed grant stays requested while the business is being financed."""
        for kind, value, note in self.spec.funding:
            funding = self._add_funding(kind, value, note)
            self._approve(funding)
            if disburse_on is not None:
                self._disburse(funding, disburse_on)
        if self.spec.seed_grant:
            key, value = self.spec.seed_grant
            grant = self._add_funding("seed_grant", value, programme_id=_programme_id(key))
            if disburse_on is not None:
                self._approve(grant)
                self._disburse(grant, disburse_on, paid_by="Fondo de capital semilla")
        if self.spec.loan and disburse_on is None:
            # Approved by the lender, not paid out yet: no loan terms until it is.
            self._approve(self._micro_loan())

    def _micro_loan(self):
        lender = self._lender()
        return self._add_funding(
            "micro_loan",
            self.spec.loan.principal,
            partner_id=lender.id if lender else None,
        )

    def _lender(self) -> Partner | None:
        """A microfinance partner of the country, of the person's region when there is one."""
        if not self.lenders:
            return None
        region = self.case.returnee.region_code
        return next((p for p in self.lenders if p.region_code == region), self.lenders[0])

    def _loan(self, disbursed_on: date):
        terms = self.spec.loan
        if terms is None:
            return None
        funding = self._micro_loan()
        self._approve(funding)
        lender = self._lender()
        self._disburse(funding, disbursed_on, paid_by=lender.name if lender else "")
        return money.add_loan(
            funding,
            {
                "annual_rate": Decimal(terms.rate),
                "term_months": terms.term,
                "grace_months": terms.grace,
                "method": terms.method,
                "disbursed_on": disbursed_on,
            },
            actor=self.actor,
        )

    def _repay(self, loan, until: date) -> None:
        """Each instalment due by `until` paid in full, on its due date or a few days before."""
        for number, instalment in enumerate(loans.schedule(money.terms_of(loan))):
            if instalment.due_on > until:
                break
            paid_on = max(instalment.due_on - timedelta(days=number % 3), loan.disbursed_on)
            money.record_repayment(
                loan,
                {"amount": instalment.total, "paid_on": min(paid_on, self.today)},
                actor=self.actor,
            )

    def _visits(self, launched: date, closed: date | None) -> None:
        for month, operating, revenue, problems, next_steps in self.spec.visits:
            visited = months_after(launched, month) + timedelta(days=3)
            if visited > self.today or (closed and visited > closed):
                continue
            enterprises.record_visit(
                self.enterprise,
                {
                    "due_month": month,
                    "visited_on": visited,
                    "is_operating": operating,
                    "monthly_revenue": revenue,
                    "currency": self.currency,
                    "jobs": self.enterprise.jobs,
                    "problems": problems,
                    "next_steps": next_steps,
                },
                actor=self.actor,
            )
