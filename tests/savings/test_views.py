"""The Savings tab as a counsellor uses it: a plan for a business's capital opened with its
computed monthly deposit, deposits from a remittance sent in euros and from wages, interest, a
withdrawal and a reversal, the ledger page by page, closing; refusals next to their field with
nothing written; ids of other cases answered 404; managers and administrators read, never
write; markup stays text."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from returnsvc.cases.models import Case, CaseAccess
from returnsvc.core.clock import local_today
from returnsvc.enterprise import services as enterprise_services
from returnsvc.extensions import db
from returnsvc.partners.services import create_partner
from returnsvc.savings import ledger, services
from returnsvc.savings.models import EntryKind, PlanStatus, SavingsEntry, SavingsPlan
from tests.cases.helpers import other_client
from tests.helpers import audit_actions

TODAY = local_today
IMG = '"><img src=x onerror=alert(1)>'
META = "<meta http-equiv=refresh content=0>"
LIVE = ("<img src=x", "<meta http-equiv")


def _text(response) -> str:
    return response.get_data(as_text=True)


def _read(response) -> str:
    """The page as read (entities decoded): for matching messages, never for markup."""
    return html.unescape(_text(response))


def _live(html: str) -> list[str]:
    return [raw for raw in LIVE if raw in html]


def _setup(make, sign_in, locale="en"):
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id, locale=locale)
    case = make.case(office_id=office.id, counsellor_id=me.id)  # from Ecuador: dollars
    return office, me, case


def _partner(app, name, kind="financial", country="EC") -> int:
    with app.test_request_context():
        partner = create_partner({"name": name, "kind": kind, "country": country}, actor=None)
        db.session.commit()
        return partner.id


def _enterprise(app, case_id, name="Panadería Loja") -> int:
    with app.test_request_context():
        enterprise = enterprise_services.create_enterprise(
            db.session.get(Case, case_id), {"name": name, "sector": "C", "jobs_owner": 1},
            actor=None,
        )  # fmt: skip
        db.session.commit()
        return enterprise.id


def _plan(app, case_id, **data) -> int:
    values = {
        "purpose": "housing",
        "target_amount": Decimal("1200"),
        "currency": "USD",
        "target_date": TODAY() + timedelta(days=400),
    } | data
    with app.test_request_context(headers={"Accept-Language": "en"}):
        plan = services.open_plan(db.session.get(Case, case_id), values, actor=None)
        db.session.commit()
        return plan.id


def _entry(app, plan_id, amount, kind=EntryKind.WAGES, **data) -> int:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        values = {"amount": Decimal(amount), "booked_on": TODAY()} | data
        plan = db.session.get(SavingsPlan, plan_id)
        entry = services.record_entry(plan, kind, values, actor=None)
        db.session.commit()
        return entry.id


def _plan_row(app, plan_id) -> SavingsPlan:
    with app.app_context():
        plan = db.session.get(SavingsPlan, plan_id)
        db.session.expunge(plan)
        return plan


def _entries(app, plan_id=None) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(SavingsEntry)
        if plan_id is not None:
            stmt = stmt.where(SavingsEntry.plan_id == plan_id)
        return db.session.scalar(stmt)


def _plans(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SavingsPlan))


# --- the journey ------------------------------------------------------------------------------


def test_a_counsellor_opens_a_plan_and_keeps_its_ledger(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in)
    enterprise_id = _enterprise(app, case.id)
    bank = _partner(app, "Cooperativa Jardín Azuayo")
    spanish_bank = _partner(app, "Caja Rural de Granada", country="ES")
    school = _partner(app, "Instituto Técnico", kind="training")
    bolivian_bank = _partner(app, "Banco Sol", country="BO")

    form = _text(client.get(f"/cases/{case.id}/savings/new"))
    assert '<option selected value="USD">' in form
    assert "Panadería Loja" in form and "Cooperativa Jardín Azuayo" in form
    assert "Caja Rural de Granada" in form
    assert "Instituto Técnico" not in form and "Banco Sol" not in form
    assert school and bolivian_bank and spanish_bank

    target_date = TODAY() + timedelta(days=400)
    opened = client.post(
        f"/cases/{case.id}/savings/new",
        data={
            "purpose": "enterprise_capital",
            "enterprise_id": enterprise_id,
            "target_amount": "1,200.50",
            "currency": "USD",
            "target_date": target_date.isoformat(),
            "institution_id": bank,
            "account": "ES12 3456 7890 1234",
        },
        follow_redirects=True,
    )
    html = _text(opened)
    assert opened.status_code == 200, html[:3000]
    with app.app_context():
        plan = db.session.scalar(select(SavingsPlan).where(SavingsPlan.case_id == case.id))
        assert (plan.enterprise_id, plan.institution_id) == (enterprise_id, bank)
        assert plan.account_last4 == "1234" and plan.target_amount == Decimal("1200.50")
        expected = ledger.recommended_monthly(Decimal("1200.50"), Decimal(0), TODAY(), target_date)
        assert plan.recommended_monthly == expected
        plan_id = plan.id
    # The computed deposit is shown with the confirmation.
    assert f"Recommended monthly deposit: ${expected:,}" in html

    base = f"/cases/{case.id}/savings/{plan_id}/entries/new"
    assert 'selected value="ES"' in _text(client.get(f"{base}/remittance"))
    today = TODAY().isoformat()
    for kind, data in (
        ("remittance", {"sender_country": "ES", "channel": "operator", "sent_currency": "EUR",
                        "sent_amount": "500", "amount": "540"}),
        ("wages", {"amount": "100"}),
        ("interest", {"amount": "2.50"}),
        ("withdrawal", {"amount": "40", "withdrawal_purpose": "business"}),
    ):  # fmt: skip
        done = client.post(f"{base}/{kind}", data={"booked_on": today, **data})
        assert done.status_code == 302, (kind, _text(done)[:3000])
    assert _entries(app, plan_id) == 4

    tab = _text(client.get(f"/cases/{case.id}/savings"))
    assert "$602.50" in tab and "<progress" in tab and "•••• 1234" in tab
    assert "Cooperativa Jardín Azuayo" in tab and "Panadería Loja" in tab
    assert " style=" not in tab

    page = _text(client.get(f"/cases/{case.id}/savings/{plan_id}"))
    assert "sent €500.00, rate 1.08" in page and "from Spain" in page
    assert "Money transfer operator" in page and "for: The business" in page
    assert "−$40.00" in page or "-$40.00" in page
    assert "+$540.00" in page

    with app.app_context():
        wages_id = db.session.scalar(
            select(SavingsEntry.id).where(
                SavingsEntry.plan_id == plan_id, SavingsEntry.kind == EntryKind.WAGES
            )
        )
    assert client.get(f"/cases/{case.id}/savings/entries/{wages_id}/reverse").status_code == 200
    reversed_ = client.post(
        f"/cases/{case.id}/savings/entries/{wages_id}/reverse",
        data={"reason": "duplicate"},
        follow_redirects=True,
    )
    html = _text(reversed_)
    assert reversed_.status_code == 200 and "Entry reversed" in html
    assert "Reversed by entry" in html and f"Reverses entry {wages_id}" in html
    assert "Recorded twice" in html

    # A plan that holds money is not closed.
    version = _plan_row(app, plan_id).version
    refused = client.post(f"/cases/{case.id}/savings/{plan_id}/close", data={"version": version})
    assert refused.status_code == 200
    assert "Withdraw the balance before closing the plan." in _text(refused)
    assert _plan_row(app, plan_id).status is PlanStatus.ACTIVE

    assert [a for a in audit_actions(app) if a.startswith("savings")] == [
        "savings_plan.opened", *["savings_entry.recorded"] * 4, "savings_entry.reversed",
    ]  # fmt: skip


def test_a_plan_is_changed_and_closed_and_the_timeline_tells_it(app, client, make, sign_in):
    _office, me, case = _setup(make, sign_in)
    plan_id = _plan(app, case.id)
    entry_id = _entry(app, plan_id, "80")
    edit = client.get(f"/cases/{case.id}/savings/{plan_id}/edit")
    assert edit.status_code == 200 and 'value="1200.00"' in _text(edit)
    version = _plan_row(app, plan_id).version
    changed = client.post(
        f"/cases/{case.id}/savings/{plan_id}/edit",
        data={"purpose": "education", "target_amount": "2,000", "version": version,
              "target_date": (TODAY() + timedelta(days=700)).isoformat(),
              "recommended_monthly": "", "account": "9876"},
        follow_redirects=True,
    )  # fmt: skip
    assert "Savings plan saved. Recommended monthly deposit:" in _text(changed)
    plan = _plan_row(app, plan_id)
    assert plan.target_amount == Decimal("2000.00") and plan.account_last4 == "9876"
    # A stale form is a conflict, never an overwrite.
    stale = client.post(
        f"/cases/{case.id}/savings/{plan_id}/edit",
        data={"purpose": "housing", "target_amount": "5", "version": version,
              "target_date": (TODAY() + timedelta(days=700)).isoformat()},
    )  # fmt: skip
    assert stale.status_code == 409 and _plan_row(app, plan_id).target_amount == Decimal("2000")

    take = client.post(
        f"/cases/{case.id}/savings/{plan_id}/entries/new/withdrawal",
        data={"booked_on": TODAY().isoformat(), "amount": "80", "withdrawal_purpose": "health"},
    )
    assert take.status_code == 302
    closed = client.post(
        f"/cases/{case.id}/savings/{plan_id}/close",
        data={"version": _plan_row(app, plan_id).version},
        follow_redirects=True,
    )
    assert "The savings plan is closed." in _text(closed)
    assert _plan_row(app, plan_id).status is PlanStatus.CLOSED
    # A closed plan offers no more entries; one sent anyway is refused.
    tab = _text(client.get(f"/cases/{case.id}/savings"))
    assert "entries/new" not in tab and "Closed" in tab
    late = client.post(
        f"/cases/{case.id}/savings/{plan_id}/entries/new/wages",
        data={"booked_on": TODAY().isoformat(), "amount": "5"},
    )
    assert late.status_code == 200 and "This savings plan is closed." in _text(late)

    timeline = _text(client.get(f"/cases/{case.id}/timeline"))
    assert "Savings plan opened (Education)" in timeline
    assert "Goal $2,000.00 by" in timeline
    assert "Savings (Education): Deposit from wages, +$80.00" in timeline
    assert "Savings (Education): Withdrawal, -$80.00" in timeline
    assert "Savings plan closed (Education, goal $2,000.00)" in timeline
    assert "Deposit from wages" in timeline and entry_id and me.id


def test_a_reversal_on_the_timeline_names_the_entry_it_cancels(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in)
    plan_id = _plan(app, case.id)
    entry_id = _entry(app, plan_id, "25", EntryKind.INTEREST)
    client.post(f"/cases/{case.id}/savings/entries/{entry_id}/reverse", data={"reason": "other"})
    timeline = _text(client.get(f"/cases/{case.id}/timeline"))
    assert "Savings entry reversed (Housing): Interest of" in timeline
    assert "-$25.00" in timeline and "Other mistake" in timeline


# --- reading the tab --------------------------------------------------------------------------


def test_the_tab_counts_missed_months_as_the_services_do(app, ctx, make):
    case = make.case()
    start = TODAY().replace(day=1) - timedelta(days=100)
    plan_id = _plan(
        app, case.id, starts_on=start, recommended_monthly=Decimal("100"),
        target_date=TODAY() + timedelta(days=300),
    )  # fmt: skip
    _entry(app, plan_id, "100", booked_on=start + timedelta(days=3))
    twice = _entry(app, plan_id, "100", booked_on=start + timedelta(days=40))
    _entry(app, plan_id, "100", EntryKind.INTEREST, booked_on=start + timedelta(days=70))
    with app.test_request_context():
        services.reverse_entry(db.session.get(SavingsEntry, twice), {"reason": "duplicate"},
                               actor=None)  # fmt: skip
        db.session.commit()
    from returnsvc.savings.queries import plans_of

    (view,) = plans_of(case.id, TODAY())
    plan = view.plan
    months = ledger.counted_months(plan.starts_on, plan.target_date, TODAY())
    expected = ledger.missed_months(
        months, plan.recommended_monthly, services.deposited_by_month(plan_id)
    )
    assert view.counted == months and view.missed == expected
    assert len(months) >= 3 and months[0] not in view.missed and months[1] in view.missed
    assert view.balance == Decimal("200.00")


def test_the_tab_reads_a_fixed_number_of_statements(app, client, make, sign_in):
    from tests.helpers import count_statements

    _office, _me, case = _setup(make, sign_in)
    plan_id = _plan(app, case.id)
    _entry(app, plan_id, "10")
    with count_statements(app) as few:
        assert client.get(f"/cases/{case.id}/savings").status_code == 200
    for _ in range(3):
        other = _plan(app, case.id, target_amount=Decimal("500"))
        for amount in range(1, 12):
            _entry(app, other, str(amount))
    with count_statements(app) as many:
        html = _text(client.get(f"/cases/{case.id}/savings"))
    assert html.count('<article class="panel"') == 4
    assert len(many) == len(few)
    with count_statements(app) as ledger_page:
        assert client.get(f"/cases/{case.id}/savings/{other}").status_code == 200
    assert len(ledger_page) <= len(few) + 2


def test_the_ledger_is_paged_newest_first(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in)
    plan_id = _plan(app, case.id, starts_on=TODAY() - timedelta(days=200))
    with app.test_request_context():
        plan = db.session.get(SavingsPlan, plan_id)
        ids = [
            services.record_entry(
                plan, EntryKind.WAGES,
                {"amount": Decimal(n + 1), "booked_on": TODAY() - timedelta(days=120 - n)},
                actor=None,
            ).id
            for n in range(120)
        ]  # fmt: skip
        db.session.commit()
    first = _text(client.get(f"/cases/{case.id}/savings/{plan_id}"))
    assert first.count('<tr id="entry-') == 50
    assert f'id="entry-{ids[-1]}"' in first and f'id="entry-{ids[70]}"' in first
    assert f'id="entry-{ids[69]}"' not in first
    assert f"start={ids[69]}" in first
    second = _text(client.get(f"/cases/{case.id}/savings/{plan_id}?start={ids[69]}"))
    assert second.count('<tr id="entry-') == 50 and f'id="entry-{ids[69]}"' in second
    third = _text(client.get(f"/cases/{case.id}/savings/{plan_id}?start={ids[19]}"))
    assert third.count('<tr id="entry-') == 20 and "Older entries" not in third
    # An entry of another plan, or nonsense, is the first page.
    other = _plan(app, case.id)
    foreign = _entry(app, other, "1")
    for start in (str(foreign), "²", "-1", "99999999999999999999", "1e3"):
        page = client.get(f"/cases/{case.id}/savings/{plan_id}?start={start}")
        assert page.status_code == 200 and f'id="entry-{ids[-1]}"' in _text(page)


def test_the_summary_panel_shows_the_active_plans(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in)
    summary = _text(client.get(f"/cases/{case.id}"))
    assert "No savings plan yet." in summary
    plan_id = _plan(app, case.id)
    _entry(app, plan_id, "300")
    closed = _plan(app, case.id, purpose="education")
    with app.test_request_context():
        services.close_plan(db.session.get(SavingsPlan, closed), actor=None,
                            version=_plan_row(app, closed).version)  # fmt: skip
        db.session.commit()
    summary = _text(client.get(f"/cases/{case.id}"))
    assert "1 active savings plan" in summary
    assert "$300.00 of $1,200.00" in summary and 'value="25"' in summary
    assert "Education" not in summary.split("savings-panel-title")[1].split("</section>")[0]


# --- who may do what --------------------------------------------------------------------------


def _urls(case_id, plan_id, entry_id):
    plan = f"/cases/{case_id}/savings/{plan_id}"
    return {
        "read": [f"/cases/{case_id}/savings", plan],
        "write": [
            f"/cases/{case_id}/savings/new",
            f"{plan}/edit",
            f"{plan}/close",
            f"{plan}/entries/new/wages",
            f"/cases/{case_id}/savings/entries/{entry_id}/reverse",
        ],
    }


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_administrators_read_but_never_write(app, make, role):
    office = make.office("ES")
    case = make.case(office_id=office.id)
    plan_id = _plan(app, case.id)
    entry_id = _entry(app, plan_id, "10")
    client = other_client(app, make.user(role, office_id=office.id, locale="en"))
    urls = _urls(case.id, plan_id, entry_id)
    for url in urls["read"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/entries/new/" not in _text(response) and "/reverse" not in _text(response)
    with app.app_context():  # every read is in the case's access log
        seen = db.session.scalars(
            select(CaseAccess.what).where(CaseAccess.case_id == case.id)
        ).all()
    assert seen.count("savings") == len(urls["read"])
    for url in urls["write"]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={"amount": "5", "reason": "other"}).status_code == 403
    assert _entries(app) == 1 and _plans(app) == 1


def test_returnees_are_refused_and_other_offices_see_nothing(app, make):
    office = make.office("ES")
    case = make.case(office_id=office.id)
    plan_id = _plan(app, case.id)
    entry_id = _entry(app, plan_id, "10")
    urls = _urls(case.id, plan_id, entry_id)
    returnee = other_client(app, make.user("returnee"))
    stranger = other_client(app, make.user("counsellor", office_id=make.office("ES").id))
    for url in urls["read"] + urls["write"]:
        assert returnee.get(url).status_code == 403, url
        assert stranger.get(url).status_code == 404, url
    for url in urls["write"]:
        assert returnee.post(url, data={"amount": "5", "reason": "other"}).status_code == 403
        assert stranger.post(url, data={"amount": "5", "reason": "other"}).status_code == 404
    assert _entries(app) == 1


def test_ids_of_another_case_answer_404(app, client, make, sign_in):
    office, me, case = _setup(make, sign_in)
    mine = _plan(app, case.id)
    other_case = make.case(office_id=office.id, counsellor_id=me.id)
    theirs = _plan(app, other_case.id)
    their_entry = _entry(app, theirs, "10")
    for url in (
        f"/cases/{case.id}/savings/{theirs}",
        f"/cases/{case.id}/savings/{theirs}/edit",
        f"/cases/{case.id}/savings/{theirs}/close",
        f"/cases/{case.id}/savings/{theirs}/entries/new/wages",
        f"/cases/{case.id}/savings/entries/{their_entry}/reverse",
    ):
        assert client.get(url).status_code == 404, url
        if not url.endswith(str(theirs)):
            assert client.post(url, data={"amount": "5", "reason": "other"}).status_code == 404
    assert client.get(f"/cases/{case.id}/savings/{mine}/entries/new/apre").status_code == 404
    assert client.get(f"/cases/{case.id}/savings/{mine}/entries/new/reversal").status_code == 404
    assert _entries(app) == 1


# --- bad input --------------------------------------------------------------------------------

ODD = ("²", "-1", "2147483648", "1e3", "٣", "0")


def _open_data(**changes) -> dict:
    return {
        "purpose": "housing",
        "target_amount": "1200",
        "currency": "USD",
        "target_date": (TODAY() + timedelta(days=400)).isoformat(),
    } | changes


@pytest.mark.parametrize(
    "changes",
    [
        *({"institution_id": odd} for odd in ODD),
        *({"enterprise_id": odd, "purpose": "enterprise_capital"} for odd in ODD),
        *({"target_amount": odd} for odd in ("²", "-1", "1e3", "٣", "0", "1000000000000")),
        *({"recommended_monthly": odd} for odd in ("²", "-1", "1e3", "0")),
        {"target_date": "2001-05-04"},
        {"target_date": "31/12/2030"},
        {"target_date": ""},
        {"starts_on": (TODAY() + timedelta(days=3)).isoformat()},
        {"currency": "XYZ"},
        {"purpose": "lottery"},
        {"account": "<>\"'"},
    ],
)
def test_bad_input_on_opening_a_plan_is_refused_and_writes_nothing(
    app, client, make, sign_in, changes
):
    _office, _me, case = _setup(make, sign_in)
    response = client.post(f"/cases/{case.id}/savings/new", data=_open_data(**changes))
    assert response.status_code == 200
    assert "There is a problem" in _text(response)
    assert _plans(app) == 0
    assert "savings_plan.opened" not in audit_actions(app)


def test_foreign_businesses_and_institutions_are_refused(app, client, make, sign_in):
    office, me, case = _setup(make, sign_in)
    other_case = make.case(office_id=office.id, counsellor_id=me.id)
    their_business = _enterprise(app, other_case.id)
    school = _partner(app, "Instituto Técnico", kind="training")
    bolivian_bank = _partner(app, "Banco Sol", country="BO")
    for changes, message in (
        ({"purpose": "enterprise_capital", "enterprise_id": their_business},
         "Choose one of this person's businesses."),
        ({"institution_id": school}, "Choose a bank or savings institution of the list."),
        ({"institution_id": bolivian_bank}, "Choose a bank or savings institution of the list."),
    ):  # fmt: skip
        response = client.post(f"/cases/{case.id}/savings/new", data=_open_data(**changes))
        assert response.status_code == 200 and message in _read(response)
    assert _plans(app) == 0


@pytest.mark.parametrize(
    ("kind", "changes", "message"),
    [
        *(("wages", {"amount": odd}, None) for odd in ("²", "-1", "1e3", "٣", "0", "")),
        ("wages", {"booked_on": "2001-05-04"}, "That date is before the plan started."),
        ("wages", {"booked_on": "tomorrow"}, None),
        ("interest", {"amount": "1_000"}, None),
        ("withdrawal", {"amount": "10.01", "withdrawal_purpose": "health"},
         "That is more than the plan holds ($10.00)."),
        ("withdrawal", {"amount": "5"}, "Choose what the money was taken out for."),
        ("remittance", {"amount": "5", "channel": "bank", "sender_country": "XX"},
         "Choose the country the money was sent from."),
        ("remittance", {"amount": "5", "channel": "", "sender_country": "ES"},
         "Choose how the money was sent."),
        ("remittance", {"amount": "5", "channel": "bank", "sender_country": "ES",
                        "sent_currency": "EUR", "sent_amount": ""}, "Enter the amount sent."),
        ("remittance", {"amount": "5", "channel": "bank", "sender_country": "ES",
                        "sent_currency": "EUR", "sent_amount": "²"}, None),
        ("remittance", {"amount": "5", "channel": "bank", "sender_country": "ES",
                        "sent_currency": "GBP", "sent_amount": "5"}, "Choose the currency."),
    ],
)  # fmt: skip
def test_bad_entries_are_refused_and_write_nothing(
    app, client, make, sign_in, kind, changes, message
):
    _office, _me, case = _setup(make, sign_in)
    plan_id = _plan(app, case.id, starts_on=TODAY() - timedelta(days=30))
    _entry(app, plan_id, "10")
    data = {"booked_on": TODAY().isoformat(), "amount": "5"} | changes
    response = client.post(f"/cases/{case.id}/savings/{plan_id}/entries/new/{kind}", data=data)
    page = _read(response)
    assert response.status_code == 200 and "There is a problem" in page
    if message:
        assert message in page
    assert _entries(app) == 1


@pytest.mark.parametrize("version", ["²", "-1", "2147483648", "1e3", "0", ""])
def test_odd_versions_are_stale_edits(app, client, make, sign_in, version):
    _office, _me, case = _setup(make, sign_in)
    plan_id = _plan(app, case.id)
    before = _plan_row(app, plan_id)
    for url, data in (
        ("edit", _open_data(target_amount="99", version=version)),
        ("close", {"version": version}),
    ):
        response = client.post(f"/cases/{case.id}/savings/{plan_id}/{url}", data=data)
        assert response.status_code == 409, url
    after = _plan_row(app, plan_id)
    assert (after.version, after.target_amount, after.status) == (
        before.version, before.target_amount, before.status,
    )  # fmt: skip


def test_a_reversal_needs_a_reason_and_happens_once(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in)
    plan_id = _plan(app, case.id)
    entry_id = _entry(app, plan_id, "10")
    url = f"/cases/{case.id}/savings/entries/{entry_id}/reverse"
    for reason in ("", "because", "²"):
        response = client.post(url, data={"reason": reason})
        assert response.status_code == 200 and "Choose what was wrong." in _text(response)
    assert client.post(url, data={"reason": "wrong_amount"}).status_code == 302
    again = client.post(url, data={"reason": "wrong_amount"})
    assert "This entry is already reversed." in _text(again)
    with app.app_context():
        reversal = db.session.scalar(
            select(SavingsEntry.id).where(SavingsEntry.reverses_id == entry_id)
        )
    twice = client.post(f"/cases/{case.id}/savings/entries/{reversal}/reverse",
                        data={"reason": "other"})  # fmt: skip
    assert "A reversal cannot be reversed." in _text(twice)
    assert _entries(app) == 2


# --- markup stays text ------------------------------------------------------------------------


def test_markup_in_names_and_the_account_stays_text(app, client, make, sign_in):
    office, _me, case = _setup(make, sign_in)
    enterprise_id = _enterprise(app, case.id, name=f"Tienda {IMG}")
    bank = _partner(app, f"Banco {META}")
    response = client.post(
        f"/cases/{case.id}/savings/new",
        data=_open_data(purpose="enterprise_capital", enterprise_id=enterprise_id,
                        institution_id=bank, account=IMG),
        follow_redirects=True,
    )  # fmt: skip
    html = _text(response)
    assert response.status_code == 200 and not _live(html)
    with app.app_context():
        plan = db.session.scalar(select(SavingsPlan).where(SavingsPlan.case_id == case.id))
        assert plan.account_last4 == "ert1"
        plan_id = plan.id
    entry_id = _entry(app, plan_id, "10")
    # Refused input comes back in the form, escaped.
    refused = client.post(
        f"/cases/{case.id}/savings/new", data=_open_data(account=META, target_amount=IMG)
    )
    assert "There is a problem" in _text(refused) and not _live(_text(refused))
    client.post(f"/cases/{case.id}/savings/entries/{entry_id}/reverse", data={"reason": "other"})
    manager = other_client(app, make.user("manager", office_id=office.id, locale="en"))
    for url in (
        f"/cases/{case.id}/savings",
        f"/cases/{case.id}/savings/{plan_id}",
        f"/cases/{case.id}/savings/{plan_id}/edit",
        f"/cases/{case.id}/savings/entries/{entry_id}/reverse",
        f"/cases/{case.id}",
        f"/cases/{case.id}/timeline",
        f"/cases/{case.id}/person/record",
    ):
        html = _text(client.get(url))
        assert not _live(html), url
    for url in (f"/cases/{case.id}/savings", f"/cases/{case.id}/person/record"):
        html = _text(manager.get(url))
        assert "&lt;img src=x" in html or "&lt;meta http-equiv" in html, url
        assert not _live(html), url
    export = _text(client.get(f"/cases/{case.id}/person/export.json"))
    assert "Banco <meta http-equiv=refresh content=0>" in export  # JSON: data, not a page


def test_amounts_are_typed_as_the_page_language_writes_them(app, client, make, sign_in):
    _office, _me, case = _setup(make, sign_in, locale="es")
    opened = client.post(
        f"/cases/{case.id}/savings/new",
        data=_open_data(target_amount="1.200,50", recommended_monthly="95,75"),
        follow_redirects=True,
    )
    assert opened.status_code == 200
    with app.app_context():
        plan = db.session.scalar(select(SavingsPlan).where(SavingsPlan.case_id == case.id))
        assert (plan.target_amount, plan.recommended_monthly) == (
            Decimal("1200.50"), Decimal("95.75"),
        )  # fmt: skip
        plan_id = plan.id
    # The change form shows them back the Spanish way.
    form = _text(client.get(f"/cases/{case.id}/savings/{plan_id}/edit"))
    assert 'value="1200,50"' in form and 'value="95,75"' in form
    # "1.5" is not how Spanish writes one and a half: refused, nothing written.
    refused = client.post(
        f"/cases/{case.id}/savings/{plan_id}/entries/new/wages",
        data={"booked_on": TODAY().isoformat(), "amount": "1.5"},
    )
    assert refused.status_code == 200 and _entries(app) == 0
