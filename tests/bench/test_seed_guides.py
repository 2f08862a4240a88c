"""bench.seed's guide content for the explorer benchmark, checked at a small scale inside
the test transaction: the sizes asked for, drafts never current, the folded skills copy written,
a second run replacing (not adding to) the first, and the explorer answering on it."""

from sqlalchemy import func, select

from bench.seed import seed_guides
from returnsvc.explorer import queries as explorer_queries
from returnsvc.extensions import db
from returnsvc.guides.models import (
    BusinessOpportunity,
    DemandEntry,
    DemandEntryText,
    GuideEdition,
)
from returnsvc.publishing.models import PublicationStatus


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_generated_guides_have_the_asked_size_and_replace_the_last_run(app, tx, client):
    with app.app_context():
        counts = seed_guides(400, seed=3)
        db.session.commit()
        assert counts == {"demand": 280, "opportunities": 120}
        current = explorer_queries.current_edition_ids()
        in_current = DemandEntry.edition_id.in_(current)
        assert _count(DemandEntry, in_current) == 280
        assert _count(BusinessOpportunity, BusinessOpportunity.edition_id.in_(current)) == 120
        drafts = select(GuideEdition.id).where(GuideEdition.status == PublicationStatus.DRAFT)
        assert not set(db.session.scalars(current)) & set(db.session.scalars(drafts))
        # The explorer's word search reads the folded copy of the free-text skills.
        empty = _count(
            DemandEntryText,
            DemandEntryText.other_skills != "",
            DemandEntryText.skills_search == "",
        )
        assert empty == 0
        total = _count(DemandEntry)
        seed_guides(400, seed=3)
        db.session.commit()
        assert _count(DemandEntry) == total
    response = client.get("/explorer?country=PE&skills=cook", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and 'id="demand-' in response.get_data(as_text=True)
