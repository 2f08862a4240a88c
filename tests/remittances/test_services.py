"""Figures: the seed, checks, history (corrections supersede, the same values change
nothing), audit, and the calculator's lookups."""

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from returnsvc.audit.models import AuditEntry
from returnsvc.extensions import db
from returnsvc.remittances import queries
from returnsvc.remittances.models import RemittanceFigure
from returnsvc.remittances.services import check_figure, record_figure


def figure(**changes) -> dict:
    data = {
        "sending_country": "ES",
        "receiving_country": "EC",
        "period": "2021Q1",
        "reference_amount": D("200.00"),
        "reference_currency": "USD",
        "cost_percent": D("5.10"),
        "source_name": "World Bank, Remittance Prices Worldwide, issue 37 (Q1 2021)",
        "source_url": "https://remittanceprices.worldbank.org",
    }
    return data | changes


def checked(**changes) -> dict:
    clean, problems = check_figure(figure(**changes))
    assert problems == []
    return clean


def test_a_fresh_install_has_the_2020_q3_figures_and_the_target(ctx):
    seeded = {
        f.receiving_country: (f.cost_percent, f.reference_amount, f.reference_currency)
        for f in db.session.scalars(
            select(RemittanceFigure).where(RemittanceFigure.period_start == date(2020, 7, 1))
        )
    }
    assert seeded == {
        "BO": (D("4.64"), D("200.00"), "USD"),
        "CO": (D("4.41"), D("200.00"), "USD"),
        "EC": (D("5.48"), D("200.00"), "USD"),
        "PE": (D("5.50"), D("200.00"), "USD"),
    }
    seed = queries.latest_figure("EC")
    assert seed.source_name == "World Bank, Remittance Prices Worldwide, issue 35 (Q3 2020)"
    assert seed.period_end == date(2020, 9, 30)
    target = queries.current_target(date(2026, 12, 7))
    assert target.cost_percent == D("3.00") and "10.c" in target.source_name
    assert queries.current_target(date(2015, 9, 24)) is None
    assert queries.receiving_countries() == ["BO", "CO", "EC", "PE"]


def test_a_newer_period_is_a_new_row_and_becomes_the_latest(ctx):
    new, outcome = record_figure(checked(), actor=None)
    assert outcome == "created"
    assert queries.latest_figure("EC").id == new.id
    corridor = next(c for c in queries.corridors() if c.receiving_country == "EC")
    assert [f.id for f in corridor.current] == [new.id]
    assert len(corridor.history) == 2  # the seed is kept


def test_the_same_values_again_change_nothing(ctx):
    record_figure(checked(), actor=None)
    count = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    spaced = "  World Bank,  Remittance Prices Worldwide, issue 37 (Q1 2021) "
    _same, outcome = record_figure(checked(source_name=spaced), actor=None)
    assert outcome == "unchanged"
    assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)) == count


def test_a_correction_supersedes_and_keeps_the_old_row(ctx, make):
    admin = make.load_user(make.user("admin").id)
    first, _ = record_figure(checked(), actor=admin)
    second, outcome = record_figure(checked(cost_percent=D("5.01")), actor=admin)
    assert outcome == "corrected"
    db.session.refresh(first)
    assert first.superseded_at is not None and first.cost_percent == D("5.10")
    assert second.superseded_at is None and second.recorded_by_id == admin.id
    assert queries.latest_figure("EC").id == second.id
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "remittance_figure.corrected")
    ).one()
    assert entry.target_type == "remittance_figure" and entry.target_id == str(second.id)
    assert entry.changes["cost_percent"] == "5.01"
    assert entry.changes["corrects"]["cost_percent"] == "5.10"
    assert entry.actor_id == admin.id


def test_usd_200_is_preferred_within_the_latest_period(ctx):
    eur, _ = record_figure(checked(reference_amount=D("345"), reference_currency="EUR"), actor=None)
    assert queries.latest_figure("EC").id == eur.id
    usd, _ = record_figure(checked(), actor=None)
    assert queries.latest_figure("EC").id == usd.id
    corridor = next(c for c in queries.corridors() if c.receiving_country == "EC")
    assert [f.reference_currency for f in corridor.current] == ["USD", "EUR"]


def test_other_corridors_are_kept_apart(ctx):
    record_figure(checked(sending_country="US", cost_percent=D("3.90")), actor=None)
    assert queries.latest_figure("EC").cost_percent == D("5.48")  # from Spain
    assert queries.latest_figure("EC", "US").cost_percent == D("3.90")
    assert queries.receiving_countries("US") == ["EC"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sending_country": "XX"}, "sending_country"),
        ({"receiving_country": ""}, "receiving_country"),
        ({"receiving_country": "ES"}, "receiving_country"),
        ({"period": "2020Q5"}, "period"),
        ({"reference_amount": None}, "reference_amount"),
        ({"reference_amount": D("0")}, "reference_amount"),
        ({"reference_amount": D("200.001")}, "reference_amount"),
        ({"reference_currency": "GBP"}, "reference_currency"),
        ({"cost_percent": D("-1")}, "cost_percent"),
        ({"cost_percent": D("100")}, "cost_percent"),
        ({"cost_percent": D("NaN")}, "cost_percent"),
        ({"source_name": "  "}, "source_name"),
        ({"source_name": "x" * 301}, "source_name"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"source_url": 'https://example.org/"><img src=x>'}, "source_url"),
    ],
)
def test_checks_name_the_field(app, changes, field):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        _clean, problems = check_figure(figure(**changes))
    assert [name for name, _message in problems] == [field]


def test_checks_speak_english_or_spanish(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        _clean, problems = check_figure(figure(period="Q3"))
    assert problems[0][1].startswith("Write the period as a quarter")
