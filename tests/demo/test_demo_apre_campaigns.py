"""Demo APRE records and savings campaigns (#16): written through the services, so every
rule holds for them as for real data, and they show what the features are for."""

from decimal import Decimal

from sqlalchemy import func, select

from returnsvc.apre import services as apre
from returnsvc.apre.models import ApreEarmark, ApreEarmarkTarget, AprePayment, ApreRecord
from returnsvc.audit.models import AuditEntry
from returnsvc.campaigns.models import (
    Audience,
    CampaignEnrolment,
    CampaignMaterial,
    SavingsCampaign,
)
from returnsvc.campaigns.results import results_of
from returnsvc.cases.models import Case
from returnsvc.casework.models import Task
from returnsvc.demo.apre import seed_demo_apre
from returnsvc.demo.campaigns import seed_demo_campaigns
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from returnsvc.savings.models import EntryKind, SavingsEntry


def _seed(app):
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output


def test_demo_apre_records_follow_the_rule(app, tx):
    _seed(app)
    with app.test_request_context():
        records = db.session.scalars(select(ApreRecord)).all()
        assert len(records) == 5
        waiting = 0
        for record_ in records:
            case = db.session.get(Case, record_.case_id)
            assert apre.is_apre_case(case)
            payments = apre.payments_of(record_.id)
            first, second = payments[apre.FIRST], payments[apre.SECOND]
            assert first.received_amount == (record_.total_amount * Decimal("0.4")).quantize(
                Decimal("0.01")
            )
            assert first.received_amount + second.expected_amount == record_.total_amount
            # The person left Spain within 30 days of the first payment.
            assert 0 <= (record_.returned_on - first.received_on).days <= 30
            if second.is_received:
                assert (second.received_on - first.received_on).days >= 30
            else:
                waiting += 1
                reminder = db.session.get(Task, record_.second_payment_task_id)
                assert reminder is not None and not reminder.is_done
                assert reminder.assignee_id == case.counsellor_id
        assert waiting == 1
        earmarks = db.session.scalars(select(ApreEarmark)).all()
        targets = {e.target for e in earmarks}
        assert targets == {ApreEarmarkTarget.SAVINGS, ApreEarmarkTarget.ENTERPRISE}
        for earmark in earmarks:
            payment = db.session.get(AprePayment, earmark.payment_id)
            assert earmark.amount <= payment.received_amount
            if earmark.target is ApreEarmarkTarget.SAVINGS:
                entry = db.session.get(SavingsEntry, earmark.savings_entry_id)
                assert entry.kind is EntryKind.APRE and entry.amount == earmark.credited_amount
        audited = db.session.scalar(select(func.count()).where(AuditEntry.action == "apre.started"))
        assert audited == 5


def test_demo_campaign_per_country_with_results(app, tx):
    _seed(app)
    with app.test_request_context():
        campaigns = db.session.scalars(select(SavingsCampaign)).all()
        assert {c.country for c in campaigns} == {"BO", "CO", "EC", "PE"}
        for campaign in campaigns:
            materials = db.session.scalars(
                select(CampaignMaterial).where(CampaignMaterial.campaign_id == campaign.id)
            ).all()
            assert [m.url.startswith("https://") for m in materials] == [True]
            enrolled = db.session.scalars(
                select(Returnee.origin_country)
                .join(CampaignEnrolment, CampaignEnrolment.returnee_id == Returnee.id)
                .where(CampaignEnrolment.campaign_id == campaign.id)
            ).all()
            assert enrolled and set(enrolled) == {campaign.country}
        # Each origin country's own campaign shows the demo plans' saving.
        for country in ("BO", "CO", "EC", "PE"):
            campaign = next(
                c
                for c in campaigns
                if c.country == country and c.audience is not Audience.MIGRANTS_IN_SPAIN
            )
            results = results_of(campaign)
            assert results.people_saving.total >= 1
            assert results.plans_opened.total >= 1
            assert any(by_sex.total > 0 for by_sex in results.saved.values())


def test_seeding_apre_and_campaigns_again_adds_nothing(app, tx):
    _seed(app)
    with app.app_context():
        assert seed_demo_apre() == 0
        assert seed_demo_campaigns() == 0
