"""Writes on a case's APRE record: start it (only for a person whose return programme is APRE)
and change what was recognised or the return date. Its siblings write the rest with the same
reads and checks (below): apre.payments records a payment received, apre.earmarks puts part of
a received payment towards a savings plan or the business plan, and apre.reminders keeps the
counsellor's reminder tasks in step.

Services flush, never commit; they take the acting user explicitly, refuse bad input with an
ApreError whose message is translated (naming the form field), check everything before they
write, and audit every change (amounts, dates, codes and ids: APRE holds no free text).

After every write the record is worked out again from the rule in force on the day the
benefit was recognised (apre.rules): the expected payments, the first day of the second, the
return deadline and the end of the commitment; and its reminders follow (apre.reminders).
"""

from datetime import date
from decimal import Decimal

from flask_babel import format_date
from sqlalchemy import func, select

from returnsvc.apre import rules
from returnsvc.apre.models import CURRENCY, ApreEarmark, AprePayment, ApreRecord, ApreRule
from returnsvc.apre.reminders import sync_reminders
from returnsvc.audit.services import record
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.core import cleaning
from returnsvc.core.conflicts import check_version
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.returnees.models import ReturnProgramme

FIRST, SECOND = 1, 2


class ApreError(Refusal):
    """A refused APRE operation; `message` is translated, `field` names the form field."""


# --- reads the writes share -------------------------------------------------------------------


def is_apre_case(case: Case) -> bool:
    """Whether the person's migration history says they return with the APRE."""
    migration = case.returnee.migration
    # `==`, not `is`: a migration history written in this session holds the code ("apre")
    # until it is read back from the database.
    return migration is not None and migration.return_programme == ReturnProgramme.APRE


def rule_on(day: date) -> ApreRule | None:
    """The rule in force on `day`: the latest whose `valid_from` is on or before it."""
    return db.session.scalar(
        select(ApreRule)
        .where(ApreRule.valid_from <= day)
        .order_by(ApreRule.valid_from.desc())
        .limit(1)
    )


def record_of(case_id: int) -> ApreRecord | None:
    return db.session.scalar(select(ApreRecord).where(ApreRecord.case_id == case_id))


def payments_of(record_id: int) -> dict[int, AprePayment]:
    """{1: the first payment, 2: the second} of a record."""
    rows = db.session.scalars(select(AprePayment).where(AprePayment.record_id == record_id))
    return {payment.number: payment for payment in rows}


def earmarked(payment_id: int) -> Decimal:
    """What the payment's earmarks add up to (euros)."""
    total = db.session.scalar(
        select(func.sum(ApreEarmark.amount)).where(ApreEarmark.payment_id == payment_id)
    )
    return total if total is not None else Decimal("0.00")


# --- checks -----------------------------------------------------------------------------------


def require_writable(case: Case) -> None:
    require_open(case)
    if case.returnee.is_anonymised:
        raise ApreError(_l("This person's record has been anonymised."))


def case_of(record_: ApreRecord) -> Case:
    return db.session.get(Case, record_.case_id)


def record_of_payment(payment: AprePayment) -> ApreRecord:
    return db.session.get(ApreRecord, payment.record_id)


def _clean_record(data: dict) -> dict:
    total = cleaning.amount(
        data, "total_amount", required=_l("Enter the benefit recognised."), positive=True
    )
    recognised_on = cleaning.past_date(
        data, "recognised_on", _l("Enter the date the benefit was recognised.")
    )
    returned_on = cleaning.past_date(data, "returned_on", None, required=False)
    if returned_on is not None and returned_on < recognised_on:
        raise ApreError(
            _l("The return cannot be before the benefit was recognised."), "returned_on"
        )
    return {"total_amount": total, "recognised_on": recognised_on, "returned_on": returned_on}


def _rule_for(recognised_on: date) -> ApreRule:
    rule = rule_on(recognised_on)
    if rule is None:
        first = db.session.scalar(select(func.min(ApreRule.valid_from)))
        raise ApreError(
            _l(
                "No APRE rule was in force on that date (the first applies from %(date)s).",
                date=format_date(first) if first else "—",
            ),
            "recognised_on",
        )
    return rule


# --- working out the record -------------------------------------------------------------------


def work_out(record_: ApreRecord, payments: dict[int, AprePayment]) -> None:
    """The rule in force on the day recognised, and what follows from it (module docstring)."""
    rule = _rule_for(record_.recognised_on)
    figures = rule.figures
    record_.rule_id, record_.rule = rule.id, rule
    first_amount, second_amount = rules.split(record_.total_amount, figures)
    first, second = payments[FIRST], payments[SECOND]
    first.expected_amount, first.expected_on = first_amount, record_.recognised_on
    first_paid = first.received_on or first.expected_on
    second.expected_amount = second_amount
    second.expected_on = rules.earliest_second_payment(first_paid, figures)
    record_.return_deadline = rules.return_deadline(first_paid, figures)
    record_.commitment_ends_on = (
        rules.commitment_end(record_.returned_on, figures) if record_.returned_on else None
    )


# --- the record -------------------------------------------------------------------------------


def start_apre(case: Case, data: dict, *, actor) -> ApreRecord:
    """The case's APRE: the benefit recognised (total in euros, day) and, if known, the day the
    person left Spain (by default the actual return date of their migration history). Refused
    unless their return programme is APRE, and once the case has one."""
    require_writable(case)
    if not is_apre_case(case):
        raise ApreError(_l("This person's return programme is not APRE."))
    if record_of(case.id) is not None:
        raise ApreError(_l("This case already has its APRE record."))
    if data.get("returned_on") in (None, ""):
        data = {**data, "returned_on": case.returnee.migration.actual_return_date}
    clean = _clean_record(data)
    record_ = ApreRecord(
        case_id=case.id, currency=CURRENCY, created_by_id=getattr(actor, "id", None), **clean
    )
    payments = {n: AprePayment(number=n) for n in (FIRST, SECOND)}
    work_out(record_, payments)
    db.session.add(record_)
    db.session.flush()
    for payment in payments.values():
        payment.record_id = record_.id
        db.session.add(payment)
    db.session.flush()
    sync_reminders(case, record_, payments[SECOND], actor)
    db.session.flush()
    record(
        "apre.started",
        actor=actor,
        target=record_,
        changes={
            "case_id": case.id,
            "total_amount": str(record_.total_amount),
            "recognised_on": str(record_.recognised_on),
            "returned_on": str(record_.returned_on) if record_.returned_on else None,
            "rule_id": record_.rule_id,
        },
    )
    return record_


def update_apre(record_: ApreRecord, data: dict, *, version: int | None, actor) -> dict:
    """Change the total, the day recognised or the return date (a stale form is refused).
    Returns the changes ({} when nothing changed)."""
    case = case_of(record_)
    require_writable(case)
    check_version(record_, version)
    clean = _clean_record(data)
    payments = payments_of(record_.id)
    first = payments[FIRST]
    if first.received_on is not None and clean["recognised_on"] > first.received_on:
        raise ApreError(_l("The first payment was received before that date."), "recognised_on")
    changes = {
        name: [as_text(getattr(record_, name)), as_text(value)]
        for name, value in clean.items()
        if getattr(record_, name) != value
    }
    if not changes:
        return {}
    for name, value in clean.items():
        setattr(record_, name, value)
    work_out(record_, payments)
    db.session.flush()
    sync_reminders(case, record_, payments[SECOND], actor)
    db.session.flush()
    record("apre.updated", actor=actor, target=record_, changes=changes)
    return changes


def as_text(value) -> str | None:
    return None if value is None else str(value)
