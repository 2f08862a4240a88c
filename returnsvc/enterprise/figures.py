"""Managers' figures on micro-enterprises (issue #15), over the cases the viewer may see
(cases.visibility: a manager their country's, an administrator every one):

- the loan portfolio: PAR30 (outstanding principal of loans more than 30 days past due over all
  outstanding principal) and the delinquency buckets, per currency (currencies are never added
  together), by country (the person's origin country), office and lender. Written-off loans are
  left out (what they still owe is no longer in the portfolio), and so are loans repaid in full
  (nothing outstanding). By default from the state each loan keeps (its outstanding principal
  and oldest unpaid due date, written by the services with every repayment): one aggregate.
  `engine="sql"` computes the schedules and the waterfall of repayments in SQL (arrears_sql),
  `engine="python"` calls loans.position per loan: both allocate only the repayments made by
  `as_of` (figures of a past date), and the tests hold the three equal today.
- survival at 6, 12 and 24 months per launch cohort (calendar quarter of the launch), by
  country, office and the owner's sex, in one SQL statement. Censored properly: an enterprise
  launched less than N months ago is not counted in the N-month figures at all (neither as
  open nor as closed, even if it already closed), so every rate is over enterprises whose
  N-month mark has passed; an enterprise is open at N months when it has not closed, or closed
  after its mark (closing on the mark day counts as closed). Paused businesses count as open.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import Date, and_, case, cast, func, or_, select, tuple_
from sqlalchemy.orm import aliased

from returnsvc.cases.models import Case
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.enterprise import loans
from returnsvc.enterprise.arrears_sql import arrears
from returnsvc.enterprise.models import Enterprise, FundingSource, Loan, Repayment
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.partners.models import Partner
from returnsvc.returnees.models import Returnee

SURVIVAL_MONTHS = (6, 12, 24)
BUCKETS = loans.BUCKETS
_RATIO = Decimal("0.0001")
_ZERO = Decimal("0.00")


@dataclass
class Portfolio:
    """Outstanding principal of one currency, and the part more than 30 days past due."""

    currency: str
    outstanding: Decimal = _ZERO
    at_risk: Decimal = _ZERO
    loans: int = 0
    loans_at_risk: int = 0

    @property
    def par30(self) -> Decimal | None:
        """at_risk / outstanding to 4 places (0.1234 is 12.34 %), None with nothing owed."""
        if self.outstanding <= 0:
            return None
        return (self.at_risk / self.outstanding).quantize(_RATIO, rounding=ROUND_HALF_EVEN)

    def add(self, outstanding: Decimal, at_risk: Decimal, count: int, count_at_risk: int):
        self.outstanding += outstanding
        self.at_risk += at_risk
        self.loans += count
        self.loans_at_risk += count_at_risk


@dataclass
class Bucket:
    loans: int = 0
    outstanding: Decimal = _ZERO


@dataclass
class LoanPortfolio:
    """The portfolio as of a day. Each `by_*` maps (key, currency) to a Portfolio; keys are the
    origin country code, (office id, name) and (lender id or None, name or "")."""

    as_of: date
    by_currency: dict = field(default_factory=dict)
    by_country: dict = field(default_factory=dict)
    by_office: dict = field(default_factory=dict)
    by_lender: dict = field(default_factory=dict)
    buckets: dict = field(default_factory=dict)  # {currency: {bucket: Bucket}}

    def rows(self, dimension: str) -> list[tuple]:
        """[(key, Portfolio)] of `by_<dimension>`, sorted by key then currency."""
        found = getattr(self, f"by_{dimension}")
        return sorted(found.items(), key=lambda item: (_sort_key(item[0][0]), item[0][1]))


def _sort_key(key):
    if isinstance(key, tuple):
        return (key[1] or "\uffff", key[0] or 0)  # lenders without a name last
    return (key, 0)


def _scope(user, country: str | None, office_id: int | None) -> list:
    conditions = [visible_cases_clause(user)]
    if country:
        conditions.append(Returnee.origin_country == country)
    if office_id is not None:
        conditions.append(Case.office_id == office_id)
    return conditions


def standing_paid(as_of: date):
    """Per loan, the repayments made on or before `as_of` that stand: neither reversed nor a
    reversal (a reversal cancels its repayment whatever its own date, as the loan tab has it)."""
    reversal = aliased(Repayment)
    return (
        select(Repayment.loan_id, func.sum(Repayment.amount).label("paid"))
        .where(
            Repayment.reverses_id.is_(None),
            Repayment.paid_on <= as_of,
            ~select(reversal.id).where(reversal.reverses_id == Repayment.id).exists(),
        )
        .group_by(Repayment.loan_id)
        .subquery("standing")
    )


def _loans(user, as_of: date, country: str | None, office_id: int | None):
    """The viewer's loans not written off, with their terms, what stands paid, and the columns
    the figures group by."""
    paid = standing_paid(as_of)
    return (
        select(
            Loan.id,
            Loan.principal,
            Loan.annual_rate,
            Loan.term_months,
            Loan.grace_months,
            Loan.method,
            Loan.disbursed_on,
            Loan.currency,
            Loan.lender_id,
            func.coalesce(paid.c.paid, 0).label("paid"),
            Returnee.origin_country.label("country"),
            Case.office_id,
        )
        .join(FundingSource, FundingSource.id == Loan.funding_id)
        .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
        .join(Case, Case.id == Enterprise.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .outerjoin(paid, paid.c.loan_id == Loan.id)
        .where(
            Loan.written_off_on.is_(None),
            Loan.disbursed_on <= as_of,
            *_scope(user, country, office_id),
        )
    )


def _bucket_sql(days):
    return case(
        (days == 0, "current"),
        (days <= 30, "1_30"),
        (days <= 60, "31_60"),
        (days <= 90, "61_90"),
        else_="over_90",
    )


def _grouped_sql(user, as_of, country, office_id):
    """(country, office id, lender id, currency, bucket, loans, outstanding) of the loans with
    principal outstanding: one statement."""
    base = _loans(user, as_of, country, office_id).cte("viewer_loans")
    computed = arrears(base, as_of).subquery("arrears")
    bucket = _bucket_sql(computed.c.days_past_due).label("bucket")
    stmt = (
        select(
            base.c.country,
            base.c.office_id,
            base.c.lender_id,
            base.c.currency,
            bucket,
            func.count(),
            func.sum(computed.c.outstanding),
        )
        .join(computed, computed.c.id == base.c.id)
        .where(computed.c.outstanding > 0)
        .group_by(base.c.country, base.c.office_id, base.c.lender_id, base.c.currency, bucket)
    )
    return db.session.execute(stmt).all()


def _grouped_state(user, as_of, country, office_id):
    """The same rows from the state each loan keeps (Loan.outstanding_principal and
    first_unpaid_due, written with every repayment): one aggregate over the viewer's loans.
    Exact for a date on or after the loans' latest repayment (today, on the page); the other
    engines allocate only the repayments made by `as_of`."""
    days = func.greatest(
        0, func.coalesce(as_of - Loan.first_unpaid_due, 0)
    )  # date - date is days in PostgreSQL
    bucket = _bucket_sql(days).label("bucket")
    stmt = (
        select(
            Returnee.origin_country.label("country"),
            Case.office_id,
            Loan.lender_id,
            Loan.currency,
            bucket,
            func.count(),
            func.sum(Loan.outstanding_principal),
        )
        .join(FundingSource, FundingSource.id == Loan.funding_id)
        .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
        .join(Case, Case.id == Enterprise.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .where(
            Loan.written_off_on.is_(None),
            Loan.disbursed_on <= as_of,
            Loan.outstanding_principal > 0,
            *_scope(user, country, office_id),
        )
        .group_by(Returnee.origin_country, Case.office_id, Loan.lender_id, Loan.currency, bucket)
    )
    return db.session.execute(stmt).all()


def _grouped_python(user, as_of, country, office_id):
    """The same rows as _grouped_sql, from loans.position for each loan."""
    totals: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0)])
    for row in db.session.execute(_loans(user, as_of, country, office_id)):
        terms = loans.LoanTerms(
            principal=row.principal,
            annual_rate=row.annual_rate,
            term_months=row.term_months,
            method=row.method.value,
            grace_months=row.grace_months,
            disbursed_on=row.disbursed_on,
            currency=row.currency,
        )
        # The allocation depends only on the total paid (loans.position): one payment of it.
        payments = [loans.Payment(as_of, row.paid)] if row.paid > 0 else []
        position = loans.position(terms, payments, as_of)
        if position.outstanding_principal <= 0:
            continue
        key = (row.country, row.office_id, row.lender_id, row.currency, position.bucket)
        totals[key][0] += 1
        totals[key][1] += position.outstanding_principal
    return [(*key, count, amount) for key, (count, amount) in totals.items()]


def _names(model, ids) -> dict[int, str]:
    ids = sorted(i for i in ids if i is not None)
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def loan_portfolio(
    user, as_of: date, *, country: str | None = None, office_id: int | None = None,
    engine: str = "state",
) -> LoanPortfolio:  # fmt: skip
    """PAR30 and the delinquency buckets of the loans of the cases `user` may see (optionally
    one origin country, one office), as of `as_of`, per currency: overall and by country,
    office and lender. Written-off and fully repaid loans are not in it. Three statements: the
    figures, then the office and lender names."""
    engines = {"state": _grouped_state, "sql": _grouped_sql, "python": _grouped_python}
    grouped = engines[engine](user, as_of, country, office_id)
    offices = _names(Office, {row[1] for row in grouped})
    lenders = _names(Partner, {row[2] for row in grouped})
    result = LoanPortfolio(as_of)
    for country_code, office, lender, currency, bucket, count, outstanding in grouped:
        late = bucket in ("31_60", "61_90", "over_90")
        at_risk = outstanding if late else _ZERO
        keys = (
            (result.by_currency, currency),
            (result.by_country, (country_code, currency)),
            (result.by_office, ((office, offices.get(office, "")), currency)),
            (result.by_lender, ((lender, lenders.get(lender, "")), currency)),
        )
        for target, key in keys:
            target.setdefault(key, Portfolio(currency)).add(
                outstanding, at_risk, count, count if late else 0
            )
        slot = result.buckets.setdefault(currency, {name: Bucket() for name in BUCKETS})[bucket]
        slot.loans += count
        slot.outstanding += outstanding
    return result


# --- Survival -------------------------------------------------------------------------------


@dataclass
class SurvivalRow:
    """One launch cohort (the quarter's first day), for everyone or for one group: its size
    and, per N in SURVIVAL_MONTHS, (eligible, open at N months)."""

    cohort: date
    size: int
    at: dict  # {months: (eligible, survived)}

    def rate(self, months: int) -> Decimal | None:
        eligible, survived = self.at[months]
        if not eligible:
            return None
        return (Decimal(survived) / eligible).quantize(_RATIO, rounding=ROUND_HALF_EVEN)


@dataclass
class Survival:
    as_of: date
    cohorts: list = field(default_factory=list)  # [SurvivalRow], oldest first
    by_country: dict = field(default_factory=dict)  # {country: [SurvivalRow]}
    by_office: dict = field(default_factory=dict)  # {(office id, name): [SurvivalRow]}
    by_sex: dict = field(default_factory=dict)  # {Sex: [SurvivalRow]}


def launch_cohort():
    """SQL: the first day of the calendar quarter an enterprise was launched in."""
    return cast(func.date_trunc("quarter", Enterprise.launched_on), Date)


def survival_counts(as_of: date) -> list:
    """SQL aggregates over enterprises, two per N in SURVIVAL_MONTHS: how many have their
    N-month mark (launch + N months) on or before `as_of`, and how many of those were open at
    the mark (not closed, or closed after it)."""
    counts = []
    for months in SURVIVAL_MONTHS:
        mark = cast(Enterprise.launched_on + func.make_interval(0, months), Date)
        eligible = mark <= as_of
        counts.append(func.count().filter(eligible))
        counts.append(
            func.count().filter(
                and_(eligible, or_(Enterprise.closed_on.is_(None), Enterprise.closed_on > mark))
            )
        )
    return counts


def survival(
    user, as_of: date, *, country: str | None = None, office_id: int | None = None
) -> Survival:
    """Survival at 6, 12 and 24 months of the enterprises launched, per launch quarter, over
    the cases `user` may see (optionally one origin country, one office): for all, by origin
    country, by office and by the owner's sex. One statement (GROUPING SETS)."""
    cohort = launch_cohort().label("cohort")
    counts = survival_counts(as_of)
    group = func.grouping(Returnee.origin_country, Case.office_id, Returnee.sex).label("level")
    stmt = (
        select(
            group,
            cohort,
            Returnee.origin_country,
            Case.office_id,
            Office.name,
            Returnee.sex,
            func.count(),
            *counts,
        )  # fmt: skip
        .join(Case, Case.id == Enterprise.case_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .join(Office, Office.id == Case.office_id)
        .where(
            Enterprise.launched_on.is_not(None),
            Enterprise.launched_on <= as_of,
            *_scope(user, country, office_id),
        )
        .group_by(
            func.grouping_sets(
                tuple_(cohort),
                tuple_(cohort, Returnee.origin_country),
                tuple_(cohort, Case.office_id, Office.name),
                tuple_(cohort, Returnee.sex),
            )
        )
        .order_by(cohort)
    )
    result = Survival(as_of)
    for level, cohort_day, origin, office, office_name, sex, size, *figures in db.session.execute(
        stmt
    ):
        row = SurvivalRow(
            cohort_day,
            size,
            {m: (figures[2 * i], figures[2 * i + 1]) for i, m in enumerate(SURVIVAL_MONTHS)},
        )
        if level == 7:
            result.cohorts.append(row)
        elif level == 3:
            result.by_country.setdefault(origin, []).append(row)
        elif level == 5:
            result.by_office.setdefault((office, office_name), []).append(row)
        elif level == 6:
            result.by_sex.setdefault(sex, []).append(row)
    return result
