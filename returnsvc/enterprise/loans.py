"""The arithmetic of micro-loans: the repayment schedule, where repayments go, arrears and PAR30.

Pure on purpose (standard library only, no Flask, no database): the loan pages, the manager's
figures, the demo data and the tests call the same functions with plain values, so a schedule is
computed once, the same way everywhere, and the rules can be tested by property and against
published worked examples without a database.

Money is `Decimal` in the currency's minor unit, never `float`. Every amount is rounded half-even
to the minor unit, but the principal parts of a schedule always add up exactly to the loan: the
rounding remainder goes on the last instalment. A schedule, once made, is never recalculated:
repayments are allocated against it (oldest instalment first, interest before principal), and
money beyond what is due goes on to the next instalments by the same rule (prepayment).
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Context, Decimal, localcontext

METHODS = ("flat", "declining")
BUCKETS = ("current", "1_30", "31_60", "61_90", "over_90")
# ISO 4217 minor units of the programme's currencies (Ecuador uses USD). A currency is added
# here deliberately: a wrong number of decimals would silently misstate every amount.
_MINOR_UNITS = {"BOB": 2, "COP": 2, "USD": 2, "PEN": 2, "EUR": 2}
# Intermediate results (the annuity's power, the monthly rate) keep far more digits than any
# amount needs, whatever the caller's decimal context is; amounts are then quantized.
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)
_ZERO = Decimal(0)


def minor_units(currency: str) -> int:
    """Decimals of the currency's minor unit (ISO 4217): 2 for BOB, COP, USD, PEN and EUR."""
    try:
        return _MINOR_UNITS[currency]
    except (KeyError, TypeError):
        raise ValueError(f"unknown currency {currency!r}") from None


def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def _round(amount: Decimal, quantum: Decimal) -> Decimal:
    return amount.quantize(quantum, rounding=ROUND_HALF_EVEN)


def _is_money(amount) -> bool:
    return isinstance(amount, Decimal) and amount.is_finite()


def _whole_minor_units(amount: Decimal, quantum: Decimal) -> bool:
    return amount == amount.quantize(quantum, rounding=ROUND_DOWN)


def due_date(disbursed_on: date, number: int) -> date:
    """The due date of instalment `number`: that many months after disbursement, on the same
    day of the month, or the month's last day when it is shorter. Always counted from the
    disbursement day, never from the previous due date, so 31 Jan gives 28 (29) Feb and then
    31 Mar, not 28 Mar."""
    months = disbursed_on.month - 1 + number
    year, month = disbursed_on.year + months // 12, months % 12 + 1
    return date(year, month, min(disbursed_on.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class LoanTerms:
    """What the loan contract says. `annual_rate` is the nominal yearly rate in percent
    (Decimal("24") is 24 % a year, 2 % a month); `grace_months` pay interest only."""

    principal: Decimal
    annual_rate: Decimal
    term_months: int
    method: str
    grace_months: int
    disbursed_on: date
    currency: str

    def __post_init__(self):
        quantum = _quantum(self.currency)  # raises ValueError for an unknown currency
        if not _is_money(self.principal) or self.principal <= 0:
            raise ValueError("the principal must be a Decimal greater than zero")
        if not _whole_minor_units(self.principal, quantum):
            raise ValueError(
                f"the principal must be a whole number of {self.currency} minor units "
                f"(at most {minor_units(self.currency)} decimals)"
            )
        if not _is_money(self.annual_rate) or not 0 <= self.annual_rate <= 200:
            raise ValueError("the annual rate must be a Decimal between 0 and 200 (percent)")
        if type(self.term_months) is not int or not 1 <= self.term_months <= 120:
            raise ValueError("the term must be a whole number of months from 1 to 120")
        if type(self.grace_months) is not int or not 0 <= self.grace_months < self.term_months:
            raise ValueError("the grace months must be a whole number from 0 to the term less one")
        if self.method not in METHODS:
            raise ValueError(f"the method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if not isinstance(self.disbursed_on, date):
            raise ValueError("the disbursement date must be a date")

    @property
    def monthly_rate(self) -> Decimal:
        """The nominal rate per month as a fraction: annual_rate / 100 / 12."""
        with localcontext(_CONTEXT):
            return self.annual_rate / 100 / 12


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    principal: Decimal
    interest: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def annuity(principal: Decimal, monthly_rate: Decimal, months: int) -> Decimal:
    """The equal payment that repays `principal` with interest on the declining balance in
    `months` payments, unrounded: P x r / (1 - (1 + r)^-n), or P / n when r is 0."""
    with localcontext(_CONTEXT):
        if monthly_rate == 0:
            return principal / months
        return principal * monthly_rate / (1 - (1 + monthly_rate) ** -months)


def schedule(terms: LoanTerms) -> tuple[Instalment, ...]:
    """The monthly instalments of the loan: first the grace months (interest only), then the
    principal over the remaining months, flat or on the declining balance."""
    q = _quantum(terms.currency)
    rate, grace = terms.monthly_rate, terms.grace_months
    paying = terms.term_months - grace
    with localcontext(_CONTEXT):
        # During grace nothing is repaid, so the balance is the whole loan under both methods.
        grace_interest = _round(terms.principal * rate, q)
        if terms.method == "flat":
            parts = _flat(terms.principal, rate, paying, q)
        else:
            parts = _declining(terms.principal, rate, paying, q)
    amounts = [(_ZERO.quantize(q), grace_interest)] * grace + parts
    return tuple(
        Instalment(n, due_date(terms.disbursed_on, n), principal, interest)
        for n, (principal, interest) in enumerate(amounts, start=1)
    )


def _flat(principal: Decimal, rate: Decimal, months: int, q: Decimal):
    """Flat: interest on the original principal every month, principal in equal parts."""
    interest = _round(principal * rate, q)
    part = _round(principal / months, q)
    if part * (months - 1) > principal:
        # Only a tiny loan over many months gets here (0.61 over 120 months: 0.01 x 119 > 0.61):
        # rounded up, the equal parts would overshoot and leave a negative last part.
        part = (principal / months).quantize(q, rounding=ROUND_DOWN)
    last = principal - part * (months - 1)
    return [(part, interest)] * (months - 1) + [(last, interest)]


def _declining(principal: Decimal, rate: Decimal, months: int, q: Decimal):
    """Declining balance: interest on what is still owed, equal total instalments (the annuity,
    rounded); the principal part is the instalment less the interest, and the last instalment
    repays whatever balance the rounding has left, so the principal sums exactly."""
    payment = _round(annuity(principal, rate, months), q)
    balance, parts = principal, []
    for number in range(1, months + 1):
        interest = _round(balance * rate, q)
        # Capped at the balance: on a tiny loan the rounded-up payment could repay it early.
        part = balance if number == months else min(payment - interest, balance)
        parts.append((part, interest))
        balance -= part
    return parts


@dataclass(frozen=True)
class Payment:
    """A repayment received. Payments are allocated to the schedule, never tied to one
    instalment by the person recording them."""

    paid_on: date
    amount: Decimal

    def __post_init__(self):
        if not _is_money(self.amount) or self.amount <= 0:
            raise ValueError("a payment must be a Decimal amount greater than zero")
        if not isinstance(self.paid_on, date):
            raise ValueError("a payment needs the date it was made")


@dataclass(frozen=True)
class InstalmentPosition:
    """One instalment as of a date: what was due and what has been paid against it."""

    number: int
    due_on: date
    principal_due: Decimal
    interest_due: Decimal
    principal_paid: Decimal
    interest_paid: Decimal

    @property
    def total_due(self) -> Decimal:
        return self.principal_due + self.interest_due

    @property
    def paid(self) -> Decimal:
        return self.principal_paid + self.interest_paid

    @property
    def left(self) -> Decimal:
        return self.total_due - self.paid

    @property
    def fully_paid(self) -> bool:
        return self.left == 0


@dataclass(frozen=True)
class NextDue:
    """The oldest instalment not fully paid: when it is (or was) due, and what is left of it."""

    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class Position:
    """The loan's state as of a date (payments made after it are not counted).

    `overdue_amount` is what fell due on or before `as_of` and is unpaid (an instalment due that
    very day counts: it is owed); `days_past_due` counts from the due date of the oldest
    instalment not fully paid, only once that date has passed (due today is 0 days late).
    `prepaid` is what was paid beyond everything due to date."""

    as_of: date
    paid_principal: Decimal
    paid_interest: Decimal
    outstanding_principal: Decimal
    overdue_amount: Decimal
    days_past_due: int
    bucket: str
    instalments: tuple[InstalmentPosition, ...]
    next_due: NextDue | None
    prepaid: Decimal

    @property
    def repaid(self) -> bool:
        """Everything, principal and interest, has been paid."""
        return self.next_due is None


def bucket_of(days: int) -> str:
    """The delinquency bucket of a number of days past due: 0 current, 1-30, 31-60, 61-90,
    over 90 (the boundaries belong to the lower bucket: 30 days is 1_30, 31 is 31_60)."""
    if type(days) is not int or days < 0:
        raise ValueError(f"days past due must be a whole number of at least 0, not {days!r}")
    if days == 0:
        return "current"
    if days <= 30:
        return "1_30"
    if days <= 60:
        return "31_60"
    if days <= 90:
        return "61_90"
    return "over_90"


def position(terms: LoanTerms, payments: Iterable[Payment], as_of: date) -> Position:
    """Allocate the payments made up to `as_of` to the schedule and say where the loan stands.

    Each payment goes to the instalments oldest first and, within one, to interest before
    principal; what is left goes on to the next instalments by the same rule, even those not
    yet due (prepayment), so the allocation never depends on the day a payment was made and the
    schedule is never recalculated. Paying more than the whole schedule raises ValueError (the
    service refuses such a payment), as does a payment before the disbursement or with more
    decimals than the currency has."""
    q = _quantum(terms.currency)
    counted = sorted((p for p in payments if p.paid_on <= as_of), key=lambda p: p.paid_on)
    for payment in counted:
        if payment.paid_on < terms.disbursed_on:
            raise ValueError("a payment cannot be made before the loan is disbursed")
        if not _whole_minor_units(payment.amount, q):
            raise ValueError(
                f"a payment in {terms.currency} has at most {minor_units(terms.currency)} decimals"
            )
    rows = schedule(terms)
    paid = sum((p.amount for p in counted), _ZERO.quantize(q))
    owed = sum((row.total for row in rows), _ZERO)
    if paid > owed:
        raise ValueError(f"the payments ({paid}) exceed everything the loan owes ({owed})")

    # The allocation depends only on the total paid: a waterfall down the schedule.
    left, instalments = paid, []
    for row in rows:
        interest_paid = min(left, row.interest)
        principal_paid = min(left - interest_paid, row.principal)
        left -= interest_paid + principal_paid
        instalments.append(
            InstalmentPosition(
                row.number, row.due_on, row.principal, row.interest, principal_paid, interest_paid
            )
        )

    paid_principal = sum((i.principal_paid for i in instalments), _ZERO.quantize(q))
    paid_interest = sum((i.interest_paid for i in instalments), _ZERO.quantize(q))
    due_to_date = [i for i in instalments if i.due_on <= as_of]
    overdue = sum((i.left for i in due_to_date), _ZERO.quantize(q))
    prepaid = max(paid - sum((i.total_due for i in due_to_date), _ZERO), _ZERO).quantize(q)
    unpaid = next((i for i in instalments if not i.fully_paid), None)
    days = (as_of - unpaid.due_on).days if unpaid and unpaid.due_on < as_of else 0
    return Position(
        as_of=as_of,
        paid_principal=paid_principal,
        paid_interest=paid_interest,
        outstanding_principal=terms.principal - paid_principal,
        overdue_amount=overdue,
        days_past_due=days,
        bucket=bucket_of(days),
        instalments=tuple(instalments),
        next_due=NextDue(unpaid.due_on, unpaid.left) if unpaid else None,
        prepaid=prepaid,
    )


def par30(positions_with_currency: Iterable[tuple[str, Position]]) -> dict[str, Decimal]:
    """Portfolio at risk over 30 days, per currency: the outstanding principal of loans more
    than 30 days past due divided by all outstanding principal, to 4 places (0.1234 is
    12.34 %). Currencies are never added together; a currency with nothing outstanding has no
    ratio and is left out."""
    outstanding: dict[str, Decimal] = {}
    at_risk: dict[str, Decimal] = {}
    for currency, pos in positions_with_currency:
        minor_units(currency)  # an unknown currency is an error, not a new column
        outstanding[currency] = outstanding.get(currency, _ZERO) + pos.outstanding_principal
        late = pos.outstanding_principal if pos.days_past_due > 30 else _ZERO
        at_risk[currency] = at_risk.get(currency, _ZERO) + late
    with localcontext(_CONTEXT):
        return {
            currency: _round(at_risk[currency] / total, Decimal("0.0001"))
            for currency, total in sorted(outstanding.items())
            if total > 0
        }
