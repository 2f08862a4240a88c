"""Good-practice services: countries and themes, texts per locale, keys, publish/unpublish,
deletion of drafts, audit entries, version conflicts."""

import pytest
from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.core.conflicts import StaleEdit
from returnsvc.extensions import db
from returnsvc.practices import queries, services
from returnsvc.practices.models import PRACTICE_TEXT, GoodPractice
from returnsvc.publishing.models import PublicationStatus
from returnsvc.publishing.services import ContentError


def data(**overrides) -> dict:
    base = {
        "key": "",
        "countries": ["PE", "EC"],
        "themes": ["micro_enterprise", "remittances_savings"],
        "texts": {
            "es": {"title": "Remesas que se vuelven ahorro", "body": "Uno.\n\nDos."},
            "en": {"title": "Remittances into savings", "summary": "How", "body": "One."},
        },
    }
    return {**base, **overrides}


@pytest.fixture
def manager(make):
    return make.user("manager")


def actions() -> list[str]:
    found = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
    return [action for action in found if action.startswith("practice.")]


def test_create_orders_codes_and_saves_texts(ctx, manager):
    practice = services.create_practice(data(), actor=manager)
    assert practice.key == "remesas-que-se-vuelven-ahorro"
    assert practice.countries == ["EC", "PE"]
    assert practice.themes == ["remittances_savings", "micro_enterprise"]
    assert practice.status == PublicationStatus.DRAFT
    assert PRACTICE_TEXT.texts_of(practice.id)["en"]["summary"] == "How"
    assert actions() == ["practice.created"]


def test_no_countries_means_all(ctx, manager):
    practice = services.create_practice(data(countries=[]), actor=manager)
    assert practice.countries == []
    rows, _, _ = queries.list_practices("es", country="BO")
    assert [row.GoodPractice.id for row in rows] == [practice.id]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"countries": ["ES"]}, "countries"),
        ({"themes": []}, "themes"),
        ({"themes": ["gardening"]}, "themes"),
        ({"key": "UPPER"}, "key"),
        ({"texts": {"en": {"summary": "no title"}}}, "title_en"),
        ({"texts": {"es": {"title": " "}}}, "title_es"),
        ({"texts": {"es": {"title": "ok", "summary": "s" * 2001}}}, "summary_es"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(ctx, manager, overrides, field):
    with pytest.raises(ContentError) as refused:
        services.create_practice(data(**overrides), actor=manager)
    assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(GoodPractice)) == 0
    assert actions() == []


def test_update_removing_a_translation(ctx, manager):
    practice = services.create_practice(data(), actor=manager)
    texts = {"es": data()["texts"]["es"], "en": {}}
    changes = services.update_practice(
        practice,
        data(texts=texts, themes=["pes_services"]),
        version=practice.version,
        actor=manager,
    )
    assert changes["title_en"] == ["Remittances into savings", ""]
    assert changes["themes"][1] == "['pes_services']"
    assert "en" not in PRACTICE_TEXT.texts_of(practice.id)
    assert actions()[-1] == "practice.updated"
    with pytest.raises(StaleEdit):
        services.update_practice(practice, data(), version=1, actor=manager)


def test_publish_unpublish_delete(ctx, manager):
    practice = services.create_practice(data(), actor=manager)
    services.publish_practice(practice, version=practice.version, actor=manager)
    with pytest.raises(ContentError):
        services.delete_practice(practice, version=practice.version, actor=manager)
    services.unpublish_practice(practice, version=practice.version, actor=manager)
    practice_id = practice.id
    services.delete_practice(practice, version=practice.version, actor=manager)
    assert db.session.get(GoodPractice, practice_id) is None
    assert PRACTICE_TEXT.texts_of(practice_id) == {}
    assert actions() == [
        "practice.created",
        "practice.published",
        "practice.unpublished",
        "practice.deleted",
    ]


def test_list_filters(ctx, make):
    ec = make.practice(["EC"], ["pes_services"], published=False)
    make.practice(["PE"], ["remittances_savings"])
    rows, has_more, locales = queries.list_practices(
        "en", country="EC", theme="pes_services", status="draft"
    )
    assert [row.GoodPractice.id for row in rows] == [ec]
    assert not has_more and locales[ec] == {"es", "en"}
