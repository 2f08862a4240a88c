"""The demo guides: for each origin country a bilingual sample labour-market and business guide
with at least 15 demand entries, 8 opportunities, 4 programmes and 3 good practices, published,
marked as sample data, on real regions and the demo taxonomy; loading twice adds nothing."""

import pytest
from sqlalchemy import func, select

from returnsvc.core.regions import is_region_of
from returnsvc.demo.guides import COUNTRIES, load_demo_guides
from returnsvc.extensions import db
from returnsvc.guides.models import (
    DEMAND_TEXT,
    EDITION_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
    GuideEdition,
    GuideKind,
    opportunity_programme,
)
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme
from returnsvc.publishing.models import PublicationStatus
from returnsvc.taxonomy.demo_data import load_demo_taxonomy
from returnsvc.taxonomy.models import IscoGroup


@pytest.fixture
def loaded(app, tx):
    with app.app_context():
        load_demo_taxonomy()
        first = load_demo_guides()
        db.session.commit()
        yield first


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_each_country_has_a_full_sample_guide(loaded):
    for country in COUNTRIES:
        editions = dict(
            db.session.execute(
                select(GuideEdition.kind, GuideEdition.id).where(GuideEdition.country == country)
            ).all()
        )
        assert set(editions) == {GuideKind.LABOUR_MARKET, GuideKind.BUSINESS}
        demand = _count(DemandEntry, DemandEntry.edition_id == editions[GuideKind.LABOUR_MARKET])
        business = _count(
            BusinessOpportunity, BusinessOpportunity.edition_id == editions[GuideKind.BUSINESS]
        )
        assert demand >= 15 and business >= 8
        assert _count(SupportProgramme, SupportProgramme.country == country) >= 4
        assert _count(GoodPractice, GoodPractice.countries.any(country)) >= 3


def test_everything_is_published_demo_and_bilingual(loaded):
    tables = (
        (GuideEdition, EDITION_TEXT),
        (DemandEntry, DEMAND_TEXT),
        (BusinessOpportunity, OPPORTUNITY_TEXT),
        (SupportProgramme, PROGRAMME_TEXT),
        (GoodPractice, PRACTICE_TEXT),
    )
    for model, text in tables:
        ids = db.session.scalars(select(model.id)).all()
        locales = text.locales_of(ids)
        assert all(locales.get(i) == {"es", "en"} for i in ids), model
    for model in (GuideEdition, SupportProgramme, GoodPractice):
        assert _count(model, model.status != PublicationStatus.PUBLISHED) == 0
        assert _count(model, model.is_demo.is_(False)) == 0
    for edition_id in db.session.scalars(select(GuideEdition.id)):
        texts = EDITION_TEXT.texts_of(edition_id)
        assert "muestra" in texts["es"]["title"] and "sample" in texts["en"]["title"]


def test_codes_regions_and_links_are_real(loaded):
    unit_groups = set(db.session.scalars(select(IscoGroup.code).where(IscoGroup.level == 4)))
    rows = db.session.execute(
        select(GuideEdition.country, DemandEntry.isco_code, DemandEntry.regions).join(
            GuideEdition, GuideEdition.id == DemandEntry.edition_id
        )
    ).all()
    assert all(code in unit_groups for _, code, _ in rows)
    assert all(is_region_of(r, country) for country, _, regions in rows for r in regions)
    for _country, occupations in db.session.execute(
        select(GuideEdition.country, BusinessOpportunity.occupations).join(
            GuideEdition, GuideEdition.id == BusinessOpportunity.edition_id
        )
    ):
        assert set(occupations) <= unit_groups
    # Programmes linked to an opportunity are of the opportunity's country.
    mismatched = db.session.scalar(
        select(func.count())
        .select_from(opportunity_programme)
        .join(BusinessOpportunity, BusinessOpportunity.id == opportunity_programme.c.opportunity_id)
        .join(GuideEdition, GuideEdition.id == BusinessOpportunity.edition_id)
        .join(SupportProgramme, SupportProgramme.id == opportunity_programme.c.programme_id)
        .where(SupportProgramme.country != GuideEdition.country)
    )
    assert mismatched == 0
    assert loaded.linked_skills > 0  # some wordings are demo ESCO skills


def test_loading_again_adds_nothing(loaded, app):
    with app.app_context():
        again = load_demo_guides()
    assert (again.editions, again.demand_entries, again.programmes, again.practices) == (
        0,
        0,
        0,
        0,
    )
