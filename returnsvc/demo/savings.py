"""Demo savings plans (issue #16): one or two per origin country, each with about a year of
deposits written through the savings services (so they are audited like real data) by the
case's counsellor.

- remittances sent from Spain in euros and credited in the plan's currency at a demo rate;
- deposits from wages, interest every quarter;
- months skipped (they show as missed against the recommended deposit);
- a deposit recorded twice and corrected by a reversal;
- a withdrawal for the business, on the plan that saves capital for one.

`seed_demo_savings` gives a plan only to demo cases that have none, so it can run again.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.core.countries import currency_of
from returnsvc.enterprise.models import Enterprise
from returnsvc.enterprise.queries import months_after
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.returnees.models import Returnee
from returnsvc.savings import services
from returnsvc.savings.models import EntryKind, SavingsPlan

# Euros to the plan's currency, for the demo only (about the rates of late 2026).
DEMO_RATES = {"BOB": Decimal("7.52"), "COP": Decimal("4310.50"), "USD": Decimal("1.08")}
DEMO_RATES["PEN"] = Decimal("3.98")


@dataclass(frozen=True)
class DemoPlan:
    owner: tuple[str, str]  # given names, first surname
    purpose: str
    target: Decimal  # in the country's currency
    months: int  # from the first deposit to the goal
    monthly: Decimal  # what the person puts in, at least the recommended deposit (target / months)
    source: str  # "remittance" (sent in euros from Spain) or "wages"
    skipped: tuple[int, ...] = ()  # months (1 = the first) with no deposit
    reversed_month: int | None = None  # a deposit recorded twice, then reversed
    withdrawal: Decimal | None = None  # taken out for the business in the last month
    account: str = ""


DEMO_PLANS = (
    DemoPlan(("Wilson Patricio", "Guamán"), "housing", Decimal(6000), 24, Decimal(260),
             "remittance", skipped=(5,), reversed_month=8, account="2200457812"),
    DemoPlan(("Nancy Beatriz", "Chicaiza"), "enterprise_capital", Decimal(2500), 15,
             Decimal(170), "wages", skipped=(3, 9), withdrawal=Decimal(600)),
    DemoPlan(("Luz Dary", "Cárdenas"), "enterprise_capital", Decimal(6_000_000), 18,
             Decimal(350_000), "wages", skipped=(6,), withdrawal=Decimal(1_200_000),
             account="0550123498"),
    DemoPlan(("John Fredy", "Osorio"), "education", Decimal(3_000_000), 12, Decimal(260_000),
             "remittance", skipped=(2, 3, 7)),
    DemoPlan(("Rosa", "Mamani"), "housing", Decimal(20000), 30, Decimal(700), "remittance",
             reversed_month=4, account="1019283"),
    DemoPlan(("Freddy", "Vargas"), "emergency", Decimal(3000), 12, Decimal(260), "wages",
             skipped=(10,)),
    DemoPlan(("Milagros", "Huamán"), "enterprise_capital", Decimal(8000), 18, Decimal(460),
             "remittance", skipped=(4,), withdrawal=Decimal(1500), account="3344556677"),
    DemoPlan(("César Augusto", "Quispe"), "emergency", Decimal(2000), 10, Decimal(210),
             "wages", skipped=(1, 2)),
)  # fmt: skip

HISTORY_MONTHS = 12  # deposits over the last year
INTEREST_RATE_QUARTER = Decimal("0.0075")  # 3% a year, paid each quarter on the balance


def seed_demo_savings(partners=()) -> int:
    """Open the demo plans (DEMO_PLANS) on open demo cases that have none. Flushes."""
    today = local_today()
    institutions = {
        p.country: p for p in partners if p.kind is PartnerKind.FINANCIAL and p.is_active
    }
    created = 0
    for spec in DEMO_PLANS:
        case = demo_case_of(*spec.owner)
        if case is None or not case.is_open or _has_plan(case.id):
            continue
        _open_with_history(spec, case, today, institutions.get(case.returnee.origin_country))
        created += 1
    db.session.flush()
    return created


def demo_case_of(given_names: str, first_surname: str) -> Case | None:
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


def _has_plan(case_id: int) -> bool:
    return (
        db.session.scalar(select(SavingsPlan.id).where(SavingsPlan.case_id == case_id).limit(1))
        is not None
    )


def _enterprise_of(case: Case) -> int | None:
    return db.session.scalar(
        select(Enterprise.id).where(Enterprise.case_id == case.id).order_by(Enterprise.id)
    )


def _open_with_history(spec: DemoPlan, case: Case, today: date, institution: Partner | None):
    actor = case.counsellor
    country = case.returnee.origin_country
    currency = currency_of(country)
    starts_on = months_after(today, -HISTORY_MONTHS).replace(day=1)
    plan = services.open_plan(
        case,
        {
            "purpose": spec.purpose,
            "enterprise_id": _enterprise_of(case) if spec.purpose == "enterprise_capital" else None,
            "target_amount": spec.target,
            "currency": currency,
            "starts_on": starts_on,
            "target_date": months_after(starts_on, spec.months),
            "institution_id": institution.id if institution else None,
            "account": spec.account,
        },
        actor=actor,
    )
    for month in range(1, HISTORY_MONTHS + 1):
        booked_on = months_after(starts_on, month - 1).replace(day=min(5 + month, 28))
        if booked_on > today:
            break
        if month not in spec.skipped:
            # Up to a tenth more some months (never less: the months missed are those skipped).
            amount = (spec.monthly * (Decimal(100) + (month * 7) % 11) / 100).quantize(
                Decimal("0.01")
            )
            _deposit(plan, spec, amount, booked_on, currency, actor)
            if month == spec.reversed_month:
                twice = _deposit(plan, spec, amount, booked_on, currency, actor)
                services.reverse_entry(twice, {"reason": "duplicate"}, actor=actor)
        if month % 3 == 0:
            interest = (services.balance(plan.id) * INTEREST_RATE_QUARTER).quantize(Decimal("0.01"))
            if interest > 0:
                services.record_entry(
                    plan,
                    EntryKind.INTEREST,
                    {"amount": interest, "booked_on": booked_on},
                    actor=actor,
                )
    if spec.withdrawal is not None:
        services.record_entry(
            plan,
            EntryKind.WITHDRAWAL,
            {
                "amount": min(spec.withdrawal, services.balance(plan.id)),
                "booked_on": today,
                "withdrawal_purpose": "business",
            },
            actor=actor,
        )
    return plan


def _deposit(plan, spec: DemoPlan, amount: Decimal, booked_on: date, currency: str, actor):
    data: dict = {"amount": amount, "booked_on": booked_on}
    if spec.source == "remittance":
        sent = (amount / DEMO_RATES[currency]).quantize(Decimal("0.01"))
        data |= {
            "sender_country": "ES",
            "channel": "operator" if booked_on.month % 2 else "bank",
            "sent_currency": "EUR",
            "sent_amount": sent,
        }
        return services.record_entry(plan, EntryKind.REMITTANCE, data, actor=actor)
    return services.record_entry(plan, EntryKind.WAGES, data, actor=actor)
