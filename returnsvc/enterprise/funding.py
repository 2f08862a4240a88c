"""Writes on an enterprise's money: funding sources and their disbursements, micro-loans (their
terms), repayments and their reversals, and write-offs.

Same rules as services.py: flush, never commit; the acting user passed in; refusals translated;
every change audited. Repayments are never changed or deleted: a mistake is corrected by a
reversal that names the repayment it cancels (once). A repayment that would pay more than the
loan still owes is refused; concurrent repayments on one loan are serialised by a row lock.
"""

from decimal import Decimal

from sqlalchemy import func, select

from returnsvc.audit.services import record
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case
from returnsvc.core import cleaning
from returnsvc.core.clock import local_today
from returnsvc.core.conflicts import check_version
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.enterprise import loans
from returnsvc.enterprise.models import (
    Disbursement,
    Enterprise,
    FundingKind,
    FundingSource,
    FundingStatus,
    Loan,
    LoanMethod,
    Repayment,
)
from returnsvc.enterprise.services import (
    MAX_TEXT,
    EnterpriseError,
    _writable,
    amount,
    currency,
    past_date,
    whole,
)
from returnsvc.extensions import db
from returnsvc.partners.models import Partner
from returnsvc.programmes.models import SupportProgramme
from returnsvc.publishing.models import PublicationStatus

WRITTEN_OFF = "enterprise.written_off"  # a CaseEvent kind (the timeline reads it)

# Where a funding source may go next.
FUNDING_STEPS = {
    FundingStatus.REQUESTED: (FundingStatus.APPROVED, FundingStatus.REFUSED),
    FundingStatus.APPROVED: (FundingStatus.DISBURSED, FundingStatus.REFUSED),
    FundingStatus.DISBURSED: (),
    FundingStatus.REFUSED: (),
}


def _case_of(enterprise_id: int) -> Case:
    enterprise = db.session.get(Enterprise, enterprise_id)
    return db.session.get(Case, enterprise.case_id)


def _provider(data: dict, country: str) -> dict:
    """The partner and the support programme providing the money (both optional): an active
    partner and a published programme of the person's country."""
    found = {"partner_id": None, "programme_id": None}
    partner_id, programme_id = data.get("partner_id"), data.get("programme_id")
    if partner_id not in (None, ""):
        partner = db.session.get(Partner, partner_id) if isinstance(partner_id, int) else None
        if partner is None or not partner.is_active or partner.country != country:
            raise EnterpriseError(_l("Choose an active partner of the country."), "partner_id")
        found["partner_id"] = partner.id
    if programme_id not in (None, ""):
        programme = (
            db.session.get(SupportProgramme, programme_id)
            if isinstance(programme_id, int)
            else None
        )
        if (
            programme is None
            or programme.country != country
            or programme.status is not PublicationStatus.PUBLISHED
        ):
            raise EnterpriseError(_l("Choose a programme of the country."), "programme_id")
        found["programme_id"] = programme.id
    return found


def add_funding(enterprise: Enterprise, data: dict, *, actor) -> FundingSource:
    """A source of money for the plan: its kind, amount and currency, provider, status."""
    case = db.session.get(Case, enterprise.case_id)
    _writable(case)
    funding = FundingSource(
        enterprise_id=enterprise.id,
        kind=cleaning.choice(FundingKind, data.get("kind"), _l("Choose the kind."), "kind"),
        amount=amount(data, "amount", required=_l("Enter the amount."), positive=True),
        currency=currency(data),
        status=cleaning.choice(
            FundingStatus,
            data.get("status") or FundingStatus.REQUESTED,
            _l("Choose a status."),
            "status",
        ),
        note=cleaning.text(data, "note", max_length=MAX_TEXT, multiline=True),
        **_provider(data, case.returnee.origin_country),
    )
    db.session.add(funding)
    db.session.flush()
    record(
        "funding.added",
        actor=actor,
        target=funding,
        changes={
            "enterprise_id": enterprise.id,
            "kind": funding.kind.value,
            "amount": str(funding.amount),
            "currency": funding.currency,
            "status": funding.status.value,
        },
    )
    return funding


def set_funding_status(funding: FundingSource, target, *, version: int | None, actor) -> None:
    """requested -> approved or refused; approved -> disbursed or refused."""
    _writable(_case_of(funding.enterprise_id))
    check_version(funding, version)
    target = cleaning.choice(FundingStatus, target, _l("Choose a status."), "status")
    if target not in FUNDING_STEPS[funding.status]:
        raise EnterpriseError(
            _l(
                "Funding that is “%(current)s” cannot become “%(target)s”.",
                current=funding.status.label,
                target=target.label,
            )
        )
    previous, funding.status = funding.status, target
    db.session.flush()
    record(
        "funding.status_changed",
        actor=actor,
        target=funding,
        changes={"status": [previous.value, target.value]},
    )


def _disbursed(funding_id: int) -> Decimal:
    total = db.session.scalar(
        select(func.sum(Disbursement.amount)).where(Disbursement.funding_id == funding_id)
    )
    return total or Decimal(0)


def add_disbursement(funding: FundingSource, data: dict, *, actor) -> Disbursement:
    """Money of an approved source paid out; the source becomes "disbursed". The disbursements
    of a source never add up to more than its amount."""
    _writable(_case_of(funding.enterprise_id))
    if funding.status not in (FundingStatus.APPROVED, FundingStatus.DISBURSED):
        raise EnterpriseError(_l("Only approved funding can be disbursed."))
    # Two disbursements at once must not both fit under the amount: one waits for the other.
    db.session.execute(
        select(FundingSource.id).where(FundingSource.id == funding.id).with_for_update()
    )
    paid = amount(data, "amount", required=_l("Enter the amount."), positive=True)
    if _disbursed(funding.id) + paid > funding.amount:
        raise EnterpriseError(_l("That is more than the funding still to be disbursed."), "amount")
    disbursement = Disbursement(
        funding_id=funding.id,
        disbursed_on=past_date(data, "disbursed_on", _l("Enter the date it was paid.")),
        amount=paid,
        paid_by=cleaning.text(data, "paid_by", max_length=200),
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(disbursement)
    if funding.status is FundingStatus.APPROVED:
        funding.status = FundingStatus.DISBURSED
    db.session.flush()
    record(
        "funding.disbursed",
        actor=actor,
        target=funding,
        changes={"disbursement_id": disbursement.id, "amount": str(paid)},
    )
    return disbursement


def terms_of(loan: Loan) -> loans.LoanTerms:
    return loans.LoanTerms(
        principal=loan.principal,
        annual_rate=loan.annual_rate,
        term_months=loan.term_months,
        method=loan.method.value,
        grace_months=loan.grace_months,
        disbursed_on=loan.disbursed_on,
        currency=loan.currency,
    )


def add_loan(funding: FundingSource, data: dict, *, actor) -> Loan:
    """The terms of the micro-loan a funding source is: principal (default: the source's
    amount), yearly nominal rate in percent, term and grace in months, flat or declining
    balance, disbursement date. One loan per source."""
    _writable(_case_of(funding.enterprise_id))
    if funding.kind is not FundingKind.MICRO_LOAN:
        raise EnterpriseError(_l("Only a micro-loan has loan terms."))
    if db.session.scalar(select(Loan.id).where(Loan.funding_id == funding.id)):
        raise EnterpriseError(_l("This funding already has its loan terms."))
    rate = data.get("annual_rate")
    if not isinstance(rate, Decimal) or not rate.is_finite() or not 0 <= rate <= 200:
        raise EnterpriseError(_l("Enter the yearly rate in percent, from 0 to 200."), "annual_rate")
    term = whole(data, "term_months", maximum=120)
    if term < 1:
        raise EnterpriseError(_l("Enter the term in months, from 1 to 120."), "term_months")
    grace = whole(data, "grace_months", maximum=119)
    if grace >= term:
        raise EnterpriseError(_l("The grace period must be shorter than the term."), "grace_months")
    loan = Loan(
        funding_id=funding.id,
        principal=amount(data, "principal", positive=True) or funding.amount,
        currency=funding.currency,
        annual_rate=rate.quantize(Decimal("0.01")),
        term_months=term,
        grace_months=grace,
        method=cleaning.choice(LoanMethod, data.get("method"), _l("Choose the method."), "method"),
        disbursed_on=past_date(data, "disbursed_on", _l("Enter the date the loan was paid out.")),
        lender_id=funding.partner_id,
    )
    try:
        loan.outstanding_principal = loan.principal
        loan.first_unpaid_due = loans.schedule(terms_of(loan))[0].due_on
    except ValueError as error:  # the arithmetic's own rules, should ours fall behind
        raise EnterpriseError(
            _l("These loan terms cannot be used: %(reason)s", reason=str(error))
        ) from None
    db.session.add(loan)
    db.session.flush()
    record(
        "loan.added",
        actor=actor,
        target=loan,
        changes={
            "funding_id": funding.id,
            "principal": str(loan.principal),
            "currency": loan.currency,
            "annual_rate": str(loan.annual_rate),
            "term_months": term,
            "grace_months": grace,
            "method": loan.method.value,
        },
    )
    return loan


def refresh_loan_state(loan: Loan, payments=None) -> loans.Position:
    """Write where the loan stands after its repayments (`payments`: payments_of(loan),
    when the caller has them): the principal outstanding and the oldest unpaid due date."""
    payments = payments_of(loan.id) if payments is None else payments
    last = max([p.paid_on for p in payments] + [loan.disbursed_on, local_today()])
    position = loans.position(terms_of(loan), payments, last)
    loan.outstanding_principal = position.outstanding_principal
    loan.first_unpaid_due = position.next_due.due_on if position.next_due else None
    return position


def payments_of(loan_id: int) -> list[loans.Payment]:
    """The loan's repayments that stand (neither reversed nor a reversal), in date order."""
    rows = db.session.execute(
        select(Repayment.id, Repayment.paid_on, Repayment.amount, Repayment.reverses_id)
        .where(Repayment.loan_id == loan_id)
        .order_by(Repayment.paid_on, Repayment.id)
    ).all()
    cancelled = {row.reverses_id for row in rows if row.reverses_id} | {
        row.id for row in rows if row.reverses_id
    }
    return [loans.Payment(row.paid_on, row.amount) for row in rows if row.id not in cancelled]


def _lock(loan: Loan) -> None:
    """Repayments of one loan are recorded one at a time (none is lost, none overpays)."""
    db.session.execute(select(Loan.id).where(Loan.id == loan.id).with_for_update())


def record_repayment(loan: Loan, data: dict, *, actor) -> Repayment:
    """Money repaid on the loan, on a day between its disbursement and today; refused beyond
    what the loan still owes, and on a written-off loan."""
    _writable(_case_of(db.session.get(FundingSource, loan.funding_id).enterprise_id))
    if loan.written_off_on is not None:
        raise EnterpriseError(_l("This loan was written off."))
    _lock(loan)
    paid = amount(data, "amount", required=_l("Enter the amount repaid."), positive=True)
    paid_on = past_date(data, "paid_on", _l("Enter the date of the repayment."))
    if paid_on < loan.disbursed_on:
        raise EnterpriseError(_l("A repayment cannot be before the loan was paid out."), "paid_on")
    payments = [*payments_of(loan.id), loans.Payment(paid_on, paid)]
    try:
        loans.position(terms_of(loan), sorted(payments, key=lambda p: p.paid_on), local_today())
    except ValueError:
        raise EnterpriseError(_l("That is more than the loan still owes."), "amount") from None
    repayment = Repayment(
        loan_id=loan.id, paid_on=paid_on, amount=paid, recorded_by_id=getattr(actor, "id", None)
    )
    db.session.add(repayment)
    refresh_loan_state(loan, payments)
    db.session.flush()
    record(
        "loan.repaid",
        actor=actor,
        target=loan,
        changes={"repayment_id": repayment.id, "amount": str(paid), "paid_on": str(paid_on)},
    )
    return repayment


def reverse_repayment(repayment: Repayment, *, actor) -> Repayment:
    """Cancel a repayment recorded by mistake with a reversal naming it (once; a reversal is
    not reversed)."""
    loan = db.session.get(Loan, repayment.loan_id)
    _writable(_case_of(db.session.get(FundingSource, loan.funding_id).enterprise_id))
    _lock(loan)
    if repayment.reverses_id is not None:
        raise EnterpriseError(_l("A reversal cannot be reversed."))
    if db.session.scalar(select(Repayment.id).where(Repayment.reverses_id == repayment.id)):
        raise EnterpriseError(_l("This repayment is already reversed."))
    reversal = Repayment(
        loan_id=loan.id,
        paid_on=local_today(),
        amount=repayment.amount,
        reverses_id=repayment.id,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(reversal)
    db.session.flush()
    refresh_loan_state(loan)
    db.session.flush()
    record(
        "loan.repayment_reversed",
        actor=actor,
        target=loan,
        changes={"repayment_id": repayment.id, "reversal_id": reversal.id},
    )
    return reversal


def write_off_loan(loan: Loan, data: dict, *, version: int | None, actor) -> None:
    """A manager writes off what the loan still owes (the reason is required)."""
    check_version(loan, version)
    if loan.written_off_on is not None:
        raise EnterpriseError(_l("This loan was written off already."))
    loan.write_off_reason = cleaning.text(
        data, "reason", max_length=MAX_TEXT, multiline=True,
        required=_l("Say why the loan is written off."),
    )  # fmt: skip
    loan.written_off_on = local_today()
    loan.written_off_by_id = getattr(actor, "id", None)
    db.session.flush()
    enterprise_id = db.session.get(FundingSource, loan.funding_id).enterprise_id
    record_event(
        _case_of(enterprise_id).id, WRITTEN_OFF, actor=actor, enterprise_id=enterprise_id,
        loan_id=loan.id, outstanding=str(loan.outstanding_principal), currency=loan.currency,
    )  # fmt: skip
    record("loan.written_off", actor=actor, target=loan, changes={"on": str(loan.written_off_on)})
