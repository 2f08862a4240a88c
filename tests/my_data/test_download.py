"""Download of my data (#17): the person's own subject-access record as JSON, as the staff
export writes it, over all their cases; never another person's, never a confidential note;
audited; only for a signed-in returnee with a linked record."""

import json

from sqlalchemy import select

from returnsvc.cases.models import CaseAccess
from returnsvc.extensions import db
from tests.casework.helpers import add_note
from tests.my_data.helpers import EN, ask, audit, client_of, close_case, world


def test_the_download_holds_the_persons_data_only_and_no_confidential_note(app, make):
    mine = world(make, given_names="Rosa Elena", phone="+593 99 111 2222")
    theirs = world(make, given_names="Zacarías", phone="+591 7 333 4444")
    add_note(app, mine.case.id, mine.counsellor.id, body="Came with her sister.")
    add_note(
        app,
        mine.case.id,
        mine.counsellor.id,
        body="SECRET: talked about the debt to the smuggler.",
        is_confidential=True,
    )
    add_note(app, theirs.case.id, theirs.counsellor.id, body="Another person's note.")
    client = client_of(app, mine.person)
    ask(client, phone="+593 99 111 2222", city="Loja")

    response = client.get("/my/data/download", headers=EN)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    data = json.loads(text)
    identity = data["person"]["identity"]
    assert identity["id"] == mine.case.returnee_id and identity["given_names"] == "Rosa Elena"
    assert identity["phone"] == "+593 99 111 2222"
    assert [case["reference"] for case in data["cases"]] == [mine.case.reference]
    assert [note["text"] for note in data["casework"]["notes"]] == ["Came with her sister."]
    assert "SECRET" not in text and "smuggler" not in text
    assert "Zacarías" not in text and "+591 7 333 4444" not in text and "Another person" not in text
    # So are their portal account and their correction request.
    account = data["portal_account"]
    assert account["email"] == mine.person.email and account["language"] == "en"
    assert account["active"] is True and "password_hash" not in text
    # The person's correction request is part of what is held about them.
    (asked,) = data["contact_corrections"]
    assert asked["asked"] == {"city": "Loja"} and asked["status"] == "pending"
    assert data["codes"]["correction_status"]["pending"] == "Waiting for the counsellor"
    # Audited as the person's own download, and a view of their case.
    (entry,) = audit(app, "returnee.own_data_downloaded")
    assert entry.actor_id == mine.person.id and entry.target_id == str(mine.case.returnee_id)
    with app.app_context():
        views = db.session.scalars(
            select(CaseAccess.what).where(
                CaseAccess.case_id == mine.case.id, CaseAccess.user_id == mine.person.id
            )
        ).all()
    assert "portal:data download" in views


def test_every_case_of_the_person_is_in_it(app, make):
    mine = world(make)
    close_case(app, mine.case.id, mine.counsellor.id)
    other_office = make.office("EC")
    newer = make.case(office_id=other_office.id, returnee_id=mine.case.returnee_id)
    data = client_of(app, mine.person).get("/my/data/download").get_json()
    assert [case["reference"] for case in data["cases"]] == [mine.case.reference, newer.reference]


def test_who_may_download(app, make, client, sign_in):
    response = client.get("/my/data/download")
    assert response.status_code == 302 and "/account/sign-in" in response.headers["Location"]
    for role in ("counsellor", "manager", "admin"):
        staff = make.user(role, locale="en")
        assert client_of(app, staff).get("/my/data/download").status_code == 403
    unlinked = make.user("returnee", locale="en")
    assert client_of(app, unlinked).get("/my/data/download").status_code == 404
    assert audit(app, "returnee.own_data_downloaded") == []


def test_an_anonymised_record_is_nobodys(app, make):
    mine = world(make)
    client = client_of(app, mine.person)
    with app.app_context():
        from returnsvc.returnees.models import Returnee

        db.session.get(Returnee, mine.case.returnee_id).anonymised_at = db.func.now()
        db.session.commit()
    assert client.get("/my/data/download").status_code == 404
