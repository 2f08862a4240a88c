"""The demo micro-enterprises (#15): a few per origin country at different stages, written
through the services (audited), one loan more than 30 days in arrears, counsellor.madrid's
cases with an enterprise and a follow-up visit due on their home."""

from collections import Counter

from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.demo.enterprises import DEMO_ENTERPRISES, seed_demo_enterprises
from returnsvc.enterprise import loans
from returnsvc.enterprise.figures import loan_portfolio
from returnsvc.enterprise.follow_up import visits_due
from returnsvc.enterprise.funding import payments_of, terms_of
from returnsvc.enterprise.models import (
    BusinessPlan,
    Enterprise,
    EnterpriseStage,
    FollowUpVisit,
    FundingKind,
    FundingSource,
    FundingStatus,
    Loan,
)
from returnsvc.enterprise.queries import enterprises_of
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.returnees.models import Returnee


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_demo_enterprises_per_country_and_stage(app, tx):
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        today = local_today()
        rows = db.session.execute(
            select(Enterprise, Returnee.origin_country, Case.counsellor_id)
            .join(Case, Case.id == Enterprise.case_id)
            .join(Returnee, Returnee.id == Case.returnee_id)
        ).all()
        assert len(rows) == len(DEMO_ENTERPRISES)
        by_country = Counter(country for _e, country, _c in rows)
        assert set(by_country) == {"BO", "CO", "EC", "PE"}
        assert all(count >= 2 for count in by_country.values())
        stages = Counter(e.stage for e, _country, _c in rows)
        for stage in (
            EnterpriseStage.IDEA,
            EnterpriseStage.FINANCING,
            EnterpriseStage.LAUNCHED,
            EnterpriseStage.OPERATING,
            EnterpriseStage.CLOSED,
        ):
            assert stages[stage] >= 1, stage
        # Written by each case's counsellor, through the audited services.
        assert all(e.jobs_owner == 1 for e, _country, _c in rows)
        counsellors = {e.created_by_id == counsellor for e, _country, counsellor in rows}
        assert counsellors == {True}
        audited = db.session.scalar(
            select(func.count()).where(AuditEntry.action == "enterprise.created")
        )
        assert audited == len(rows)

        # The business being financed: two plan versions, a seed grant requested, an approved
        # micro-loan (no terms until it is paid out).
        financing = [e for e, _c, _o in rows if e.stage is EnterpriseStage.FINANCING]
        for enterprise in financing:
            versions = db.session.scalars(
                select(BusinessPlan.version).where(BusinessPlan.enterprise_id == enterprise.id)
            ).all()
            assert sorted(versions) == [1, 2]
            funding = {
                f.kind: f.status
                for f in db.session.scalars(
                    select(FundingSource).where(FundingSource.enterprise_id == enterprise.id)
                )
            }
            assert funding[FundingKind.SEED_GRANT] is FundingStatus.REQUESTED
            assert funding[FundingKind.MICRO_LOAN] is FundingStatus.APPROVED

        # Lenders are microfinance partners of the person's country.
        lenders = db.session.execute(
            select(Partner.kind, Partner.country, Returnee.origin_country)
            .select_from(Loan)
            .join(Partner, Partner.id == Loan.lender_id)
            .join(FundingSource, FundingSource.id == Loan.funding_id)
            .join(Enterprise, Enterprise.id == FundingSource.enterprise_id)
            .join(Case, Case.id == Enterprise.case_id)
            .join(Returnee, Returnee.id == Case.returnee_id)
        ).all()
        assert lenders and all(
            kind is PartnerKind.MICROFINANCE and country == origin
            for kind, country, origin in lenders
        )

        # Exactly one loan in arrears, more than 30 days past due; the others are current.
        late = []
        for loan in db.session.scalars(select(Loan)):
            position = loans.position(terms_of(loan), payments_of(loan.id), today)
            assert position.outstanding_principal == loan.outstanding_principal
            if position.days_past_due:
                late.append(position)
        assert len(late) == 1 and late[0].days_past_due > 30
        assert late[0].bucket in ("31_60", "61_90")

        # The operating businesses have their 3- and 6-month visits and a training.
        operating = [e for e, _c, _o in rows if e.stage is EnterpriseStage.OPERATING]
        assert len(operating) >= 4
        for enterprise in operating:
            months = set(
                db.session.scalars(
                    select(FollowUpVisit.due_month).where(
                        FollowUpVisit.enterprise_id == enterprise.id
                    )
                )
            )
            assert {3, 6} <= months

        # manager.ec sees Ecuador's portfolio at risk.
        portfolio = loan_portfolio(_user("manager.ec@demo.returnsvc.org"), today)
        assert set(portfolio.by_currency) == {"USD"}
        usd = portfolio.by_currency["USD"]
        assert usd.loans == 2 and usd.loans_at_risk == 1 and 0 < usd.par30 < 1


def test_counsellor_madrid_has_enterprise_cases_and_a_visit_due(app, tx):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    with app.test_request_context():
        today = local_today()
        madrid = _user("counsellor.madrid@demo.returnsvc.org")
        cases = db.session.scalars(select(Case.id).where(Case.counsellor_id == madrid.id)).all()
        views = [view for case_id in cases for view in enterprises_of(case_id, today, "es")]
        assert len({v.enterprise.case_id for v in views}) >= 2
        arrears_free = [
            fv.loan.position.days_past_due for v in views for fv in v.funding if fv.loan
        ]
        assert arrears_free and max(arrears_free) == 0
        due, _more = visits_due(madrid, today)
        assert [(item["months"], item["is_overdue"]) for item in due] == [(3, True)]


def test_the_arrears_loan_is_seen_through_the_enterprise_tab(app, tx):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    with app.test_request_context():
        today = local_today()
        positions = [
            fv.loan.position
            for case_id in db.session.scalars(select(Case.id))
            for view in enterprises_of(case_id, today, "en")
            for fv in view.funding
            if fv.loan
        ]
        assert [p.days_past_due > 30 for p in positions].count(True) == 1


def test_seeding_the_enterprises_again_adds_nothing(app, tx):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    with app.app_context():
        before = db.session.scalar(select(func.count(Enterprise.id)))
        assert seed_demo_enterprises() == 0
        assert db.session.scalar(select(func.count(Enterprise.id))) == before
        assert db.session.scalar(
            select(func.count(Partner.id)).where(Partner.name.startswith("Bancamía"))
        ) == 1
