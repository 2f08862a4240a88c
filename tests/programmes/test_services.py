"""Support-programme services: checks before any write, keys, texts per locale, the country
rule for linked opportunities, publish/unpublish, deletion of drafts, audit entries."""

import pytest
from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.core.conflicts import StaleEdit
from returnsvc.core.keys import slug
from returnsvc.extensions import db
from returnsvc.guides.models import opportunity_programme
from returnsvc.guides.programme_links import foreign_links
from returnsvc.programmes import services
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme
from returnsvc.publishing.models import PublicationStatus
from returnsvc.publishing.services import ContentError


def data(**overrides) -> dict:
    base = {
        "key": "",
        "country": "EC",
        "kind": "seed_capital",
        "provider": "BanEcuador",
        "regions": ["EC-P"],
        "contact": "https://www.banecuador.fin.ec",
        "texts": {"es": {"name": "Capital Semilla Ñandú", "conditions": "Retornados"}},
    }
    return {**base, **overrides}


@pytest.fixture
def manager(make):
    return make.user("manager")


def audits(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def programme_count() -> int:
    return db.session.scalar(select(func.count()).select_from(SupportProgramme))


def test_create_makes_a_draft_with_a_key_from_the_name(ctx, manager):
    programme = services.create_programme(data(), actor=manager)
    assert programme.key == "capital-semilla-nandu"
    assert programme.status == PublicationStatus.DRAFT
    assert programme.created_by_id == manager.id
    assert PROGRAMME_TEXT.texts_of(programme.id) == {
        "es": {"name": "Capital Semilla Ñandú", "conditions": "Retornados", "description": ""}
    }
    (entry,) = audits("programme.created")
    assert entry.target_id == str(programme.id)
    assert entry.changes["name_es"] == ["", "Capital Semilla Ñandú"]
    assert entry.changes["kind"] == "seed_capital"


def test_made_up_keys_get_a_number_typed_keys_are_refused(ctx, manager):
    first = services.create_programme(data(), actor=manager)
    second = services.create_programme(data(), actor=manager)
    assert second.key == f"{first.key}-2"
    with pytest.raises(ContentError) as refused:
        services.create_programme(data(key=first.key), actor=manager)
    assert refused.value.field == "key"


def test_is_demo_is_kept(ctx, manager):
    assert services.create_programme(data(), actor=None, is_demo=True).is_demo


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"key": "Bad Key"}, "key"),
        ({"key": "-x"}, "key"),
        ({"key": "a"}, "key"),
        ({"country": "ES"}, "country"),
        ({"country": "XX"}, "country"),
        ({"kind": "lottery"}, "kind"),
        ({"provider": "  "}, "provider"),
        ({"provider": "p" * 201}, "provider"),
        ({"regions": ["PE-LIM"]}, "regions"),
        ({"regions": ["nonsense"]}, "regions"),
        ({"contact": "javascript:alert(1)"}, "contact"),
        ({"contact": "www.example.org"}, "contact"),
        ({"contact": "ftp://example.org"}, "contact"),
        ({"contact": "not an address"}, "contact"),
        ({"texts": {}}, "name_es"),
        ({"texts": {"es": {"name": " ", "conditions": " "}}}, "name_es"),
        ({"texts": {"en": {"conditions": "Only conditions"}}}, "name_en"),
        ({"texts": {"es": {"name": "n" * 301}}}, "name_es"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(ctx, manager, overrides, field):
    with pytest.raises(ContentError) as refused:
        services.create_programme(data(**overrides), actor=manager)
    assert refused.value.field == field
    assert programme_count() == 0
    assert audits("programme.created") == []


@pytest.mark.parametrize(
    ("contact", "kind"),
    [
        ("https://example.org/apply?x=1", "url"),
        ("info@banecuador.fin.ec", "email"),
        ("+593 2 299 9000", "phone"),
        ("javascript:alert(1)", ""),
        ("JAVASCRIPT://example.org", ""),
    ],
)
def test_contact_kind(contact, kind):
    assert services.contact_kind(contact) == kind


def test_update_records_fields_and_texts_and_bumps_the_version(ctx, manager):
    programme = services.create_programme(data(), actor=manager)
    version = programme.version
    texts = {
        "es": {"name": "Capital Semilla Ñandú", "conditions": "Retornados"},
        "en": {"name": "Ñandú seed capital"},
    }
    changes = services.update_programme(
        programme, data(texts=texts), version=version, actor=manager
    )
    assert changes == {"name_en": ["", "Ñandú seed capital"]}
    assert programme.version == version + 1
    (entry,) = audits("programme.updated")
    assert entry.changes == {"name_en": ["", "Ñandú seed capital"]}
    # The same data again changes nothing and records nothing.
    assert (
        services.update_programme(
            programme, data(texts=texts), version=programme.version, actor=manager
        )
        == {}
    )
    assert len(audits("programme.updated")) == 1


def test_stale_version_is_refused(ctx, manager):
    programme = services.create_programme(data(), actor=manager)
    with pytest.raises(StaleEdit):
        services.update_programme(
            programme, data(provider="Other"), version=programme.version - 1, actor=manager
        )
    with pytest.raises(StaleEdit):
        services.publish_programme(programme, version=None, actor=manager)


def test_country_cannot_change_while_other_countries_link_to_it(ctx, make, manager):
    programme_id = make.programme("EC", published=False)
    edition = make.edition("EC", "business")
    make.opportunity(edition, programme_ids=[programme_id])
    programme = db.session.get(SupportProgramme, programme_id)
    with pytest.raises(ContentError) as refused:
        services.update_programme(
            programme, data(country="PE", regions=[]), version=programme.version, actor=manager
        )
    assert refused.value.field == "country"
    assert foreign_links(programme_id, "EC") == 0


def test_publish_unpublish(ctx, manager):
    programme = services.create_programme(data(), actor=manager)
    assert services.publish_programme(programme, version=programme.version, actor=manager)
    assert programme.status == PublicationStatus.PUBLISHED
    assert programme.published_at is not None
    assert not services.publish_programme(programme, version=programme.version, actor=manager)
    assert services.unpublish_programme(programme, version=programme.version, actor=manager)
    assert programme.status == PublicationStatus.DRAFT
    assert len(audits("programme.published")) == len(audits("programme.unpublished")) == 1


def test_only_drafts_are_deleted_with_their_links(ctx, make, manager):
    programme_id = make.programme("EC", published=True)
    edition = make.edition("EC", "business")
    make.opportunity(edition, programme_ids=[programme_id])
    make.opportunity(edition, programme_ids=[programme_id])
    programme = db.session.get(SupportProgramme, programme_id)
    with pytest.raises(ContentError):
        services.delete_programme(programme, version=programme.version, actor=manager)
    services.unpublish_programme(programme, version=programme.version, actor=manager)
    assert services.delete_programme(programme, version=programme.version, actor=manager) == 2
    assert db.session.get(SupportProgramme, programme_id) is None
    links = select(func.count()).select_from(opportunity_programme)
    assert db.session.scalar(links) == 0
    assert PROGRAMME_TEXT.texts_of(programme_id) == {}
    (entry,) = audits("programme.deleted")
    assert entry.changes["links_removed"] == 2


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Crédito Semilla – Quito", "credito-semilla-quito"), ("¡¡!!", ""), ("A" * 200, "a" * 60)],
)
def test_slug(title, expected):
    assert slug(title) == expected
