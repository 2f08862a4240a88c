"""Expected status per role for the Enterprise tab (the case belongs to world.home_office): the
tab for whoever may read the case, its forms for counsellors of the owning office, the
write-off for managers (of a case they can see)."""

from datetime import timedelta
from decimal import Decimal

from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.enterprise import funding, services
from returnsvc.extensions import db
from tests.sweep.common import CASE_READ, status

WRITE_PAGE = status(302, 403, 200, 403, 403)
WRITE_OFF = status(302, 403, 403, 200, 403)

_CASE = "/cases/{case_id}/enterprise"
EXPECTED = {
    "enterprise.case_enterprises": ("GET", _CASE, CASE_READ),
    "enterprise.new_enterprise": ("GET", f"{_CASE}/new", WRITE_PAGE),
    "enterprise.edit_enterprise": ("GET", f"{_CASE}/{{enterprise_id}}", WRITE_PAGE),
    "enterprise.move_enterprise": ("GET", f"{_CASE}/{{enterprise_id}}/stage", WRITE_PAGE),
    "enterprise.new_plan": ("GET", f"{_CASE}/{{enterprise_id}}/plan/new", WRITE_PAGE),
    "enterprise.add_training": ("GET", f"{_CASE}/{{enterprise_id}}/training/new", WRITE_PAGE),
    "enterprise.add_funding": ("GET", f"{_CASE}/{{enterprise_id}}/funding/new", WRITE_PAGE),
    "enterprise.record_visit": ("GET", f"{_CASE}/{{enterprise_id}}/visits/new", WRITE_PAGE),
    "enterprise.funding_status": ("GET", f"{_CASE}/funding/{{funding_id}}/status", WRITE_PAGE),
    "enterprise.add_disbursement": (
        "GET",
        f"{_CASE}/funding/{{funding_id}}/disbursements/new",
        WRITE_PAGE,
    ),
    "enterprise.add_loan": ("GET", f"{_CASE}/funding/{{funding_id}}/loan", WRITE_PAGE),
    "enterprise.add_repayment": (
        "GET",
        f"{_CASE}/loans/{{loan_id}}/repayments/new",
        WRITE_PAGE,
    ),
    "enterprise.write_off_loan": ("GET", f"{_CASE}/loans/{{loan_id}}/write-off", WRITE_OFF),
    # The button's POST (CSRF is off in tests): counsellors reverse, the others are refused.
    "enterprise.reverse_repayment": (
        "POST",
        f"{_CASE}/repayments/{{repayment_id}}/reverse",
        status(302, 403, 302, 403, 403),
    ),
}


def _built(world) -> dict:
    """On the world's case: a launched business with a plan, an approved micro-loan funding
    with its terms and a repayment, and a requested grant (built once per world)."""
    cache = world.__dict__.setdefault("_enterprise", {})
    if cache:
        return cache
    today = local_today()
    with world.app.test_request_context():
        case = db.session.get(Case, world.case.id)
        enterprise = services.create_enterprise(
            case, {"name": "Panadería Loja", "sector": "C", "jobs_owner": 1}, actor=None
        )
        services.add_plan_version(
            enterprise,
            {
                "description": "Pan y pasteles",
                "currency": "USD",
                "total_investment": Decimal("5000"),
                "own_contribution": Decimal("1000"),
                "monthly_revenue": Decimal("1500"),
                "monthly_costs": Decimal("1000"),
            },
            actor=None,
        )
        for stage in ("plan", "financing"):
            services.move_enterprise(enterprise, stage, {}, version=enterprise.version, actor=None)
        services.move_enterprise(
            enterprise,
            "launched",
            {"launched_on": today - timedelta(days=120)},
            version=enterprise.version,
            actor=None,
        )
        loan_funding = funding.add_funding(
            enterprise,
            {"kind": "micro_loan", "amount": Decimal("3000"), "currency": "USD",
             "status": "approved"},
            actor=None,
        )  # fmt: skip
        loan = funding.add_loan(
            loan_funding,
            {"annual_rate": Decimal("24"), "term_months": 12, "grace_months": 0,
             "method": "declining", "disbursed_on": today - timedelta(days=100)},
            actor=None,
        )  # fmt: skip
        repayment = funding.record_repayment(
            loan, {"amount": Decimal("150"), "paid_on": today - timedelta(days=60)}, actor=None
        )
        other = funding.add_funding(
            enterprise,
            {"kind": "seed_grant", "amount": Decimal("1000"), "currency": "USD"},
            actor=None,
        )
        db.session.commit()
        cache.update(
            enterprise_id=enterprise.id,
            funding_id=loan_funding.id,
            grant_id=other.id,
            loan_id=loan.id,
            repayment_id=repayment.id,
        )
    return cache


PLACEHOLDERS = {
    "enterprise_id": lambda world: _built(world)["enterprise_id"],
    "funding_id": lambda world: _built(world)["funding_id"],
    "loan_id": lambda world: _built(world)["loan_id"],
    "repayment_id": lambda world: _built(world)["repayment_id"],
}
