"""A campaign's results (campaigns.results) against an independent SQL computation written
another way (LEFT JOIN ... IS NULL instead of NOT EXISTS, one query per figure, the sex
written as it is stored), over a ledger with reversals, withdrawals, interest, entries
before and after the period, another campaign's people and people not enrolled."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from returnsvc.campaigns import services as campaigns
from returnsvc.campaigns.models import SavingsCampaign
from returnsvc.campaigns.results import results_of
from returnsvc.cases.models import Case
from returnsvc.extensions import db
from returnsvc.returnees.models import Sex
from returnsvc.savings import services as savings
from returnsvc.savings.models import EntryKind, SavingsEntry, SavingsPlan

TODAY = date.today()
FIRST, LAST = TODAY - timedelta(days=60), TODAY - timedelta(days=10)
EN = {"Accept-Language": "en"}


def _day(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def _plan(case_id, currency, starts_days_ago) -> SavingsPlan:
    return savings.open_plan(
        db.session.get(Case, case_id),
        {
            "purpose": "housing",
            "target_amount": Decimal("5000"),
            "currency": currency,
            "target_date": TODAY + timedelta(days=400),
            "starts_on": _day(starts_days_ago),
        },
        actor=None,
    )


def _entry(plan, kind, amount, days_ago, **extra) -> SavingsEntry:
    data = {"amount": Decimal(amount), "booked_on": _day(days_ago)} | extra
    if kind is EntryKind.REMITTANCE:
        data |= {"sender_country": "ES", "channel": "bank"}
    if kind is EntryKind.WITHDRAWAL:
        data |= {"withdrawal_purpose": "health"}
    return savings.record_entry(plan, kind, data, actor=None)


def _campaign(name="Ahorra", **data) -> SavingsCampaign:
    values = {
        "country": "BO",
        "name": name,
        "starts_on": FIRST,
        "ends_on": LAST,
        "audience": "country",
        "channel": "radio_tv",
        "target_plans": 4,
        "target_amount": "1000",
        "target_currency": "BOB",
    } | data
    return campaigns.create_campaign(values, actor=None)


@pytest.fixture
def world(app, make):
    """Bolivian people with plans and ledgers; returns (campaign id, other campaign id)."""
    office = make.office("BO")

    def person(sex):
        returnee_id = make.returnee(origin_country="BO", sex=sex)
        return make.case(office_id=office.id, returnee_id=returnee_id)

    ana, beto, cris, dora, eva = (
        person("female"), person("male"), person("other"), person("female"), person("male")
    )  # fmt: skip
    with app.test_request_context(headers=EN):
        campaign, other = _campaign(), _campaign("Otra")
        for case in (ana, beto, cris):
            campaigns.enrol(campaign, case.returnee_id, actor=None)
        campaigns.enrol(other, eva.returnee_id, actor=None)

        # Ana: a plan from before the period (not opened in it) in bolivianos...
        old = _plan(ana.id, "BOB", 90)
        _entry(old, EntryKind.WAGES, "70.00", 70)  # before the period
        _entry(old, EntryKind.WAGES, "100.00", 50)  # in
        wrong = _entry(old, EntryKind.REMITTANCE, "50.00", 40)  # in, reversed below
        _entry(old, EntryKind.INTEREST, "5.00", 30)  # interest is not saving
        _entry(old, EntryKind.WITHDRAWAL, "30.00", 20)  # in: subtracted
        _entry(old, EntryKind.APRE, "200.00", 5)  # after the period
        savings.reverse_entry(wrong, {"reason": "duplicate"}, actor=None)
        # ...and one opened in the period, in dollars.
        dollars = _plan(ana.id, "USD", 45)
        _entry(dollars, EntryKind.REMITTANCE, "10.50", 44)
        # Beto: a plan opened in the period whose only deposit was reversed (not saving).
        beto_plan = _plan(beto.id, "BOB", 30)
        mistake = _entry(beto_plan, EntryKind.WAGES, "80.00", 25)
        _entry(beto_plan, EntryKind.INTEREST, "3.00", 15)
        savings.reverse_entry(mistake, {"reason": "wrong_plan"}, actor=None)
        # Beto again: a withdrawal that was reversed counts for nothing.
        _entry(beto_plan, EntryKind.WAGES, "40.00", 24)
        taken = _entry(beto_plan, EntryKind.WITHDRAWAL, "15.00", 23)
        savings.reverse_entry(taken, {"reason": "wrong_amount"}, actor=None)
        # Cris (other/unknown): an older plan in euros whose only deposit was reversed: no
        # euros in the results, and Cris is not saving.
        euros = _plan(cris.id, "EUR", 80)
        savings.reverse_entry(
            _entry(euros, EntryKind.WAGES, "60.00", 50), {"reason": "not_received"}, actor=None
        )
        # Dora: not enrolled, saving in the period.
        dora_plan = _plan(dora.id, "BOB", 40)
        _entry(dora_plan, EntryKind.WAGES, "999.00", 35)
        # Eva: another campaign's person, saving in the period.
        eva_plan = _plan(eva.id, "BOB", 40)
        _entry(eva_plan, EntryKind.WAGES, "777.00", 35)
        db.session.commit()
        return campaign.id, other.id


def _independent(campaign_id: int) -> dict:
    """The figures by another road: plain SQL, one query each."""
    params = {"c": campaign_id, "a": FIRST, "b": LAST}
    enrolled = dict(
        db.session.execute(
            text(
                "SELECT r.sex, count(*) FROM returnee r WHERE r.id IN"
                " (SELECT returnee_id FROM campaign_enrolment WHERE campaign_id = :c)"
                " GROUP BY r.sex"
            ),
            params,
        ).all()
    )
    plans = dict(
        db.session.execute(
            text(
                "SELECT r.sex, count(p.id) FROM campaign_enrolment ce"
                " JOIN returnee r ON r.id = ce.returnee_id"
                " JOIN case_file c ON c.returnee_id = r.id"
                " JOIN savings_plan p ON p.case_id = c.id"
                " WHERE ce.campaign_id = :c AND p.starts_on >= :a AND p.starts_on <= :b"
                " GROUP BY r.sex"
            ),
            params,
        ).all()
    )
    standing = (
        " FROM campaign_enrolment ce JOIN returnee r ON r.id = ce.returnee_id"
        " JOIN case_file c ON c.returnee_id = r.id JOIN savings_plan p ON p.case_id = c.id"
        " JOIN savings_entry s ON s.plan_id = p.id"
        " LEFT JOIN savings_entry rev ON rev.reverses_id = s.id"
        " WHERE ce.campaign_id = :c AND rev.id IS NULL"
        " AND s.booked_on >= :a AND s.booked_on <= :b"
    )
    saving = dict(
        db.session.execute(
            text(
                f"SELECT r.sex, count(DISTINCT r.id) {standing}"
                " AND s.kind IN ('remittance', 'wages', 'apre') GROUP BY r.sex"
            ),
            params,
        ).all()
    )
    saved = {}
    for sex, currency, amount in db.session.execute(
        text(
            f"SELECT r.sex, s.currency, sum(s.amount) {standing}"
            " AND s.kind IN ('remittance', 'wages', 'apre', 'withdrawal')"
            " GROUP BY r.sex, s.currency"
        ),
        params,
    ):
        saved.setdefault(currency, {})[sex] = amount
    return {"enrolled": enrolled, "plans": plans, "saving": saving, "saved": saved}


def _as_codes(by_sex) -> dict:
    return {sex.value: value for sex, value in by_sex.values.items() if value}


def test_results_match_an_independent_computation(app, world):
    campaign_id, other_id = world
    with app.test_request_context(headers=EN):
        for ident in (campaign_id, other_id):
            results = results_of(db.session.get(SavingsCampaign, ident))
            expected = _independent(ident)
            assert _as_codes(results.enrolled) == expected["enrolled"]
            assert _as_codes(results.plans_opened) == expected["plans"]
            assert _as_codes(results.people_saving) == expected["saving"]
            assert {
                currency: {sex.value: amount for sex, amount in by_sex.values.items()}
                for currency, by_sex in results.saved.items()
            } == expected["saved"]


def test_results_by_hand(app, world):
    campaign_id, _other = world
    with app.test_request_context(headers=EN):
        results = results_of(db.session.get(SavingsCampaign, campaign_id))
    assert (results.enrolled[Sex.FEMALE], results.enrolled[Sex.MALE]) == (1, 1)
    assert results.enrolled[Sex.OTHER] == 1 and results.enrolled.total == 3
    # Ana's dollar plan and Beto's plan started in the period; Ana's older one did not.
    assert results.plans_opened.total == 2
    assert results.plans_opened[Sex.FEMALE] == results.plans_opened[Sex.MALE] == 1
    # Ana saved; Beto's reversed deposit does not count, but his later one does.
    assert results.people_saving.total == 2
    # Ana in BOB: 100 - 30 (the reversed 50, the interest and the deposits outside the period
    # left out); Beto: 40 (the reversed 80 and the reversed withdrawal left out).
    assert results.saved["BOB"][Sex.FEMALE] == Decimal("70.00")
    assert results.saved["BOB"][Sex.MALE] == Decimal("40.00")
    assert results.saved["BOB"].total == Decimal("110.00")
    assert results.saved["USD"].total == Decimal("10.50")
    assert results.currencies == ["BOB", "USD"]  # the target's currency first; no euros
    assert results.plans_progress == Decimal("0.5000")
    assert results.amount_progress == Decimal("0.1100")


def test_one_statement(app, world):
    from tests.helpers import count_statements

    campaign_id, _other = world
    with app.test_request_context(headers=EN):
        campaign = db.session.get(SavingsCampaign, campaign_id)
        with count_statements(app) as statements:
            results_of(campaign)
    assert len(statements) == 1


def test_unenrolled_people_leave_the_results(app, world):
    campaign_id, _other = world
    with app.test_request_context(headers=EN):
        campaign = db.session.get(SavingsCampaign, campaign_id)
        from returnsvc.campaigns.models import CampaignEnrolment

        for enrolment in db.session.scalars(
            db.select(CampaignEnrolment).where(CampaignEnrolment.campaign_id == campaign_id)
        ):
            campaigns.unenrol(campaign, enrolment, actor=None)
        results = results_of(campaign)
    assert results.enrolled.total == 0 and results.saved == {}
    assert results.plans_progress == Decimal("0.0000")
    assert results.amount_progress == Decimal("0.0000")
