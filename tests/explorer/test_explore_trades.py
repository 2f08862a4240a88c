"""People describe themselves by their trade: the skills words also name occupations
(taxonomy.trades), and the entries of those unit groups are found, with the reason, on the demo
guides and the demo taxonomy."""

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
    demand, business = demo
    body = explore(client, "es", country="EC", skills="enfermera")
    found = ids(section(body, "demand-heading"), "demand")
    assert found[0] == demand["ec-nurses"]
    assert "tu oficio: Profesionales de enfermería" in section(body, "demand-heading")
    body = explore(client, "en", country="EC", skills="enfermera")
    assert "your trade: Nursing professionals" in section(body, "demand-heading")


def test_chofer_in_bolivia_finds_the_drivers(client, demo):
    demand, _business = demo
    body = explore(client, "es", country="BO", skills="chofer")
    assert demand["bo-heavy-truck-drivers"] in ids(section(body, "demand-heading"), "demand")


def test_opportunities_by_their_fitting_unit_groups(client, demo):
    _demand, business = demo
    body = explore(client, "en", country="BO", skills="soy albañil")
    assert business["bo-building-finishes"] in ids(section(body, "business-heading"), "opportunity")
    assert "your trade: " in section(body, "business-heading")


def test_no_trade_no_reason(client, demo):
    body = explore(client, "en", country="EC", skills="xyzzy")
    assert "your trade" not in body
