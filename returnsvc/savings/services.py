"""Writes on savings: plans (open, change, close) and their ledger (deposits, interest,
withdrawals, reversals).

Services flush, never commit; they take the acting user explicitly, refuse bad input with a
SavingsError whose message is translated, and audit every change (codes, amounts and ids; the
account's digits never). The ledger is only ever appended to (the database refuses anything
else); every write on one plan's ledger first takes a row lock on the plan, so concurrent
deposits and withdrawals are applied one after the other: none is lost and the balance never
goes below zero.
"""

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from returnsvc.audit.services import changed_fields, record
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.core import cleaning
from returnsvc.core.clock import local_today
from returnsvc.core.conflicts import check_version
from returnsvc.core.countries import world_codes
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import format_money
from returnsvc.core.refusals import Refusal
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.savings import ledger
from returnsvc.savings.models import (
    DEPOSIT_KINDS,
    EntryKind,
    PlanStatus,
    RemittanceChannel,
    ReversalReason,
    SavingsEntry,
    SavingsPlan,
    SavingsPurpose,
    WithdrawalPurpose,
)

PLAN_CLOSED = "savings.plan_closed"  # a CaseEvent kind (the timeline reads it)
INSTITUTION_KINDS = (PartnerKind.FINANCIAL, PartnerKind.MICROFINANCE)
# Entries a counsellor records on the plan's page; APRE payments come from the APRE record,
# reversals from the entry they cancel.
RECORDED_KINDS = (
    EntryKind.REMITTANCE,
    EntryKind.WAGES,
    EntryKind.INTEREST,
    EntryKind.WITHDRAWAL,
)
LONGEST_PLAN_YEARS = 30
RATE_PLACES = Decimal("0.00000001")


class SavingsError(Refusal):
    """A refused savings operation; `message` is translated, `field` names the form field."""


def _writable(case: Case) -> None:
    require_open(case)
    if case.returnee.is_anonymised:
        raise SavingsError(_l("This person's record has been anonymised."))


def _case_of(plan: SavingsPlan) -> Case:
    return db.session.get(Case, plan.case_id)


def _active(plan: SavingsPlan) -> None:
    if plan.status is not PlanStatus.ACTIVE:
        raise SavingsError(_l("This savings plan is closed."))


def balance(plan_id: int) -> Decimal:
    """The plan's balance: the sum of its ledger."""
    total = db.session.scalar(
        select(func.sum(SavingsEntry.amount)).where(SavingsEntry.plan_id == plan_id)
    )
    return total if total is not None else Decimal("0.00")


def _lock(plan: SavingsPlan) -> Decimal:
    """Take the plan's row lock (held to the end of the transaction) and read its balance,
    which no other writer can change until then."""
    db.session.execute(select(SavingsPlan.id).where(SavingsPlan.id == plan.id).with_for_update())
    return balance(plan.id)


# --- plans ------------------------------------------------------------------------------------


def _account_last4(data: dict) -> str:
    """The last four letters or digits of the account number given (nothing else is kept)."""
    given = cleaning.text(data, "account", max_length=60)
    characters = [c for c in given if c.isascii() and c.isalnum()]
    if given and not characters:
        raise SavingsError(_l("Enter the account number's letters and digits."), "account")
    return "".join(characters[-4:])


def _institution(case: Case, data: dict) -> int | None:
    value = data.get("institution_id")
    if value in (None, ""):
        return None
    found = (
        db.session.scalar(
            select(Partner.id).where(
                Partner.id == value,
                Partner.kind.in_(INSTITUTION_KINDS),
                Partner.is_active.is_(True),
                Partner.country.in_((case.returnee.origin_country, "ES")),
            )
        )
        if isinstance(value, int)
        else None
    )
    if found is None:
        raise SavingsError(
            _l("Choose a bank or savings institution of the list."), "institution_id"
        )
    return found


def _enterprise(case: Case, data: dict) -> int | None:
    value = data.get("enterprise_id")
    if value in (None, ""):
        return None
    found = (
        db.session.scalar(
            select(Enterprise.id).where(Enterprise.id == value, Enterprise.case_id == case.id)
        )
        if isinstance(value, int)
        else None
    )
    if found is None:
        raise SavingsError(_l("Choose one of this person's businesses."), "enterprise_id")
    return found


def _clean_plan(case: Case, data: dict, *, starts_on: date, saved: Decimal, today: date) -> dict:
    """`today`: the day the recommended deposit is counted from (with `saved` by then)."""
    purpose = cleaning.choice(
        SavingsPurpose, data.get("purpose"), _l("Choose what the savings are for."), "purpose"
    )
    target = cleaning.amount(
        data, "target_amount", required=_l("Enter the amount to save."), positive=True
    )
    target_date = cleaning.optional_date(data, "target_date", _l("Enter a date."))
    if target_date is None:
        raise SavingsError(_l("Enter the date the goal should be reached."), "target_date")
    if target_date <= starts_on:
        raise SavingsError(_l("The goal's date must be after the plan starts."), "target_date")
    if target_date.year > starts_on.year + LONGEST_PLAN_YEARS:
        raise SavingsError(
            _l("A plan lasts at most %(years)d years.", years=LONGEST_PLAN_YEARS), "target_date"
        )
    recommended = cleaning.amount(data, "recommended_monthly", positive=True)
    if recommended is None:
        recommended = ledger.recommended_monthly(target, saved, today, target_date)
        # The goal already reached: a month still asks for something, the smallest amount.
        recommended = max(recommended, ledger.CENT)
    enterprise_id = _enterprise(case, data)
    if purpose is not SavingsPurpose.ENTERPRISE_CAPITAL:
        enterprise_id = None
    return {
        "purpose": purpose,
        "enterprise_id": enterprise_id,
        "target_amount": target,
        "target_date": target_date,
        "recommended_monthly": recommended,
        "institution_id": _institution(case, data),
    }


def open_plan(case: Case, data: dict, *, actor) -> SavingsPlan:
    """A new savings plan for the case; it starts today unless a past start is given. The
    recommended monthly deposit is computed from the goal when none is given."""
    _writable(case)
    starts_on = cleaning.past_date(data, "starts_on", None, required=False) or local_today()
    # Nothing is saved yet: the deposits are shared over the months from the plan's start.
    clean = _clean_plan(case, data, starts_on=starts_on, saved=Decimal(0), today=starts_on)
    plan = SavingsPlan(
        case_id=case.id,
        currency=cleaning.currency(data),
        starts_on=starts_on,
        account_last4=_account_last4(data),
        created_by_id=getattr(actor, "id", None),
        **clean,
    )
    db.session.add(plan)
    db.session.flush()
    record(
        "savings_plan.opened",
        actor=actor,
        target=plan,
        changes={
            "case_id": case.id,
            "purpose": plan.purpose.value,
            "target_amount": str(plan.target_amount),
            "currency": plan.currency,
            "target_date": str(plan.target_date),
            "recommended_monthly": str(plan.recommended_monthly),
        },
    )
    return plan


def change_plan(plan: SavingsPlan, data: dict, *, actor, version: int | None) -> SavingsPlan:
    """New goal, date, recommended deposit, institution or account for an active plan (its
    currency and start never change: the ledger is in that currency)."""
    case = _case_of(plan)
    _writable(case)
    check_version(plan, version)
    _active(plan)
    saved, today = balance(plan.id), max(local_today(), plan.starts_on)
    clean = _clean_plan(case, data, starts_on=plan.starts_on, saved=saved, today=today)
    if data.get("account") not in (None, ""):
        clean["account_last4"] = _account_last4(data)
    changes = changed_fields(plan, clean)
    for name, value in clean.items():
        setattr(plan, name, value)
    db.session.flush()
    if changes:
        record("savings_plan.changed", actor=actor, target=plan, changes=changes)
    return plan


def close_plan(plan: SavingsPlan, *, actor, version: int | None) -> SavingsPlan:
    """Close a plan whose money has all been withdrawn (or never came)."""
    case = _case_of(plan)
    _writable(case)
    check_version(plan, version)
    _active(plan)
    left = _lock(plan)
    if left != 0:
        raise SavingsError(_l("Withdraw the balance before closing the plan."))
    plan.status = PlanStatus.CLOSED
    plan.closed_on = local_today()
    db.session.flush()
    record_event(case.id, PLAN_CLOSED, actor=actor, plan_id=plan.id)
    record("savings_plan.closed", actor=actor, target=plan)
    return plan


# --- the ledger -------------------------------------------------------------------------------


def _sent(plan: SavingsPlan, data: dict, credited: Decimal) -> dict:
    """For a deposit sent in another currency: what was sent, in which currency, and the rate
    that turned it into the amount credited."""
    sent_currency = data.get("sent_currency")
    if sent_currency in (None, "", plan.currency):
        return {}
    sent_currency = cleaning.currency(data, "sent_currency")
    sent = cleaning.amount(
        data, "sent_amount", required=_l("Enter the amount sent."), positive=True
    )
    rate = (credited / sent).quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)
    if rate == 0:
        raise SavingsError(_l("The amount credited is too small for the amount sent."), "amount")
    return {"sent_amount": sent, "sent_currency": sent_currency, "rate": rate}


def _remittance(data: dict) -> dict:
    country = (data.get("sender_country") or "").upper()
    if country not in world_codes():
        raise SavingsError(_l("Choose the country the money was sent from."), "sender_country")
    channel = cleaning.choice(
        RemittanceChannel, data.get("channel"), _l("Choose how the money was sent."), "channel"
    )
    return {"sender_country": country, "channel": channel}


def record_entry(plan: SavingsPlan, kind: EntryKind, data: dict, *, actor) -> SavingsEntry:
    """A deposit (from a remittance, wages or an APRE payment), interest or a withdrawal, on a
    day between the plan's start and today. A withdrawal beyond the balance is refused."""
    if kind not in (*RECORDED_KINDS, EntryKind.APRE):
        raise SavingsError(_l("Choose the kind of entry."), "kind")
    _writable(_case_of(plan))
    _active(plan)
    money = cleaning.amount(data, "amount", required=_l("Enter the amount."), positive=True)
    booked_on = cleaning.past_date(data, "booked_on", _l("Enter the date."))
    if booked_on < plan.starts_on:
        raise SavingsError(_l("That date is before the plan started."), "booked_on")
    fields: dict = {}
    if kind is EntryKind.REMITTANCE:
        fields = {**_remittance(data), **_sent(plan, data, money)}
    elif kind is EntryKind.WITHDRAWAL:
        fields["withdrawal_purpose"] = cleaning.choice(
            WithdrawalPurpose,
            data.get("withdrawal_purpose"),
            _l("Choose what the money was taken out for."),
            "withdrawal_purpose",
        )
    available = _lock(plan)
    if kind is EntryKind.WITHDRAWAL:
        if money > available:
            raise SavingsError(
                _l(
                    "That is more than the plan holds (%(balance)s).",
                    balance=_shown(plan, available),
                ),
                "amount",
            )
        money = -money
    entry = SavingsEntry(
        plan_id=plan.id,
        kind=kind,
        booked_on=booked_on,
        amount=money,
        currency=plan.currency,
        recorded_by_id=getattr(actor, "id", None),
        **fields,
    )
    db.session.add(entry)
    db.session.flush()
    record(
        "savings_entry.recorded",
        actor=actor,
        target=plan,
        changes={
            "entry_id": entry.id,
            "kind": kind.value,
            "amount": str(entry.amount),
            "booked_on": str(booked_on),
        },
    )
    return entry


def reverse_entry(entry: SavingsEntry, data: dict, *, actor) -> SavingsEntry:
    """Cancel an entry recorded by mistake with a reversal naming it (once; a reversal is not
    reversed). Reversing a deposit whose money has since been withdrawn is refused: the
    balance would go below zero."""
    plan = db.session.get(SavingsPlan, entry.plan_id)
    _writable(_case_of(plan))
    _active(plan)
    reason = cleaning.choice(
        ReversalReason, data.get("reason"), _l("Choose what was wrong."), "reason"
    )
    available = _lock(plan)
    if entry.kind is EntryKind.REVERSAL:
        raise SavingsError(_l("A reversal cannot be reversed."))
    if db.session.scalar(select(SavingsEntry.id).where(SavingsEntry.reverses_id == entry.id)):
        raise SavingsError(_l("This entry is already reversed."))
    if available - entry.amount < 0:
        raise SavingsError(
            _l("Money has been withdrawn since: reversing this would take the plan below zero.")
        )
    reversal = SavingsEntry(
        plan_id=plan.id,
        kind=EntryKind.REVERSAL,
        booked_on=local_today(),
        amount=-entry.amount,
        currency=entry.currency,
        reverses_id=entry.id,
        reversal_reason=reason,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(reversal)
    db.session.flush()
    record(
        "savings_entry.reversed",
        actor=actor,
        target=plan,
        changes={"entry_id": entry.id, "reversal_id": reversal.id, "reason": reason.value},
    )
    return reversal


def _shown(plan: SavingsPlan, value: Decimal) -> str:
    return format_money(value, plan.currency)


def deposited_by_month(plan_id: int) -> dict[ledger.Month, Decimal]:
    """What the person deposited each month (deposits not reversed), by the month booked."""
    reversal = aliased(SavingsEntry)
    reversed_ids = select(reversal.reverses_id).where(
        reversal.plan_id == plan_id, reversal.reverses_id.is_not(None)
    )
    month = func.date_trunc("month", SavingsEntry.booked_on)
    rows = db.session.execute(
        select(month, func.sum(SavingsEntry.amount))
        .where(
            SavingsEntry.plan_id == plan_id,
            SavingsEntry.kind.in_(DEPOSIT_KINDS),
            SavingsEntry.id.not_in(reversed_ids),
        )
        .group_by(month)
    )
    return {(start.year, start.month): total for start, total in rows}
