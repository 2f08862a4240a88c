"""My opportunities in the returnee's portal (#17): the person's own matches in plain words,
never another's; "I am interested" makes one task for their counsellor, shown on the case's
timeline, and refuses anything that is not one of their opportunities; markup stays text;
money as each language writes it; light pages in a fixed number of statements."""

import json
from decimal import Decimal
from functools import partial

import pytest
from sqlalchemy import func, select

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseEvent, CloseReason, Stage
from returnsvc.cases.services import change_stage
from returnsvc.casework.models import Task
from returnsvc.core.money import format_money
from returnsvc.extensions import db
from returnsvc.guides.models import BusinessOpportunityText
from returnsvc.matching.services import INTEREST, record_interest
from returnsvc.skills.models import WorkExperience, WorkPlace
from tests.cases.helpers import other_client
from tests.concurrency import WAITED, race
from tests.factories import Factory
from tests.guide_factories import ensure_isco
from tests.helpers import audit_actions, count_statements

BRICKLAYER = "7112"
NURSE = "2221"
EN = {"Accept-Language": "en"}
PAGE = "/my/opportunities"


def _worked(app, returnee_id, isco, years):
    with app.app_context():
        ensure_isco(isco)
        db.session.add(
            WorkExperience(
                returnee_id=returnee_id,
                isco_code=isco,
                years_experience=Decimal(years),
                place=WorkPlace.ABROAD,
            )
        )
        db.session.commit()


class World:
    pass


@pytest.fixture
def world(app, make):
    """An Ecuadorian office and its counsellor; Rosa, a bricklayer with six years (her portal
    in English), and Zacarías, a nurse (his in Spanish), both with open cases; Ecuador's
    current labour and business guides."""
    w = World()
    w.office = make.office("EC")
    w.counsellor = make.user("counsellor", office_id=w.office.id, locale="en")
    w.rosa = make.case(
        office_id=w.office.id,
        counsellor_id=w.counsellor.id,
        returnee_id=make.returnee(origin_country="EC", given_names="Rosa"),
    )
    w.zacarias = make.case(
        office_id=w.office.id,
        counsellor_id=w.counsellor.id,
        returnee_id=make.returnee(origin_country="EC", given_names="Zacarías"),
    )
    _worked(app, w.rosa.returnee_id, BRICKLAYER, "6")
    _worked(app, w.zacarias.returnee_id, NURSE, "3")
    labour = make.edition("EC", "labour_market")
    w.labour = labour
    w.bricks = make.demand_entry(labour, isco_code=BRICKLAYER, experience_years=4)
    w.nursing = make.demand_entry(labour, isco_code=NURSE, demand_level="medium")
    business = make.edition("EC", "business")
    w.shop = make.opportunity(
        business,
        occupations=(BRICKLAYER,),
        texts={
            "es": {"title": "Ferretería <b>Loja</b>", "description": "", "market_notes": ""},
            "en": {
                "title": "Hardware <script>alert(1)</script>",
                "description": "",
                "market_notes": "",
            },
        },  # fmt: skip
    )
    w.rosa_account = make.portal_account(w.rosa.returnee_id, locale="en")
    w.zacarias_account = make.portal_account(w.zacarias.returnee_id, locale="es")
    return w


def _tasks(app, case_id):
    with app.app_context():
        rows = db.session.scalars(select(Task).where(Task.case_id == case_id)).all()
        db.session.expunge_all()
        return list(rows)


def _interests(app, case_id) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(CaseEvent)
            .where(CaseEvent.case_id == case_id, CaseEvent.kind == INTEREST)
        )


def test_the_person_sees_their_own_matches_in_plain_words(app, world):
    client = other_client(app, world.rosa_account)
    page = client.get(PAGE).get_data(as_text=True)
    main = page.split("<main", 1)[1]
    assert f"opportunity-demand-{world.bricks}" in main
    assert f"opportunity-opportunity-{world.shop}" in main
    assert "It fits your trade." in main
    assert "This trade is in high demand all over the country." in main
    assert "You have 6 years of experience; they ask for 4." in main
    assert "It takes at least" in main  # the business's capital, said plainly
    assert "I am interested" in main
    # Not another trade's job, not another person, no scores.
    assert f"opportunity-demand-{world.nursing}" not in main
    assert "Zacarías" not in page and "/100" not in main and "ISCO-08" not in main
    # The home's card: the best two, with a link.
    home = client.get("/my").get_data(as_text=True)
    assert "My opportunities" in home and 'href="/my/opportunities"' in home
    assert home.count("<li><strong>") == 2


def test_another_person_sees_theirs_and_not_hers(app, world):
    client = other_client(app, world.zacarias_account)
    page = client.get(PAGE).get_data(as_text=True)
    main = page.split("<main", 1)[1]
    assert f"opportunity-demand-{world.nursing}" in main
    assert f"opportunity-demand-{world.bricks}" not in main
    assert f"opportunity-opportunity-{world.shop}" not in main  # a bricklayer's business
    assert "Rosa" not in page


def test_i_am_interested_makes_one_task_for_the_counsellor_on_the_timeline(app, world):
    client = other_client(app, world.rosa_account)
    form = {"kind": "demand", "entry": str(world.bricks)}
    first = client.post(PAGE, data=form, headers=EN)
    assert first.status_code == 302 and first.headers["Location"].endswith(PAGE)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Thank you. Your counsellor will talk to you about it." in page
    assert "You said this interests you. Your counsellor knows." in page
    [task] = _tasks(app, world.rosa.id)
    assert task.assignee_id == world.counsellor.id and task.done_at is None
    assert task.title == f"Interested in this job (said in the portal): ISCO group {BRICKLAYER}"
    assert audit_actions(app, actor_id=world.rosa_account.id)[-2:] == [
        "task.added",
        "match.interest",
    ]
    # Pressed again (a second tab, a double tap): nothing more.
    again = client.post(PAGE, data=form, follow_redirects=True)
    assert "Your counsellor already knows that this interests you." in again.get_data(as_text=True)
    assert len(_tasks(app, world.rosa.id)) == 1 and _interests(app, world.rosa.id) == 1
    # The counsellor sees it on the case's timeline.
    timeline = other_client(app, world.counsellor).get(f"/cases/{world.rosa.id}/timeline")
    text = timeline.get_data(as_text=True)
    assert f"Said in the portal: interested in the job ISCO group {BRICKLAYER}" in text
    assert "Interested in this job (said in the portal)" in text


def test_what_she_said_interested_her_is_in_her_subject_record(app, world):
    """The subject-access record (printable and JSON) lists each "I am interested": when, the
    case, a job or a business and its title in the reader's language."""
    client = other_client(app, world.rosa_account)
    client.post(PAGE, data={"kind": "demand", "entry": str(world.bricks)}, headers=EN)
    counsellor = other_client(app, world.counsellor)
    record = counsellor.get(f"/cases/{world.rosa.id}/person/record", headers=EN)
    text = record.get_data(as_text=True)
    assert "What you said interested you" in text
    assert f"A job: ISCO group {BRICKLAYER}" in text
    data = json.loads(
        counsellor.get(f"/cases/{world.rosa.id}/person/export.json").get_data(as_text=True)
    )
    found = json.dumps(data, ensure_ascii=False)
    assert '"kind": "job"' in found and f"ISCO group {BRICKLAYER}" in found
    # Another person's record says nothing of it.
    other = counsellor.get(f"/cases/{world.zacarias.id}/person/record", headers=EN)
    assert "What you said interested you" not in other.get_data(as_text=True)


@pytest.mark.parametrize("entry", ["nursing", "²", "-1", "0", "2147483648", "abc", "", "1e3"])
def test_anything_but_one_of_her_opportunities_is_refused(app, world, entry):
    client = other_client(app, world.rosa_account)
    value = str(world.nursing) if entry == "nursing" else entry
    response = client.post(PAGE, data={"kind": "demand", "entry": value}, follow_redirects=True)
    assert response.status_code == 200
    assert "This is not one of your opportunities." in response.get_data(as_text=True)
    assert _tasks(app, world.rosa.id) == [] and _interests(app, world.rosa.id) == 0


def test_a_right_id_of_the_wrong_kind_or_a_missing_kind_is_refused(app, world):
    client = other_client(app, world.rosa_account)
    for form in (
        {"kind": "opportunity", "entry": str(world.bricks)},
        {"kind": "job", "entry": str(world.bricks)},
        {"entry": str(world.bricks)},
        {"kind": ["demand", "opportunity"], "entry": [str(world.bricks), "x"]},
    ):
        response = client.post(PAGE, data=form, follow_redirects=True)
        assert response.status_code == 200, form
    assert _tasks(app, world.rosa.id) == []


def test_a_case_without_a_counsellor_gets_the_event_and_no_task(app, make, world):
    case = make.case(office_id=world.office.id, returnee_id=make.returnee(origin_country="EC"))
    _worked(app, case.returnee_id, BRICKLAYER, "2")
    client = other_client(app, make.portal_account(case.returnee_id, locale="en"))
    response = client.post(
        PAGE, data={"kind": "demand", "entry": str(world.bricks)}, follow_redirects=True
    )
    assert "Thank you. Your office will talk to you about it." in response.get_data(as_text=True)
    assert _tasks(app, case.id) == [] and _interests(app, case.id) == 1


def test_a_closed_case_offers_no_button_and_refuses(app, world):
    with app.test_request_context():
        case = db.session.get(Case, world.rosa.id)
        change_stage(
            case, Stage.CLOSED, version=case.version, actor=None, close_reason=CloseReason.OTHER
        )
        db.session.commit()
    client = other_client(app, world.rosa_account)
    page = client.get(PAGE).get_data(as_text=True)
    assert "I am interested" not in page
    response = client.post(
        PAGE, data={"kind": "demand", "entry": str(world.bricks)}, follow_redirects=True
    )
    assert "Your case is closed." in response.get_data(as_text=True)
    assert _tasks(app, world.rosa.id) == []


def test_markup_in_a_business_title_stays_text(app, world):
    client = other_client(app, world.rosa_account)
    page = client.get(PAGE).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "Hardware &lt;script&gt;alert(1)&lt;/script&gt;" in page
    client.post(PAGE, data={"kind": "opportunity", "entry": str(world.shop)})
    [task] = _tasks(app, world.rosa.id)
    assert task.title.endswith("Hardware <script>alert(1)</script>")  # stored as typed
    timeline = other_client(app, world.counsellor).get(f"/cases/{world.rosa.id}/timeline")
    text = timeline.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text
    assert "business Hardware &lt;script&gt;" in text


def test_money_as_each_language_writes_it(app, world):
    english = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    with app.test_request_context():
        assert format_money(Decimal("1000.00"), "USD", "en") in english
    with app.app_context():  # Rosa's account in Spanish, the default
        db.session.get(User, world.rosa_account.id).preferred_locale = "es"
        db.session.commit()
    spanish = other_client(app, world.rosa_account).get(PAGE)
    text = spanish.get_data(as_text=True)
    assert format_money(Decimal("1000.00"), "USD", "es") in text
    assert format_money(Decimal("1000.00"), "USD", "en") not in text
    assert 'lang="es"' in text


def test_without_a_profile_the_section_says_what_to_do(app, make, world):
    case = make.case(office_id=world.office.id, returnee_id=make.returnee(origin_country="EC"))
    client = other_client(app, make.portal_account(case.returnee_id, locale="en"))
    page = client.get(PAGE).get_data(as_text=True)
    assert "First, tell your counsellor what work you have done" in page
    assert "I am interested" not in page and "opportunity-demand-" not in page
    response = client.post(PAGE, data={"kind": "demand", "entry": str(world.bricks)})
    assert response.status_code == 200 and _interests(app, case.id) == 0  # refused, said why


def test_hidden_without_a_case_or_without_anything_in_the_guides(app, make, world):
    # No case yet: no section.
    person = make.returnee(origin_country="EC")
    _worked(app, person, BRICKLAYER, "1")
    client = other_client(app, make.portal_account(person, locale="en"))
    assert client.get(PAGE).status_code == 404
    assert "My opportunities" not in client.get("/my").get_data(as_text=True)
    # A country whose guides have nothing for them: no section either.
    case = make.case(office_id=world.office.id, returnee_id=make.returnee(origin_country="PE"))
    _worked(app, case.returnee_id, BRICKLAYER, "1")
    client = other_client(app, make.portal_account(case.returnee_id, locale="en"))
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, data={"kind": "demand", "entry": "1"}).status_code == 404


def test_light_page_in_a_fixed_number_of_statements(app, make, world):
    client = other_client(app, world.rosa_account)
    client.get(PAGE)  # the guides' entries read once into memory
    with count_statements(app) as few:
        small = client.get(PAGE)
    for _n in range(12):
        make.demand_entry(world.labour, isco_code=BRICKLAYER, regions=("EC-L",))
    client.get(PAGE)
    with count_statements(app) as many:
        large = client.get(PAGE)
    assert len(many) == len(few)
    assert len(large.get_data()) <= 60_000 and len(small.get_data()) <= 60_000
    assert large.get_data(as_text=True).count('name="entry"') == 6  # five jobs, one business


def test_the_opportunity_title_in_the_other_language_when_missing(app, world):
    with app.app_context():
        db.session.execute(
            BusinessOpportunityText.__table__.delete().where(
                BusinessOpportunityText.opportunity_id == world.shop,
                BusinessOpportunityText.locale == "en",
            )
        )
        db.session.commit()
    page = other_client(app, world.rosa_account).get(PAGE).get_data(as_text=True)
    assert "Ferretería &lt;b&gt;Loja&lt;/b&gt;" in page


def test_two_taps_at_once_make_one_task(committed_app):
    """Two connections for real (a database of its own, committed transactions): the second
    waits for the first's lock on the case, then finds its event and writes nothing."""
    app = committed_app
    make = Factory(app)
    office = make.office("EC")
    counsellor = make.user("counsellor", office_id=office.id)
    case = make.case(
        office_id=office.id,
        counsellor_id=counsellor.id,
        returnee_id=make.returnee(origin_country="EC"),
    )
    entry = make.demand_entry(make.edition("EC", "labour_market"), isco_code=BRICKLAYER)
    account = make.portal_account(case.returnee_id)
    said = {}

    def tap(name, hold=None):
        with app.test_request_context():
            found = db.session.get(Case, case.id)
            event = record_interest(found, "demand", entry, actor=db.session.get(User, account.id))
            if hold is not None:
                hold()  # written, not committed: the case is locked
            db.session.commit()
        said[name] = event is not None

    waited = race(partial(tap, "first"), partial(tap, "second"))
    assert said == {"first": True, "second": False}
    assert waited >= WAITED  # it waited for the first one's lock
    assert len(_tasks(app, case.id)) == 1 and _interests(app, case.id) == 1
