"""A small published world per test: for a country, a current and an earlier labour-market
edition, a business edition, programmes (one linked, one draft), practices (one draft), and a
draft edition; ESCO skills from the taxonomy sample."""

from dataclasses import dataclass
from datetime import date

import pytest

from returnsvc.extensions import db
from tests.taxonomy.sample import load_sample


def page(client, url, locale="en"):
    return client.get(url, headers={"Accept-Language": locale})


def text(response) -> str:
    return response.get_data(as_text=True)


@dataclass
class World:
    country: str
    skills: dict
    labour: int
    earlier: int
    business: int
    draft: int
    cook: int
    bricklayer: int
    nurse: int
    snack_bar: int
    linked_programme: int
    other_programme: int
    draft_programme: int
    practice: int
    health_practice: int
    draft_practice: int


REGIONS = {
    "EC": ("EC-P", "EC-G"),
    "CO": ("CO-ANT", "CO-DC"),
    "PE": ("PE-LIM", "PE-ARE"),
    "BO": ("BO-L", "BO-S"),
}


def build_world(app, make, country="EC") -> World:
    with app.app_context():
        skills = load_sample()
        db.session.commit()
    here, there = REGIONS[country]
    labour = make.edition(country, "labour_market", edition_date=date(2026, 10, 1))
    earlier = make.edition(
        country,
        "labour_market",
        edition_date=date(2025, 4, 1),
        texts={"es": {"title": "Guía antigua"}, "en": {"title": "Old guide"}},
    )
    draft = make.edition(
        country,
        "labour_market",
        published=False,
        edition_date=date(2027, 1, 1),
        texts={"es": {"title": "Borrador secreto"}},
    )
    business = make.edition(country, "business")
    cook = make.demand_entry(
        labour,
        isco_code="5120",
        isic_section="I",
        regions=[here],
        demand_level="high",
        wage_min="700.00",
        wage_max="900.00",
        esco_skill_ids=[skills["meat"]],
        texts={
            "es": {"notes": "Hoteles de la sierra", "other_skills": "repostería"},
            "en": {"notes": "Highland hotels", "other_skills": "pastry"},
        },
    )
    bricklayer = make.demand_entry(
        labour,
        isco_code="7112",
        isic_section="F",
        regions=[there],
        demand_level="medium",
        esco_skill_ids=[skills["weld"]],
        texts={"es": {"notes": "Obras públicas", "other_skills": "encofrado"}},
    )
    nurse = make.demand_entry(
        labour,
        isco_code="2221",
        isic_section="Q",
        regions=[],
        demand_level="very_high",
        texts={"en": {"notes": "Public hospitals", "other_skills": "intensive care"}},
    )
    linked = make.programme(country, kind="seed_capital", regions=[here])
    other = make.programme(country, kind="training", regions=[])
    draft_programme = make.programme(
        country,
        published=False,
        texts={"es": {"name": "Programa oculto"}, "en": {"name": "Hidden programme"}},
    )
    snack_bar = make.opportunity(
        business,
        isic_section="I",
        regions=[here],
        occupations=["5120"],
        programme_ids=[linked, draft_programme],
        esco_skill_ids=[skills["meat"]],
        texts={
            "es": {"title": "Cafetería", "description": "Comida rápida"},
            "en": {"title": "Snack bar", "description": "Fast food"},
        },
    )
    practice = make.practice([country], ["micro_enterprise"])
    health = make.practice([country], ["health_worker_migration"])
    draft_practice = make.practice(
        [country],
        published=False,
        texts={"es": {"title": "Práctica oculta"}, "en": {"title": "Hidden practice"}},
    )
    return World(
        country,
        skills,
        labour,
        earlier,
        business,
        draft,
        cook,
        bricklayer,
        nurse,
        snack_bar,
        linked,
        other,
        draft_programme,
        practice,
        health,
        draft_practice,
    )


@pytest.fixture
def world(app, make):
    return build_world(app, make, "EC")
