"""The dashboard's savings figures: savings mobilised per currency and people saving
(savings.report_figures), and the savings campaigns with their results over the selection
(campaigns.report_figures), against SQL of their own written here (LEFT JOIN ... IS NULL for
the reversals, one query per figure, the country from the office), over a ledger with
reversals recorded after the period, withdrawals, interest, entries outside the period, a
person with two cases and another country's people; by sex; a fixed number of statements; on
the dashboard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from returnsvc.auth.models import User
from returnsvc.campaigns import report_figures as campaign_figures
from returnsvc.campaigns import services as campaigns
from returnsvc.campaigns.models import SavingsCampaign
from returnsvc.campaigns.results import results_of
from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.cases.services import change_stage
from returnsvc.core.clock import local_today
from returnsvc.extensions import db
from returnsvc.reports.filters import parse_filters, scope_of
from returnsvc.returnees.models import Sex
from returnsvc.savings import report_figures
from returnsvc.savings import services as savings
from returnsvc.savings.models import EntryKind
from tests.helpers import count_statements
from tests.reports.export_helpers import in_english

EN = {"Accept-Language": "en"}
F, M, X = Sex.FEMALE, Sex.MALE, Sex.OTHER  # women, men, other or not said


def _day(days_ago: int):
    return local_today() - timedelta(days=days_ago)


FIRST, LAST = 60, 10  # the period: from 60 to 10 days ago


def _period():
    return {"from": _day(FIRST).isoformat(), "to": _day(LAST).isoformat()}


def _scope(user_id, **args):
    user = db.session.get(User, user_id)
    return scope_of(parse_filters(MultiDict(args), user), user)


def _plan(case_id, currency, starts_days_ago):
    return savings.open_plan(
        db.session.get(Case, case_id),
        {
            "purpose": "housing",
            "target_amount": Decimal("5000"),
            "currency": currency,
            "target_date": local_today() + timedelta(days=400),
            "starts_on": _day(starts_days_ago),
        },
        actor=None,
    )


def _entry(plan, kind, amount, days_ago):
    data = {"amount": Decimal(amount), "booked_on": _day(days_ago)}
    if kind is EntryKind.REMITTANCE:
        data |= {"sender_country": "ES", "channel": "bank"}
    if kind is EntryKind.WITHDRAWAL:
        data |= {"withdrawal_purpose": "health"}
    return savings.record_entry(plan, kind, data, actor=None)


def _reverse(entry):
    savings.reverse_entry(entry, {"reason": "duplicate"}, actor=None)


@pytest.fixture
def world(app, make):
    """Bolivian people with savings; a Peruvian one; returns names to ids and the manager."""
    office = make.office("BO", name="El Alto")
    lima = make.office("PE", name="Lima")

    def person(sex, **extra):
        return make.case(office_id=office.id, origin_country="BO", nationality="BO",
                         document_country="BO", region_code="BO-L", sex=sex, **extra)  # fmt: skip

    ana, beto, cris, dora = person("female"), person("male"), person("other"), person("male")
    peru = make.case(office_id=lima.id, origin_country="PE", nationality="PE",
                     document_country="PE", region_code="PE-LIM", sex="female")  # fmt: skip
    manager = make.user("manager", office_id=office.id, locale="en")
    with app.test_request_context(headers=EN):
        # Ana: bolivianos before, in and after the period; a deposit in it reversed today;
        # interest (not saving); a withdrawal in it. And dollars.
        old = _plan(ana.id, "BOB", 90)
        _entry(old, EntryKind.WAGES, "70.00", 70)  # before the period
        _entry(old, EntryKind.WAGES, "100.00", 50)
        _reverse(_entry(old, EntryKind.REMITTANCE, "50.00", 40))
        _entry(old, EntryKind.INTEREST, "5.00", 30)
        _entry(old, EntryKind.WITHDRAWAL, "30.00", 20)
        _entry(old, EntryKind.APRE, "200.00", 5)  # after the period
        dollars = _plan(ana.id, "USD", 45)
        _entry(dollars, EntryKind.REMITTANCE, "10.50", 44)
        # Beto: his only deposit in the period reversed, a withdrawal of the older deposit
        # reversed too: not saving, nothing saved, but bolivianos moved.
        beto_plan = _plan(beto.id, "BOB", 80)
        _entry(beto_plan, EntryKind.WAGES, "40.00", 70)  # before
        _reverse(_entry(beto_plan, EntryKind.WAGES, "80.00", 25))
        _reverse(_entry(beto_plan, EntryKind.WITHDRAWAL, "15.00", 23))
        _entry(beto_plan, EntryKind.WITHDRAWAL, "25.00", 15)  # stands: -25 saved
        # Cris: euros whose only deposit was reversed: no euros in the figure.
        euros = _plan(cris.id, "EUR", 80)
        _reverse(_entry(euros, EntryKind.WAGES, "60.00", 50))
        # Dora... is Dora (a man here): two cases. His first case's plan saved in the
        # period, then the case closed; his new case's plan saved again: one person saving.
        first = _plan(dora.id, "BOB", 70)
        _entry(first, EntryKind.WAGES, "300.00", 55)
        case = db.session.get(Case, dora.id)
        change_stage(case, Stage.CLOSED, version=case.version, actor=None,
                     close_reason=CloseReason.OTHER)  # fmt: skip
        db.session.commit()
    dora_again = make.case(office_id=office.id, returnee_id=dora.returnee_id)
    with app.test_request_context(headers=EN):
        second = _plan(dora_again.id, "BOB", 30)
        _entry(second, EntryKind.REMITTANCE, "120.00", 12)
        # Peru: another country's person, saving in the period.
        _entry(_plan(peru.id, "BOB", 40), EntryKind.WAGES, "999.00", 35)
        db.session.commit()
    return {
        "office": office,
        "manager": manager,
        "ana": ana,
        "beto": beto,
        "cris": cris,
        "dora": dora,
        "dora_again": dora_again,
        "peru": peru,
    }


_SCOPE = (
    " FROM savings_plan p JOIN case_file c ON c.id = p.case_id"
    " JOIN returnee r ON r.id = c.returnee_id JOIN office o ON o.id = c.office_id"
    " JOIN savings_entry e ON e.plan_id = p.id"
    " LEFT JOIN savings_entry rev ON rev.reverses_id = e.id"
    " WHERE o.country = 'BO' AND r.origin_country = 'BO' AND rev.id IS NULL"
    " AND e.booked_on BETWEEN :first AND :last"
)


def _expected():
    bounds = {"first": _day(FIRST), "last": _day(LAST)}
    saved = {
        (currency, sex): amount
        for currency, sex, amount in db.session.execute(
            text(
                "SELECT e.currency, r.sex, sum(e.amount)"
                + _SCOPE
                + " AND e.kind IN ('remittance', 'wages', 'apre', 'withdrawal') GROUP BY 1, 2"
            ),
            bounds,
        )
    }
    saving = dict(
        db.session.execute(
            text(
                "SELECT r.sex, count(DISTINCT r.id)"
                + _SCOPE
                + " AND e.kind IN ('remittance', 'wages', 'apre') GROUP BY 1"
            ),
            bounds,
        ).all()
    )
    return saved, saving


def test_savings_mobilised_and_people_saving(app, world):
    with app.test_request_context(headers=EN):
        scope = _scope(world["manager"].id, **_period())
        with count_statements(app) as statements:
            figure = report_figures.savings_mobilised(scope)
        assert len(statements) == 1
        saved, saving = _expected()
        found = {
            (currency.code, sex.value): currency.saved[sex]
            for currency in figure.currencies
            for sex in Sex
            if sex in currency.saved.values
        }
        assert found == saved
        assert {s.value: n for s, n in figure.people_saving.values.items()} == saving
        # By hand: Ana 100 - 30 bolivianos and 10.50 dollars; Beto -25; Dora 300 + 120
        # over his two cases; no euros (Cris's only deposit was reversed), no Peru.
        assert [c.code for c in figure.currencies] == ["BOB", "USD"]
        bob, usd = figure.currencies
        assert (bob.saved[F], bob.saved[M], bob.saved[X]) == (Decimal("70.00"),
                                                              Decimal("395.00"), 0)  # fmt: skip
        assert bob.deposited[M] == Decimal("420.00") and bob.withdrawn[M] == Decimal("-25.00")
        assert usd.saved.total == Decimal("10.50")
        # Saving: Ana and Dora (once, over two cases); Beto's deposit was reversed, Cris's too.
        assert (figure.people_saving.female, figure.people_saving.male,
                figure.people_saving.other) == (1, 1, 0)  # fmt: skip
        header, rows = in_english(*report_figures.savings_export(figure))
        assert rows[0] == ("People saving", "", 1, 1, 0, 2)
        assert ("Saved (deposits less withdrawals)", "BOB", Decimal("70.00"), Decimal("395.00"),
                Decimal("0.00"), Decimal("465.00")) in rows  # fmt: skip


def test_the_sex_filter_narrows_the_savings(app, world):
    with app.test_request_context(headers=EN):
        figure = report_figures.savings_mobilised(
            _scope(world["manager"].id, sex="female", **_period())
        )
        assert figure.people_saving.values == {F: 1}
        assert [(c.code, c.saved.total) for c in figure.currencies] == [
            ("BOB", Decimal("70.00")),
            ("USD", Decimal("10.50")),
        ]


def _campaign(name, starts, ends, country="BO"):
    return campaigns.create_campaign(
        {
            "country": country,
            "name": name,
            "starts_on": _day(starts),
            "ends_on": _day(ends),
            "audience": "country",
            "channel": "radio_tv",
            "target_plans": 4,
            "target_amount": "1000",
            "target_currency": "BOB",
        },
        actor=None,
    )


def test_campaigns_of_the_period_with_their_results_over_the_selection(app, world):
    with app.test_request_context(headers=EN):
        # The campaign's own period (from 65 to 21 days ago) is not the dashboard's.
        ahorra = _campaign("Ahorra", 65, 21)
        for name in ("ana", "beto", "cris"):
            campaigns.enrol(ahorra, world[name].returnee_id, actor=None)
        later = _campaign("Dora's", 30, 0)
        campaigns.enrol(later, world["dora"].returnee_id, actor=None)
        nobody = _campaign("Nobody enrolled", 50, 20)  # enrolled nobody: not shown
        before = _campaign("Before", 200, 100)  # does not overlap the period
        campaigns.enrol(before, world["ana"].returnee_id, actor=None)
        peru = _campaign("Peru's", 50, 20, country="PE")
        campaigns.enrol(peru, world["peru"].returnee_id, actor=None)
        db.session.commit()
        scope = _scope(world["manager"].id, **_period())
        with count_statements(app) as statements:
            figure = campaign_figures.campaign_results(scope)
        assert len(statements) == 1
        assert [row.name for row in figure.campaigns] == ["Dora's", "Ahorra"]
        assert figure.total == 2 and figure.left_out == 0
        rows = {row.name: row.results for row in figure.campaigns}
        # Every person enrolled in Ahorra is in the selection and has one case: its results
        # are the campaign page's.
        page = results_of(db.session.get(SavingsCampaign, ahorra.id))
        mine = rows["Ahorra"]
        for attribute in ("enrolled", "plans_opened", "people_saving"):
            assert getattr(mine, attribute).values == getattr(page, attribute).values
        assert {c: a.values for c, a in mine.saved.items()} == {
            c: a.values for c, a in page.saved.items()
        }
        # Independent, for Dora's campaign (its period from 30 days ago to today): his
        # second case's 120 bolivianos, and no plan of his first case's in the period.
        dora = rows["Dora's"]
        expected = db.session.execute(
            text(
                "SELECT sum(e.amount) FROM savings_entry e JOIN savings_plan p ON p.id = e.plan_id"
                " JOIN case_file c ON c.id = p.case_id LEFT JOIN savings_entry rev"
                " ON rev.reverses_id = e.id WHERE c.returnee_id = :person AND rev.id IS NULL"
                " AND e.kind IN ('remittance', 'wages', 'apre', 'withdrawal')"
                " AND e.booked_on BETWEEN :first AND :last"
            ),
            {"person": world["dora"].returnee_id, "first": _day(30), "last": _day(0)},
        ).scalar()
        assert dora.saved["BOB"].values == {M: expected} and expected == Decimal("120.00")
        assert dora.plans_opened.values == {M: 1} and dora.people_saving.values == {M: 1}
        # The sex filter narrows the results to the women enrolled (Ana).
        women = campaign_figures.campaign_results(
            _scope(world["manager"].id, sex="female", **_period())
        )
        assert [row.name for row in women.campaigns] == ["Ahorra"]
        assert women.campaigns[0].results.enrolled.values == {F: 1}
        header, rows = in_english(*campaign_figures.campaigns_export(figure))
        assert ("Ahorra", "Bolivia", _day(65), _day(21), "People enrolled", "", 1, 1, 1, 3) in rows
        assert nobody.id not in {row.id for row in figure.campaigns}


def test_only_the_twenty_that_started_last_are_shown(app, world):
    with app.test_request_context(headers=EN):
        for n in range(22):
            campaign = _campaign(f"Campaign {n:02d}", 59 - n, 20)
            campaigns.enrol(campaign, world["ana"].returnee_id, actor=None)
        db.session.commit()
        scope = _scope(world["manager"].id, **_period())
        with count_statements(app) as statements:
            figure = campaign_figures.campaign_results(scope)
        assert len(statements) == 1
        assert len(figure.campaigns) == 20 and figure.total == 22 and figure.left_out == 2
        assert figure.campaigns[0].name == "Campaign 21"
        assert figure.campaigns[-1].name == "Campaign 02"


def test_no_campaign_still_one_statement(app, world):
    with app.test_request_context(headers=EN):
        scope = _scope(world["manager"].id, **_period())
        with count_statements(app) as statements:
            figure = campaign_figures.campaign_results(scope)
        assert len(statements) == 1 and figure.campaigns == []


def test_the_dashboard_shows_savings_and_campaigns(app, client, world, sign_in):
    with app.test_request_context(headers=EN):
        campaign = _campaign("Ahorra <b>ya</b>", 65, 21)
        campaigns.enrol(campaign, world["ana"].returnee_id, actor=None)
        db.session.commit()
    sign_in("manager", office_id=world["office"].id, locale="en")
    period = _period()
    html = client.get(f"/reports/?from={period['from']}&to={period['to']}", headers=EN).get_data(
        as_text=True
    )
    assert 'id="figure-savings"' in html and 'id="figure-campaigns"' in html
    assert "Saved in BOB" in html and "BOB465.00" in html.replace("\xa0", "")
    assert "Ahorra &lt;b&gt;ya&lt;/b&gt;" in html  # the campaign's name is escaped
    assert "-BOB25.00" in html.replace("\xa0", "") or "-BOB 25.00" in html
    help_page = client.get("/reports/help", headers=EN).get_data(as_text=True)
    assert 'id="definition-savings"' in help_page and 'id="definition-campaigns"' in help_page
