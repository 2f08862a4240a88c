"""The APRE's events on the case timeline: the record started, a payment received, part of a
payment put towards savings or a business; the rows each source reads (kept to the case) and
how each kind of event reads. Registered with the rest of the APRE contributions
(apre.contributions)."""

from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import String, cast, select

from returnsvc.apre.models import CURRENCY, ApreEarmark, ApreEarmarkTarget, AprePayment, ApreRecord
from returnsvc.cases.workspace import CASE_ID, event_columns
from returnsvc.core.i18n import message_with
from returnsvc.core.money import format_money
from returnsvc.enterprise.models import Enterprise
from returnsvc.savings.models import SavingsPlan, SavingsPurpose

STARTED = "apre.started"
RECEIVED = "apre.received"
EARMARKED = "apre.earmarked"


def started_rows(_confidential):
    return select(
        *event_columns(
            ApreRecord.created_by_id,
            total=cast(ApreRecord.total_amount, String),
            recognised_on=ApreRecord.recognised_on,
        )
    ).where(ApreRecord.case_id == CASE_ID)


def received_rows(_confidential):
    return (
        select(
            *event_columns(
                AprePayment.received_recorded_by_id,
                number=AprePayment.number,
                amount=cast(AprePayment.received_amount, String),
                on=AprePayment.received_on,
            )
        )
        .join(ApreRecord, ApreRecord.id == AprePayment.record_id)
        .where(ApreRecord.case_id == CASE_ID)
    )


def earmark_rows(_confidential):
    return (
        select(
            *event_columns(
                ApreEarmark.recorded_by_id,
                number=AprePayment.number,
                to=ApreEarmark.target,
                amount=cast(ApreEarmark.amount, String),
                credited=cast(ApreEarmark.credited_amount, String),
                currency=ApreEarmark.credited_currency,
                name=Enterprise.name,
                purpose=SavingsPlan.purpose,
            )
        )
        .join(AprePayment, AprePayment.id == ApreEarmark.payment_id)
        .join(ApreRecord, ApreRecord.id == AprePayment.record_id)
        .outerjoin(Enterprise, Enterprise.id == ApreEarmark.enterprise_id)
        .outerjoin(SavingsPlan, SavingsPlan.id == ApreEarmark.savings_plan_id)
        .where(ApreRecord.case_id == CASE_ID)
    )


def _eur(value) -> str:
    return format_money(Decimal(value), CURRENCY)


def _day(value: str | None) -> str:
    return format_date(date.fromisoformat(value)) if value else ""


def _which(number) -> str:
    return _("first payment") if number == 1 else _("second payment")


def describe_started(d):
    title = _("APRE recorded: %(amount)s", amount=_eur(d.total))
    return title, _("recognised on %(date)s", date=_day(d.recognised_on))


def describe_received(d):
    title = _("APRE %(which)s received: %(amount)s", which=_which(d.number), amount=_eur(d.amount))
    return title, _day(d.on)


def describe_earmarked(d):
    if d.to == ApreEarmarkTarget.SAVINGS.value:
        where = SavingsPurpose(d.purpose).label if d.purpose else _("a savings plan")
        title = message_with(
            _("APRE %(which)s: %(amount)s put towards savings (%(where)s)"),
            which=_which(d.number),
            amount=_eur(d.amount),
            where=where,
        )
        if d.currency != CURRENCY:
            return title, _(
                "%(amount)s credited", amount=format_money(Decimal(d.credited), d.currency)
            )
        return title, ""
    title = message_with(
        _("APRE %(which)s: %(amount)s put towards the business “%(name)s”"),
        which=_which(d.number),
        amount=_eur(d.amount),
        name=d.name or "—",
    )
    return title, ""
