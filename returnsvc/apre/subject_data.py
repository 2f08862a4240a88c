"""The person's APRE in the subject-access record: on each of the viewer's visible cases, the
benefit recognised, the return, the deadline and the commitment, and the two payments with
where their money went. Registered with the rest of the APRE contributions."""

from collections import defaultdict

from sqlalchemy import select

from returnsvc.apre.models import ApreEarmark, AprePayment, ApreRecord
from returnsvc.cases.models import Case
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.savings.models import SavingsPlan


def apre_record(returnee, case_ids, viewer) -> list[dict]:
    """The APRE of each of the person's visible cases (three statements)."""
    rows = db.session.execute(
        select(ApreRecord, Case.reference)
        .join(Case, Case.id == ApreRecord.case_id)
        .where(ApreRecord.case_id.in_(case_ids))
        .order_by(ApreRecord.id)
    ).all()
    if not rows:
        return []
    payments = defaultdict(list)
    payment_rows = db.session.scalars(
        select(AprePayment)
        .where(AprePayment.record_id.in_([r.id for r, _reference in rows]))
        .order_by(AprePayment.record_id, AprePayment.number)
    ).all()
    earmarks = defaultdict(list)
    for earmark, purpose, name in db.session.execute(
        select(ApreEarmark, SavingsPlan.purpose, Enterprise.name)
        .outerjoin(SavingsPlan, SavingsPlan.id == ApreEarmark.savings_plan_id)
        .outerjoin(Enterprise, Enterprise.id == ApreEarmark.enterprise_id)
        .where(ApreEarmark.payment_id.in_([p.id for p in payment_rows]))
        .order_by(ApreEarmark.id)
    ):
        earmarks[earmark.payment_id].append(
            {
                "to": earmark.target,
                "amount": earmark.amount,
                "credited_amount": earmark.credited_amount,
                "credited_currency": earmark.credited_currency,
                "booked_on": earmark.booked_on,
                "savings_purpose": purpose,
                "business": name,
            }
        )
    for payment in payment_rows:
        payments[payment.record_id].append(
            {
                "number": payment.number,
                "expected_amount": payment.expected_amount,
                "expected_on": payment.expected_on,
                "received_amount": payment.received_amount,
                "received_on": payment.received_on,
                "earmarks": earmarks[payment.id],
            }
        )
    return [
        {
            "case": reference,
            "total_amount": r.total_amount,
            "currency": r.currency,
            "recognised_on": r.recognised_on,
            "returned_on": r.returned_on,
            "return_deadline": r.return_deadline,
            "commitment_ends_on": r.commitment_ends_on,
            "rule_source": r.rule.source,
            "payments": payments[r.id],
        }
        for r, reference in rows
    ]
