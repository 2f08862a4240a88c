"""What the portal home (#17, /my) holds beyond the stage: the registered sections' cards (the
plan's next steps, the next appointment), "Anything that needs you" gathered from them, and the
explorer prefilled with the person's country, region and main occupation; nobody else's; the
same statements however much the person has; Spanish by default."""

import html as html_lib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.plans import services as plans
from returnsvc.plans.models import PlanAction, PlanGoal
from returnsvc.skills import services as skills
from tests.casework.helpers import add_appointment
from tests.helpers import count_statements
from tests.skills.helpers import taxonomy

EN = {"Accept-Language": "en"}


def _portal(app, account):
    client = app.test_client()
    response = client.post(
        "/account/sign-in", data={"email": account.email, "password": account.password}
    )
    assert response.status_code == 302
    return client


def _home(client, **headers) -> str:
    response = client.get("/my", headers=headers or EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _world(app, make, locale="en", **person):
    office = make.office("ES", name="Oficina de Retorno Madrid")
    counsellor = make.user("counsellor", office_id=office.id, full_name="Lucía Fernández")
    case = make.case(office_id=office.id, counsellor_id=counsellor.id, **person)
    client = _portal(app, make.portal_account(case.returnee_id, locale=locale))
    return client, counsellor, case


def _action(app, case_id, title, *, due_in_days=None, mine=True) -> int:
    due = local_today() + timedelta(days=due_in_days) if due_in_days is not None else None
    values = {"title": title, "responsible": "The person", "by_returnee": mine, "due_date": due}
    with app.test_request_context():
        goal = plans.add_goal(
            db.session.get(Case, case_id), {"dimension": "economic", "title": "Work"}, actor=None
        )
        action = plans.add_action(goal, values, actor=None)
        db.session.commit()
        return action.id


def _explorer_query(html: str) -> dict:
    html = html.split('id="explorer-title"', 1)[1]
    start = html.index('href="/explorer') + len('href="')
    url = html_lib.unescape(html[start : html.index('"', start)])
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_the_explorer_link_carries_country_region_and_main_occupation(app, make):
    client, counsellor, case = _world(app, make, origin_country="PE", region_code="PE-CUS")
    assert _explorer_query(_home(client)) == {"country": "PE", "region": "PE-CUS"}
    taxonomy(app)
    for code, year in (("5120", 2015), ("7512", 2023)):
        with app.test_request_context():
            skills.add_experience(
                db.session.get(Case, case.id),
                {"occupation": code, "place": "abroad", "last_year_worked": str(year)},
                actor=None,
            )
            db.session.commit()
    # The profile's first experience: the latest worked.
    assert _explorer_query(_home(client)) == {
        "country": "PE",
        "region": "PE-CUS",
        "occupation": "7512",
    }
    # The explorer takes it as it is.
    page = client.get("/explorer?country=PE&region=PE-CUS&occupation=7512", headers=EN)
    assert page.status_code == 200


def test_a_region_of_another_country_is_left_out(app, make):
    client, *_ = _world(app, make, origin_country="EC", region_code="")
    assert _explorer_query(_home(client)) == {"country": "EC"}


def test_anything_that_needs_you_gathers_what_the_cards_say(app, make):
    client, counsellor, case = _world(app, make)
    html = _home(client)
    assert "Nothing needs you right now." in html and "Anything that needs you" not in html
    _action(app, case.id, "Send the school papers", due_in_days=-3)
    _action(app, case.id, "The counsellor's late step", due_in_days=-3, mine=False)
    _action(app, case.id, "A step for later", due_in_days=30)
    add_appointment(app, case.id, counsellor.id, location="Room 2", purpose="Review")
    html = _home(client)
    needs = html.split('id="needs-title"', 1)[1].split("</section>", 1)[0]
    assert "“Send the school papers” was due on" in needs and 'href="/my/plan"' in needs
    assert "Go to your appointment on" in needs and "Room 2" in needs
    assert 'href="/my/appointments"' in needs
    assert "counsellor's late step" not in needs and "A step for later" not in needs
    # Once the person says it is done, it no longer needs them.
    response = client.post("/my/plan", data={"action_id": _first_action_id(app, case.id)})
    assert response.status_code == 302
    assert "Send the school papers” was due" not in _home(client)


def _first_action_id(app, case_id) -> str:
    with app.app_context():
        return str(
            db.session.scalar(
                select(PlanAction.id)
                .join(PlanGoal)
                .where(PlanGoal.case_id == case_id)
                .order_by(PlanAction.id)
            )
        )


def test_the_home_keeps_the_stage_and_shows_the_cards_of_nobody_else(app, make):
    client, counsellor, case = _world(app, make, given_names="Rosa")
    other = make.case(office_id=counsellor.office_id, given_names="Zacarías", first_surname="Otero")
    _action(app, other.id, "Zacarías's step", due_in_days=-2)
    add_appointment(app, other.id, counsellor.id, location="Zacarías's room")
    _action(app, case.id, "Rosas step", due_in_days=5)
    html = _home(client)
    assert "We have your details" in html
    assert "Your counsellor is Lucía Fernández, at Oficina de Retorno Madrid." in html
    assert "My next steps" in html and "Rosas step" in html
    assert "My next appointment" in html and "You have no appointment yet." in html
    assert "Zacarías" not in html and other.reference not in html


def test_spanish_by_default_and_english_for_an_english_account(app, make):
    client, *_ = _world(app, make, locale="es", given_names="Rosa")
    html = _home(client, **{"Accept-Language": "es"})
    assert '<html lang="es"' in html and "Hola, Rosa" in html and "Tenemos sus datos" in html
    english, *_ = _world(app, make, locale="en", given_names="Ann")
    html = english.get("/my").get_data(as_text=True)  # no Accept-Language: the account's
    assert '<html lang="en"' in html and "Hello, Ann" in html and "My next steps" in html
    assert "Look at work and businesses" in html


def test_the_home_costs_the_same_statements_however_much_the_person_has(app, make):
    client, counsellor, case = _world(app, make)
    _home(client)  # warm-up
    with count_statements(app) as few:
        _home(client)
    for n in range(8):
        _action(app, case.id, f"Step {n}", due_in_days=n - 4)
        add_appointment(app, case.id, counsellor.id, purpose=f"Meeting {n}")
        add_appointment(
            app, case.id, counsellor.id, purpose=f"Past {n}", starts_at=utcnow() - timedelta(n + 1)
        )
    with count_statements(app) as many:
        html = _home(client)
    assert "Step 0" in html
    assert len(many) == len(few), many
