"""The dashboard's enterprise figures (enterprise.report_figures): enterprises launched, survival
by launch quarter with recent quarters censored, PAR30 per currency today and on a past day,
each against SQL of its own written here (other joins, CASE/SUM instead of FILTER, the
country from the office), split by sex, one statement each; the dashboard shows them."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from returnsvc.auth.models import User
from returnsvc.core.clock import local_today
from returnsvc.enterprise import report_figures
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
from returnsvc.enterprise.report_figures import _add_months
from returnsvc.extensions import db
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.returnees.models import Sex
from tests.helpers import count_statements
from tests.reports.export_helpers import in_english

EN = {"Accept-Language": "en"}
F, M, X = Sex.FEMALE, Sex.MALE, Sex.OTHER  # women, men, other or not said


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _scope(app, user_id, **args):
    user = db.session.get(User, user_id)
    return scope_of(parse_filters(MultiDict(args), user), user)


def _enterprise(case_id, launched=None, closed=None, sector="G"):
    enterprise = Enterprise(
        case_id=case_id, name="Tienda", sector=sector, launched_on=launched, closed_on=closed
    )
    db.session.add(enterprise)
    db.session.flush()
    return enterprise


def _loan(case_id, principal, currency, *, disbursed, term=10, paid=(), written_off=None):
    """A 0 % flat loan of `term` equal instalments, the first a month after `disbursed`."""
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
        written_off_on=written_off, outstanding_principal=D(principal),
    )  # fmt: skip
    db.session.add(loan)
    db.session.flush()
    db.session.add_all(Repayment(loan_id=loan.id, paid_on=d, amount=D(a)) for d, a in paid)
    db.session.flush()
    refresh_loan_state(loan)
    db.session.flush()
    return loan


@pytest.fixture
def world(app, make):
    quito = make.office("EC", name="Quito")
    la_paz = make.office("BO", name="La Paz")
    people = {
        "ana": make.case(office_id=quito.id, origin_country="EC", sex="female"),
        "eva": make.case(office_id=quito.id, origin_country="EC", sex="female"),
        "luis": make.case(office_id=quito.id, origin_country="EC", sex="male"),
        "alex": make.case(office_id=quito.id, origin_country="EC", sex="other"),
        "bo": make.case(office_id=la_paz.id, origin_country="BO", nationality="BO",
                        document_country="BO", region_code="BO-L", sex="female"),
    }  # fmt: skip
    manager = make.user("manager", office_id=quito.id, locale="en")
    return {"office": quito, "manager": manager, **{k: v.id for k, v in people.items()}}


def _cohorts():
    """First days of: 12 quarters ago (known at 6, 12 and 24 months), 5 quarters ago (known
    at 6 and 12), 2 quarters ago (not known at all: its last day is not 6 months past) and
    last quarter."""
    q0 = _quarter_start(local_today())
    return {
        "old": _add_months(q0, -36),
        "mid": _add_months(q0, -15),
        "two": _add_months(q0, -6),
        "last": _add_months(q0, -3),
    }


def _seed_enterprises(world):
    c = _cohorts()
    ana, eva, luis, alex, bo = (world[k] for k in ("ana", "eva", "luis", "alex", "bo"))
    old, mid = c["old"], c["mid"]
    _enterprise(ana, old + timedelta(days=5), closed=old + timedelta(days=400))  # 13 months
    _enterprise(eva, old + timedelta(days=20), sector="C")  # still open
    _enterprise(luis, old + timedelta(days=30), closed=_add_months(old + timedelta(days=30), 6))
    _enterprise(alex, old + timedelta(days=40), closed=old + timedelta(days=100))
    _enterprise(ana, mid + timedelta(days=3), sector="C")
    _enterprise(luis, mid + timedelta(days=60), closed=mid + timedelta(days=300))  # ~10 months
    # Launched on its quarter's first day: its own 6-month mark has passed, its quarter's not.
    _enterprise(eva, c["two"], closed=c["two"] + timedelta(days=10))
    _enterprise(alex, c["last"] + timedelta(days=1))
    _enterprise(bo, old + timedelta(days=5))  # Bolivia: not the Ecuadorian manager's
    _enterprise(ana, _add_months(old, -3))  # before the period
    _enterprise(eva, None)  # an idea, never launched
    db.session.commit()


def _period():
    return {"from": _cohorts()["old"].isoformat(), "to": local_today().isoformat()}


_EC = (
    " FROM enterprise e JOIN case_file c ON c.id = e.case_id"
    " JOIN returnee r ON r.id = c.returnee_id JOIN office o ON o.id = c.office_id"
    " WHERE o.country = 'EC' AND r.origin_country = 'EC' AND r.anonymised_at IS NULL"
    " AND e.launched_on >= :first AND e.launched_on <= :last"
)


def test_enterprises_launched_by_sector_and_sex(app, world):
    with app.test_request_context():
        _seed_enterprises(world)
        args = _period()
        scope = _scope(app, world["manager"].id, **args)
        with count_statements(app) as statements:
            figure = report_figures.enterprises_launched(scope)
        assert len(statements) == 1
        expected = {}
        for sector, sex, n in db.session.execute(
            text("SELECT e.sector, r.sex, count(*)" + _EC + " GROUP BY e.sector, r.sex"),
            {"first": args["from"], "last": args["to"]},
        ):
            expected[(sector, sex)] = n
        found = {
            (sector.value, sex.value): counts[sex]
            for sector, counts in figure.rows
            for sex in Sex
            if counts[sex]
        }
        assert found == expected
        # Retail (G): Ana, Luis x2, Alex x2; manufacturing (C): Eva, Ana; Eva's of 2 quarters
        # ago is G. Bolivia's, the one before the period and the idea are not counted.
        assert (figure.total.female, figure.total.male, figure.total.other) == (4, 2, 2)
        assert figure.rows[0][0].value == "G"
        header, rows = in_english(*report_figures.launched_export(figure))
        assert header[0] == "Sector" and rows[-1] == ("Total", 4, 2, 2, 8)


def _expected_survival(today, first, last):
    """{(cohort, sex, months): (eligible, survived) or None when the cohort is not known},
    censoring per quarter written here with interval arithmetic."""
    expected, sizes = {}, {}
    for months in (6, 12, 24):
        rows = db.session.execute(
            text(
                "SELECT date_trunc('quarter', e.launched_on)::date AS cohort, r.sex, count(*),"
                " bool_and((date_trunc('quarter', e.launched_on) + interval '3 months'"
                "   - interval '1 day' + make_interval(months => :m))::date <= :today),"
                " sum(CASE WHEN e.closed_on IS NULL"
                "   OR e.closed_on > (e.launched_on + make_interval(months => :m))::date"
                "   THEN 1 ELSE 0 END)" + _EC + " GROUP BY 1, 2"
            ),
            {"first": first, "last": last, "m": months, "today": today},
        )
        for cohort, sex, size, known, survived in rows:
            sizes[(cohort, sex)] = size
            expected[(cohort, sex, months)] = (size, survived) if known else None
    return expected, sizes


def test_survival_by_cohort_censors_recent_quarters(app, world):
    with app.test_request_context():
        _seed_enterprises(world)
        args = _period()
        scope = _scope(app, world["manager"].id, **args)
        with count_statements(app) as statements:
            figure = report_figures.survival_by_cohort(scope)
        assert len(statements) == 1
        expected, sizes = _expected_survival(figure.as_of, args["from"], args["to"])
        found, found_sizes = {}, {}
        for cohort in figure.cohorts:
            for sex in Sex:
                if not cohort.size[sex]:
                    continue
                found_sizes[(cohort.first_day, sex.value)] = cohort.size[sex]
                for months in (6, 12, 24):
                    rate = cohort.by_sex[months][sex]
                    found[(cohort.first_day, sex.value, months)] = (
                        (rate.eligible, rate.survived) if rate.known else None
                    )
        assert found_sizes == sizes
        assert found == expected

        c = _cohorts()
        by_day = {cohort.first_day: cohort for cohort in figure.cohorts}
        old, mid, two = by_day[c["old"]], by_day[c["mid"]], by_day[c["two"]]
        assert [old.known(m) for m in (6, 12, 24)] == [True, True, True]
        assert [mid.known(m) for m in (6, 12, 24)] == [True, True, False]
        # Two quarters ago: Eva's business is past its own 6-month mark, the quarter is not
        # (unless today is a quarter's last day: then it just is).
        assert two.at[6].eligible == 1
        if local_today() != _add_months(_quarter_start(local_today()), 3) - timedelta(days=1):
            assert [two.known(m) for m in (6, 12, 24)] == [False, False, False]
            assert two.at[6].rate is None
        # The old quarter: Ana closed after 13 months, Luis on his 6-month day, Alex after
        # 100 days; Eva is open.
        assert (old.at[6].survived, old.at[12].survived, old.at[24].survived) == (2, 2, 1)
        assert old.by_sex[12][F].survived == 2 and old.by_sex[12][M].survived == 0
        assert old.by_sex[6][X].eligible == 1 and old.by_sex[6][X].survived == 0
        # By sex over the known quarters: at 12 months, women 3 of 3 (old x2, mid), men 0 of
        # 2 (old, and mid's closed about 8 months after its launch).
        assert (figure.by_sex[12][F].survived, figure.by_sex[12][F].eligible) == (3, 3)
        assert (figure.by_sex[12][M].survived, figure.by_sex[12][M].eligible) == (0, 2)
        assert figure.overall[24].eligible == 4 and figure.overall[24].rate == D("0.2500")
        header, rows = in_english(*report_figures.survival_export(figure))
        assert header[:5] == ["Launched in", "Sex", "Launched", "Open 6 months after launch",
                              "Launched 6 months ago or more"]  # fmt: skip
        assert any(row[1] == "Other or not said" and row[3:] == (None,) * 6 for row in rows)


def _seed_loans(world, today):
    ana, eva, luis, alex, bo = (world[k] for k in ("ana", "eva", "luis", "alex", "bo"))
    # On time: disbursed 2 months ago, both instalments due so far paid.
    _loan(ana, "1000.00", "USD", disbursed=_add_months(today, -2),
          paid=[(today - timedelta(days=1), "200")])  # fmt: skip
    # First instalment unpaid since 40 days ago.
    _loan(luis, "1000.00", "USD", disbursed=_add_months(today - timedelta(days=40), -1))
    _loan(alex, "300.00", "EUR", disbursed=_add_months(today - timedelta(days=95), -1), term=3)
    _loan(eva, "900.00", "EUR", disbursed=today - timedelta(days=3), term=3)  # nothing due
    _loan(
        eva,
        "500.00",
        "USD",
        disbursed=_add_months(today, -14),
        paid=[(_add_months(today, -13), "500")],
    )  # repaid: out of the portfolio
    _loan(ana, "7000.00", "USD", disbursed=_add_months(today, -20),
          written_off=today - timedelta(days=30))  # fmt: skip
    _loan(bo, "100.00", "BOB", disbursed=_add_months(today, -12))  # Bolivia's
    db.session.commit()


_LOANS = (
    " FROM loan l JOIN funding_source f ON f.id = l.funding_id"
    " JOIN enterprise e ON e.id = f.enterprise_id JOIN case_file c ON c.id = e.case_id"
    " JOIN returnee r ON r.id = c.returnee_id JOIN office o ON o.id = c.office_id"
    " WHERE o.country = 'EC' AND r.origin_country = 'EC'"
)


def test_par30_today_per_currency_and_sex(app, world):
    with app.test_request_context():
        today = local_today()
        _seed_loans(world, today)
        scope = _scope(app, world["manager"].id, year=str(today.year))
        with count_statements(app) as statements:
            figure = report_figures.portfolio_at_risk(scope)
        assert len(statements) == 1 and figure.as_of == today
        expected = {
            (currency, sex): (loans, outstanding, late)
            for currency, sex, loans, outstanding, late in db.session.execute(
                text(
                    "SELECT l.currency, r.sex, count(*), sum(l.outstanding_principal),"
                    " sum(CASE WHEN :today - l.first_unpaid_due > 30"
                    "   THEN l.outstanding_principal ELSE 0 END)"
                    + _LOANS
                    + " AND l.written_off_on IS NULL AND l.outstanding_principal > 0"
                    " GROUP BY 1, 2"
                ),
                {"today": today},
            )
        }
        found = {
            (currency, sex.value): (item.loans, item.outstanding, item.at_risk)
            for currency, _total, by_sex in figure.rows
            for sex, item in by_sex.items()
            if item.loans
        }
        assert found == expected
        assert [c for c, *_rest in figure.rows] == ["EUR", "USD"]  # never added together
        usd, eur = figure.rows[1][1], figure.rows[0][1]
        assert (usd.outstanding, usd.at_risk, usd.par30) == (D("1800.00"), D("1000.00"),
                                                             D("0.5556"))  # fmt: skip
        assert (eur.outstanding, eur.at_risk, eur.par30) == (D("1200.00"), D("300.00"),
                                                             D("0.2500"))  # fmt: skip
        by_sex = figure.rows[1][2]
        assert by_sex[M].par30 == D("1.0000") and by_sex[F].par30 == D("0.0000")
        assert by_sex[X].par30 is None  # Alex owes no dollars
        header, rows = in_english(*report_figures.risk_export(figure))
        assert ("USD", "Total", 2, D("1800.00"), 1, D("1000.00"), D("0.5556")) in rows


def test_par30_on_a_past_day_counts_only_what_was_paid_by_then(app, world):
    with app.test_request_context():
        today = local_today()
        last_year = today.year - 1
        end = date(last_year, 12, 31)
        ana, luis, alex = world["ana"], world["luis"], world["alex"]
        # Disbursed 1 Jun: 10 x 100, nothing paid by 31 Dec (first due 1 Jul): all at risk.
        _loan(ana, "1000.00", "USD", disbursed=date(last_year, 6, 1))
        # Repaid in full, but only this year: on 31 Dec it was 60 days late for 1 instalment.
        _loan(luis, "1000.00", "USD", disbursed=date(last_year, 9, 1),
              paid=[(date(last_year, 10, 1), "100"), (date(today.year, 1, 2), "900")])  # fmt: skip
        # Disbursed 15 Dec: nothing due yet on 31 Dec.
        _loan(alex, "600.00", "USD", disbursed=date(last_year, 12, 15), term=6)
        # Written off this year: still in last year's portfolio.
        _loan(alex, "300.00", "EUR", disbursed=date(last_year, 3, 1), term=3,
              written_off=date(today.year, 1, 1))  # fmt: skip
        # Disbursed after the day: not in it.
        _loan(ana, "400.00", "EUR", disbursed=date(today.year, 1, 5))
        db.session.commit()
        scope = _scope(app, world["manager"].id, year=str(last_year))
        with count_statements(app) as statements:
            figure = report_figures.portfolio_at_risk(scope)
        assert len(statements) == 1 and figure.as_of == end
        # Independent: for these 0 % flat loans, instalment k of principal / term falls due
        # k months after disbursement; the first unpaid one is floor(paid / instalment) + 1.
        expected = {
            (currency, sex): (loans, outstanding, late)
            for currency, sex, loans, outstanding, late in db.session.execute(
                text(
                    "WITH p AS (SELECT l.id, l.currency, r.sex, l.principal, l.term_months,"
                    "  l.disbursed_on, coalesce((SELECT sum(amount) FROM repayment x"
                    "   WHERE x.loan_id = l.id AND x.paid_on <= :end), 0) AS paid"
                    + _LOANS
                    + "  AND l.disbursed_on <= :end"
                    "  AND (l.written_off_on IS NULL OR l.written_off_on > :end))"
                    " SELECT currency, sex, count(*), sum(principal - paid),"
                    "  sum(CASE WHEN :end - (disbursed_on + make_interval(months =>"
                    "   (floor(paid / (principal / term_months)) + 1)::int))::date > 30"
                    "   THEN principal - paid ELSE 0 END)"
                    " FROM p WHERE principal > paid GROUP BY 1, 2"
                ),
                {"end": end},
            )
        }
        found = {
            (currency, sex.value): (item.loans, item.outstanding, item.at_risk)
            for currency, _total, by_sex in figure.rows
            for sex, item in by_sex.items()
            if item.loans
        }
        assert found == expected
        totals = {currency: total for currency, total, _s in figure.rows}
        assert (totals["USD"].outstanding, totals["USD"].at_risk) == (D("2500.00"), D("1900.00"))
        assert (totals["EUR"].outstanding, totals["EUR"].at_risk) == (D("300.00"), D("300.00"))


def test_the_dashboard_shows_the_enterprise_figures(app, client, make, world, sign_in):
    with app.test_request_context():
        _seed_enterprises(world)
        _seed_loans(world, local_today())
    office = world["office"]
    sign_in("manager", office_id=office.id, locale="en")
    args = _period()
    html = client.get(f"/reports/?from={args['from']}&to={args['to']}", headers=EN).get_data(
        as_text=True
    )
    for key in ("enterprises_launched", "enterprise_survival", "loan_par30"):
        assert f'id="figure-{key}"' in html
    assert "not yet known" in html
    assert "Portfolio at risk (PAR30), USD" in html and "$1,800.00" in html
    assert "55.6%" in html
    help_page = client.get("/reports/help", headers=EN).get_data(as_text=True)
    assert 'id="definition-enterprise_survival"' in help_page
    assert "not yet known" in help_page
