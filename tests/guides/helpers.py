"""Guide content for these tests, written through the services on top of the sample taxonomy
(tests/taxonomy/sample.py: unit groups 2221, 5120, 7112 and a few ESCO skills)."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.guides import services
from returnsvc.guides.models import GuideEdition
from returnsvc.taxonomy.models import EscoOccupation, EscoSkill, IscoGroup
from tests.taxonomy.sample import load_sample

TEXTS = {
    "es": {"title": "Guía laboral Ecuador 2026", "source": "INEC", "summary": "Resumen"},
    "en": {"title": "Ecuador labour guide 2026", "source": "INEC", "summary": "Summary"},
}


def taxonomy(app) -> dict:
    """The sample taxonomy, committed once per test; {name: ESCO id}."""
    with app.test_request_context():
        if db.session.get(IscoGroup, "5120") is None:
            load_sample()
            db.session.commit()
        rows = db.session.execute(select(EscoSkill.uri, EscoSkill.id)).all()
        rows += db.session.execute(select(EscoOccupation.uri, EscoOccupation.id)).all()
        return {uri.rsplit("/", 1)[1]: ident for uri, ident in rows}


def edition_data(**overrides) -> dict:
    data = {
        "country": "EC",
        "kind": "labour_market",
        "edition_date": date(2026, 10, 1),
        "texts": TEXTS,
    }
    return data | overrides


def demand_data(**overrides) -> dict:
    data = {
        "key": "",
        "isco_code": "7112",
        "isic_section": "F",
        "regions": ["EC-P"],
        "demand_level": "high",
        "wage_min": Decimal("600"),
        "wage_max": Decimal("900"),
        "min_education": "",
        "experience_years": 2,
        "texts": {
            "es": {"certifications": "", "notes": "Obras en Quito", "other_skills": "encofrado"},
            "en": {"certifications": "", "notes": "Building sites in Quito", "other_skills": ""},
        },
    }
    return data | overrides


def opportunity_data(**overrides) -> dict:
    data = {
        "key": "",
        "isic_section": "I",
        "regions": [],
        "investment_min": Decimal("5000"),
        "investment_max": Decimal("20000"),
        "risk_level": "medium",
        "occupations": ["5120"],
        "programme_ids": [],
        "texts": {"es": {"title": "Restaurante de comida típica", "description": "Un local"}},
    }
    return data | overrides


def build(app, kind="labour_market", entries=1, *, country="EC", published=False) -> dict:
    """An edition with `entries` entries, committed; {"edition": id, "entries": [ids]}."""
    taxonomy(app)
    with app.test_request_context():
        edition = services.create_edition(edition_data(kind=kind, country=country), actor=None)
        ids = []
        for n in range(entries):
            if kind == "labour_market":
                entry = services.create_demand_entry(edition, demand_data(key=f"d-{n}"), actor=None)
            else:
                entry = services.create_opportunity(
                    edition, opportunity_data(key=f"o-{n}"), actor=None
                )
            ids.append(entry.id)
        if published:
            services.publish_edition(edition, actor=None)
        db.session.commit()
        return {"edition": edition.id, "entries": ids}


def edition_count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(GuideEdition.id)).all())
