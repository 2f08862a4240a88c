"""The person's businesses in the subject-access record: each on the viewer's visible cases
with its plan versions, training, funding with disbursements, loans with their repayments,
and follow-up visits. Registered with the rest of the enterprise contributions
(enterprise.contributions), which also erase their free text on anonymisation."""

from collections import defaultdict

from flask_babel import get_locale
from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.core import codes
from returnsvc.enterprise.models import (
    BusinessPlan,
    Disbursement,
    Enterprise,
    EnterpriseTraining,
    FollowUpVisit,
    FundingSource,
    Loan,
    Repayment,
)
from returnsvc.extensions import db
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme


def _programme_names(ids) -> dict[int, str]:
    if not ids:
        return {}
    stmt, text = PROGRAMME_TEXT.joined(
        select(SupportProgramme.id), SupportProgramme.id, str(get_locale() or "es")
    )
    rows = db.session.execute(
        stmt.add_columns(text.name).where(SupportProgramme.id.in_(sorted(ids)))
    )
    return {row.id: row.name for row in rows}


def enterprise_record(returnee, case_ids, viewer) -> list[dict]:
    """The person's businesses on the viewer's visible cases, with their plans, training,
    funding, loans with repayments, and visits (one statement per kind of row)."""
    rows = db.session.execute(
        select(Enterprise, Case.reference)
        .join(Case, Case.id == Enterprise.case_id)
        .where(Enterprise.case_id.in_(case_ids))
        .order_by(Enterprise.id)
    ).all()
    if not rows:
        return []
    ids = [enterprise.id for enterprise, _reference in rows]
    plans, trainings, fundings, visits = (defaultdict(list) for _ in range(4))
    for plan in db.session.scalars(
        select(BusinessPlan)
        .where(BusinessPlan.enterprise_id.in_(ids))
        .order_by(BusinessPlan.version)
    ):
        plans[plan.enterprise_id].append(
            {
                "version": plan.version,
                "saved_at": plan.created_at,
                "description": plan.description,
                "currency": plan.currency,
                "total_investment": plan.total_investment,
                "own_contribution": plan.own_contribution,
                "monthly_revenue": plan.monthly_revenue,
                "monthly_costs": plan.monthly_costs,
            }
        )
    training_rows = db.session.scalars(
        select(EnterpriseTraining)
        .where(EnterpriseTraining.enterprise_id.in_(ids))
        .order_by(EnterpriseTraining.attended_on)
    ).all()
    names = _programme_names({t.programme_id for t in training_rows})
    for training in training_rows:
        trainings[training.enterprise_id].append(
            {
                "programme": names.get(training.programme_id, ""),
                "attended_on": training.attended_on,
                "is_completed": training.is_completed,
            }
        )
    sources = db.session.scalars(
        select(FundingSource).where(FundingSource.enterprise_id.in_(ids)).order_by(FundingSource.id)
    ).all()
    source_ids = [s.id for s in sources]
    paid_out = defaultdict(list)
    for row in db.session.scalars(
        select(Disbursement)
        .where(Disbursement.funding_id.in_(source_ids))
        .order_by(Disbursement.disbursed_on, Disbursement.id)
    ):
        paid_out[row.funding_id].append({"disbursed_on": row.disbursed_on, "amount": row.amount})
    loan_of = {
        loan.funding_id: loan
        for loan in db.session.scalars(select(Loan).where(Loan.funding_id.in_(source_ids)))
    }
    repaid = defaultdict(list)
    for row in db.session.scalars(
        select(Repayment)
        .where(Repayment.loan_id.in_([loan.id for loan in loan_of.values()]))
        .order_by(Repayment.paid_on, Repayment.id)
    ):
        repaid[row.loan_id].append(
            {
                "paid_on": row.paid_on,
                "amount": row.amount,
                "is_reversal": row.reverses_id is not None,
            }
        )
    for source in sources:
        item = {
            "kind": source.kind,
            "amount": source.amount,
            "currency": source.currency,
            "status": source.status,
            "note": source.note,
            "disbursements": paid_out[source.id],
        }
        loan = loan_of.get(source.id)
        if loan is not None:
            item["loan"] = {
                "principal": loan.principal,
                "currency": loan.currency,
                "annual_rate": loan.annual_rate,
                "term_months": loan.term_months,
                "grace_months": loan.grace_months,
                "method": loan.method,
                "disbursed_on": loan.disbursed_on,
                "written_off_on": loan.written_off_on,
                "write_off_reason": loan.write_off_reason,
                "repayments": repaid[loan.id],
            }
        fundings[source.enterprise_id].append(item)
    for visit in db.session.scalars(
        select(FollowUpVisit)
        .where(FollowUpVisit.enterprise_id.in_(ids))
        .order_by(FollowUpVisit.visited_on, FollowUpVisit.id)
    ):
        visits[visit.enterprise_id].append(
            {
                "visited_on": visit.visited_on,
                "due_month": visit.due_month,
                "is_operating": visit.is_operating,
                "monthly_revenue": visit.monthly_revenue,
                "currency": visit.currency,
                "jobs": visit.jobs,
                "problems": visit.problems,
                "next_steps": visit.next_steps,
            }
        )
    return [
        {
            "case": reference,
            "name": e.name,
            "sector": e.sector,
            "region": codes.region(e.region_code),
            "stage": e.stage,
            "launched_on": e.launched_on,
            "closed_on": e.closed_on,
            "tax_id": e.tax_id,
            "registered_on": e.registered_on,
            "jobs": e.jobs,
            "plans": plans[e.id],
            "trainings": trainings[e.id],
            "funding": fundings[e.id],
            "visits": visits[e.id],
        }
        for e, reference in rows
    ]
