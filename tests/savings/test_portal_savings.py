"""My savings in the returnee's portal (#17): each active plan's progress as a bar with its
words, the latest movements said plainly (a cancelled deposit is never money in), what to save
a month, the calculator for the person's country; never another person's plans; markup stays
text; money as each language writes it; hidden without an active plan; light pages in a fixed
number of statements."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.core.money import format_money
from returnsvc.enterprise import services as enterprise_services
from returnsvc.extensions import db
from returnsvc.partners.services import create_partner
from returnsvc.savings import services
from returnsvc.savings.models import EntryKind, SavingsEntry, SavingsPlan
from tests.cases.helpers import other_client
from tests.helpers import count_statements

PAGE = "/my/savings"
MARKUP = "<img src=x onerror=alert(1)>"


def _partner(app, name, country="EC") -> int:
    with app.test_request_context():
        partner = create_partner(
            {"name": name, "kind": "financial", "country": country}, actor=None
        )
        db.session.commit()
        return partner.id


def _enterprise(app, case_id, name) -> int:
    with app.test_request_context():
        enterprise = enterprise_services.create_enterprise(
            db.session.get(Case, case_id), {"name": name, "sector": "C", "jobs_owner": 1},
            actor=None,
        )  # fmt: skip
        db.session.commit()
        return enterprise.id


def _plan(app, case_id, **data) -> int:
    values = {
        "purpose": "housing",
        "target_amount": Decimal("3000"),
        "currency": "USD",
        "starts_on": local_today() - timedelta(days=200),
        "target_date": local_today() + timedelta(days=400),
    } | data
    with app.test_request_context():
        plan = services.open_plan(db.session.get(Case, case_id), values, actor=None)
        db.session.commit()
        return plan.id


def _entry(app, plan_id, amount, kind=EntryKind.WAGES, days_ago=1, **data) -> int:
    with app.test_request_context():
        values = {"amount": Decimal(amount), "booked_on": local_today() - timedelta(days_ago)}
        plan = db.session.get(SavingsPlan, plan_id)
        entry = services.record_entry(plan, kind, values | data, actor=None)
        db.session.commit()
        return entry.id


def _reverse(app, entry_id, reason="duplicate"):
    with app.test_request_context():
        services.reverse_entry(
            db.session.get(SavingsEntry, entry_id), {"reason": reason}, actor=None
        )
        db.session.commit()


class World:
    pass


@pytest.fixture
def world(app, make):
    """Rosa (portal in English) saves for her business at a cooperative: a remittance sent in
    euros, wages, a withdrawal and an interest payment recorded twice and reversed (600 of
    3,000 dollars). Zacarías saves for housing (portal in Spanish)."""
    w = World()
    w.office = make.office("EC")
    w.rosa = make.case(office_id=w.office.id, given_names="Rosa")
    w.zacarias = make.case(office_id=w.office.id, given_names="Zacarías")
    bank = _partner(app, f"Cooperativa {MARKUP}")
    business = _enterprise(app, w.rosa.id, f"Panadería {MARKUP}")
    w.plan = _plan(
        app, w.rosa.id, purpose="enterprise_capital", enterprise_id=business,
        institution_id=bank,
    )  # fmt: skip
    _entry(app, w.plan, "540", EntryKind.REMITTANCE, days_ago=150, sent_amount=Decimal("500"),
           sent_currency="EUR", sender_country="ES", channel="operator")  # fmt: skip
    _entry(app, w.plan, "120", days_ago=40)
    _entry(app, w.plan, "60", EntryKind.WITHDRAWAL, days_ago=20, withdrawal_purpose="business")
    interest = _entry(app, w.plan, "3.15", EntryKind.INTEREST, days_ago=5)
    _reverse(app, interest)
    w.his_plan = _plan(app, w.zacarias.id, target_amount=Decimal("7777"))
    _entry(app, w.his_plan, "444.44", days_ago=3)
    w.rosa_account = make.portal_account(w.rosa.returnee_id, locale="en")
    w.zacarias_account = make.portal_account(w.zacarias.returnee_id, locale="es")
    return w


def _main(page: str) -> str:
    return page.split("<main", 1)[1]


def test_the_person_sees_her_progress_and_movements_in_plain_words(app, world):
    page = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    main = _main(page)
    assert "Capital for a business" in main
    assert re.search(r'<progress id="my-plan-\d+-bar" max="100" value="20"', main)
    assert "$600.00 of $3,000.00, 20 %" in main
    assert "Your goal: $3,000.00 by" in main
    assert "To reach your goal on time, save $" in main
    # The five latest movements, newest first; the interest recorded twice is not money in.
    assert "Money sent from abroad — $540.00 in" in main
    assert "Saved from your pay — $120.00 in" in main
    assert "Money you took out — $60.00 out" in main
    assert (
        "Interest from the bank — <del>$3.15</del> (a mistake, corrected: it does not count)"
        in main
    )
    assert "Correction of a mistake — $3.15 taken off (Recorded twice)" in main
    assert "$3.15 in" not in main
    # Never his.
    assert "7,777" not in main and "444.44" not in main and "Zacarías" not in page


def test_another_person_sees_only_his(app, world):
    page = other_client(app, world.zacarias_account).get(PAGE).get_data(as_text=True)
    main = _main(page)
    assert format_money(Decimal("444.44"), "USD", "es") in main
    assert format_money(Decimal("7777"), "USD", "es") in main
    assert "540" not in main and "Panadería" not in main and "Rosa" not in page


def test_markup_in_the_business_and_the_bank_stays_text(app, world):
    page = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    assert "<img src=x" not in page
    assert "For your business: Panadería &lt;img src=x onerror=alert(1)&gt;" in page
    assert "kept at Cooperativa &lt;img src=x onerror=alert(1)&gt;." in page


def test_money_as_each_language_writes_it(app, world):
    english = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    with app.app_context():
        db.session.get(User, world.rosa_account.id).preferred_locale = "es"
        db.session.commit()
    spanish = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    with app.test_request_context():
        for locale, page in (("en", english), ("es", spanish)):
            assert format_money(Decimal("600"), "USD", locale) in page
            assert format_money(Decimal("3000"), "USD", locale) in page
        assert format_money(Decimal("600"), "USD", "en") not in spanish
    assert 'lang="es"' in spanish


def test_the_calculator_for_her_country_filled_in_with_euros_only(app, world):
    client = other_client(app, world.rosa_account)
    page = client.get(PAGE).get_data(as_text=True)
    [link] = re.findall(r'href="(/remittances/calculator[^"]*)"', page)
    assert link == "/remittances/calculator?country=EC"  # a dollar plan: no amount in euros
    _plan(app, world.rosa.id, currency="EUR", target_amount=Decimal("1200"))
    page = client.get(PAGE).get_data(as_text=True)
    links = re.findall(r'href="(/remittances/calculator[^"]*)"', page)
    assert len(links) == 2
    assert re.fullmatch(
        r"/remittances/calculator\?country=EC&amp;amount=[0-9.]+&amp;frequency=monthly", links[0]
    )
    assert client.get(links[0].replace("&amp;", "&")).status_code == 200


def test_the_home_card_shows_the_main_plan(app, world):
    home = other_client(app, world.rosa_account).get("/my").get_data(as_text=True)
    assert "My savings" in home and 'href="/my/savings"' in home
    assert 'id="home-savings-bar" max="100" value="20"' in home
    assert "$600.00 of $3,000.00, 20 %" in home


def test_hidden_without_an_active_plan(app, make, world):
    nothing = make.case(office_id=world.office.id)
    client = other_client(app, make.portal_account(nothing.returnee_id, locale="en"))
    assert client.get(PAGE).status_code == 404
    assert "My savings" not in client.get("/my").get_data(as_text=True)
    closed = make.case(office_id=world.office.id)
    plan_id = _plan(app, closed.id)
    with app.test_request_context():
        plan = db.session.get(SavingsPlan, plan_id)
        services.close_plan(plan, actor=None, version=plan.version)
        db.session.commit()
    client = other_client(app, make.portal_account(closed.returnee_id, locale="en"))
    assert client.get(PAGE).status_code == 404
    # No case yet: nothing either.
    person = make.returnee()
    client = other_client(app, make.portal_account(person, locale="en"))
    assert client.get(PAGE).status_code == 404
    # Nothing to post to.
    assert other_client(app, world.rosa_account).post(PAGE).status_code == 405


def test_light_page_in_a_fixed_number_of_statements(app, world):
    client = other_client(app, world.rosa_account)
    with count_statements(app) as few:
        small = client.get(PAGE)
    for n in range(3):
        plan = _plan(app, world.rosa.id, target_amount=Decimal(1000 + n))
        for days in range(1, 9):
            _entry(app, plan, "10", days_ago=days)
    with count_statements(app) as many:
        large = client.get(PAGE)
    assert len(many) == len(few)
    assert large.get_data(as_text=True).count("<progress") == 4
    assert len(large.get_data()) <= 60_000
    assert len(small.get_data()) <= 60_000
