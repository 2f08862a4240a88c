"""The arrears of many loans at once, in SQL: the same schedule and the same waterfall as
`loans.position`, instalment by instalment, so that the portfolio figures (figures.py) need one
statement whatever the number of loans instead of a Python schedule per loan.

The arithmetic is loans.py's, digit for digit (tests/enterprise/test_arrears_sql.py compares
both on many random loans):

- the monthly rate is annual_rate / 1200 rounded to 40 significant digits (loans.py divides in a
  40-digit context; a/1200 never ends in an exact half at that digit, so the rounding mode does
  not matter);
- an interest amount is that rate times a balance, rounded half-even to the cent. The product is
  exact here; loans.py first rounds it to 40 significant digits, which changes the cent only
  when that lands it exactly on a half cent: `cents_of_product` does the same;
- the flat principal part and a zero-rate annuity (principal / months) are rounded half-even
  exactly, with integer division and remainder;
- the annuity at a rate above zero, P r / (1 - (1 + r)^-n), is computed with 60 decimals from
  1 + r rounded to 40 digits as loans.py has it, and rounded to the cent (it could differ from
  loans.py's 40-digit result only within about 1e-36 of a half cent);
- due dates are the disbursement date plus k months, which PostgreSQL clamps to the month's
  last day exactly as loans.due_date does;
- the repayments paid up to the day are poured down the schedule, interest before principal,
  oldest instalment first, giving the outstanding principal and the days past due from the
  oldest instalment not fully paid.
"""

from sqlalchemy import Date, Integer, Numeric, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.sql.expression import ColumnElement

# Scale of the monthly rate that gives it 40 significant digits: annual_rate / 1200 is at least
# 0.1 from 120 %, 0.01 from 12 %, ... and 8.3e-6 at 0.01 %.
_RATE_SCALES = (("120", 40), ("12", 41), ("1.2", 42), ("0.12", 43), ("0.012", 44))
_WIDE = Numeric(80, 60)
_HALF = literal("0.5", Numeric)


def monthly_rate(annual_rate) -> ColumnElement:
    """annual_rate / 1200 with 40 significant digits, as loans.LoanTerms.monthly_rate."""
    scale = case(
        *((annual_rate >= literal(bound, Numeric), digits) for bound, digits in _RATE_SCALES),
        else_=45,
    )
    return func.round(cast(annual_rate, _WIDE) / 1200, scale)


def _half_even(quotient, remainder, divisor) -> ColumnElement:
    """quotient plus remainder / divisor (from 0 to 1) rounded half-even."""
    twice = remainder * 2
    return case(
        (twice < divisor, quotient),
        (twice > divisor, quotient + 1),
        else_=quotient + func.mod(quotient, 2),
    )


def cents_of_ratio(amount, months) -> ColumnElement:
    """amount / months rounded half-even to the cent, exactly."""
    numerator = cast(amount * 100, Numeric(20, 0))
    quotient = func.div(numerator, months)
    return _half_even(quotient, numerator - quotient * months, months) / 100


def cents_of_product(balance, rate) -> ColumnElement:
    """balance x rate rounded to the cent as loans.py rounds it: to 40 significant digits, then
    half-even to the cent. The first step changes the cent only when it lands the product on a
    half cent t = (2k + 1) / 200: t's exponent is e = digits(5 (2k + 1)) - 4, so the product y
    lands on it when |y - t| <= 0.5 x 10^(e - 39), i.e. |100 y - k - 0.5| x 10^(41 - digits) <=
    0.5; then half-even keeps k when it is even. Elsewhere the nearest cent of y is the answer."""
    cents = balance * rate * 100
    whole = func.floor(cents)
    gap = func.abs(cents - whole - _HALF)
    digits = func.length(cast(cast((whole * 2 + 1) * 5, Numeric(40, 0)), String))
    lands = and_(
        gap < literal("1e-20", Numeric),
        gap * func.power(literal(10, Numeric), cast(41 - digits, Numeric)) <= _HALF,
    )
    return (
        case(
            (lands, whole + func.mod(whole, 2)),
            (cents - whole > _HALF, whole + 1),
            else_=whole,
        )
        / 100
    )


def _annuity(principal, rate, months) -> ColumnElement:
    """The declining-balance instalment, rounded to the cent (loans.annuity, then _round)."""
    growth = cast(func.round(1 + rate, 39), _WIDE)
    discounted = func.power(growth, cast(-months, Numeric))
    return case(
        (rate == 0, cents_of_ratio(principal, months)),
        else_=func.round(principal * rate / (1 - discounted), 2),
    )


def arrears(loans, as_of) -> select:
    """One row per loan of `loans` (a CTE or subquery with columns id, principal, annual_rate,
    term_months, grace_months, method ('flat' or 'declining'), disbursed_on and paid: the
    standing repayments made on or before `as_of`, added up) with its outstanding principal and
    days past due as of `as_of` (a date), as loans.position computes them."""
    paying = loans.c.term_months - loans.c.grace_months
    rate = monthly_rate(loans.c.annual_rate)
    terms = select(
        loans.c.id,
        cast(loans.c.principal, Numeric).label("principal"),  # one type through the recursion
        loans.c.term_months.label("months"),
        loans.c.grace_months.label("grace"),
        (cast(loans.c.method, String) == "flat").label("is_flat"),
        loans.c.disbursed_on,
        cast(loans.c.paid, Numeric).label("paid"),
        rate.label("rate"),
        paying.label("paying"),
    ).cte("loan_terms")
    part = cents_of_ratio(terms.c.principal, terms.c.paying)
    constants = select(
        terms,
        cents_of_product(terms.c.principal, terms.c.rate).label("fixed_interest"),
        case(
            # loans._flat: the rounded-up equal parts of a tiny loan would overshoot.
            (
                part * (terms.c.paying - 1) > terms.c.principal,
                func.div(cast(terms.c.principal * 100, Numeric(20, 0)), terms.c.paying) / 100,
            ),
            else_=part,
        ).label("flat_part"),
        _annuity(terms.c.principal, terms.c.rate, terms.c.paying).label("payment"),
    ).cte("loan_constants")

    def instalment(source, number, balance):
        """(interest, principal) of instalment `number` on `balance` still owed."""
        interest = case(
            (or_(source.c.is_flat, number <= source.c.grace), source.c.fixed_interest),
            else_=cents_of_product(balance, source.c.rate),
        )
        principal = case(
            (number <= source.c.grace, literal(0, Numeric)),
            (number == source.c.months, balance),
            (source.c.is_flat, source.c.flat_part),
            else_=func.least(source.c.payment - interest, balance),
        )
        return interest, principal

    first_interest, first_principal = instalment(
        constants, literal(1, Integer), constants.c.principal
    )
    rows = select(
        constants.c.id,
        constants.c.months,
        constants.c.grace,
        constants.c.is_flat,
        constants.c.rate,
        constants.c.fixed_interest,
        constants.c.flat_part,
        constants.c.payment,
        literal(1, Integer).label("number"),
        constants.c.principal.label("balance"),
        first_interest.label("interest"),
        first_principal.label("part"),
    ).cte("instalment", recursive=True)
    following = rows.c.number + 1
    left = rows.c.balance - rows.c.part
    next_interest, next_principal = instalment(rows, following, left)
    rows = rows.union_all(
        select(
            rows.c.id,
            rows.c.months,
            rows.c.grace,
            rows.c.is_flat,
            rows.c.rate,
            rows.c.fixed_interest,
            rows.c.flat_part,
            rows.c.payment,
            following,
            left,
            next_interest,
            next_principal,
        ).where(rows.c.number < rows.c.months)
    )
    due = rows.c.interest + rows.c.part
    before = func.coalesce(
        func.sum(due).over(partition_by=rows.c.id, order_by=rows.c.number, rows=(None, -1)),
        0,
    )
    poured = select(
        rows.c.id,
        rows.c.number,
        rows.c.interest,
        rows.c.part,
        before.label("before"),
    ).subquery("poured")
    waterfall = (
        select(
            terms.c.id,
            (
                terms.c.principal
                - func.sum(
                    func.least(
                        func.greatest(terms.c.paid - poured.c.before - poured.c.interest, 0),
                        poured.c.part,
                    )
                )
            ).label("outstanding"),
            func.min(poured.c.number)
            .filter(poured.c.before + poured.c.interest + poured.c.part > terms.c.paid)
            .label("unpaid"),
        )
        .join(poured, poured.c.id == terms.c.id)
        .group_by(terms.c.id, terms.c.principal)
        .subquery("waterfall")
    )
    unpaid_due = cast(terms.c.disbursed_on + func.make_interval(0, waterfall.c.unpaid), Date)
    days = case(
        (
            and_(waterfall.c.unpaid.is_not(None), unpaid_due < as_of),
            cast(as_of, Date) - unpaid_due,
        ),
        else_=0,
    )
    return select(
        waterfall.c.id,
        cast(waterfall.c.outstanding, Numeric(14, 2)).label("outstanding"),  # whole cents
        days.label("days_past_due"),
    ).join(terms, terms.c.id == waterfall.c.id)
