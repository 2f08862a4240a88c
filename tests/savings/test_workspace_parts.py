"""What savings hang on the case workspace besides the tab: the panel, the timeline (one
statement whatever the sources), the subject-access record (JSON and printable) and the erasure
step that blanks the account's digits and leaves the ledger alone."""

import json
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.cases.workspace import workspace_of
from returnsvc.core.clock import local_today
from returnsvc.extensions import db
from returnsvc.savings import services
from returnsvc.savings.models import EntryKind, SavingsEntry, SavingsPlan
from tests.cases.helpers import office_with_counsellor, other_client

EN = {"Accept-Language": "en"}


def _plan_with_ledger(app, case_id) -> tuple[int, list[int]]:
    today = local_today()
    with app.test_request_context(headers=EN):
        plan = services.open_plan(
            db.session.get(Case, case_id),
            {"purpose": "education", "target_amount": Decimal("900"), "currency": "EUR",
             "target_date": today + timedelta(days=300), "account": "ES00 1111 2222 3344",
             "starts_on": today - timedelta(days=60)},
            actor=None,
        )  # fmt: skip
        sent = services.record_entry(
            plan,
            EntryKind.REMITTANCE,
            {"amount": Decimal("92.50"), "booked_on": today - timedelta(days=30),
             "sent_amount": Decimal("100"), "sent_currency": "USD", "sender_country": "US",
             "channel": "mobile"},
            actor=None,
        )  # fmt: skip
        wages = services.record_entry(
            plan, EntryKind.WAGES, {"amount": Decimal("50"), "booked_on": today}, actor=None
        )
        reversal = services.reverse_entry(wages, {"reason": "wrong_plan"}, actor=None)
        db.session.commit()
        return plan.id, [sent.id, wages.id, reversal.id]


def test_savings_register_every_part(app):
    ws = workspace_of(app)
    assert "savings.case_savings" in [tab.endpoint for tab in ws.tabs]
    assert "savings" in [p.name for p in ws.panels]
    assert "savings" in [s.name for s in ws.subject_sections]
    assert "savings" in [step.name for step in ws.erasure_steps]
    assert {"savings.plan_opened", "savings.entry", "savings.plan_closed"} <= set(ws.event_kinds)
    assert {"savings plans", "savings entries", "savings plans closed"} <= {
        source.name for source in ws.timeline_sources
    }


def test_the_subject_access_record_holds_every_plan_and_entry(app, client, make, sign_in):
    _office, _me, case = office_with_counsellor(make, sign_in)
    plan_id, entry_ids = _plan_with_ledger(app, case.id)
    export = json.loads(client.get(f"/cases/{case.id}/person/export.json").get_data())
    (plan,) = export["savings"]
    assert plan["purpose"] == "education" and plan["target_amount"] == "900.00"
    assert plan["account_last4"] == "3344" and plan["balance"] == "92.50"
    assert [e["id"] for e in plan["entries"]] == entry_ids
    sent, _wages, reversal = plan["entries"]
    assert (sent["sent_amount"], sent["sent_currency"]) == ("100.00", "USD")
    assert sent["rate"] == "0.92500000"
    assert sent["sender_country"] == "US" and sent["channel"] == "mobile"
    assert reversal["reverses"] == entry_ids[1] and reversal["reversal_reason"] == "wrong_plan"
    assert export["codes"]["reversal_reason"]["wrong_plan"]
    # The printable record is a document for the person, in their language (Spanish here).
    record = client.get(f"/cases/{case.id}/person/record").get_data(as_text=True)
    assert 'id="record-savings"' in record and "cuenta terminada en 3344" in record
    assert "Registrado en el plan equivocado" in record
    assert plan_id


def test_anonymising_blanks_the_account_and_keeps_the_ledger(app, make, sign_in):
    office, _me, case = office_with_counsellor(make, sign_in)
    plan_id, entry_ids = _plan_with_ledger(app, case.id)
    with app.app_context():
        before = db.session.get(SavingsPlan, plan_id).version
        ledger_before = db.session.execute(
            select(SavingsEntry.id, SavingsEntry.amount).order_by(SavingsEntry.id)
        ).all()
    manager = make.user("manager", office_id=office.id)
    done = other_client(app, manager).post(
        f"/cases/{case.id}/person/anonymise", data={"confirm_name": "guamán"}
    )
    assert done.status_code == 302
    with app.app_context():
        plan = db.session.get(SavingsPlan, plan_id)
        assert plan.account_last4 == "" and plan.masked_account == ""
        assert plan.version == before + 1
        assert plan.target_amount == Decimal("900.00")
        assert (
            db.session.execute(
                select(SavingsEntry.id, SavingsEntry.amount).order_by(SavingsEntry.id)
            ).all()
            == ledger_before
        )
    assert [row.id for row in ledger_before] == entry_ids


def test_the_case_page_reads_savings_within_its_statements(app, client, make, sign_in):
    from tests.helpers import count_statements

    _office, _me, case = office_with_counsellor(make, sign_in)
    with count_statements(app) as without:
        assert client.get(f"/cases/{case.id}").status_code == 200
    _plan_with_ledger(app, case.id)
    _plan_with_ledger(app, case.id)
    with count_statements(app) as with_plans:
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert len(with_plans) == len(without)
    assert "savings-panel-title" in page and "<progress" in page
