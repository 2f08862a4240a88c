"""Demo APRE records (issue #16) for the demo people whose return programme is APRE, written
through the APRE services by the case's counsellor (audited, with their reminders):

- the benefit recognised a month before the person left Spain, the first payment six days
  later (so they left within the 30 days), the second payment after the 30 days;
- one person still waiting for the second payment (a reminder on the counsellor's home);
- part of a payment put towards a savings plan (an APRE deposit on its ledger, credited in the
  plan's currency at the demo rate) or towards a business (a funding source of kind APRE).

`seed_demo_apre` leaves alone cases that already have a record, so it can run again.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from returnsvc.apre import services as apre
from returnsvc.apre.earmarks import earmark
from returnsvc.apre.models import ApreEarmarkTarget
from returnsvc.apre.payments import record_payment
from returnsvc.apre.services import FIRST, SECOND
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.demo.savings import DEMO_RATES, demo_case_of
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.savings.models import PlanStatus, SavingsPlan

DAYS_RECOGNISED_BEFORE_LEAVING = 30
DAYS_FIRST_PAYMENT_AFTER_RECOGNISED = 6
DAYS_SECOND_PAYMENT_AFTER_LEAVING = 16


@dataclass(frozen=True)
class DemoApre:
    owner: tuple[str, str]  # given names, first surname (demo/people_data.py)
    total: Decimal  # euros recognised
    second_received: bool = True
    earmark_to: str | None = None  # "savings" or "enterprise"
    earmark_amount: Decimal = Decimal(0)  # euros
    earmark_payment: int = SECOND


DEMO_APRE = (
    DemoApre(("Wilson Patricio", "Guamán"), Decimal("11400.00"), earmark_to="savings",
             earmark_amount=Decimal(1500)),
    DemoApre(("María Fernanda", "Quizhpi"), Decimal("8250.00"), second_received=False,
             earmark_to="enterprise", earmark_amount=Decimal(1000), earmark_payment=FIRST),
    DemoApre(("Luz Dary", "Cárdenas"), Decimal("9870.00")),
    DemoApre(("Rosa", "Mamani"), Decimal("12600.00"), earmark_to="savings",
             earmark_amount=Decimal(2000)),
    DemoApre(("Milagros", "Huamán"), Decimal("7320.00")),
)  # fmt: skip


def seed_demo_apre() -> int:
    """Start the demo APRE records (DEMO_APRE) on open demo cases without one. Flushes."""
    created = 0
    for spec in DEMO_APRE:
        case = demo_case_of(*spec.owner)
        if case is None or not case.is_open or not apre.is_apre_case(case):
            continue
        if apre.record_of(case.id) is not None:
            continue
        returned_on = case.returnee.migration.actual_return_date
        if returned_on is None:
            continue
        _start_with_payments(spec, case, returned_on)
        created += 1
    db.session.flush()
    return created


def _start_with_payments(spec: DemoApre, case: Case, returned_on) -> None:
    actor = case.counsellor
    today = local_today()
    recognised_on = returned_on - timedelta(days=DAYS_RECOGNISED_BEFORE_LEAVING)
    record_ = apre.start_apre(
        case,
        {"total_amount": spec.total, "recognised_on": recognised_on, "returned_on": returned_on},
        actor=actor,
    )
    payments = apre.payments_of(record_.id)
    first = payments[FIRST]
    record_payment(
        first,
        {
            "received_amount": first.expected_amount,
            "received_on": recognised_on + timedelta(days=DAYS_FIRST_PAYMENT_AFTER_RECOGNISED),
        },
        version=first.version,
        actor=actor,
    )
    second = apre.payments_of(record_.id)[SECOND]
    second_on = max(
        second.expected_on, returned_on + timedelta(days=DAYS_SECOND_PAYMENT_AFTER_LEAVING)
    )
    if spec.second_received and second_on <= today:
        record_payment(
            second,
            {"received_amount": second.expected_amount, "received_on": second_on},
            version=second.version,
            actor=actor,
        )
    if spec.earmark_to:
        _earmark(spec, case, apre.payments_of(record_.id)[spec.earmark_payment], today)


def _earmark(spec: DemoApre, case: Case, payment, today) -> None:
    if not payment.is_received:
        return
    data = {
        "to": spec.earmark_to,
        "amount": spec.earmark_amount,
        "booked_on": min(payment.received_on + timedelta(days=2), today),
    }
    if spec.earmark_to == ApreEarmarkTarget.SAVINGS.value:
        plan = db.session.scalar(
            select(SavingsPlan)
            .where(SavingsPlan.case_id == case.id, SavingsPlan.status == PlanStatus.ACTIVE)
            .order_by(SavingsPlan.id)
            .limit(1)
        )
        if plan is None or plan.starts_on > data["booked_on"]:
            return
        data["plan_id"] = plan.id
        if plan.currency != "EUR":
            rate = DEMO_RATES[plan.currency]
            data["credited_amount"] = (spec.earmark_amount * rate).quantize(Decimal("0.01"))
    else:
        enterprise_id = db.session.scalar(
            select(Enterprise.id).where(Enterprise.case_id == case.id).order_by(Enterprise.id)
        )
        if enterprise_id is None:
            return
        data["enterprise_id"] = enterprise_id
    earmark(payment, data, actor=case.counsellor)
