"""Writes on a case's APRE: start it (only for a person whose return programme is APRE),
change what was recognised or the return date, record a payment received, and put part of a
received payment towards a savings plan or the business plan.

Services flush, never commit; they take the acting user explicitly, refuse bad input with an
ApreError whose message is translated (naming the form field), check everything before they
write, and audit every change (amounts, dates, codes and ids: APRE holds no free text).

After every write the record is worked out again from the rule in force on the day the
benefit was recognised (apre.rules): the expected payments, the first day of the second, the
return deadline and the end of the commitment; and its reminders follow (casework tasks
assigned to the case's counsellor, on their home): one for the second payment (done once it
is received), one for the return deadline (done once the return is recorded) and one for the
end of the commitment.
"""

from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from returnsvc.apre import rules
from returnsvc.apre.models import (
    CURRENCY,
    ApreEarmark,
    ApreEarmarkTarget,
    AprePayment,
    ApreRecord,
    ApreRule,
)
from returnsvc.audit.services import record
from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.casework import services as casework
from returnsvc.casework.models import Task
from returnsvc.core import cleaning, clock
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.enums import Role
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import format_money
from returnsvc.core.refusals import Refusal
from returnsvc.enterprise.funding import add_funding
from returnsvc.enterprise.models import Enterprise, FundingKind, FundingStatus
from returnsvc.extensions import db
from returnsvc.returnees.models import ReturnProgramme
from returnsvc.savings.models import EntryKind, SavingsPlan
from returnsvc.savings.services import record_entry

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


def _writable(case: Case) -> None:
    require_open(case)
    if case.returnee.is_anonymised:
        raise ApreError(_l("This person's record has been anonymised."))


def _case_of(record_: ApreRecord) -> Case:
    return db.session.get(Case, record_.case_id)


def _record_of_payment(payment: AprePayment) -> ApreRecord:
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


def _work_out(record_: ApreRecord, payments: dict[int, AprePayment]) -> None:
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


def _eligible(user: User | None, case: Case) -> bool:
    return (
        user is not None
        and user.role is Role.COUNSELLOR
        and user.office_id == case.office_id
        and user.is_active
    )


def _assignee(case: Case, actor) -> int | None:
    """Who the reminders go to: the case's counsellor, else the acting counsellor of its
    office; None when neither can hold a task (no reminder is set then)."""
    for candidate in (case.counsellor, actor):
        if isinstance(candidate, User) and _eligible(candidate, case):
            return candidate.id
    return None


def _reminders(record_: ApreRecord, payments: dict[int, AprePayment], today: date) -> dict:
    """{task id column: (due date, title) or None (no reminder wanted)}."""
    second = payments[SECOND]
    ends = record_.commitment_ends_on
    return {
        "second_payment_task_id": None
        if second.is_received
        else (second.expected_on, _("APRE: the second payment can be claimed from this day")),
        "return_task_id": None
        if record_.returned_on is not None
        else (record_.return_deadline, _("APRE: last day to leave Spain")),
        "commitment_task_id": None
        if ends is None or ends <= today
        else (ends, _("APRE: the commitment not to return to Spain ends")),
    }


def _sync_reminders(record_: ApreRecord, payments: dict[int, AprePayment], actor) -> None:
    """Set, move or complete the reminder tasks (casework services: audited there). A
    reminder whose day has passed is due today; a reminder the counsellor has completed is
    left alone."""
    case = _case_of(record_)
    today = clock.local_today(clock.zone_of(actor))
    for column, wanted in _reminders(record_, payments, today).items():
        task_id = getattr(record_, column)
        task = db.session.get(Task, task_id) if task_id else None
        if wanted is None:
            if task is not None and not task.is_done:
                casework.complete_task(task, actor=actor)
            continue
        day, title = wanted
        due = max(day, today)
        if task is None:
            assignee = _assignee(case, actor)
            if assignee is not None:
                task = casework.add_task(
                    case, {"title": title, "due_date": due, "assignee_id": assignee}, actor=actor
                )
                setattr(record_, column, task.id)
        elif (
            not task.is_done
            and task.due_date != due
            and not (day < today and task.due_date <= today)
        ):
            keeper = db.session.get(User, task.assignee_id) if task.assignee_id else None
            assignee = task.assignee_id if _eligible(keeper, case) else _assignee(case, actor)
            if assignee is not None:
                casework.update_task(
                    task,
                    {"title": task.title, "due_date": due, "assignee_id": assignee},
                    actor=actor,
                    version=task.version,
                )


# --- the record -------------------------------------------------------------------------------


def start_apre(case: Case, data: dict, *, actor) -> ApreRecord:
    """The case's APRE: the benefit recognised (total in euros, day) and, if known, the day the
    person left Spain (by default the actual return date of their migration history). Refused
    unless their return programme is APRE, and once the case has one."""
    _writable(case)
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
    _work_out(record_, payments)
    db.session.add(record_)
    db.session.flush()
    for payment in payments.values():
        payment.record_id = record_.id
        db.session.add(payment)
    db.session.flush()
    _sync_reminders(record_, payments, actor)
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
    _writable(_case_of(record_))
    check_version(record_, version)
    clean = _clean_record(data)
    payments = payments_of(record_.id)
    first = payments[FIRST]
    if first.received_on is not None and clean["recognised_on"] > first.received_on:
        raise ApreError(_l("The first payment was received before that date."), "recognised_on")
    changes = {
        name: [_text(getattr(record_, name)), _text(value)]
        for name, value in clean.items()
        if getattr(record_, name) != value
    }
    if not changes:
        return {}
    for name, value in clean.items():
        setattr(record_, name, value)
    _work_out(record_, payments)
    db.session.flush()
    _sync_reminders(record_, payments, actor)
    db.session.flush()
    record("apre.updated", actor=actor, target=record_, changes=changes)
    return changes


def _text(value) -> str | None:
    return None if value is None else str(value)


def _lock(payment: AprePayment) -> Decimal:
    """Take the payment's row lock (to the end of the transaction) and read what its earmarks
    add up to, which no other writer can change until then."""
    db.session.execute(select(AprePayment.id).where(AprePayment.id == payment.id).with_for_update())
    return earmarked(payment.id)


def record_payment(payment: AprePayment, data: dict, *, version: int | None, actor) -> dict:
    """A payment received: how much and when (a correction the same way). The second comes
    after the first, at least the rule's days later; a payment never goes below what is
    already earmarked of it. Returns the changes."""
    record_ = _record_of_payment(payment)
    _writable(_case_of(record_))
    check_version(payment, version)
    amount = cleaning.amount(
        data, "received_amount", required=_l("Enter the amount received."), positive=True
    )
    received_on = cleaning.past_date(
        data, "received_on", _l("Enter the date the payment was received.")
    )
    if received_on < record_.recognised_on:
        raise ApreError(
            _l("A payment cannot come before the benefit was recognised."), "received_on"
        )
    payments = payments_of(record_.id)
    figures = record_.rule.figures
    first, second = payments[FIRST], payments[SECOND]
    if payment.number == SECOND:
        if not first.is_received:
            raise ApreError(_l("Record the first payment before the second."))
        earliest = rules.earliest_second_payment(first.received_on, figures)
        if received_on < earliest:
            raise ApreError(_too_early(earliest, figures), "received_on")
    elif second.is_received:
        if rules.earliest_second_payment(received_on, figures) > second.received_on:
            raise ApreError(
                _l(
                    "The second payment was received on %(date)s: the first came at least "
                    "%(days)d days before it.",
                    date=format_date(second.received_on),
                    days=figures.min_days_between,
                ),
                "received_on",
            )
    already = _lock(payment)
    if amount < already:
        raise ApreError(
            _l(
                "%(amount)s of this payment is already put towards savings or the business.",
                amount=format_money(already, CURRENCY),
            ),
            "received_amount",
        )
    before = (payment.received_amount, payment.received_on)
    if before == (amount, received_on):
        return {}
    payment.received_amount, payment.received_on = amount, received_on
    payment.received_recorded_at = utcnow()
    payment.received_recorded_by_id = getattr(actor, "id", None)
    _work_out(record_, payments)
    db.session.flush()
    _sync_reminders(record_, payments, actor)
    db.session.flush()
    changes = {
        "number": payment.number,
        "received_amount": [_text(before[0]), str(amount)],
        "received_on": [_text(before[1]), str(received_on)],
    }
    record("apre_payment.received", actor=actor, target=payment, changes=changes)
    return changes


def _too_early(earliest: date, figures: rules.Figures):
    return _l(
        "The second payment comes at least %(days)d days after the first: from %(date)s.",
        days=figures.min_days_between,
        date=format_date(earliest),
    )


# --- earmarks ---------------------------------------------------------------------------------


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
    record_ = _record_of_payment(payment)
    case = _case_of(record_)
    _writable(case)
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
    already = _lock(payment)
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
