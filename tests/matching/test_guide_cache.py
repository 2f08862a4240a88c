"""The current editions' entries kept in memory (guide_inputs.current_entries): read once per
edition and content version; the database moves the version on every change of an edition's
entries, texts or required skills, by any path, so an edit is never served stale."""

from sqlalchemy import select, text, update

from returnsvc.extensions import db
from returnsvc.guides.models import DEMAND_TEXT, DemandEntry, GuideEdition, RequiredSkill
from returnsvc.matching import guide_inputs
from tests.guide_factories import ensure_isco
from tests.helpers import count_statements
from tests.skills.helpers import load_taxonomy


def _version(edition_id) -> int:
    return db.session.scalar(
        select(GuideEdition.content_version).where(GuideEdition.id == edition_id)
    )


def test_every_kind_of_change_moves_the_content_version(app, make):
    edition = make.edition("PE", "labour_market")
    entry = make.demand_entry(edition, isco_code="7112")
    with app.app_context():
        load_taxonomy()
        ensure_isco("7111")
        seen = [_version(edition)]
        changes = [
            update(DemandEntry).where(DemandEntry.id == entry).values(isco_code="7111"),
            text("UPDATE demand_entry_text SET other_skills = 'x' WHERE entry_id = :e"),
            text(
                "INSERT INTO required_skill (demand_entry_id, esco_skill_id)"
                " SELECT :e, id FROM esco_skill ORDER BY id LIMIT 1"
            ),
            text("DELETE FROM required_skill WHERE demand_entry_id = :e"),
            text("DELETE FROM demand_entry_text WHERE entry_id = :e"),
            text("DELETE FROM demand_entry WHERE id = :e"),
        ]
        for change in changes:
            db.session.execute(change, {"e": entry})
            seen.append(_version(edition))
        assert seen == sorted(set(seen)), seen  # each change moved it
        untouched = make.edition("PE", "business")
        assert _version(untouched) == 1


def test_entries_are_read_once_per_version(app, make):
    edition = make.edition("BO", "labour_market")
    entry = make.demand_entry(edition, isco_code="7112")
    with app.test_request_context():
        first = guide_inputs.current_entries("demand", "BO", "es")
        with count_statements(app) as statements:
            again = guide_inputs.current_entries("demand", "BO", "es")
        assert again is first and len(statements) == 1  # the version check only
        assert [e.isco for _id, e in first] == ["7112"]
        ensure_isco("7111")
        DEMAND_TEXT.save(entry, {"es": {"other_skills": "revocar paredes"}})
        db.session.execute(
            update(DemandEntry).where(DemandEntry.id == entry).values(isco_code="7111")
        )
        fresh = guide_inputs.current_entries("demand", "BO", "es")
        assert fresh is not first
        [(_id, changed)] = fresh
        assert changed.isco == "7111" and changed.own_words == {"revocar paredes"}
        assert guide_inputs.current_entries("opportunity", "BO", "es") == ()
        db.session.execute(
            text("DELETE FROM required_skill WHERE demand_entry_id = :e"), {"e": entry}
        )
        assert (
            db.session.scalar(
                select(RequiredSkill.id).where(RequiredSkill.demand_entry_id == entry)
            )
            is None
        )
