"""Property-based checks of the Savings tab: any input to its forms gives a page (the form with
its errors, or a redirect after saving), never a server error (a 400 only for a NUL character,
refused before any form code runs); and whatever the ledger, the tab's aggregate SQL agrees with
the services' own sums (balance, deposits by month, missed months) and shows the newest
entries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.core.clock import local_today
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.savings import ledger, queries, services
from returnsvc.savings.models import EntryKind, SavingsEntry

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
any_text = st.text(max_size=120)
numbers = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["2,5", "1.234,56", "1,234.56", "1e3", "-0", "٣", "½", "²", "2147483648"]),
    any_text,
)
dates = st.one_of(st.dates().map(lambda d: d.isoformat()), any_text)
ids = st.one_of(st.integers(min_value=-5, max_value=2**40).map(str), any_text)


@pytest.fixture
def plan_url(app, client, make, sign_in):
    office = make.office("ES")
    me = sign_in("counsellor", office_id=office.id)
    case = make.case(office_id=office.id, counsellor_id=me.id)
    with app.test_request_context():
        plan = services.open_plan(
            db.session.get(Case, case.id),
            {"purpose": "housing", "target_amount": Decimal("900"), "currency": "USD",
             "target_date": local_today() + timedelta(days=300),
             "starts_on": local_today() - timedelta(days=60)},
            actor=None,
        )  # fmt: skip
        services.record_entry(
            plan, EntryKind.WAGES, {"amount": Decimal("50"), "booked_on": local_today()},
            actor=None,
        )  # fmt: skip
        db.session.commit()
        return f"/cases/{case.id}/savings", plan.id


def answered(response, data: dict) -> None:
    response.close()
    assert response.status_code in (200, 302, 400, 409), response.status_code
    has_nul = any("\x00" in str(v) for v in data.values())
    assert (response.status_code == 400) == has_nul


@SETTINGS
@given(
    purpose=st.one_of(st.sampled_from(["housing", "enterprise_capital"]), any_text),
    enterprise_id=ids,
    target_amount=numbers,
    currency=st.one_of(st.sampled_from(["USD", "EUR"]), any_text),
    target_date=dates,
    starts_on=dates,
    recommended_monthly=numbers,
    institution_id=ids,
    account=any_text,
)
def test_open_plan_form(client, plan_url, **data):
    tab, _plan_id = plan_url
    answered(client.post(f"{tab}/new", data=data), data)


@SETTINGS
@given(
    kind=st.sampled_from(["remittance", "wages", "interest", "withdrawal"]),
    booked_on=dates,
    amount=numbers,
    sent_amount=numbers,
    sent_currency=st.one_of(st.sampled_from(["", "EUR", "USD"]), any_text),
    sender_country=st.one_of(st.sampled_from(["ES", "US", "es"]), any_text),
    channel=st.one_of(st.sampled_from(["bank", "mobile"]), any_text),
    withdrawal_purpose=st.one_of(st.sampled_from(["health"]), any_text),
)
def test_entry_forms(client, plan_url, kind, **data):
    tab, plan_id = plan_url
    answered(client.post(f"{tab}/{plan_id}/entries/new/{kind}", data=data), data)


@SETTINGS
@given(version=ids, target_amount=numbers, target_date=dates, account=any_text)
def test_change_and_close_forms(client, plan_url, **data):
    tab, plan_id = plan_url
    answered(client.post(f"{tab}/{plan_id}/edit", data={"purpose": "housing", **data}), data)
    closing = {"version": data["version"]}  # only this is sent: only it can carry a NUL
    answered(client.post(f"{tab}/{plan_id}/close", data=closing), closing)


# --- the tab's sums against the services' ---------------------------------------------------

movements = st.lists(
    st.tuples(
        st.sampled_from(
            [EntryKind.WAGES, EntryKind.REMITTANCE, EntryKind.INTEREST, EntryKind.WITHDRAWAL]
        ),
        st.integers(min_value=0, max_value=150),  # days after the start
        st.integers(min_value=1, max_value=40_000).map(lambda cents: Decimal(cents) / 100),
        st.booleans(),  # reversed afterwards
    ),
    max_size=25,
)


@SETTINGS
@given(movements=movements, recommended=st.integers(min_value=1, max_value=300))
def test_the_tab_agrees_with_the_services(app, ctx, make, movements, recommended):
    today = local_today()
    start = today - timedelta(days=150)
    case = make.case()
    plan = services.open_plan(
        db.session.get(Case, case.id),
        {"purpose": "other", "target_amount": Decimal("5000"), "currency": "EUR",
         "starts_on": start, "target_date": today + timedelta(days=200),
         "recommended_monthly": Decimal(recommended)},
        actor=None,
    )  # fmt: skip
    extra = {
        EntryKind.REMITTANCE: {"sender_country": "ES", "channel": "bank"},
        EntryKind.WITHDRAWAL: {"withdrawal_purpose": "household"},
    }
    for kind, days, amount, is_reversed in movements:
        data = {"amount": amount, "booked_on": start + timedelta(days=days), **extra.get(kind, {})}
        try:
            entry = services.record_entry(plan, kind, data, actor=None)
            if is_reversed:
                services.reverse_entry(entry, {"reason": "other"}, actor=None)
        except Refusal:  # a withdrawal or reversal beyond the balance
            continue
    db.session.flush()
    (view,) = queries.plans_of(case.id, today)
    assert view.balance == services.balance(plan.id)
    deposited = services.deposited_by_month(plan.id)
    assert queries.deposited_by_plan_and_month(case.id).get(plan.id, {}) == deposited
    counted = ledger.counted_months(plan.starts_on, plan.target_date, today)
    assert view.missed == ledger.missed_months(counted, plan.recommended_monthly, deposited)
    newest = db.session.scalars(
        select(SavingsEntry.id)
        .where(SavingsEntry.plan_id == plan.id)
        .order_by(SavingsEntry.booked_on.desc(), SavingsEntry.id.desc())
        .limit(queries.LATEST)
    ).all()
    assert [entry.id for entry, _is_reversed in view.latest] == newest
