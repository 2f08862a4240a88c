"""The enterprise services (issue #15): stages through the one transition table, plan versions
kept, break-even, training of the country, funding with disbursements never above the amount,
loan terms, repayments never beyond what is owed and corrected by reversal, write-off, visits;
refusals write nothing; every change audited."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from returnsvc.cases.models import Case
from returnsvc.core.refusals import Refusal
from returnsvc.enterprise import funding as money
from returnsvc.enterprise import services
from returnsvc.enterprise.models import (
    TRANSITIONS,
    BusinessPlan,
    Enterprise,
    EnterpriseStage,
    FundingStatus,
    Loan,
)
from returnsvc.extensions import db
from returnsvc.partners.services import create_partner
from tests.helpers import audit_actions

TODAY = date.today()
EN = {"Accept-Language": "en"}  # the refusals are matched in English


@pytest.fixture
def case_id(make):
    office = make.office("EC")
    return make.case(office_id=office.id, returnee_id=make.returnee(origin_country="EC")).id


def _new(app, case_id, **data) -> int:
    with app.test_request_context(headers=EN):
        values = {"name": "Panadería Andina", "sector": "C", "region_code": "EC-P"} | data
        enterprise = services.create_enterprise(db.session.get(Case, case_id), values, actor=None)
        db.session.commit()
        return enterprise.id


def _enterprise(enterprise_id) -> Enterprise:
    return db.session.get(Enterprise, enterprise_id)


def test_the_road_from_idea_to_operating_and_its_refusals(app, case_id):
    eid = _new(app, case_id)
    with app.test_request_context(headers=EN):
        e = _enterprise(eid)
        with pytest.raises(Refusal, match="cannot move"):
            services.move_enterprise(e, "launched", {}, version=e.version, actor=None)
        for stage in ("plan", "financing"):  # training may be skipped
            services.move_enterprise(e, stage, {}, version=e.version, actor=None)
        with pytest.raises(Refusal, match="date the business opened"):
            services.move_enterprise(e, "launched", {}, version=e.version, actor=None)
        future = {"launched_on": TODAY + timedelta(days=1)}
        with pytest.raises(Refusal, match="in the future"):
            services.move_enterprise(e, "launched", future, version=e.version, actor=None)
        opened = {"launched_on": TODAY - timedelta(days=400)}
        services.move_enterprise(e, "launched", opened, version=e.version, actor=None)
        services.move_enterprise(e, "operating", {}, version=e.version, actor=None)
        assert e.stage is EnterpriseStage.OPERATING and e.launched_on == opened["launched_on"]
        early = {"closed_on": TODAY - timedelta(days=500)}
        with pytest.raises(Refusal, match="before it opened"):
            services.move_enterprise(e, "closed", early, version=e.version, actor=None)
        db.session.commit()
    assert audit_actions(app).count("enterprise.stage_changed") == 4
    assert TRANSITIONS[EnterpriseStage.CLOSED] == ()


def test_bad_input_is_refused_with_a_field(app, case_id):
    with app.test_request_context(headers=EN):
        case = db.session.get(Case, case_id)
        for data, field in (
            ({"name": "", "sector": "C"}, "name"),
            ({"name": "X", "sector": "ZZ"}, "sector"),
            ({"name": "X", "sector": "C", "region_code": "PE-LIM"}, "region_code"),
            ({"name": "X", "sector": "C", "jobs_owner": -1}, "jobs_owner"),
            ({"name": "X", "sector": "C", "jobs_owner": 2147483648}, "jobs_owner"),
            ({"name": "X", "sector": "C", "opportunity_id": 2147483647}, "opportunity_id"),
        ):
            with pytest.raises(Refusal) as refused:
                services.create_enterprise(case, data, actor=None)
            assert refused.value.field == field
        assert db.session.scalar(select(func.count(Enterprise.id))) == 0


def test_plan_versions_are_kept_and_break_even_is_computed(app, case_id):
    eid = _new(app, case_id)
    with app.test_request_context(headers=EN):
        e = _enterprise(eid)
        plan = {"currency": "USD", "total_investment": Decimal("6000"),
                "own_contribution": Decimal("1000"), "monthly_revenue": Decimal("2500"),
                "monthly_costs": Decimal("1750"), "description": "Horno y vitrina"}  # fmt: skip
        first = services.add_plan_version(e, plan, actor=None)
        second = services.add_plan_version(e, plan | {"monthly_costs": Decimal("2600")}, actor=None)
        assert (first.version, second.version) == (1, 2)
        assert services.break_even_month(first) == 8  # 6000 / 750 = 8
        assert services.break_even_month(second) is None  # no margin
        assert db.session.get(BusinessPlan, first.id).monthly_costs == Decimal("1750.00")
        for bad, field in (
            ({"own_contribution": Decimal("7000")}, "own_contribution"),
            ({"total_investment": Decimal("-1")}, "total_investment"),
            ({"total_investment": Decimal("NaN")}, "total_investment"),
            ({"currency": "XXX"}, "currency"),
            ({"monthly_revenue": None}, "monthly_revenue"),
        ):
            with pytest.raises(Refusal) as refused:
                services.add_plan_version(e, plan | bad, actor=None)
            assert refused.value.field == field


def _loan(app, eid, **terms) -> int:
    with app.test_request_context(headers=EN):
        e = _enterprise(eid)
        source = money.add_funding(
            e, {"kind": "micro_loan", "amount": Decimal("1200"), "currency": "USD",
                "status": "approved"}, actor=None,
        )  # fmt: skip
        values = {"annual_rate": Decimal("24"), "term_months": 12, "grace_months": 0,
                  "method": "flat", "disbursed_on": TODAY - timedelta(days=95)} | terms  # fmt: skip
        loan = money.add_loan(source, values, actor=None)
        db.session.commit()
        return loan.id


def test_funding_disbursements_never_exceed_the_amount(app, case_id):
    eid = _new(app, case_id)
    with app.test_request_context(headers=EN):
        e = _enterprise(eid)
        grant = money.add_funding(
            e, {"kind": "seed_grant", "amount": Decimal("3000"), "currency": "USD"}, actor=None
        )
        paid = {"amount": Decimal("2000"), "disbursed_on": TODAY}
        with pytest.raises(Refusal, match="Only approved"):
            money.add_disbursement(grant, paid, actor=None)
        money.set_funding_status(grant, "approved", version=grant.version, actor=None)
        money.add_disbursement(grant, paid, actor=None)
        assert grant.status is FundingStatus.DISBURSED
        with pytest.raises(Refusal, match="more than the funding"):
            money.add_disbursement(grant, paid, actor=None)
        with pytest.raises(Refusal, match="cannot become"):
            money.set_funding_status(grant, "requested", version=grant.version, actor=None)
        with pytest.raises(Refusal):
            money.add_funding(
                e, {"kind": "family", "amount": Decimal("0"), "currency": "USD"}, actor=None
            )
        other = create_partner({"name": "Banco Lima", "kind": "microfinance", "country": "PE"},
                               actor=None)  # fmt: skip
        with pytest.raises(Refusal) as refused:
            data = {"kind": "micro_loan", "amount": Decimal("5"), "currency": "USD"}
            money.add_funding(e, data | {"partner_id": other.id}, actor=None)
        assert refused.value.field == "partner_id"


def test_repayments_are_allocated_refused_beyond_the_debt_and_reversed(app, case_id):
    eid = _new(app, case_id)
    loan_id = _loan(app, eid)
    with app.test_request_context(headers=EN):
        loan = db.session.get(Loan, loan_id)
        first = money.record_repayment(
            loan, {"amount": Decimal("124"), "paid_on": TODAY - timedelta(days=60)}, actor=None
        )
        with pytest.raises(Refusal, match="more than the loan still owes"):
            money.record_repayment(loan, {"amount": Decimal("5000"), "paid_on": TODAY}, actor=None)
        with pytest.raises(Refusal, match="before the loan was paid out"):
            money.record_repayment(
                loan, {"amount": Decimal("1"), "paid_on": TODAY - timedelta(days=400)}, actor=None
            )
        for odd in (Decimal("-1"), Decimal("0"), Decimal("Infinity"), "²"):
            with pytest.raises(Refusal):
                money.record_repayment(loan, {"amount": odd, "paid_on": TODAY}, actor=None)
        position = money.loans.position(money.terms_of(loan), money.payments_of(loan.id), TODAY)
        assert position.paid_interest == Decimal("24.00")  # interest first: 1200 x 2%
        assert position.paid_principal == Decimal("100.00")
        assert position.days_past_due > 0 and position.bucket != "current"
        reversal = money.reverse_repayment(first, actor=None)
        with pytest.raises(Refusal, match="already reversed"):
            money.reverse_repayment(first, actor=None)
        with pytest.raises(Refusal, match="cannot be reversed"):
            money.reverse_repayment(reversal, actor=None)
        assert money.payments_of(loan.id) == []
        db.session.commit()
    assert {"loan.added", "loan.repaid", "loan.repayment_reversed"} <= set(audit_actions(app))


def test_a_written_off_loan_takes_no_repayment(app, case_id):
    loan_id = _loan(app, _new(app, case_id))
    with app.test_request_context(headers=EN):
        loan = db.session.get(Loan, loan_id)
        with pytest.raises(Refusal, match="Say why"):
            money.write_off_loan(loan, {"reason": " "}, version=loan.version, actor=None)
        money.write_off_loan(loan, {"reason": "Negocio cerrado"}, version=loan.version, actor=None)
        with pytest.raises(Refusal, match="written off"):
            money.record_repayment(loan, {"amount": Decimal("10"), "paid_on": TODAY}, actor=None)


def test_loan_terms_are_checked(app, case_id):
    eid = _new(app, case_id)
    with app.test_request_context(headers=EN):
        e = _enterprise(eid)
        source = money.add_funding(
            e, {"kind": "micro_loan", "amount": Decimal("1000"), "currency": "USD"}, actor=None
        )
        good = {"annual_rate": Decimal("18"), "term_months": 6, "grace_months": 0,
                "method": "declining", "disbursed_on": TODAY}  # fmt: skip
        for bad, field in (
            ({"annual_rate": Decimal("201")}, "annual_rate"),
            ({"annual_rate": None}, "annual_rate"),
            ({"term_months": 0}, "term_months"),
            ({"term_months": 2147483648}, "term_months"),
            ({"grace_months": 6}, "grace_months"),
            ({"method": "balloon"}, "method"),
            ({"disbursed_on": TODAY + timedelta(days=3)}, "disbursed_on"),
        ):
            with pytest.raises(Refusal) as refused:
                money.add_loan(source, good | bad, actor=None)
            assert refused.value.field == field, bad
        money.add_loan(source, good, actor=None)
        with pytest.raises(Refusal, match="already has its loan"):
            money.add_loan(source, good, actor=None)
        grant = money.add_funding(
            e, {"kind": "seed_grant", "amount": Decimal("10"), "currency": "USD"}, actor=None
        )
        with pytest.raises(Refusal, match="Only a micro-loan"):
            money.add_loan(grant, good, actor=None)


def test_visits_after_launch_once_each(app, case_id):
    eid = _new(app, case_id)
    with app.test_request_context(headers=EN):
        e = _enterprise(eid)
        visit = {"due_month": 3, "visited_on": TODAY, "is_operating": True,
                 "monthly_revenue": Decimal("900"), "currency": "USD", "jobs": 2}  # fmt: skip
        with pytest.raises(Refusal, match="once the business is launched"):
            services.record_visit(e, visit, actor=None)
        e.launched_on = TODAY - timedelta(days=100)
        services.record_visit(e, visit, actor=None)
        with pytest.raises(Refusal, match="already recorded"):
            services.record_visit(e, visit, actor=None)
        with pytest.raises(Refusal):
            services.record_visit(e, visit | {"due_month": 5}, actor=None)
        with pytest.raises(Refusal, match="before the launch"):
            services.record_visit(
                e, visit | {"due_month": 6, "visited_on": TODAY - timedelta(days=200)}, actor=None
            )
