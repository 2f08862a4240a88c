"""Reads of the APRE tab and its pages: the case's record with its payments and earmarks, each
payment looked up within the case only (another case's id answers 404), and the savings
plans and businesses of the case a payment can be put towards."""

from dataclasses import dataclass, field
from decimal import Decimal

from flask import abort
from sqlalchemy import select

from returnsvc.apre.models import ApreEarmark, AprePayment, ApreRecord
from returnsvc.core.money import format_money
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.savings.models import PlanStatus, SavingsPlan


@dataclass
class PaymentView:
    payment: AprePayment
    earmarks: list = field(default_factory=list)  # [(ApreEarmark, what it went to)]

    @property
    def earmarked(self) -> Decimal:
        return sum((e.amount for e, _name in self.earmarks), Decimal("0.00"))

    @property
    def left(self) -> Decimal:
        if self.payment.received_amount is None:
            return Decimal("0.00")
        return self.payment.received_amount - self.earmarked


@dataclass
class ApreView:
    record: ApreRecord
    payments: list  # [PaymentView], first then second


def plan_label(plan: SavingsPlan) -> str:
    """How a savings plan is named where it is chosen: its purpose, goal and currency."""
    return f"{plan.purpose.label} · {format_money(plan.target_amount, plan.currency)}"


def apre_of(case_id: int) -> ApreView | None:
    """The case's APRE with its payments and their earmarks (three statements)."""
    record = db.session.scalar(select(ApreRecord).where(ApreRecord.case_id == case_id))
    if record is None:
        return None
    payments = db.session.scalars(
        select(AprePayment).where(AprePayment.record_id == record.id).order_by(AprePayment.number)
    ).all()
    views = {p.id: PaymentView(p) for p in payments}
    rows = db.session.execute(
        select(ApreEarmark, SavingsPlan, Enterprise.name)
        .outerjoin(SavingsPlan, SavingsPlan.id == ApreEarmark.savings_plan_id)
        .outerjoin(Enterprise, Enterprise.id == ApreEarmark.enterprise_id)
        .where(ApreEarmark.payment_id.in_(list(views)))
        .order_by(ApreEarmark.id)
    )
    for earmark, plan, enterprise_name in rows:
        name = plan_label(plan) if plan is not None else (enterprise_name or "")
        views[earmark.payment_id].earmarks.append((earmark, name))
    return ApreView(record, list(views.values()))


def payment_or_404(case, payment_id: int) -> AprePayment:
    """A payment of the case's APRE, else 404."""
    payment = db.session.scalar(
        select(AprePayment)
        .join(ApreRecord, ApreRecord.id == AprePayment.record_id)
        .where(AprePayment.id == payment_id, ApreRecord.case_id == case.id)
    )
    if payment is None:
        abort(404)
    return payment


def savings_plans_of(case_id: int) -> list[SavingsPlan]:
    """The case's active savings plans, oldest first."""
    return db.session.scalars(
        select(SavingsPlan)
        .where(SavingsPlan.case_id == case_id, SavingsPlan.status == PlanStatus.ACTIVE)
        .order_by(SavingsPlan.id)
    ).all()


def enterprises_of(case_id: int) -> list[tuple[int, str]]:
    """(id, name) of the case's businesses."""
    rows = db.session.execute(
        select(Enterprise.id, Enterprise.name)
        .where(Enterprise.case_id == case_id)
        .order_by(Enterprise.id)
    )
    return [(row.id, row.name) for row in rows]
