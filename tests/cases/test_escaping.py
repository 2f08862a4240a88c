"""User text is escaped everywhere the case workspace shows it: the summary's panels, the
timeline, the action pages, the printable record, the JSON export and the flash messages.
Markup goes into every free-text field of every case feature."""

import json
from datetime import date, timedelta

from returnsvc.cases import services as case_services
from returnsvc.cases.models import Case
from returnsvc.casework import services as casework
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.partners import services as referrals
from returnsvc.partners.models import Partner, PartnerKind
from returnsvc.plans import services as plans
from returnsvc.skills import credentials
from returnsvc.skills import services as skills
from tests.cases.helpers import office_with_counsellor
from tests.returnees.test_intake import FORM

MARKUP = '<meta http-equiv="refresh" content="0;url=https://evil.example/">"><img src=x>'
RAW = ("<meta http-equiv", "<img src=x>")


def _escaped(html: str) -> bool:
    return not any(raw in html for raw in RAW) and "&lt;meta http-equiv=" in html


def _everything_marked_up(app, make, case, office, me) -> None:
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        actor = make.load_user(me.id)
        later = utcnow() + timedelta(days=2)
        casework.add_note(row, {"kind": "visit", "body": MARKUP}, actor=actor)
        casework.schedule_appointment(
            row,
            {"starts_at": later, "location": MARKUP, "purpose": MARKUP, "counsellor_id": me.id},
            actor=actor,
        )
        casework.add_task(
            row, {"title": MARKUP, "due_date": date.today(), "assignee_id": me.id}, actor=actor
        )
        goal = plans.add_goal(row, {"dimension": "social", "title": MARKUP}, actor=actor)
        plans.add_action(goal, {"title": MARKUP, "responsible": MARKUP}, actor=actor)
        partner = Partner(name=MARKUP[:150], kind=PartnerKind.TRAINING, country="EC")
        db.session.add(partner)
        db.session.flush()
        referrals.send_referral(row, {"partner_id": partner.id, "purpose": MARKUP}, actor=actor)
        skills.add_skill(row, {"free_text": MARKUP[:150], "level": "basic"}, actor=actor)
        credentials.add_qualification(
            row,
            {"title": MARKUP, "isced_level": "isced3", "issuing_country": "ES",
             "recognition_status": "not_needed"},
            actor=actor,
        )
        case_services.change_stage(
            row, "assessed", version=row.version, actor=actor, note=MARKUP
        )
        db.session.commit()


def test_every_page_of_the_workspace_escapes_user_text(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    make.complete_profile(case.returnee_id)
    _everything_marked_up(app, make, case, office, me)
    for url in (
        f"/cases/{case.id}",
        f"/cases/{case.id}/timeline",
        f"/cases/{case.id}/notes",
        f"/cases/{case.id}/appointments",
        f"/cases/{case.id}/tasks",
        f"/cases/{case.id}/plan",
        f"/cases/{case.id}/referrals",
        f"/cases/{case.id}/profile",
        f"/cases/{case.id}/person/record",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _escaped(response.get_data(as_text=True)), url
    for url in (f"/cases/{case.id}/stage", f"/cases/{case.id}/assignment"):
        html = client.get(url).get_data(as_text=True)
        assert not any(raw in html for raw in RAW), url
    export = client.get(f"/cases/{case.id}/person/export.json")
    assert export.mimetype == "application/json"
    assert MARKUP in json.loads(export.get_data())["casework"]["notes"][0]["text"]  # data as is


def test_names_in_flash_messages_are_escaped(app, client, make, sign_in):
    office = make.office("ES")
    sign_in("counsellor", office_id=office.id)
    response = client.post(
        "/returnees/new",
        data=FORM | {"given_names": MARKUP[:100], "document_number": "X-1"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "flash-success" in html
    assert not any(raw in html for raw in RAW) and "&lt;meta http-equiv=" in html


def test_codes_typed_into_refusals_are_escaped(app):
    """A code the user typed comes back in the refusal's message as text, never markup."""
    import pytest

    from returnsvc.core.refusals import Refusal

    with app.test_request_context():
        for key in ('"><img src=x>', "12<b>", "<b>1"):
            with pytest.raises(Refusal) as refused:
                skills.resolve_occupation(key)
            shown = str(refused.value.message)
            assert "<img" not in shown and "<b>" not in shown, key
