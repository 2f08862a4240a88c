"""The case page's timeline: every kind of event the features register, newest first, with who
did it, in the page's language; confidential notes only for the owning office; older events
through "show older" (keyset pages, no cap); a fixed number of statements; user text escaped."""

import re
from datetime import date, timedelta

from returnsvc.cases import services as case_services
from returnsvc.cases import transfers
from returnsvc.cases.models import Case
from returnsvc.casework import services as casework
from returnsvc.casework.models import Appointment, CaseNote, NoteKind, Task
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.partners import services as partner_services
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.plans import services as plan_services
from returnsvc.returnees.models import ConsentKind, DuplicateOverride
from tests.cases.helpers import office_with_counsellor, other_client
from tests.helpers import count_statements


def _person_data(person) -> dict:
    fields = (
        "given_names", "first_surname", "second_surname", "sex", "birth_date", "nationality",
        "document_type", "document_number", "document_country", "phone", "email",
        "origin_country", "region_code", "city", "address", "household_size", "dependants",
        "education_level", "languages",
    )  # fmt: skip
    return {field: getattr(person, field) for field in fields}


def _through_services(app, make, case, office, me) -> None:
    """The events that have no row of their own, made the way users make them."""
    colleague = make.user("counsellor", office_id=office.id, full_name="Lucía Mamani")
    elsewhere = make.office("EC", name="Oficina Quito")
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        actor = make.load_user(me.id)
        partner = Partner(name="SECAP Quito", kind=PartnerKind.TRAINING, country="EC")
        db.session.add(partner)
        db.session.flush()
        case_services.assign_counsellor(
            row, make.load_user(colleague.id), version=row.version, actor=actor
        )
        case_services.edit_person(
            row,
            _person_data(row.returnee) | {"phone": "+593 99 000 0000"},
            {},
            version=row.returnee.version,
            actor=actor,
        )
        case_services.change_consent(row, ConsentKind.STATISTICS, False, actor=actor)
        goal = plan_services.add_goal(
            row, {"dimension": "economic", "title": "Open a workshop"}, actor=actor
        )
        action = plan_services.add_action(
            goal, {"title": "Buy an oven", "responsible": "Rosa"}, actor=actor
        )
        plan_services.set_action_status(action, "done", actor=actor, version=action.version)
        referral = partner_services.send_referral(
            row, {"partner_id": partner.id, "purpose": "Welding course"}, actor=actor
        )
        partner_services.accept_referral(referral, actor=actor, version=referral.version)
        partner_services.complete_referral(
            referral, {"outcome": "Certified welder"}, actor=actor, version=referral.version
        )
        transfer = transfers.request_transfer(
            row, db.session.get(type(row.office), elsewhere.id), reason="Moves", actor=actor
        )
        answerer = make.user("counsellor", office_id=elsewhere.id)
        transfers.decline_transfer(
            transfer, reason="No capacity", actor=make.load_user(answerer.id)
        )
        db.session.commit()


def _as_rows(app, make, case, me) -> None:
    """Rows of the features' own tables, a minute apart, after everything else."""
    other_person = make.returnee()
    start = utcnow() + timedelta(minutes=1)

    def at(minutes):
        return start + timedelta(minutes=minutes)

    with app.app_context():
        db.session.add_all(
            [
                CaseNote(
                    case_id=case.id, kind=NoteKind.PHONE, body="Called about the course",
                    occurred_at=at(1), author_id=me.id,
                ),
                CaseNote(
                    case_id=case.id, kind=NoteKind.VISIT, body="Health details",
                    is_confidential=True, occurred_at=at(2), author_id=me.id,
                ),
                Appointment(
                    case_id=case.id, starts_at=at(4), location="Office", purpose="Plan review",
                    attended=True, counsellor_id=me.id, created_by_id=me.id, created_at=at(3),
                ),
                Task(
                    case_id=case.id, title="Send the CV", due_date=date.today(),
                    created_by_id=me.id, created_at=at(5), done_at=at(6), done_by_id=me.id,
                ),
                DuplicateOverride(
                    returnee_id=case.returnee_id, similar_to_id=other_person, rule="name_birth",
                    reason="Different person, same name", actor_id=me.id, created_at=at(7),
                ),
            ]
        )  # fmt: skip
        db.session.commit()


def _titles(html: str) -> list[str]:
    timeline = html[html.index('<ol class="timeline">') :]
    return re.findall(r"<p><strong>(.*?)</strong></p>", timeline)


def test_every_kind_of_event_newest_first(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    _through_services(app, make, case, office, me)
    _as_rows(app, make, case, me)
    html = client.get(f"/cases/{case.id}/timeline").get_data(as_text=True)
    assert _titles(html) == [
        "Registrada pese a un posible duplicado",
        "Tarea realizada: Send the CV",
        "Tarea añadida: Send the CV",
        "Asistió a la cita",
        "Cita programada: Plan review",
        "Nota confidencial (Visita)",
        "Nota (Llamada telefónica)",
        "Traslado a Oficina Quito rechazado",
        "Traslado a Oficina Quito solicitado",
        "Derivación completada: SECAP Quito",
        "Derivación aceptada por SECAP Quito",
        "Derivación enviada a SECAP Quito",
        "Acción del plan «Buy an oven»: Pendiente → Hecho",
        "Acción del plan añadida: Buy an oven",
        "Objetivo del plan (Económica): Open a workshop",
        "Consentimiento retirado: Estadísticas anonimizadas",
        "Ficha de la persona editada",
        "Asignado a Lucía Mamani",
        "Caso abierto",
        "Persona registrada",
    ]
    assert "No capacity" in html and "Certified welder" in html
    assert "Teléfono" in html and "+593 99 000 0000" not in html  # fields, never values
    assert html.count(f"· {make.load_user(me.id).full_name}") >= 15  # who did it


def test_in_english_and_without_confidential_notes_for_other_offices(app, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    _through_services(app, make, case, office, me)
    _as_rows(app, make, case, me)
    manager = make.user("manager", office_id=office.id, locale="en")
    html = other_client(app, manager).get(f"/cases/{case.id}/timeline").get_data(as_text=True)
    titles = _titles(html)
    assert "Confidential note (Visit)" not in titles and "Health details" not in html
    assert titles[:3] == [
        "Registered despite a possible duplicate",
        "Task done: Send the CV",
        "Task added: Send the CV",
    ]
    assert "Transfer to Oficina Quito declined" in titles
    assert "Plan goal (Economic): Open a workshop" in titles
    assert "Plan action “Buy an oven”: Pending → Done" in titles
    assert "Consent withdrawn: Anonymised statistics" in titles


def _notes(app, case_id, author_id, count, minutes_apart=1) -> None:
    start = utcnow()
    with app.app_context():
        db.session.add_all(
            CaseNote(
                case_id=case_id, kind=NoteKind.PHONE, body=f"Call {n:03d}", author_id=author_id,
                occurred_at=start + timedelta(minutes=n * minutes_apart),
            )
            for n in range(count)
        )  # fmt: skip
        db.session.commit()


def _walk(client, url) -> tuple[list[str], int]:
    """Follow "show older" from `url` to the end: the notes seen, in order, and the pages."""
    seen, pages = [], 0
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r"<p>(Call \d{3})</p>", html)
        older = re.search(r'href="(/cases/\d+/timeline\?before=[^"]+)"', html)
        url = older.group(1).replace("&amp;", "&") if older else None
        pages += 1
    return seen, pages


def test_older_events_page_by_page_without_a_cap(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    _notes(app, case.id, me.id, 75)
    everything = [f"Call {n:03d}" for n in reversed(range(75))]
    # The timeline page: 30 events a page (75 notes and the case's two opening events).
    seen, pages = _walk(client, f"/cases/{case.id}/timeline")
    assert (seen, pages) == (everything, 3)  # each once, in order, nothing capped
    # The summary shows the latest 10; its link continues exactly after them.
    seen, pages = _walk(client, f"/cases/{case.id}")
    assert (seen, pages) == (everything, 4)
    past = "2000-01-01T00:00:00+00:00~case.stage~1"
    last = client.get(f"/cases/{case.id}/timeline", query_string={"before": past})
    assert "No hay eventos anteriores." in last.get_data(as_text=True)


def test_events_at_the_same_instant_are_not_lost_between_pages(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    _notes(app, case.id, me.id, 45, minutes_apart=0)  # all at one instant
    seen, pages = _walk(client, f"/cases/{case.id}")
    assert pages == 3 and sorted(seen) == [f"Call {n:03d}" for n in range(45)]


def test_odd_cursors_show_the_newest_events(client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    for before in ("x", "²~case.stage~1", "2026-01-01~case.stage~²", "2026-01-01T00:00~a~1",
                   "2026-01-01T00:00+00:00~case.stage~99999999999999999999", "~~", "%00"):
        response = client.get(f"/cases/{case.id}/timeline", query_string={"before": before})
        assert response.status_code == 200, before
        assert "Caso abierto" in response.get_data(as_text=True)


def test_the_case_page_statements_do_not_grow_with_events(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    client.get(f"/cases/{case.id}")
    with count_statements(app) as few:
        client.get(f"/cases/{case.id}")
    _through_services(app, make, case, office, me)
    _as_rows(app, make, case, me)
    _notes(app, case.id, me.id, 40)
    with count_statements(app) as many:
        response = client.get(f"/cases/{case.id}")
    assert response.status_code == 200
    assert len(many) == len(few)
    # The user; the case with every panel and the latest events, writing the access-log line
    # (cases.page). The test's savepoints are not the page's.
    page = [s.split()[0:3] for s in many if not s.startswith(("SAVEPOINT", "RELEASE"))]
    assert len(page) == 2, page


def test_user_text_is_escaped_in_the_timeline(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    markup = '<meta http-equiv="refresh" content="0;url=https://evil.example/">"><img src=x>'
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        actor = make.load_user(me.id)
        casework.add_task(
            row,
            {"title": markup, "due_date": date.today(), "assignee_id": me.id},
            actor=actor,
        )
        plan_services.add_goal(row, {"dimension": "social", "title": markup}, actor=actor)
        db.session.commit()
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "<meta http-equiv" not in html and "<img src=x>" not in html
    assert "&lt;meta http-equiv=" in html
