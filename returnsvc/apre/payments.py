"""Writes on an APRE payment: the amount received and the day (a correction the same way),
and the row lock that serialises the writers of one payment (apre.earmarks takes it too), so
that a payment and what is put aside of it never disagree.

Same rules as apre.services: flush, never commit; the acting user passed in; refusals
translated; every change audited; the record worked out again and its reminders moved.
"""

from datetime import date
from decimal import Decimal

from flask_babel import format_date
from sqlalchemy import select

from returnsvc.apre import rules
from returnsvc.apre.models import CURRENCY, AprePayment
from returnsvc.apre.reminders import sync_reminders
from returnsvc.apre.services import (
    FIRST,
    SECOND,
    ApreError,
    as_text,
    case_of,
    earmarked,
    payments_of,
    record_of_payment,
    require_writable,
    work_out,
)
from returnsvc.audit.services import record
from returnsvc.core import cleaning
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import format_money
from returnsvc.extensions import db


def lock_payment(payment: AprePayment) -> Decimal:
    """Take the payment's row lock (to the end of the transaction) and read what its earmarks
    add up to, which no other writer can change until then."""
    db.session.execute(select(AprePayment.id).where(AprePayment.id == payment.id).with_for_update())
    return earmarked(payment.id)


def record_payment(payment: AprePayment, data: dict, *, version: int | None, actor) -> dict:
    """A payment received: how much and when (a correction the same way). The second comes
    after the first, at least the rule's days later; a payment never goes below what is
    already earmarked of it. Returns the changes."""
    record_ = record_of_payment(payment)
    case = case_of(record_)
    require_writable(case)
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
    already = lock_payment(payment)
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
    work_out(record_, payments)
    db.session.flush()
    sync_reminders(case, record_, second, actor)
    db.session.flush()
    changes = {
        "number": payment.number,
        "received_amount": [as_text(before[0]), str(amount)],
        "received_on": [as_text(before[1]), str(received_on)],
    }
    record("apre_payment.received", actor=actor, target=payment, changes=changes)
    return changes


def _too_early(earliest: date, figures: rules.Figures):
    return _l(
        "The second payment comes at least %(days)d days after the first: from %(date)s.",
        days=figures.min_days_between,
        date=format_date(earliest),
    )
