"""The case workspace: features plug in through the registry (cases.workspace), and an app
built without a feature has no trace of it on the case page, in the subject-access export or
in anonymisation."""

import json

from sqlalchemy import select

from returnsvc.cases.workspace import workspace_of
from returnsvc.extensions import db
from returnsvc.plans.models import PlanGoal
from tests.cases.helpers import office_with_counsellor
from tests.conftest import make_test_app
from tests.factories import DEFAULT_PASSWORD


def test_every_case_feature_registers_its_parts(app):
    ws = workspace_of(app)
    assert [tab.endpoint for tab in ws.tabs] == [
        "cases.detail",
        "person.profile",
        "skills.profile",
        "casework.notes",
        "casework.appointments",
        "casework.tasks",
        "messages.case_messages",
        "plans.plan",
        "matches.case_matches",
        "enterprise.case_enterprises",
        "savings.case_savings",
        "apre.case_apre",
        "partners.case_referrals",
        "invitations.portal_access",
        "cases.access_log",
    ]
    assert [p.name for p in ws.panels] == [
        "my_data", "casework", "plan", "referrals", "matches", "enterprise", "savings", "skills",
        "apre",
        "stages",
    ]  # fmt: skip
    assert [s.name for s in ws.subject_sections] == [
        "person", "portal_account", "contact_corrections", "cases", "casework", "plan",
        "referrals", "matches", "interests", "enterprise", "savings",
        "apre", "skills_profile", "messages",
    ]  # fmt: skip
    assert {step.name for step in ws.erasure_steps} == {
        "case text", "notes, appointments and tasks", "plan", "referrals", "skills profile",
        "matches", "enterprise", "savings", "messages", "contact corrections",
    }  # fmt: skip
    # Every kind of event a source may give has a way to read it.
    assert {k.split(".")[0] for k in ws.event_kinds} == {
        "case", "person", "casework", "plan", "referral", "skills", "match", "enterprise",
        "savings", "apre", "portal_access", "messages", "my_data",
    }  # fmt: skip


def test_an_app_without_the_plan_feature_has_no_trace_of_it(app, make, sign_in, tx, monkeypatch):
    without = make_test_app(
        app.config["SQLALCHEMY_DATABASE_URI"], leave_out=("returnsvc.plans.views",)
    )
    with without.app_context():  # the test's transaction, as for the main app (conftest.tx)
        db.session.configure(join_transaction_mode="create_savepoint")
        monkeypatch.setitem(db.engines, None, tx)
    ws = workspace_of(without)
    assert "plans.plan" not in {tab.endpoint for tab in ws.tabs}
    assert "plan" not in {p.name for p in ws.panels}
    assert not any(kind.startswith("plan.") for kind in ws.event_kinds)
    assert "plan" not in {s.name for s in ws.subject_sections}
    assert "plan" not in {step.name for step in ws.erasure_steps}

    # Its pages still work: a case with a plan goal, seen and exported without the feature.
    office, me, case = office_with_counsellor(make, sign_in)
    with app.app_context():
        db.session.add(PlanGoal(case_id=case.id, dimension="economic", title="Open a workshop"))
        db.session.commit()
    client = without.test_client()
    client.post("/account/sign-in", data={"email": me.email, "password": DEFAULT_PASSWORD})
    page = client.get(f"/cases/{case.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and case.reference in html and "Tareas" in html
    assert "Open a workshop" not in html and f"/cases/{case.id}/plan" not in html
    export = json.loads(client.get(f"/cases/{case.id}/person/export.json").get_data())
    assert "plan" not in export and "casework" in export
    assert client.get(f"/cases/{case.id}/plan").status_code == 404


def test_anonymisation_runs_every_registered_step(app, make, sign_in):
    from tests.cases.helpers import other_client

    office, me, case = office_with_counsellor(make, sign_in)
    with app.app_context():
        db.session.add(PlanGoal(case_id=case.id, dimension="economic", title="Treat depression"))
        db.session.commit()
    manager = make.user("manager", office_id=office.id)
    done = other_client(app, manager).post(
        f"/cases/{case.id}/person/anonymise", data={"confirm_name": "guamán"}
    )
    assert done.status_code == 302
    with app.app_context():
        goal = db.session.scalar(select(PlanGoal).where(PlanGoal.case_id == case.id))
        assert goal.title == "—"
