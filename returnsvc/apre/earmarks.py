"""Putting part of a received APRE payment towards something: a savings plan of the case (a
deposit of kind APRE on its ledger, through the savings services) or one of the person's
businesses (an approved funding source of kind APRE, through the enterprise services).

Same rules as apre.services: flush, never commit; the acting user passed in; refusals
translated; every change audited. The payment's row lock (apre.payments) is held while the
earmarks are added up, so that two at once never put aside more than the payment received.
"""

from returnsvc.apre.models import CURRENCY, ApreEarmark, ApreEarmarkTarget, AprePayment
from returnsvc.apre.payments import lock_payment
from returnsvc.apre.services import ApreError, case_of, record_of_payment, require_writable
from returnsvc.audit.services import record
from returnsvc.cases.models import Case
from returnsvc.core import cleaning, clock
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import format_money
from returnsvc.core.refusals import Refusal
from returnsvc.enterprise.funding import add_funding
from returnsvc.enterprise.models import Enterprise, FundingKind, FundingStatus
from returnsvc.extensions import db
from returnsvc.savings.models import EntryKind, SavingsPlan
from returnsvc.savings.services import record_entry


def _plan_of_case(case: Case, plan_id) -> SavingsPlan:
    plan = db.session.get(SavingsPlan, plan_id) if isinstance(plan_id, int) else None
    if plan is None or plan.case_id != case.id:
        raise ApreError(_l("Choose a savings plan of this case."), "plan_id")
    return plan


def _enterprise_of_case(case: Case, enterprise_id) -> Enterprise:
    enterprise = (
        db.session.get(Enterprise, enterprise_id) if isinstance(enterprise_id, int) else None
    )
    if enterprise is None or enterprise.case_id != case.id:
        raise ApreError(_l("Choose one of this person's businesses."), "enterprise_id")
    return enterprise


def earmark(payment: AprePayment, data: dict, *, actor) -> ApreEarmark:
    """Put part of a received payment towards a savings plan of the case (`to`: "savings",
    `plan_id`; a deposit of kind APRE on its ledger, in the plan's currency: a plan not in
    euros needs `credited_amount`, what its account was credited) or one of the case's
    businesses (`to`: "enterprise", `enterprise_id`; an approved funding source of kind
    APRE in euros). `amount` (euros) never takes the payment's earmarks beyond what it
    received; `booked_on` (default today) is not before it was received."""
    record_ = record_of_payment(payment)
    case = case_of(record_)
    require_writable(case)
    target = cleaning.choice(
        ApreEarmarkTarget, data.get("to"), _l("Choose where the money goes."), "to"
    )
    if not payment.is_received:
        raise ApreError(_l("Record the payment received first."))
    amount = cleaning.amount(data, "amount", required=_l("Enter the amount."), positive=True)
    booked_on = cleaning.past_date(data, "booked_on", None, required=False)
    booked_on = booked_on or clock.local_today()
    if booked_on < payment.received_on:
        raise ApreError(_l("That date is before the payment was received."), "booked_on")
    if target is ApreEarmarkTarget.SAVINGS:
        plan = _plan_of_case(case, data.get("plan_id"))
        credited, currency = amount, plan.currency
        if plan.currency != CURRENCY:
            credited = cleaning.amount(
                data,
                "credited_amount",
                required=_l(
                    "Enter what the plan's account was credited, in %(currency)s.",
                    currency=plan.currency,
                ),
                positive=True,
            )
    else:
        enterprise = _enterprise_of_case(case, data.get("enterprise_id"))
        credited, currency = amount, CURRENCY
    already = lock_payment(payment)
    if already + amount > payment.received_amount:
        raise ApreError(
            _l(
                "That is more than is left of this payment (%(left)s).",
                left=format_money(payment.received_amount - already, CURRENCY),
            ),
            "amount",
        )
    row = ApreEarmark(
        payment_id=payment.id,
        target=target,
        amount=amount,
        credited_amount=credited,
        credited_currency=currency,
        booked_on=booked_on,
        recorded_by_id=getattr(actor, "id", None),
    )
    if target is ApreEarmarkTarget.SAVINGS:
        try:
            entry = record_entry(
                plan, EntryKind.APRE, {"amount": credited, "booked_on": booked_on}, actor=actor
            )
        except Refusal as refusal:  # the ledger's own rules (a closed plan, a date before it)
            field = refusal.field
            if field == "amount" and plan.currency != CURRENCY:
                field = "credited_amount"
            raise ApreError(refusal.message, field) from None
        row.savings_plan_id, row.savings_entry_id = plan.id, entry.id
    else:
        source = add_funding(
            enterprise,
            {
                "kind": FundingKind.APRE.value,
                "amount": amount,
                "currency": CURRENCY,
                "status": FundingStatus.APPROVED.value,
            },
            actor=actor,
        )
        row.enterprise_id, row.funding_source_id = enterprise.id, source.id
    db.session.add(row)
    db.session.flush()
    record(
        "apre_earmark.added",
        actor=actor,
        target=row,
        changes={
            "payment_id": payment.id,
            "number": payment.number,
            "to": target.value,
            "amount": str(amount),
            "credited_amount": str(credited),
            "credited_currency": currency,
            "booked_on": str(booked_on),
            "savings_entry_id": row.savings_entry_id,
            "funding_source_id": row.funding_source_id,
        },
    )
    return row
