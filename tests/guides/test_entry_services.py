"""Demand entries, business opportunities and required skills: rules, audit, refusals."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.core.conflicts import StaleEdit
from returnsvc.extensions import db
from returnsvc.guides import services
from returnsvc.guides.models import (
    DEMAND_TEXT,
    BusinessOpportunity,
    DemandEntry,
    RequiredSkill,
)
from tests.guides.helpers import demand_data, edition_data, opportunity_data


@pytest.fixture
def labour(sample, manager, ctx):
    return services.create_edition(edition_data(), actor=manager)


@pytest.fixture
def business(sample, manager, ctx):
    return services.create_edition(edition_data(kind="business"), actor=manager)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_demand_entry(labour, manager):
    entry = services.create_demand_entry(labour, demand_data(), actor=manager)
    assert entry.key == "isco-7112"  # made from the occupation when left blank
    assert entry.currency == "USD" and entry.wage_min == Decimal("600.00")
    assert entry.regions == ["EC-P"]
    assert DEMAND_TEXT.texts_of(entry.id)["en"]["notes"] == "Building sites in Quito"
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "demand_entry.created")
    ).one()
    assert audit.changes["notes_es"] == ["", "Obras en Quito"]
    second = services.create_demand_entry(labour, demand_data(), actor=manager)
    assert second.key == "isco-7112-2"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"key": "Bad Key!"}, "key"),
        ({"key": "x"}, "key"),
        ({"isco_code": "71"}, "occupation"),
        ({"isco_code": "9999"}, "occupation"),
        ({"isco_code": None}, "occupation"),
        ({"isic_section": "Z"}, "isic_section"),
        ({"regions": ["PE-LIM"]}, "regions"),
        ({"demand_level": "enormous"}, "demand_level"),
        ({"wage_min": Decimal("-1")}, "wage_min"),
        ({"wage_min": Decimal("900"), "wage_max": Decimal("600")}, "wage_max"),
        ({"wage_max": Decimal("1e20")}, "wage_max"),
        ({"min_education": "phd"}, "min_education"),
        ({"experience_years": 41}, "experience_years"),
    ],
)
def test_bad_demand_entries_are_refused(labour, manager, overrides, field):
    with pytest.raises(services.GuideError) as refused:
        services.create_demand_entry(labour, demand_data(**overrides), actor=manager)
    assert refused.value.field == field
    assert str(refused.value.message)
    assert count(DemandEntry) == 0


def test_duplicate_key_in_the_edition_is_refused(labour, manager):
    services.create_demand_entry(labour, demand_data(key="bricklayers"), actor=manager)
    with pytest.raises(services.GuideError) as refused:
        services.create_demand_entry(labour, demand_data(key="bricklayers"), actor=manager)
    assert refused.value.field == "key"


def test_entries_belong_to_their_kind_of_edition(labour, business, manager):
    with pytest.raises(services.GuideError):
        services.create_opportunity(labour, opportunity_data(), actor=manager)
    with pytest.raises(services.GuideError):
        services.create_demand_entry(business, demand_data(), actor=manager)


def test_update_demand_entry_checks_the_version(labour, manager):
    entry = services.create_demand_entry(labour, demand_data(), actor=manager)
    with pytest.raises(StaleEdit):
        services.update_demand_entry(
            entry, demand_data(demand_level="low"), version=entry.version + 1, actor=manager
        )
    changes = services.update_demand_entry(
        entry, demand_data(key=entry.key, demand_level="low"), version=entry.version, actor=manager
    )
    assert changes == {"demand_level": ["high", "low"]}
    with pytest.raises(services.GuideError):
        services.update_demand_entry(
            entry, demand_data(wage_min=Decimal("-5")), version=entry.version, actor=manager
        )
    assert entry.wage_min == Decimal("600.00")


def test_opportunity_occupations_and_programmes(business, manager, make):
    own, foreign = make.programme("EC", published=False), make.programme("PE")
    with pytest.raises(services.GuideError) as refused:
        services.create_opportunity(
            business, opportunity_data(occupations=["5120", "71x2"]), actor=manager
        )
    assert "71x2" in str(refused.value.message) and refused.value.field == "occupations"
    with pytest.raises(services.GuideError) as refused:
        services.create_opportunity(
            business, opportunity_data(programme_ids=[foreign]), actor=manager
        )
    assert refused.value.field == "programme_ids"
    with pytest.raises(services.GuideError) as refused:
        services.create_opportunity(business, opportunity_data(texts={}), actor=manager)
    assert refused.value.field == "title_es"
    assert count(BusinessOpportunity) == 0

    entry = services.create_opportunity(
        business, opportunity_data(programme_ids=[own]), actor=manager
    )
    assert entry.key == "restaurante-de-comida-tipica"
    changes = services.update_opportunity(
        entry,
        opportunity_data(key=entry.key, programme_ids=[]),
        version=entry.version,
        actor=manager,
    )
    assert changes == {"programme_ids": [[own], []]}
    services.delete_opportunity(entry, actor=manager, version=entry.version)
    assert count(BusinessOpportunity) == 0


def test_required_skills(labour, manager, sample):
    entry = services.create_demand_entry(labour, demand_data(), actor=manager)
    services.add_required_skill(entry, sample["weld"], actor=manager)
    with pytest.raises(services.GuideError):
        services.add_required_skill(entry, sample["weld"], actor=manager)
    for junk in (None, "x", 0, 2**40, 999999):
        with pytest.raises(services.GuideError):
            services.add_required_skill(entry, junk, actor=manager)
    assert count(RequiredSkill) == 1
    services.remove_required_skill(entry, sample["weld"], actor=manager)
    with pytest.raises(services.GuideError):
        services.remove_required_skill(entry, sample["weld"], actor=manager)
    assert count(RequiredSkill) == 0
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["required_skill.added", "required_skill.removed"]


def test_delete_demand_entry(labour, manager, sample):
    entry = services.create_demand_entry(labour, demand_data(), actor=manager)
    services.add_required_skill(entry, sample["weld"], actor=manager)
    with pytest.raises(StaleEdit):
        services.delete_demand_entry(entry, actor=manager, version=99)
    services.delete_demand_entry(entry, actor=manager, version=entry.version)
    assert count(DemandEntry) == 0 and count(RequiredSkill) == 0
