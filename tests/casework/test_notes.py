"""Notes: adding, validation, confidentiality by role, paging, statements per page."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.casework.models import CaseNote, NoteKind
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from tests.casework.helpers import (
    add_note,
    close_case,
    count_statements,
    office_with_counsellor,
    other_client,
)


def _notes(app, case_id) -> list[CaseNote]:
    with app.app_context():
        rows = db.session.scalars(
            select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)
        ).all()
        db.session.expunge_all()
        return rows


def _form(**changes):
    data = {
        "kind": "visit",
        "occurred_at": (utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "body": "Visited the family.\r\nThey need help with school fees.",
    }
    data.update(changes)
    return data


def test_add_note_through_the_page(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    page = client.get(f"/cases/{case.id}/notes")
    assert page.status_code == 200
    assert 'name="body"' in page.get_data(as_text=True)

    response = client.post(f"/cases/{case.id}/notes", data=_form(is_confidential="y"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{case.id}/notes")
    [note] = _notes(app, case.id)
    assert note.kind is NoteKind.VISIT and note.is_confidential and note.author_id == me.id
    assert note.body == "Visited the family.\nThey need help with school fees."
    assert note.occurred_at.tzinfo is not None

    body = client.get(f"/cases/{case.id}/notes").get_data(as_text=True)
    assert "Visited the family.<br>They need help with school fees." in body
    assert "Confidential" in body


def test_occurred_at_defaults_to_now_and_is_read_as_local_time(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    page = client.get(f"/cases/{case.id}/notes").get_data(as_text=True)
    local_now = utcnow().astimezone(ZoneInfo("Europe/Madrid"))
    assert f'value="{local_now:%Y-%m-%dT%H:}' in page  # filled with now, in the office's time
    client.post(f"/cases/{case.id}/notes", data=_form(occurred_at="2024-05-06T09:15"))
    [note] = _notes(app, case.id)
    assert note.occurred_at == datetime(2024, 5, 6, 7, 15, tzinfo=UTC)  # 09:15 in Madrid, summer


def test_audit_entry_without_the_text(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    client.post(f"/cases/{case.id}/notes", data=_form(body="Sensitive: health problems"))
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "note.added")
        ).one()
        assert entry.actor_id == me.id and entry.target_type == "case_note"
        assert entry.changes["case_id"] == case.id and entry.changes["kind"] == "visit"
        assert "Sensitive" not in str(entry.changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": "   "}, "Write the note."),
        ({"body": "x" * 10_001}, "At most 10000 characters, please."),
        ({"occurred_at": ""}, "Enter the date and time of the contact."),
        ({"occurred_at": "yesterday"}, "Enter a date and time, for example"),
        ({"occurred_at": "2024-02-30T10:00"}, "Enter a date and time, for example"),
        ({"occurred_at": "1999-12-31T10:00"}, "Enter a date from 2000 onwards."),
        ({"kind": "telepathy"}, "Not a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(app, client, make, sign_in, changes, message):
    _, _, case = office_with_counsellor(make, sign_in)
    response = client.post(f"/cases/{case.id}/notes", data=_form(**changes))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert message in body
    assert 'aria-invalid="true"' in body
    assert _notes(app, case.id) == []


def test_contact_in_the_future_is_refused(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    later = (utcnow() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/cases/{case.id}/notes", data=_form(occurred_at=later))
    assert response.status_code == 200
    assert "The contact cannot be in the future." in response.get_data(as_text=True)
    assert _notes(app, case.id) == []


def test_values_are_kept_on_error(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    response = client.post(
        f"/cases/{case.id}/notes", data=_form(occurred_at="", body="Keep this text")
    )
    assert "Keep this text</textarea>" in response.get_data(as_text=True)


def test_control_characters_are_dropped(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    response = client.post(f"/cases/{case.id}/notes", data=_form(body="Called\x1b the\x07 bank"))
    assert response.status_code == 302
    assert _notes(app, case.id)[0].body == "Called the bank"
    # NUL is refused before it reaches the form (PostgreSQL cannot store it): never a 500.
    response = client.post(f"/cases/{case.id}/notes", data=_form(body="Called\x00"))
    assert response.status_code == 400
    assert len(_notes(app, case.id)) == 1


def test_notes_cannot_be_changed_or_deleted(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("casework.")]
    note_rules = [r for r in rules if "/notes" in r.rule]
    assert {r.endpoint for r in note_rules} == {"casework.notes", "casework.add_note"}


def test_confidential_notes_only_for_counsellors_of_the_office(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    add_note(app, case.id, me.id, body="Open note about training")
    add_note(app, case.id, me.id, body="Secret psychosocial matter", is_confidential=True)

    mine = client.get(f"/cases/{case.id}/notes").get_data(as_text=True)
    assert "Secret psychosocial matter" in mine and "Open note about training" in mine

    colleague = other_client(app, make.user("counsellor", office_id=office.id))
    assert "Secret psychosocial matter" in colleague.get(f"/cases/{case.id}/notes").get_data(
        as_text=True
    )

    manager = other_client(app, make.user("manager", office_id=office.id, locale="en"))
    admin = other_client(app, make.user("admin", locale="en"))
    for reader in (manager, admin):
        for url in (f"/cases/{case.id}/notes", f"/cases/{case.id}"):
            response = reader.get(url)
            assert response.status_code == 200
            body = response.get_data(as_text=True)
            assert "Open note about training" in body, url
            assert "Secret psychosocial matter" not in body, url
            assert "Confidential" not in body, url  # not even that it exists
        assert 'name="body"' not in reader.get(f"/cases/{case.id}/notes").get_data(as_text=True)


def test_confidential_notes_stay_hidden_from_a_receiving_office(app, client, make, sign_in):
    from returnsvc.cases.models import Case
    from returnsvc.cases.transfers import request_transfer
    from returnsvc.offices.models import Office

    _, me, case = office_with_counsellor(make, sign_in)
    add_note(app, case.id, me.id, body="Secret psychosocial matter", is_confidential=True)
    receiving = make.office("EC")
    with app.test_request_context():
        request_transfer(
            db.session.get(Case, case.id),
            db.session.get(Office, receiving.id),
            reason="Moving to Quito",
            actor=None,
        )
        db.session.commit()
    there = other_client(app, make.user("counsellor", office_id=receiving.id))
    page = there.get(f"/cases/{case.id}/notes")
    assert page.status_code == 200  # they read the case to decide on the transfer
    assert "Secret psychosocial matter" not in page.get_data(as_text=True)
    assert there.post(f"/cases/{case.id}/notes", data=_form()).status_code == 403


def test_counsellor_of_another_office_gets_404(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    stranger = other_client(app, make.user("counsellor"))
    assert stranger.get(f"/cases/{case.id}/notes").status_code == 404
    assert stranger.post(f"/cases/{case.id}/notes", data=_form()).status_code == 404
    assert _notes(app, case.id) == []


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_read_only_roles_cannot_add_notes(app, client, make, sign_in, role):
    office, _, case = office_with_counsellor(make, sign_in)
    reader = other_client(app, make.user(role, office_id=office.id if role == "manager" else None))
    assert reader.post(f"/cases/{case.id}/notes", data=_form()).status_code == 403
    assert _notes(app, case.id) == []


def test_closed_case_takes_no_notes(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    close_case(app, case.id)
    page = client.get(f"/cases/{case.id}/notes").get_data(as_text=True)
    assert 'name="body"' not in page and "Reopen it to add notes" in page
    assert client.post(f"/cases/{case.id}/notes", data=_form()).status_code == 409
    assert _notes(app, case.id) == []


def test_newest_first_and_paged_without_counting(app, client, make, sign_in):
    from returnsvc.casework import queries

    _, me, case = office_with_counsellor(make, sign_in)
    start = utcnow() - timedelta(days=30)
    for n in range(5):
        add_note(
            app, case.id, me.id, body=f"Note number {n}", occurred_at=start + timedelta(days=n)
        )
    # Two notes at the same moment: the id breaks the tie, none is lost between pages.
    add_note(app, case.id, me.id, body="Note number 5", occurred_at=start + timedelta(days=4))
    original = queries.NOTES_PER_PAGE
    queries.NOTES_PER_PAGE = 2
    try:
        seen, url, pages = [], f"/cases/{case.id}/notes", 0
        while url and pages < 10:
            body = client.get(url).get_data(as_text=True)
            seen += sorted(
                (n for n in range(6) if f"Note number {n}<" in body),
                key=lambda n: body.index(f"Note number {n}<"),
            )
            pages += 1
            marker = 'rel="next" href="'
            url = (
                body.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in body else ""
            )
    finally:
        queries.NOTES_PER_PAGE = original
    assert seen == [5, 4, 3, 2, 1, 0] and pages == 3


def test_a_bad_page_anchor_shows_an_empty_page(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    other = make.case(office_id=case.office_id, counsellor_id=me.id)
    foreign = add_note(app, other.id, me.id, body="Another person's note")
    for before in (str(foreign), "999999999", "abc", "1" * 40):
        response = client.get(f"/cases/{case.id}/notes?before={before}")
        assert response.status_code == 200
        assert "Another person's note" not in response.get_data(as_text=True)


def test_statements_per_notes_page_do_not_grow_with_notes(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    add_note(app, case.id, me.id)
    client.get(f"/cases/{case.id}/notes")  # warm-up
    with count_statements(app) as few:
        client.get(f"/cases/{case.id}/notes")
    authors = [make.user("counsellor", office_id=office.id).id for _ in range(3)]
    for n in range(15):
        add_note(app, case.id, authors[n % 3], body=f"Note {n}", is_confidential=n % 2 == 0)
    with count_statements(app) as many:
        body = client.get(f"/cases/{case.id}/notes").get_data(as_text=True)
    assert body.count('class="timeline-note"') == 16
    assert few and len(many) == len(few), many
