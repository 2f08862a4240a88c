"""People describe themselves by their trade: the skills words also name occupations
(taxonomy.trades), which the scorer counts as the visitor's occupations, so the entries of those
unit groups come first, with the reason, on the demo guides and the demo taxonomy."""

import pytest
from sqlalchemy import select

from returnsvc.demo.guides import load_demo_guides
from returnsvc.extensions import db
from returnsvc.guides.models import BusinessOpportunity, DemandEntry
from returnsvc.taxonomy.demo_data import load_demo_taxonomy
from tests.explorer.test_explore import explore, ids, section


@pytest.fixture
def demo(app, tx):
    with app.app_context():
        load_demo_taxonomy()
        load_demo_guides()
        db.session.commit()
        demand = dict(db.session.execute(select(DemandEntry.key, DemandEntry.id)).all())
        business = dict(
            db.session.execute(select(BusinessOpportunity.key, BusinessOpportunity.id)).all()
        )
    return demand, business


def test_enfermera_in_ecuador_finds_the_nurses(client, demo):
    demand, _business = demo
    body = explore(client, "es", country="EC", skills="enfermera")
    assert ids(section(body, "demand-heading"), "demand")[0] == demand["ec-nurses"]
    body = explore(client, "en", country="EC", skills="enfermera")
    found = section(body, "demand-heading")
    assert ids(found, "demand")[0] == demand["ec-nurses"]
    assert "Same occupation: Nursing professionals (2221)" in found
    assert "start the recognition procedure" in found  # a regulated profession


def test_albanil_in_bolivia_finds_the_bricklayers(client, demo):
    demand, business = demo
    for locale in ("es", "en"):
        body = explore(client, locale, country="BO", skills="albañil")
        assert ids(section(body, "demand-heading"), "demand")[0] == demand["bo-bricklayers-urban"]
        opportunities = ids(section(body, "business-heading"), "opportunity")
        assert opportunities[0] == business["bo-building-finishes"]


def test_chofer_in_bolivia_finds_the_drivers(client, demo):
    demand, _business = demo
    body = explore(client, "es", country="BO", skills="chofer")
    assert ids(section(body, "demand-heading"), "demand")[0] == demand["bo-heavy-truck-drivers"]


def test_opportunities_by_their_fitting_unit_groups(client, demo):
    _demand, business = demo
    body = explore(client, "en", country="BO", skills="soy albañil")
    found = section(body, "business-heading")
    assert ids(found, "opportunity")[0] == business["bo-building-finishes"]
    assert "Same occupation: Bricklayers and related workers (7112)" in found


def test_no_trade_no_occupation_reason_or_gap(client, demo):
    body = explore(client, "en", country="EC", skills="xyzzy")
    assert "Same occupation" not in body and "Related occupation" not in body
    assert "A different trade" not in body  # no trade told: none is said to be missing
