"""The demo people's skills profiles: on the demo taxonomy, complete for some, with open
recognition procedures that show on their counsellor's home."""

from datetime import datetime

from sqlalchemy import func, select

from returnsvc.auth.models import User
from returnsvc.extensions import db
from returnsvc.home.dashboard import counsellor_dashboard
from returnsvc.returnees.models import Returnee
from returnsvc.skills.models import ReturneeSkill, WorkExperience, WorkPreference


def test_demo_profiles_use_the_demo_taxonomy(app, tx):
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        people = db.session.scalar(
            select(func.count(func.distinct(WorkExperience.returnee_id))).join(
                Returnee, Returnee.id == WorkExperience.returnee_id
            )
        )
        assert people == 10  # every case past "registered": assessment needs a profile
        # Every demo skill slug resolved to a concept; two are the counsellor's own words.
        free = db.session.scalars(
            select(ReturneeSkill.free_text).where(ReturneeSkill.esco_skill_id.is_(None))
        ).all()
        assert sorted(free) == ["Cocina para dietas especiales", "Guiado en quechua y español"]
        currencies = set(db.session.scalars(select(WorkPreference.wage_currency)))
        assert currencies == {"USD", "COP", "BOB", None}
        madrid = db.session.scalar(
            select(User).where(User.email == "counsellor.madrid@demo.returnsvc.org")
        )
        stalled = counsellor_dashboard(madrid, now=datetime.now().astimezone())[
            "stalled_recognitions"
        ]
        assert [item["status"].value for item in stalled] == ["in_progress"]


def test_demo_notes_agree_with_the_person(app, tx):
    """"Está instalada" for a woman, "instalado" for a man."""
    from returnsvc.cases.models import Case
    from returnsvc.casework.models import CaseNote as Note
    from returnsvc.returnees.models import Sex

    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    with app.test_request_context():
        rows = db.session.execute(
            select(Note.body, Returnee.sex)
            .join(Case, Case.id == Note.case_id)
            .join(Returnee, Returnee.id == Case.returnee_id)
            .where(Note.body.contains("Está instalad"))
        ).all()
        assert {sex for _body, sex in rows} == {Sex.FEMALE, Sex.MALE}
        for body, sex in rows:
            assert ("instalada" in body) == (sex is Sex.FEMALE), body
