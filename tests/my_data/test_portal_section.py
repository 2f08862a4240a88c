"""The "My data" section (#17): the person sees what the service holds about them, in words,
never anyone else's; withdraws the sharing and statistics consents at once (recorded, with
their account as the actor); never the service consent here."""

from sqlalchemy import select

from returnsvc.cases.models import CaseEvent
from returnsvc.extensions import db
from tests.my_data.helpers import EN, audit, client_of, my_data, person, post_my_data, world


def test_the_person_sees_their_own_data_in_words_and_nobody_elses(app, make):
    mine = world(
        make,
        given_names="Rosa Elena",
        first_surname="Quispe",
        phone="+593 99 111 2222",
        email="rosa@example.org",
        address="Calle Larga 5",
    )
    theirs = world(
        make,
        given_names="Zacarías",
        first_surname="Otero",
        phone="+591 7 333 4444",
        email="zacarias@example.org",
        address="Avenida Sucre 9",
    )
    html = my_data(client_of(app, mine.person))
    for shown in ("Rosa Elena", "Quispe", "+593 99 111 2222", "rosa@example.org", "Calle Larga 5"):
        assert shown in html
    for hidden in ("Zacarías", "Otero", "+591 7 333 4444", "zacarias@example.org", "Sucre"):
        assert hidden not in html
    assert "You sign in with" in html and mine.person.email in html
    # Labels, never codes: sex, education, countries, region, languages, programme.
    main = html.split("<main", 1)[1]
    assert "Woman" in main and "female" not in main
    assert "Upper secondary education" in main and "isced3" not in main
    assert "Ecuador" in main and "Azuay" in main and "EC-A" not in main
    assert "Spanish" in main and "APRE" in main
    # The consents, each with its day.
    assert "You agreed on" in main and "share your data with partner organisations" in main
    assert "Stop sharing my data with partner organisations" in main
    assert "Stop using my data for statistics" in main
    assert "To stop the service, talk to your counsellor" in main
    # The other person's page has theirs only.
    html = my_data(client_of(app, theirs.person))
    assert "Zacarías" in html and "Rosa Elena" not in html and "Calle Larga" not in html


def test_the_section_is_in_the_menu_and_nothing_waits_on_the_home(app, make):
    mine = world(make)
    client = client_of(app, mine.person)
    html = client.get("/my", headers=EN).get_data(as_text=True)
    assert 'href="/my/data"' in html and "My data" in html
    assert "Your details" not in html  # the card speaks only of a request


def test_a_person_without_a_case_sees_their_data_and_cannot_ask_for_a_correction(app, make):
    returnee_id = make.returnee(given_names="Sin Caso")
    account = make.portal_account(returnee_id, locale="en")
    client = client_of(app, account)
    html = my_data(client)
    assert "Sin Caso" in html and "Send the correction" not in html
    assert "Talk to your counsellor or to the office" in html
    html = post_my_data(client, do="correct", phone="+593 99 123 4567", city="Cuenca")
    assert "You do not have a case yet." in html
    # Withdrawal works without a case too.
    post_my_data(client, do="withdraw", consent="statistics")
    assert person(app, returnee_id).consent_statistics_at is None


def test_withdrawing_a_consent_takes_effect_at_once_and_is_recorded(app, make):
    mine = world(make)
    client = client_of(app, mine.person)
    html = post_my_data(client, do="withdraw", consent="sharing")
    assert "From now on we do not share your data with partner organisations." in html
    returnee = person(app, mine.case.returnee_id)
    assert returnee.consent_sharing_at is None and returnee.consent_sharing_by_id is None
    assert returnee.consent_statistics_at is not None and returnee.consent_service_at is not None
    # The page says so at once, with the day; no button to withdraw it again.
    assert "You do not agree that we share your data with partner organisations." in html
    assert "You withdrew this consent on" in html
    assert "Stop sharing my data with partner organisations" not in html
    # Audited with the person's account as the actor, and on the case's timeline.
    (entry,) = audit(app, "returnee.consent_withdrawn")
    assert entry.actor_id == mine.person.id and entry.changes == {"consent": "sharing"}
    assert entry.target_id == str(mine.case.returnee_id)
    with app.app_context():
        event = db.session.scalars(
            select(CaseEvent).where(
                CaseEvent.case_id == mine.case.id, CaseEvent.kind == "person.consent"
            )
        ).one()
        assert event.actor_id == mine.person.id
    # The counsellor's case page shows it withdrawn.
    case_page = client_of(app, mine.counsellor).get(f"/cases/{mine.case.id}", headers=EN)
    assert "Sharing with partner organisations: no" in case_page.get_data(as_text=True)
    # Again: nothing changes, one entry.
    html = post_my_data(client, do="withdraw", consent="sharing")
    assert "You had already withdrawn this consent." in html
    assert len(audit(app, "returnee.consent_withdrawn")) == 1
    post_my_data(client, do="withdraw", consent="statistics")
    assert person(app, mine.case.returnee_id).consent_statistics_at is None


def test_the_service_consent_and_odd_values_are_refused_here(app, make):
    mine = world(make)
    client = client_of(app, mine.person)
    for consent in ("service", "", "sharing<script>", "²", "SHARING"):
        html = post_my_data(client, do="withdraw", consent=consent)
        assert "To stop the service altogether, talk to your counsellor" in html
    html = post_my_data(client, do="something else")
    assert "Nothing was done." in html
    returnee = person(app, mine.case.returnee_id)
    assert all(
        at is not None
        for at in (
            returnee.consent_service_at,
            returnee.consent_sharing_at,
            returnee.consent_statistics_at,
        )
    )
    assert audit(app, "returnee.consent_withdrawn") == []


def test_markup_in_every_field_comes_back_as_text(app, make):
    markup = "<b>x</b><script>alert(1)</script>"
    mine = world(
        make,
        given_names=f"Rosa{markup}",
        first_surname=f"Q{markup}",
        second_surname=f"L{markup}",
        phone="+593 99 111 2222",
        email="rosa@example.org",
        address=f"Calle{markup}",
        city=f"Cuenca{markup}",
    )
    with app.app_context():
        from returnsvc.returnees.models import Returnee

        returnee = db.session.get(Returnee, mine.case.returnee_id)
        returnee.migration.last_occupation_abroad = f"Cook{markup}"
        db.session.commit()
    client = client_of(app, mine.person)
    html = my_data(client)
    assert "<script>alert(1)</script>" not in html and "<b>x</b>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 6
    home = client.get("/my", headers=EN).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in home
