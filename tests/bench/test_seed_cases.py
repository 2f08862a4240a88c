"""bench.seed's case-management data set, checked at a small scale inside the test transaction
(COPY runs on the test's own connection, so it is rolled back like the rest)."""

import itertools
from types import SimpleNamespace

from sqlalchemy import func, select, text

from bench.seed import seed_scale, words
from bench.seed.__main__ import main as seed_main
from bench.seed.copying import TABLES
from bench.seed.generator import Generator
from returnsvc.auth.models import User
from returnsvc.cases import stages
from returnsvc.cases.models import Case, CaseTransition, Stage
from returnsvc.casework.models import Appointment, CaseNote, Task
from returnsvc.core.enums import Role
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.returnees import services as returnee_services
from returnsvc.returnees.models import MigrationHistory, Returnee


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_generated_data_is_consistent(app, tx):
    with app.app_context():
        counts = seed_scale(200, seed=7, rebuild_indexes=True)
        assert counts["returnee"] == counts["case_file"] == counts["migration_history"] == 200
        for model, table in (
            (Returnee, "returnee"),
            (Case, "case_file"),
            (CaseTransition, "case_transition"),
            (CaseNote, "case_note"),
            (Task, "task"),
            (Appointment, "appointment"),
        ):
            assert _count(model) == counts[table]
        assert _count(Returnee, Returnee.is_demo.is_(False)) == 0
        assert _count(Case, Case.is_demo.is_(False)) == 0
        assert 2.5 <= counts["case_transition"] / 200 <= 4.0
        assert 7 <= counts["case_note"] / 200 <= 13
        assert 1.4 <= counts["task"] / 200 <= 2.6
        assert 0.6 <= counts["appointment"] / 200 <= 1.4
        assert 0.04 <= _count(CaseNote, CaseNote.is_confidential) / counts["case_note"] <= 0.18

        # Every case belongs to an active office and, if assigned, to a counsellor of it.
        for case in db.session.scalars(select(Case)):
            assert case.office.is_active
            if case.counsellor is not None:
                assert case.counsellor.role is Role.COUNSELLOR
                assert case.counsellor.office_id == case.office_id
            assert (case.stage is Stage.CLOSED) == (case.closed_at is not None)
            assert (case.stage is Stage.CLOSED) == (case.close_reason is not None)
            assert case.reference == (f"{case.office.country}-{case.opened_at.year}-{case.id:06d}")
            assert case.returnee.has_consent("service")
        open_cases = db.session.execute(
            select(Case.returnee_id, func.count())
            .where(Case.stage != Stage.CLOSED)
            .group_by(Case.returnee_id)
            .having(func.count() > 1)
        ).all()
        assert open_cases == []


def test_transitions_follow_the_lifecycle_and_end_in_the_current_stage(app, tx):
    with app.app_context():
        seed_scale(150, seed=11)
        cases = {c.id: c for c in db.session.scalars(select(Case))}
        rows = db.session.scalars(
            select(CaseTransition).order_by(CaseTransition.case_id, CaseTransition.occurred_at)
        ).all()
        for case_id, group in itertools.groupby(rows, key=lambda t: t.case_id):
            history = list(group)
            case = cases.pop(case_id)
            assert history[0].from_stage is None
            assert history[0].to_stage is Stage.REGISTERED
            assert history[0].occurred_at == case.opened_at
            for before, after in itertools.pairwise(history):
                assert after.from_stage is before.to_stage
                assert stages.is_allowed(before.to_stage, after.to_stage)
                assert after.occurred_at > before.occurred_at
            assert history[-1].to_stage is case.stage
            assert history[-1].occurred_at == case.stage_changed_at
            for t in history:
                assert (t.close_reason is not None) == (t.to_stage is Stage.CLOSED)
            notes = db.session.scalars(select(CaseNote).where(CaseNote.case_id == case_id)).all()
            assert notes, "every case has at least one note"
            assert all(n.occurred_at >= case.opened_at for n in notes)
        assert cases == {}, "every case has transitions"


def test_search_text_is_what_the_returnee_services_write(app, tx):
    with app.app_context():
        seed_scale(120, seed=3)
        refresh = getattr(returnee_services, "_refresh_search_fields", None)
        accented = 0
        for person in db.session.scalars(select(Returnee)):
            expected = " ".join(
                p
                for p in (
                    fold(person.full_name),
                    (person.document_number or "").lower(),
                    person.phone_digits,
                )
                if p
            )
            assert person.search_text == expected
            assert person.search_text == fold(person.search_text)
            if refresh is not None:
                copy = SimpleNamespace(
                    full_name=person.full_name,
                    document_number=person.document_number,
                    phone=person.phone,
                )
                refresh(copy)
                assert (copy.search_text, copy.phone_digits) == (
                    person.search_text,
                    person.phone_digits,
                )
            accented += person.full_name != fold(person.full_name).title()
            assert person.region_code.startswith(person.origin_country + "-")
            assert person.migration is not None
        assert accented > 20  # the names really carry accents


def test_case_list_finds_a_person_by_an_accent_free_search(app, tx):
    with app.app_context():
        seed_scale(200, seed=5)
        case = db.session.scalars(
            select(Case)
            .join(Returnee, Case.returnee_id == Returnee.id)
            .where(Case.counsellor_id.is_not(None), Returnee.first_surname.regexp_match("[^ -~]"))
            .order_by(Case.id)
            .limit(1)
        ).one()
        person = case.returnee
        query = fold(f"{person.given_names} {person.first_surname} {person.second_surname}")
        assert query != f"{person.given_names} {person.first_surname} {person.second_surname}"
        from returnsvc.cases.listing import case_list_page

        counsellor = db.session.get(User, case.counsellor_id)
        rows, _ = case_list_page(counsellor, {"q": query.upper(), "stage": "all"})
        assert case.id in [row.id for row in rows]


def test_command_refuses_a_second_load_unless_appending(app, tx, capsys):
    assert seed_main(["--cases", "60", "--seed", "1"], app=app) == 0
    output = capsys.readouterr().out
    assert "case_note" in output and "ANALYZE" in output
    assert seed_main(["--cases", "10"], app=app) == 1
    assert "--append" in capsys.readouterr().err
    assert seed_main(["--cases", "40", "--seed", "2", "--append"], app=app) == 0
    with app.app_context():
        assert _count(Case) == 100
        assert _count(MigrationHistory) == 100
        # The sequences moved past the loaded ids, so the app can keep inserting.
        for table in TABLES:
            highest = db.session.scalar(text(f"SELECT max(id) FROM {table}"))
            following = db.session.scalar(
                text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))")
            )
            assert following > highest, table


def test_existing_offices_and_counsellors_are_used(app, tx, make):
    counsellor = make.user(role="counsellor")
    with app.app_context():
        seed_scale(30, seed=9)
        offices = set(db.session.scalars(select(Case.office_id).distinct()))
        assert offices == {counsellor.office_id}
        assigned = set(db.session.scalars(select(Case.counsellor_id).distinct())) - {None}
        assert assigned == {counsellor.id}


def test_same_seed_same_people_and_copy_safe_text():
    offices = [
        {"id": 1, "name": "Oficina Madrid", "country": "ES", "users": [10, 11]},
        {"id": 2, "name": "Red Socio Empleo Quito", "country": "EC", "users": [12]},
    ]
    first_ids = dict.fromkeys(TABLES, 1)

    def people(seed):
        generator = Generator(seed, offices, first_ids, now=1_790_000_000)
        return generator.people(50)[0]

    assert people(42) == people(42)
    assert people(42) != people(43)
    texts = [
        *words.STREETS,
        *words.TRADES,
        *words.INTERNAL_NOTES,
        *words.CONFIDENTIAL_NOTES,
        *words.TASK_TITLES,
        *words.APPOINTMENT_PURPOSES,
        *(t for phase in words.NOTE_PHASES.values() for t in phase),
        *(p for partners in words.PARTNERS.values() for p in partners),
        *(n for names in words.GIVEN_NAMES.values() for group in names for n in group),
        *(n for names in words.SURNAMES.values() for n in names),
        *(o for o, _ in words.OCCUPATIONS),
    ]
    assert not [t for t in texts if any(ch in t for ch in "\t\n\r\\")]
