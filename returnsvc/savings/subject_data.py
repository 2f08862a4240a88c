"""The person's savings in the subject-access record: each plan on the viewer's visible cases
with its institution, goal, balance and every entry of its ledger. Registered with the rest of
the savings contributions (savings.contributions), which also erase the account's digits on
anonymisation."""

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.core import codes
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.partners.models import Partner
from returnsvc.savings.models import SavingsEntry, SavingsPlan


def savings_record(returnee, case_ids, viewer) -> list[dict]:
    """The person's plans on the viewer's visible cases, oldest first, each with its ledger
    (oldest first): two statements."""
    rows = db.session.execute(
        select(SavingsPlan, Case.reference, Partner.name, Enterprise.name)
        .join(Case, Case.id == SavingsPlan.case_id)
        .outerjoin(Partner, Partner.id == SavingsPlan.institution_id)
        .outerjoin(Enterprise, Enterprise.id == SavingsPlan.enterprise_id)
        .where(SavingsPlan.case_id.in_(case_ids))
        .order_by(SavingsPlan.id)
    ).all()
    if not rows:
        return []
    entries = defaultdict(list)
    for entry in db.session.scalars(
        select(SavingsEntry)
        .where(SavingsEntry.plan_id.in_([plan.id for plan, *_rest in rows]))
        .order_by(SavingsEntry.plan_id, SavingsEntry.booked_on, SavingsEntry.id)
    ):
        entries[entry.plan_id].append(
            {
                "id": entry.id,
                "kind": entry.kind,
                "booked_on": entry.booked_on,
                "amount": entry.amount,
                "currency": entry.currency,
                "sent_amount": entry.sent_amount,
                "sent_currency": entry.sent_currency,
                "rate": entry.rate,
                "sender_country": codes.country(entry.sender_country),
                "channel": entry.channel,
                "withdrawal_purpose": entry.withdrawal_purpose,
                "reverses": entry.reverses_id,
                "reversal_reason": entry.reversal_reason,
                "recorded_at": entry.recorded_at,
            }
        )
    return [
        {
            "case": reference,
            "purpose": plan.purpose,
            "business": enterprise or "",
            "target_amount": plan.target_amount,
            "currency": plan.currency,
            "starts_on": plan.starts_on,
            "target_date": plan.target_date,
            "recommended_monthly": plan.recommended_monthly,
            "institution": institution or "",
            "account_last4": plan.account_last4,
            "status": plan.status,
            "closed_on": plan.closed_on,
            "balance": sum((e["amount"] for e in entries[plan.id]), Decimal("0.00")),
            "entries": entries[plan.id],
        }
        for plan, reference, institution, enterprise in rows
    ]
