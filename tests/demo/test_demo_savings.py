"""The demo savings plans (#16): at least one per origin country, a year of deposits written
through the services (audited), remittances sent in euros, a reversal, missed months, a
withdrawal for a business, kept at a bank or cooperative of the country."""

from collections import Counter
from decimal import Decimal

from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.demo.savings import seed_demo_savings
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.returnees.models import Returnee
from returnsvc.savings import ledger, services
from returnsvc.savings.models import EntryKind, SavingsEntry, SavingsPlan


def test_demo_savings_per_country_with_a_year_of_history(app, tx):
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        plans = db.session.scalars(select(SavingsPlan)).all()
        countries = Counter(
            db.session.scalar(
                select(Returnee.origin_country)
                .join(Case, Case.returnee_id == Returnee.id)
                .where(Case.id == plan.case_id)
            )
            for plan in plans
        )
        assert set(countries) == {"BO", "CO", "EC", "PE"}
        kinds = Counter(db.session.scalars(select(SavingsEntry.kind)))
        for kind in (EntryKind.REMITTANCE, EntryKind.WAGES, EntryKind.INTEREST):
            assert kinds[kind] >= 10
        assert kinds[EntryKind.REVERSAL] >= 1 and kinds[EntryKind.WITHDRAWAL] >= 1
        today = local_today()
        for plan in plans:
            entries = db.session.scalars(
                select(SavingsEntry).where(SavingsEntry.plan_id == plan.id)
            ).all()
            assert services.balance(plan.id) == sum(e.amount for e in entries) >= 0
            assert min(e.booked_on for e in entries) >= plan.starts_on
            assert (today - plan.starts_on).days >= 330  # about a year of history
            institution = db.session.get(Partner, plan.institution_id)
            assert institution.kind is PartnerKind.FINANCIAL
            remittances = [e for e in entries if e.kind is EntryKind.REMITTANCE]
            for entry in remittances:
                assert entry.sent_currency == "EUR" and entry.currency == plan.currency
                assert entry.rate == (entry.amount / entry.sent_amount).quantize(
                    Decimal("0.00000001")
                )
        # Someone skipped months: they are counted as missed.
        missed = [
            ledger.missed_months(
                ledger.counted_months(plan.starts_on, plan.target_date, today),
                plan.recommended_monthly,
                services.deposited_by_month(plan.id),
            )
            for plan in plans
        ]
        assert any(missed)
        audited = db.session.scalar(
            select(func.count()).where(AuditEntry.action == "savings_entry.recorded")
        )
        assert audited == sum(kinds[k] for k in kinds if k is not EntryKind.REVERSAL)


def test_seeding_the_savings_again_adds_nothing(app, tx):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    with app.app_context():
        before = db.session.scalar(select(func.count(SavingsEntry.id)))
        assert seed_demo_savings() == 0
        assert db.session.scalar(select(func.count(SavingsEntry.id))) == before
