"""Translation tables: fallback reads and blank-locale writes (core.translated)."""

from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.guides.models import EDITION_TEXT, GuideEdition

ONLY_SPANISH = {"es": {"title": "Guía de Ecuador", "source": "INEC", "summary": ""}}


def _read(edition_id, locale):
    stmt, text = EDITION_TEXT.joined(
        select(GuideEdition.id).select_from(GuideEdition), GuideEdition.id, locale
    )
    stmt = stmt.add_columns(text.title, text.text_locale).where(GuideEdition.id == edition_id)
    return db.session.execute(stmt).one()


def test_reads_own_locale_then_falls_back(app, make):
    edition_id = make.edition(texts=ONLY_SPANISH)
    with app.app_context():
        assert _read(edition_id, "es")[1:] == ("Guía de Ecuador", "es")
        assert _read(edition_id, "en")[1:] == ("Guía de Ecuador", "es")


def test_no_text_at_all_reads_null(app, make):
    edition_id = make.edition(texts={"es": {"title": "x"}})
    with app.app_context():
        EDITION_TEXT.save(edition_id, {})
        assert _read(edition_id, "en")[1:] == (None, None)


def test_save_adds_changes_and_removes_locales(app, make):
    edition_id = make.edition(texts=ONLY_SPANISH)
    with app.app_context():
        changes = EDITION_TEXT.save(
            edition_id,
            {
                "es": {"title": "Guía de Ecuador", "source": "INEC 2026", "summary": ""},
                "en": {"title": " Ecuador guide ", "source": "", "summary": ""},
            },
        )
        assert changes == {
            "source_es": ["INEC", "INEC 2026"],
            "title_en": ["", "Ecuador guide"],
        }
        assert EDITION_TEXT.locales_of([edition_id]) == {edition_id: {"es", "en"}}
        # Everything in English blanked: the row goes, English is "not yet translated" again.
        changes = EDITION_TEXT.save(
            edition_id, {"es": EDITION_TEXT.texts_of(edition_id)["es"], "en": {"title": "  "}}
        )
        assert changes == {"title_en": ["Ecuador guide", ""]}
        assert set(EDITION_TEXT.texts_of(edition_id)) == {"es"}
        assert EDITION_TEXT.save(edition_id, EDITION_TEXT.texts_of(edition_id)) == {}


def test_the_folded_search_copy_follows_the_text(app, make):
    from returnsvc.guides.models import DEMAND_TEXT, DemandEntryText

    edition_id = make.edition()
    entry_id = make.demand_entry(
        edition_id, texts={"es": {"other_skills": "Repostería\nSoldadura"}}
    )

    def folded():
        return db.session.scalars(
            select(DemandEntryText.skills_search).where(DemandEntryText.entry_id == entry_id)
        ).all()

    with app.app_context():
        assert folded() == ["reposteria soldadura"]
        DEMAND_TEXT.save(entry_id, {"es": {"other_skills": "Cocina ANDINA"}})
        assert folded() == ["cocina andina"]
