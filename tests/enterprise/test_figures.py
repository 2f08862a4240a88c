"""Managers' figures (enterprise.figures): PAR30 and buckets per currency over the viewer's
cases, and survival by launch cohort with censoring, on worked cases."""

from datetime import date
from decimal import Decimal as D

import pytest

from returnsvc.auth.models import User
from returnsvc.enterprise import figures
from returnsvc.enterprise.funding import refresh_loan_state
from returnsvc.enterprise.models import (
    Enterprise,
    FundingKind,
    FundingSource,
    FundingStatus,
    Loan,
    LoanMethod,
    Repayment,
)
from returnsvc.extensions import db

TODAY = date(2026, 6, 15)


def _enterprise(case_id, launched=None, closed=None):
    enterprise = Enterprise(
        case_id=case_id, name="Tienda", sector="G", launched_on=launched, closed_on=closed
    )
    db.session.add(enterprise)
    db.session.flush()
    return enterprise


def _loan(case_id, principal, currency, *, disbursed, term=10, paid=(), written_off=None,
          lender_id=None):  # fmt: skip
    """A 0 % flat loan: `term` equal instalments of principal / term, the first a month after
    `disbursed`; `paid`: (date, amount) repayments."""
    enterprise = _enterprise(case_id)
    funding = FundingSource(
        enterprise_id=enterprise.id, kind=FundingKind.MICRO_LOAN, amount=D(principal),
        currency=currency, status=FundingStatus.DISBURSED,
    )  # fmt: skip
    db.session.add(funding)
    db.session.flush()
    loan = Loan(
        funding_id=funding.id, principal=D(principal), currency=currency, annual_rate=D(0),
        term_months=term, method=LoanMethod.FLAT, grace_months=0, disbursed_on=disbursed,
        written_off_on=written_off, lender_id=lender_id, outstanding_principal=D(principal),
    )  # fmt: skip
    db.session.add(loan)
    db.session.flush()
    rows = []
    for day, amount in paid:
        rows.append(Repayment(loan_id=loan.id, paid_on=day, amount=D(amount)))
    db.session.add_all(rows)
    db.session.flush()
    refresh_loan_state(loan)  # as the services do with every repayment
    db.session.flush()
    return loan


@pytest.fixture
def world(make):
    ec_office = make.office("EC", name="Quito")
    pe_office = make.office("PE", name="Lima")
    return {
        "ec": make.case(office_id=ec_office.id),
        "ec2": make.case(office_id=ec_office.id, sex="male"),
        "pe": make.case(
            office_id=pe_office.id,
            origin_country="PE",
            nationality="PE",
            document_country="PE",
            region_code="PE-LIM",
        ),  # fmt: skip
        "admin": make.user("admin"),
        "ec_manager": make.user("manager", office_id=ec_office.id),
        "pe_manager": make.user("manager", office_id=pe_office.id),
        "ec_office": ec_office,
    }


def _user(snapshot):
    return db.session.get(User, snapshot.id)


@pytest.mark.parametrize("engine", ["state", "sql", "python"])
def test_par30_per_currency_never_adds_currencies(ctx, world, engine):
    ec = world["ec"].id
    # USD: 1,000 on time (paid the 5 instalments due by 15 Jun), 1,000 40 days late (first
    # instalment due 6 May unpaid), 500 repaid in full (out of the portfolio).
    _loan(ec, "1000.00", "USD", disbursed=date(2026, 1, 10), paid=[(date(2026, 6, 10), "500")])
    _loan(ec, "1000.00", "USD", disbursed=date(2026, 4, 6))
    _loan(ec, "500.00", "USD", disbursed=date(2025, 1, 1), paid=[(date(2025, 3, 1), "500")])
    # EUR: 300 with instalments 95 days late, 900 current (not due yet).
    _loan(ec, "300.00", "EUR", disbursed=date(2026, 2, 11), term=3)
    _loan(ec, "900.00", "EUR", disbursed=date(2026, 6, 1), term=3)
    # Written off: left out even though it is far behind.
    _loan(ec, "7000.00", "USD", disbursed=date(2025, 1, 1), written_off=date(2026, 1, 1))

    result = figures.loan_portfolio(_user(world["admin"]), TODAY, engine=engine)

    usd, eur = result.by_currency["USD"], result.by_currency["EUR"]
    assert (usd.outstanding, usd.at_risk, usd.loans, usd.loans_at_risk) == (
        D("1500.00"),
        D("1000.00"),
        2,
        1,
    )
    assert usd.par30 == D("0.6667")
    assert (eur.outstanding, eur.at_risk, eur.loans) == (D("1200.00"), D("300.00"), 2)
    assert eur.par30 == D("0.2500")
    buckets = {c: {b: (v.loans, v.outstanding) for b, v in rows.items()}
               for c, rows in result.buckets.items()}  # fmt: skip
    assert buckets["USD"]["current"] == (1, D("500.00"))
    assert buckets["USD"]["31_60"] == (1, D("1000.00"))
    assert buckets["EUR"]["over_90"] == (1, D("300.00"))
    assert buckets["EUR"]["current"] == (1, D("900.00"))
    assert buckets["EUR"]["1_30"] == (0, D("0.00"))
    assert set(result.by_country) == {("EC", "USD"), ("EC", "EUR")}
    office = (world["ec_office"].id, "Quito")
    assert result.by_office[(office, "USD")].par30 == D("0.6667")


def test_par30_groups_and_scope(ctx, world, make):
    _loan(world["ec"].id, "100.00", "USD", disbursed=date(2026, 1, 1))
    _loan(world["pe"].id, "100.00", "PEN", disbursed=date(2026, 5, 1))
    admin = figures.loan_portfolio(_user(world["admin"]), TODAY)
    assert set(admin.by_country) == {("EC", "USD"), ("PE", "PEN")}
    assert admin.by_country[("EC", "USD")].par30 == D("1.0000")
    assert admin.by_country[("PE", "PEN")].par30 == D("0.0000")
    # Admin's country filter, and the office filter.
    only_pe = figures.loan_portfolio(_user(world["admin"]), TODAY, country="PE")
    assert set(only_pe.by_currency) == {"PEN"}
    other_office = make.office("EC")
    assert (
        figures.loan_portfolio(_user(world["admin"]), TODAY, office_id=other_office.id).by_currency
        == {}
    )
    # A manager sees their country only; a manager of another country sees nothing of it.
    assert set(figures.loan_portfolio(_user(world["ec_manager"]), TODAY).by_currency) == {"USD"}
    pe_view = figures.loan_portfolio(_user(world["pe_manager"]), TODAY, country="EC")
    assert pe_view.by_currency == {} and pe_view.buckets == {}


def test_reversed_repayments_do_not_count(ctx, world):
    loan = _loan(world["ec"].id, "100.00", "USD", disbursed=date(2026, 1, 1), term=1)
    paid = Repayment(loan_id=loan.id, paid_on=date(2026, 2, 1), amount=D("100.00"))
    db.session.add(paid)
    db.session.flush()
    refresh_loan_state(loan)  # as the services do
    result = figures.loan_portfolio(_user(world["admin"]), TODAY)
    assert result.by_currency == {}  # repaid
    db.session.add(Repayment(loan_id=loan.id, paid_on=date(2026, 3, 1), amount=D("100.00"),
                             reverses_id=paid.id))  # fmt: skip
    db.session.flush()
    refresh_loan_state(loan)
    result = figures.loan_portfolio(_user(world["admin"]), TODAY)
    assert result.by_currency["USD"].at_risk == D("100.00")  # due 1 Feb: 134 days late


def test_survival_with_censoring_and_closures(ctx, world):
    ec, ec2, pe = world["ec"].id, world["ec2"].id, world["pe"].id
    # Cohort 2024 Q1 (all marks passed by 15 Jun 2026):
    _enterprise(ec, date(2024, 1, 10))  # open
    _enterprise(ec, date(2024, 2, 1), closed=date(2024, 5, 1))  # closed before 6 months
    _enterprise(ec2, date(2024, 3, 31), closed=date(2025, 1, 15))  # after 6, before 12
    _enterprise(pe, date(2024, 2, 15), closed=date(2026, 3, 1))  # after 24 months: survived
    _enterprise(ec, date(2024, 1, 20), closed=date(2024, 7, 20))  # on its 6-month mark: closed
    # Cohort 2025 Q4: 6-month marks passed, 12 and 24 not (censored).
    _enterprise(ec, date(2025, 10, 1))
    _enterprise(ec2, date(2025, 11, 1), closed=date(2026, 1, 1))  # an early failure
    # Cohort 2026 Q2: launched less than 6 months ago: counted in the size only.
    _enterprise(pe, date(2026, 4, 1), closed=date(2026, 5, 1))
    # Not launched: not in any cohort.
    _enterprise(ec)

    result = figures.survival(_user(world["admin"]), TODAY)

    cohorts = {row.cohort: row for row in result.cohorts}
    assert list(cohorts) == [date(2024, 1, 1), date(2025, 10, 1), date(2026, 4, 1)]
    q1 = cohorts[date(2024, 1, 1)]
    assert q1.size == 5
    assert q1.at == {6: (5, 3), 12: (5, 2), 24: (5, 2)}
    assert q1.rate(6) == D("0.6000") and q1.rate(24) == D("0.4000")
    q4 = cohorts[date(2025, 10, 1)]
    assert q4.size == 2
    assert q4.at == {6: (2, 1), 12: (0, 0), 24: (0, 0)}
    assert q4.rate(12) is None
    assert cohorts[date(2026, 4, 1)].at == {6: (0, 0), 12: (0, 0), 24: (0, 0)}

    by_country = {c: {r.cohort: r.at for r in rows} for c, rows in result.by_country.items()}
    assert by_country["PE"][date(2024, 1, 1)] == {6: (1, 1), 12: (1, 1), 24: (1, 1)}
    assert by_country["EC"][date(2024, 1, 1)] == {6: (4, 2), 12: (4, 1), 24: (4, 1)}
    by_sex = {s.value: {r.cohort: r.size for r in rows} for s, rows in result.by_sex.items()}
    assert by_sex["male"] == {date(2024, 1, 1): 1, date(2025, 10, 1): 1}
    assert {name for _id, name in result.by_office} == {"Quito", "Lima"}


def test_survival_scope_and_filters(ctx, world):
    _enterprise(world["ec"].id, date(2024, 1, 10))
    _enterprise(world["pe"].id, date(2024, 1, 10))
    assert [r.size for r in figures.survival(_user(world["ec_manager"]), TODAY).cohorts] == [1]
    # A manager of another country asking for Ecuador sees only their own scope: nothing.
    assert figures.survival(_user(world["pe_manager"]), TODAY, country="EC").cohorts == []
    admin = _user(world["admin"])
    assert [r.size for r in figures.survival(admin, TODAY).cohorts] == [2]
    assert [r.size for r in figures.survival(admin, TODAY, country="PE").cohorts] == [1]
    office = world["ec_office"].id
    assert list(figures.survival(admin, TODAY, office_id=office).by_office) == [(office, "Quito")]
