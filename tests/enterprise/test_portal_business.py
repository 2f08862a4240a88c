"""My business in the returnee's portal (#17): each business with its stage in plain words,
the next repayment of its loan (day and amount from the schedule) or what is late, the last
follow-up visit; never another person's business; markup stays text; money as each language
writes it; hidden without a business; a fixed number of statements."""

from datetime import timedelta
from decimal import Decimal

import pytest
from babel.dates import format_date

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.core.money import format_money
from returnsvc.enterprise import funding, loans, services
from returnsvc.enterprise.models import Enterprise, Loan, Repayment
from returnsvc.extensions import db
from returnsvc.partners.services import create_partner
from tests.cases.helpers import other_client
from tests.helpers import count_statements

PAGE = "/my/business"
MARKUP = "<script>alert(1)</script>"


def _business(app, case_id, name, *, launched_days_ago=None, lender=None, loan=None) -> dict:
    """A business (launched that many days ago, when given) with a micro-loan of 3,000
    dollars at 24 % over 12 months (`loan`: its disbursement, days ago) from `lender`."""
    today = local_today()
    found = {}
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        enterprise = services.create_enterprise(
            case, {"name": name, "sector": "C", "jobs_owner": 1}, actor=None
        )
        found["enterprise_id"] = enterprise.id
        if launched_days_ago is not None:
            for stage in ("plan", "financing"):
                services.move_enterprise(
                    enterprise, stage, {}, version=enterprise.version, actor=None
                )
            services.move_enterprise(
                enterprise, "launched",
                {"launched_on": today - timedelta(days=launched_days_ago)},
                version=enterprise.version, actor=None,
            )  # fmt: skip
        if loan is not None:
            partner_id = None
            if lender:
                partner_id = create_partner(
                    {"name": lender, "kind": "financial", "country": "EC"}, actor=None
                ).id
            source = funding.add_funding(
                enterprise,
                {"kind": "micro_loan", "amount": Decimal("3000"), "currency": "USD",
                 "status": "approved", "partner_id": partner_id},
                actor=None,
            )  # fmt: skip
            found["loan_id"] = funding.add_loan(
                source,
                {"annual_rate": Decimal("24"), "term_months": 12, "grace_months": 0,
                 "method": "declining", "disbursed_on": today - timedelta(days=loan)},
                actor=None,
            ).id  # fmt: skip
        db.session.commit()
    return found


def _repay(app, loan_id, amount, days_ago) -> int:
    with app.test_request_context():
        loan = db.session.get(Loan, loan_id)
        paid_on = local_today() - timedelta(days=days_ago)
        repayment = funding.record_repayment(
            loan, {"amount": Decimal(amount), "paid_on": paid_on}, actor=None
        )
        db.session.commit()
        return repayment.id


def _position(app, loan_id, payments):
    with app.app_context():
        loan = db.session.get(Loan, loan_id)
        return loans.position(funding.terms_of(loan), payments, local_today())


class World:
    pass


@pytest.fixture
def world(app, make):
    """Rosa's bakery, launched 120 days ago, visited once, with a loan from a cooperative
    paid out 100 days ago of which one 150-dollar repayment came in: late. Zacarías's
    workshop has a loan paid out 10 days ago: nothing due yet."""
    w = World()
    w.office = make.office("EC")
    w.rosa = make.case(office_id=w.office.id, given_names="Rosa")
    w.zacarias = make.case(office_id=w.office.id, given_names="Zacarías")
    w.bakery = _business(
        app, w.rosa.id, f"Panadería {MARKUP}", launched_days_ago=120,
        lender=f"Cooperativa {MARKUP}", loan=100,
    )  # fmt: skip
    w.repaid_on = local_today() - timedelta(days=60)
    w.repayment = _repay(app, w.bakery["loan_id"], "150", 60)
    with app.test_request_context():
        services.record_visit(
            db.session.get(Enterprise, w.bakery["enterprise_id"]),
            {"visited_on": local_today() - timedelta(days=30), "due_month": 3,
             "is_operating": True, "next_steps": "Confidential next steps"},
            actor=None,
        )  # fmt: skip
        db.session.commit()
    w.workshop = _business(app, w.zacarias.id, "Taller Otero", launched_days_ago=20, loan=10)
    w.rosa_account = make.portal_account(w.rosa.returnee_id, locale="en")
    w.zacarias_account = make.portal_account(w.zacarias.returnee_id, locale="en")
    return w


def _main(page: str) -> str:
    return page.split("<main", 1)[1]


def _date(app, day, locale="en") -> str:
    return format_date(day, "long", locale=locale)


def test_the_person_sees_her_business_and_what_is_late(app, world):
    page = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    main = _main(page)
    position = _position(
        app, world.bakery["loan_id"], [loans.Payment(world.repaid_on, Decimal("150"))]
    )
    assert position.days_past_due > 0
    assert "Open: your business has started." in main and "launched" not in main
    assert "A repayment is late." in main
    with app.test_request_context():
        late = format_money(position.overdue_amount, "USD", "en")
        upcoming = next(i for i in position.instalments if i.due_on > local_today())
        assert f"{late} should have been paid on {_date(app, position.next_due.due_on)}." in main
        assert (
            f"Next repayment: {format_money(upcoming.left, 'USD', 'en')} "
            f"on {_date(app, upcoming.due_on)}." in main
        )
    assert (
        f"Last visit from your counsellor: {_date(app, local_today() - timedelta(days=30))}."
        in main
    )
    assert "Confidential next steps" not in page
    home = other_client(app, world.rosa_account).get("/my").get_data(as_text=True)
    assert "A repayment is late:" in home and "Next repayment:" in home
    assert "Taller Otero" not in page and "Zacarías" not in page


def test_another_person_sees_his_next_repayment_and_nothing_late(app, world):
    page = other_client(app, world.zacarias_account).get(PAGE).get_data(as_text=True)
    main = _main(page)
    assert "Taller Otero" in main and "Panadería" not in main and "Rosa" not in page
    assert "late" not in main
    assert "Next repayment:" in main and "No follow-up visit yet." in main
    home = other_client(app, world.zacarias_account).get("/my").get_data(as_text=True)
    assert "My business" in home and 'href="/my/business"' in home
    assert "Taller Otero</strong>: Open: your business has started." in home
    assert "Next repayment:" in home


def test_a_reversed_repayment_does_not_count_and_a_written_off_loan_is_not_shown(app, world):
    client = other_client(app, world.rosa_account)
    with app.test_request_context():
        funding.reverse_repayment(db.session.get(Repayment, world.repayment), actor=None)
        db.session.commit()
    position = _position(app, world.bakery["loan_id"], [])
    with app.test_request_context():
        late = format_money(position.overdue_amount, "USD", "en")
    assert f"{late} should have been paid on" in client.get(PAGE).get_data(as_text=True)
    with app.test_request_context():
        loan = db.session.get(Loan, world.bakery["loan_id"])
        funding.write_off_loan(loan, {"reason": "Lost"}, version=loan.version, actor=None)
        db.session.commit()
    page = client.get(PAGE).get_data(as_text=True)
    assert "late" not in _main(page) and "Next repayment" not in page
    assert "Panadería" in page  # the business is still hers


def test_markup_in_the_business_and_the_lender_stays_text(app, world):
    client = other_client(app, world.rosa_account)
    for url in (PAGE, "/my"):
        page = client.get(url).get_data(as_text=True)
        assert MARKUP not in page
        assert "Panadería &lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = client.get(PAGE).get_data(as_text=True)
    assert "Your loan from Cooperativa &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_money_as_each_language_writes_it(app, world):
    english = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    with app.app_context():
        db.session.get(User, world.rosa_account.id).preferred_locale = "es"
        db.session.commit()
    spanish = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    position = _position(
        app, world.bakery["loan_id"], [loans.Payment(world.repaid_on, Decimal("150"))]
    )
    with app.test_request_context():
        for locale, page in (("en", english), ("es", spanish)):
            assert format_money(position.overdue_amount, "USD", locale) in page
        assert format_money(position.overdue_amount, "USD", "en") not in spanish
    assert 'lang="es"' in spanish


def test_hidden_without_a_business(app, make, world):
    nothing = make.case(office_id=world.office.id)
    client = other_client(app, make.portal_account(nothing.returnee_id, locale="en"))
    assert client.get(PAGE).status_code == 404
    assert "My business" not in client.get("/my").get_data(as_text=True)
    person = make.returnee()
    client = other_client(app, make.portal_account(person, locale="en"))
    assert client.get(PAGE).status_code == 404
    assert other_client(app, world.rosa_account).post(PAGE).status_code == 405


def test_an_idea_without_a_loan(app, make, world):
    case = make.case(office_id=world.office.id)
    _business(app, case.id, "Idea de negocio")
    page = other_client(app, make.portal_account(case.returnee_id, locale="en")).get(PAGE)
    main = _main(page.get_data(as_text=True))
    assert "An idea: you are thinking about the business you want." in main
    assert "loan" not in main.lower() and "No follow-up visit yet." in main


def test_light_page_in_a_fixed_number_of_statements(app, world):
    client = other_client(app, world.rosa_account)
    with count_statements(app) as few:
        small = client.get(PAGE)
    for n in range(3):
        more = _business(app, world.rosa.id, f"Negocio {n}", launched_days_ago=90, loan=80)
        _repay(app, more["loan_id"], "100", 20)
        _repay(app, more["loan_id"], "50", 10)
    with count_statements(app) as many:
        large = client.get(PAGE)
    assert len(many) == len(few)
    assert large.get_data(as_text=True).count("Next repayment:") == 4
    assert len(large.get_data()) <= 60_000 and len(small.get_data()) <= 60_000
