"""Savings' events on the case timeline: plans opened, every ledger entry (deposits, interest,
withdrawals, reversals naming the entry they cancel) and plans closed, all kept to the case,
and how each kind of event reads: from codes, amounts and dates only (the ledger holds no free
text). Registered with the rest of the savings contributions (savings.contributions)."""

from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Integer, String, cast, select
from sqlalchemy.orm import aliased

from returnsvc.cases.models import CaseEvent
from returnsvc.cases.workspace import CASE_ID, event_columns, json_object
from returnsvc.core.i18n import message_with
from returnsvc.core.money import format_money
from returnsvc.savings.models import (
    EntryKind,
    ReversalReason,
    SavingsEntry,
    SavingsPlan,
    SavingsPurpose,
    WithdrawalPurpose,
)
from returnsvc.savings.services import PLAN_CLOSED

OPENED = "savings.plan_opened"
ENTRY = "savings.entry"


def signed_money(amount: Decimal, currency: str) -> str:
    """An amount with its sign: credits "+", debits "−" (the money format's own minus)."""
    shown = format_money(amount, currency)
    return f"+{shown}" if amount > 0 else shown


def opened_rows(_confidential):
    return select(
        *event_columns(
            SavingsPlan.created_by_id,
            purpose=SavingsPlan.purpose,
            amount=cast(SavingsPlan.target_amount, String),
            currency=SavingsPlan.currency,
            by=SavingsPlan.target_date,
            monthly=cast(SavingsPlan.recommended_monthly, String),
        )
    ).where(SavingsPlan.case_id == CASE_ID)


_reversed = aliased(SavingsEntry)


def entry_rows(_confidential):
    return (
        select(
            *event_columns(
                SavingsEntry.recorded_by_id,
                kind=SavingsEntry.kind,
                amount=cast(SavingsEntry.amount, String),
                currency=SavingsEntry.currency,
                on=SavingsEntry.booked_on,
                purpose=SavingsPlan.purpose,
                withdrawal=SavingsEntry.withdrawal_purpose,
                reason=SavingsEntry.reversal_reason,
                reversed_kind=_reversed.kind,
                reversed_on=_reversed.booked_on,
            )
        )
        .join(SavingsPlan, SavingsPlan.id == SavingsEntry.plan_id)
        .outerjoin(_reversed, _reversed.id == SavingsEntry.reverses_id)
        .where(SavingsPlan.case_id == CASE_ID)
    )


def closed_rows(_confidential):
    return (
        select(
            CaseEvent.actor_id.label("actor_id"),
            CaseEvent.data.op("||")(
                json_object(
                    purpose=SavingsPlan.purpose,
                    amount=cast(SavingsPlan.target_amount, String),
                    currency=SavingsPlan.currency,
                )
            ).label("data"),
        )
        .join(SavingsPlan, SavingsPlan.id == cast(CaseEvent.data["plan_id"].astext, Integer))
        .where(CaseEvent.case_id == CASE_ID, CaseEvent.kind == PLAN_CLOSED)
    )


def _day(value: str | None) -> str:
    return format_date(date.fromisoformat(value)) if value else ""


def _purpose(d) -> str:
    return SavingsPurpose(d.purpose).label if d.purpose else ""


def describe_opened(d):
    """The plan as it is now (its goal may have changed since): what for, how much, by when."""
    title = message_with(_("Savings plan opened (%(purpose)s)"), purpose=_purpose(d))
    detail = message_with(
        _("Goal %(amount)s by %(date)s, recommended monthly deposit %(monthly)s"),
        amount=format_money(Decimal(d.amount), d.currency),
        date=_day(d.by),
        monthly=format_money(Decimal(d.monthly), d.currency),
    )
    return title, detail


def describe_entry(d):
    kind = EntryKind(d.kind)
    amount = signed_money(Decimal(d.amount), d.currency)
    if kind is EntryKind.REVERSAL:
        title = message_with(
            _("Savings entry reversed (%(purpose)s): %(kind)s of %(date)s, %(amount)s"),
            purpose=_purpose(d),
            kind=EntryKind(d.reversed_kind).label if d.reversed_kind else "",
            date=_day(d.reversed_on),
            amount=amount,
        )
        return title, ReversalReason(d.reason).label if d.reason else ""
    title = message_with(
        _("Savings (%(purpose)s): %(kind)s, %(amount)s"),
        purpose=_purpose(d),
        kind=kind.label,
        amount=amount,
    )
    detail = _day(d.on)
    if d.withdrawal:
        detail = message_with(
            _("%(date)s, for: %(purpose)s"),
            date=detail,
            purpose=WithdrawalPurpose(d.withdrawal).label,
        )
    return title, detail


def describe_closed(d):
    title = message_with(
        _("Savings plan closed (%(purpose)s, goal %(amount)s)"),
        purpose=_purpose(d),
        amount=format_money(Decimal(d.amount), d.currency) if d.amount else "",
    )
    return title, ""
