import json

from returnsvc.casework.models import CaseNote, NoteKind
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from tests.cases.helpers import office_with_counsellor, other_client
from tests.helpers import audit_actions


def _person(app, returnee_id) -> Returnee:
    with app.app_context():
        person = db.session.get(Returnee, returnee_id)
        _ = person.migration
        db.session.expunge_all()
        return person


def _edit_form(person, **changes):
    data = {
        "given_names": person.given_names,
        "first_surname": person.first_surname,
        "second_surname": person.second_surname,
        "sex": person.sex.value,
        "birth_date": "",
        "nationality": person.nationality,
        "document_type": person.document_type.value,
        "document_number": person.document_number,
        "document_country": person.document_country,
        "phone": person.phone,
        "email": person.email,
        "origin_country": person.origin_country,
        "region_code": person.region_code,
        "city": person.city,
        "address": person.address,
        "household_size": str(person.household_size or ""),
        "dependants": "",
        "education_level": "",
        "languages": ["es"],
        "years_abroad": "8",
        "return_programme": "apre",
        "version": str(person.version),
    }
    data.update(changes)
    return data


def test_edit_person_and_migration(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    person = _person(app, case.returnee_id)
    response = client.post(
        f"/cases/{case.id}/person/edit", data=_edit_form(person, city="Gualaceo", years_abroad="12")
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    saved = _person(app, case.returnee_id)
    assert saved.city == "Gualaceo" and saved.migration.years_abroad == 12
    assert saved.version == person.version + 1
    assert "returnee.updated" in audit_actions(app, actor_id=me.id)


def test_stale_person_edit_shows_both_values(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    person = _person(app, case.returnee_id)
    with app.app_context():
        row = db.session.get(Returnee, case.returnee_id)
        row.city = "Azogues"
        db.session.commit()
    response = client.post(f"/cases/{case.id}/person/edit", data=_edit_form(person, city="Paute"))
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Azogues" in body and "Paute" in body
    assert _person(app, case.returnee_id).city == "Azogues"


def test_consents_given_and_withdrawn_with_audit(app, client, make, sign_in):
    _, me, case = office_with_counsellor(make, sign_in)
    assert client.post(f"/cases/{case.id}/person/consents/sharing/withdraw").status_code == 302
    assert _person(app, case.returnee_id).consent_sharing_at is None
    client.post(f"/cases/{case.id}/person/consents/sharing/give")
    person = _person(app, case.returnee_id)
    assert person.consent_sharing_at is not None and person.consent_sharing_by_id == me.id
    # The service consent cannot simply be withdrawn while the case is open.
    client.post(f"/cases/{case.id}/person/consents/service/withdraw")
    assert _person(app, case.returnee_id).consent_service_at is not None
    assert client.post(f"/cases/{case.id}/person/consents/nonsense/give").status_code == 404
    actions = audit_actions(app, actor_id=me.id)
    assert "returnee.consent_withdrawn" in actions and "returnee.consent_given" in actions


def _add_note(app, case_id, body, confidential):
    with app.app_context():
        db.session.add(
            CaseNote(case_id=case_id, kind=NoteKind.VISIT, body=body, is_confidential=confidential)
        )
        db.session.commit()


def test_subject_access_export(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    _add_note(app, case.id, "Visita al domicilio", False)
    _add_note(app, case.id, "Apoyo psicosocial", True)
    response = client.get(f"/cases/{case.id}/person/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    # One section per registered contribution, in their order, then how it is written.
    assert list(data) == [
        "person", "portal_account", "contact_corrections", "cases", "casework", "plan",
        "referrals", "matches", "interests", "enterprise", "savings",
        "apre", "skills_profile", "messages", "formats", "codes",
    ]  # fmt: skip
    assert data["person"]["identity"]["first_surname"] == "Guamán"
    assert data["person"]["consents"]["service"] is not None
    assert data["cases"][0]["reference"] == case.reference
    texts = [n["text"] for n in data["casework"]["notes"]]
    assert texts == ["Visita al domicilio", "Apoyo psicosocial"]
    assert "returnee.exported" in audit_actions(app)
    # A manager's export leaves the confidential note out and says so.
    manager = make.user("manager", office_id=case.office_id)
    managed = json.loads(
        other_client(app, manager)
        .get(f"/cases/{case.id}/person/export.json")
        .get_data(as_text=True)
    )
    assert [n["text"] for n in managed["casework"]["notes"]] == ["Visita al domicilio"]
    assert managed["casework"]["confidential_notes_not_included"] == 1
    printable = client.get(f"/cases/{case.id}/person/record")
    assert printable.status_code == 200 and "Apoyo psicosocial" in printable.get_data(as_text=True)


def test_manager_anonymises_with_confirmation(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    _add_note(app, case.id, "Datos sensibles", False)
    manager = make.user("manager", office_id=case.office_id)
    browser = other_client(app, manager)
    assert browser.get(f"/cases/{case.id}/person/anonymise").status_code == 200
    wrong = browser.post(f"/cases/{case.id}/person/anonymise", data={"confirm_name": "Otro"})
    assert wrong.status_code == 200
    assert _person(app, case.returnee_id).anonymised_at is None
    done = browser.post(f"/cases/{case.id}/person/anonymise", data={"confirm_name": "guamán"})
    assert done.status_code == 302
    person = _person(app, case.returnee_id)
    assert person.anonymised_at is not None
    assert (
        person.given_names,
        person.first_surname,
        person.document_number,
        person.phone,
        person.search_text,
    ) == ("", "", None, "", "")
    assert person.sex.value == "female" and person.origin_country == "EC"  # statistics kept
    with app.app_context():
        assert db.session.query(CaseNote).filter_by(case_id=case.id).one().body == ""
    assert "returnee.anonymised" in audit_actions(app, actor_id=manager.id)
    # Counsellors cannot anonymise.
    assert client.get(f"/cases/{case.id}/person/anonymise").status_code == 403
