"""Editions with tricky content (formula-looking text, quotes, several lines, accents, skills,
programmes) for the CSV tests, and a signed-in manager reading English."""

import pytest

from returnsvc.extensions import db
from tests.taxonomy.sample import load_sample

TRICKY = {
    "es": {
        "certifications": "=SUMA(A1:A2)",
        "notes": 'Línea uno\r\nlínea dos, con "comillas"; y punto y coma',
        "other_skills": "'cita inicial",
    },
    "en": {"certifications": "-5 years", "notes": "@mention +plus", "other_skills": "lay bricks"},
}


@pytest.fixture
def sample(app, tx):
    with app.app_context():
        ids = load_sample()
        db.session.commit()
    return ids


@pytest.fixture
def labour(make, sample):
    """A labour-market edition of Ecuador with three demand entries."""
    edition_id = make.edition("EC", "labour_market", published=False)
    make.demand_entry(
        edition_id,
        key="bricklayers",
        isco_code="7112",
        regions=("EC-P", "EC-A"),
        min_education="isced2",
        experience_years=3,
        texts=TRICKY,
        esco_skill_ids=(sample["weld"], sample["techniques"]),
    )
    make.demand_entry(edition_id, key="cooks", isco_code="5120", wage_min=None, wage_max=None)
    make.demand_entry(edition_id, key="nurses", isco_code="2221", texts={"en": {"notes": "Hi"}})
    return edition_id


@pytest.fixture
def business(make, sample):
    """A published business edition of Ecuador with two opportunities and a programme."""
    edition_id = make.edition("EC", "business", published=True)
    programme_id = make.programme("EC", key="banecuador-emprende")
    make.programme("PE", key="peru-programme")
    make.opportunity(
        edition_id,
        key="cafe",
        occupations=("5120",),
        regions=("EC-A",),
        programme_ids=(programme_id,),
        esco_skill_ids=(sample["meat"],),
    )
    make.opportunity(
        edition_id,
        key="workshop",
        isic_section="C",
        occupations=("7112", "5120"),
        investment_min=None,
        texts={"es": {"title": "+Taller", "description": "=1+1"}},
    )
    return edition_id


@pytest.fixture
def manager(sign_in, make):
    """A manager of an office in Ecuador: they change Ecuador's guides only."""
    return sign_in("manager", office_id=make.office("EC").id, locale="en")
