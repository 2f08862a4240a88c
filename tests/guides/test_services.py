"""Edition services: each operation, its audit entry, version conflicts and refusals."""

from datetime import date

import pytest
from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.core.conflicts import StaleEdit
from returnsvc.extensions import db
from returnsvc.guides import services
from returnsvc.guides.models import (
    DEMAND_TEXT,
    EDITION_TEXT,
    OPPORTUNITY_TEXT,
    BusinessOpportunity,
    DemandEntry,
    GuideEdition,
    RequiredSkill,
    opportunity_programme,
)
from returnsvc.publishing.models import PublicationStatus
from tests.guides.helpers import TEXTS, demand_data, edition_data, opportunity_data


def last_audit(action: str) -> AuditEntry:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    ).first()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_edition_is_a_draft_with_texts_and_an_audit_entry(sample, manager, ctx):
    edition = services.create_edition(edition_data(), actor=manager)
    assert edition.status is PublicationStatus.DRAFT
    assert edition.created_by_id == manager.id
    assert EDITION_TEXT.texts_of(edition.id)["es"]["title"] == "Guía laboral Ecuador 2026"
    entry = last_audit("guide_edition.created")
    assert entry.actor_id == manager.id and entry.target_id == str(edition.id)
    assert entry.changes["title_en"] == ["", "Ecuador labour guide 2026"]


def test_a_blank_locale_is_not_yet_translated(sample, manager, ctx):
    texts = {"es": TEXTS["es"], "en": {"title": " ", "source": "", "summary": ""}}
    edition = services.create_edition(edition_data(texts=texts), actor=manager)
    assert set(EDITION_TEXT.texts_of(edition.id)) == {"es"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"texts": {}}, "title_es"),
        ({"texts": {"en": {"title": "", "summary": "Only a summary"}}}, "title_en"),
        ({"country": "ES"}, "country"),
        ({"country": "XX"}, "country"),
        ({"kind": "novel"}, "kind"),
        ({"edition_date": "2026-01-01"}, "edition_date"),
        ({"edition_date": None}, "edition_date"),
    ],
)
def test_bad_edition_data_is_refused_and_nothing_written(sample, manager, ctx, overrides, field):
    with pytest.raises(services.GuideError) as refused:
        services.create_edition(edition_data(**overrides), actor=manager)
    assert refused.value.field == field
    assert count(GuideEdition) == 0


def test_update_edition_audits_text_changes_and_bumps_the_version(sample, manager, ctx):
    edition = services.create_edition(edition_data(), actor=manager)
    texts = {**TEXTS, "en": {**TEXTS["en"], "title": "Ecuador labour guide, October 2026"}}
    changes = services.update_edition(
        edition, edition_data(texts=texts), version=edition.version, actor=manager
    )
    assert changes == {
        "title_en": ["Ecuador labour guide 2026", "Ecuador labour guide, October 2026"]
    }
    assert edition.version == 2
    assert last_audit("guide_edition.updated").changes == changes


def test_update_edition_with_a_stale_version_changes_nothing(sample, manager, ctx):
    edition = services.create_edition(edition_data(), actor=manager)
    with pytest.raises(StaleEdit):
        services.update_edition(
            edition, edition_data(country="PE"), version=edition.version - 1, actor=manager
        )
    assert edition.country == "EC"


def test_country_and_kind_stay_once_the_edition_has_entries(sample, manager, ctx):
    edition = services.create_edition(edition_data(), actor=manager)
    services.create_demand_entry(edition, demand_data(), actor=manager)
    for change, field in (({"country": "PE"}, "country"), ({"kind": "business"}, "kind")):
        with pytest.raises(services.GuideError) as refused:
            services.update_edition(
                edition, edition_data(**change), version=edition.version, actor=manager
            )
        assert refused.value.field == field
    assert (edition.country, edition.kind.value) == ("EC", "labour_market")


def test_publish_and_unpublish(sample, manager, ctx):
    edition = services.create_edition(edition_data(), actor=manager)
    services.create_demand_entry(
        edition, demand_data(texts={"es": {"notes": "solo"}}), actor=manager
    )
    missing = services.publish_edition(edition, actor=manager, version=edition.version)
    assert missing == ["en"]  # a warning, not a refusal
    assert edition.status is PublicationStatus.PUBLISHED and edition.published_at
    with pytest.raises(services.GuideError):
        services.publish_edition(edition, actor=manager)
    with pytest.raises(services.GuideError):  # published editions are not deleted
        services.delete_edition(edition, actor=manager)
    services.unpublish_edition(edition, actor=manager)
    assert edition.status is PublicationStatus.DRAFT and edition.published_at is None
    assert last_audit("guide_edition.published") and last_audit("guide_edition.unpublished")


def test_delete_a_draft_edition_deletes_its_entries(sample, manager, ctx):
    edition = services.create_edition(edition_data(), actor=manager)
    services.create_demand_entry(edition, demand_data(), actor=manager)
    services.delete_edition(edition, actor=manager, version=edition.version)
    assert count(GuideEdition) == 0 and count(DemandEntry) == 0
    assert last_audit("guide_edition.deleted").changes["entries"] == 1


def test_copy_edition_is_a_deep_copy_in_a_new_draft(sample, manager, ctx, make):
    programme = make.programme("EC")
    edition = services.create_edition(edition_data(kind="business"), actor=manager)
    opportunity = services.create_opportunity(
        edition, opportunity_data(programme_ids=[programme]), actor=manager
    )
    services.add_required_skill(opportunity, sample["weld"], actor=manager)
    services.publish_edition(edition, actor=manager)

    copy = services.copy_edition(edition, {"edition_date": date(2027, 10, 1)}, actor=manager)

    assert (copy.status, copy.edition_date, copy.kind) == (
        PublicationStatus.DRAFT,
        date(2027, 10, 1),
        edition.kind,
    )
    assert EDITION_TEXT.texts_of(copy.id) == EDITION_TEXT.texts_of(edition.id)
    (clone,) = db.session.scalars(
        select(BusinessOpportunity).where(BusinessOpportunity.edition_id == copy.id)
    ).all()
    assert clone.id != opportunity.id
    for name in ("key", "isic_section", "regions", "investment_min", "occupations", "currency"):
        assert getattr(clone, name) == getattr(opportunity, name)
    assert OPPORTUNITY_TEXT.texts_of(clone.id) == OPPORTUNITY_TEXT.texts_of(opportunity.id)
    skills = db.session.scalars(
        select(RequiredSkill.esco_skill_id).where(RequiredSkill.opportunity_id == clone.id)
    ).all()
    assert skills == [sample["weld"]]
    links = db.session.scalars(
        select(opportunity_programme.c.programme_id).where(
            opportunity_programme.c.opportunity_id == clone.id
        )
    ).all()
    assert links == [programme]
    assert last_audit("guide_edition.copied").changes["opportunities"] == 1
    # The original is untouched.
    assert edition.status is PublicationStatus.PUBLISHED
    assert DEMAND_TEXT.texts_of(opportunity.id) == {}
