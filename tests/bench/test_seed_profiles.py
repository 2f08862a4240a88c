"""bench.seed's skills profiles for the matching benchmark, checked at a small scale inside the
test transaction: every generated person gets a profile the scorer can read, drawn from the
guides' occupations and skills, and a second run adds nothing."""

from sqlalchemy import func, select

from bench.seed import seed_guides, seed_profiles, seed_scale
from bench.seed.__main__ import main as seed_main
from returnsvc.extensions import db
from returnsvc.guides.models import DemandEntry, RequiredSkill
from returnsvc.matching.queries import profiles_of
from returnsvc.returnees.models import Returnee
from returnsvc.skills.models import (
    Qualification,
    ReturneeSkill,
    WorkExperience,
    WorkPreference,
)


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_generated_profiles_are_readable_by_the_scorer_and_not_repeated(app, tx):
    with app.app_context():
        seed_scale(300, seed=5)
        seed_guides(400, seed=5)
        counts = seed_profiles(seed=5)
        people = list(db.session.scalars(select(Returnee.id).where(Returnee.is_demo)))
        assert len(people) == 300
        assert counts["work_experience"] == _count(WorkExperience) >= 300
        assert counts["returnee_skill"] == _count(ReturneeSkill) >= 600
        assert counts["qualification"] == _count(Qualification) > 0
        assert 0.45 <= counts["work_preference"] / 300 <= 0.75
        assert _count(WorkPreference) == counts["work_preference"]
        assert _count(Returnee, Returnee.education_level.is_(None)) == 0
        # Mostly the guides' unit groups and only skills the guide entries require.
        guide_codes = select(DemandEntry.isco_code)
        in_guides = _count(WorkExperience, WorkExperience.isco_code.in_(guide_codes))
        assert in_guides / counts["work_experience"] >= 0.6
        asked = select(RequiredSkill.esco_skill_id)
        esco = ReturneeSkill.esco_skill_id.is_not(None)
        assert _count(ReturneeSkill, esco, ReturneeSkill.esco_skill_id.not_in(asked)) == 0
        assert _count(ReturneeSkill, ReturneeSkill.free_text != "") > 0

        profiles = profiles_of(people)
        assert len(profiles) == 300
        assert all(p.occupations and (p.skills or p.own_words) for p in profiles.values())
        assert all(p.education is not None for p in profiles.values())
        assert sum(p.willing_to_move for p in profiles.values()) > 0
        assert any(p.qualifications for p in profiles.values())

        assert sum(seed_profiles(seed=5).values()) == 0
        assert _count(WorkExperience) == counts["work_experience"]


def test_the_command_line_generates_profiles(app, tx, capsys):
    with app.app_context():
        seed_scale(40, seed=9)
        seed_guides(100, seed=9)
        db.session.commit()  # the test's outer transaction still rolls it back
    assert seed_main(["--profiles", "--seed", "9"], app=app) == 0
    assert "profile rows" in capsys.readouterr().out
    with app.app_context():
        assert _count(WorkExperience) >= 40
