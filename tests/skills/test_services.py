"""The profile's services: each section's rules and refusals (with the field they concern),
audit entries, versions and conflicts, and a clean transaction after every refusal."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases import services as case_services
from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.core.conflicts import StaleEdit
from returnsvc.core.refusals import Refusal
from returnsvc.extensions import db
from returnsvc.skills import credentials, rows, services
from returnsvc.skills.cleaning import ProfileError
from returnsvc.skills.models import (
    CompetencyCertificate,
    LanguageSkill,
    Qualification,
    RecognitionStatus,
    ReturneeSkill,
    SkillEvidence,
    WorkExperience,
    WorkPlace,
    WorkPreference,
)
from tests.skills.helpers import ENGLISH, call

TODAY = date.today()
NEXT_YEAR = TODAY.year + 1
PROFILE_TABLES = (
    WorkExperience,
    ReturneeSkill,
    Qualification,
    CompetencyCertificate,
    LanguageSkill,
    WorkPreference,
)


def run(app, world, function, *args, **kwargs):
    return call(app, function, world.case.id, *args, actor_id=world.counsellor.id, **kwargs)


def load(app, model, ident):
    with app.app_context():
        row = db.session.get(model, ident)
        if row is not None:
            db.session.expunge(row)
        return row


def audit_entries(app, prefix="profile."):
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action.startswith(prefix)).order_by(AuditEntry.id)
        ).all()
        db.session.expunge_all()
        return rows


def counts(app) -> tuple:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model)) for model in PROFILE_TABLES
        ) + (db.session.scalar(select(func.count()).select_from(AuditEntry)),)


def refusal(app, world, function, *args, **kwargs) -> Refusal:
    """Run a service that must refuse; the request then commits like a re-rendered form would,
    and nothing may have been written."""
    before = counts(app)
    with app.test_request_context(**ENGLISH):
        case = db.session.get(Case, world.case.id)
        with pytest.raises(Refusal) as caught:
            function(case, *args, actor=None, **kwargs)
        db.session.commit()
    assert counts(app) == before
    return caught.value


EXPERIENCE = {"occupation": "isco:5120", "years_experience": "3", "place": "abroad"}
QUALIFICATION = {
    "title": "Licenciatura en Enfermería",
    "isced_level": "isced6",
    "issuing_country": "EC",
    "institution": "Universidad de Cuenca",
    "year_awarded": 2010,
    "recognition_status": "not_needed",
}


# --- work experience ------------------------------------------------------------------------


def test_add_experience_by_isco_code_is_audited(app, world):
    item_id = run(
        app,
        world,
        services.add_experience,
        {**EXPERIENCE, "years_experience": Decimal("2.5"), "last_year_worked": 2021},
    )
    row = load(app, WorkExperience, item_id)
    assert (row.isco_code, row.esco_occupation_id, row.place) == ("5120", None, WorkPlace.ABROAD)
    assert row.years_experience == Decimal("2.5") and row.last_year_worked == 2021
    assert row.created_by_id == world.counsellor.id and row.version == 1
    [entry] = audit_entries(app)
    assert entry.action == "profile.experience_added" and entry.actor_id == world.counsellor.id
    assert entry.target_type == "work_experience" and entry.target_id == str(item_id)
    assert entry.changes["case_id"] == world.case.id
    assert entry.changes["isco_code"] == "5120" and entry.changes["years_experience"] == "2.5"


def test_a_typed_code_counts_as_a_choice(app, world):
    item_id = run(app, world, services.add_experience, {**EXPERIENCE, "occupation": " 7512 "})
    assert load(app, WorkExperience, item_id).isco_code == "7512"


def test_an_esco_occupation_implies_its_unit_group(app, world):
    occupation = f"occupation:{world.ids['baker']}"
    item_id = run(app, world, services.add_experience, {**EXPERIENCE, "occupation": occupation})
    row = load(app, WorkExperience, item_id)
    assert row.esco_occupation_id == world.ids["baker"] and row.isco_code == "7512"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"occupation": ""}, "q", "Choose an occupation"),
        ({"occupation": "isco:512"}, "q", "broad ISCO-08 group"),
        ({"occupation": "51"}, "q", "broad ISCO-08 group"),
        ({"occupation": "isco:9999"}, "q", "no ISCO-08 unit group"),
        ({"occupation": "isco:51201"}, "q", "no ISCO-08 group"),
        ({"occupation": "isco:abc"}, "q", "no ISCO-08 group"),
        ({"occupation": "occupation:999999"}, "q", "not in the list"),
        ({"occupation": "occupation:99999999999999999999"}, "q", "not in the list"),
        ({"occupation": "occupation:-1"}, "q", "not in the list"),
        ({"occupation": "skill:1"}, "q", "Choose an occupation"),
        ({"years_experience": "-1"}, "years_experience", "from 0 to 70"),
        ({"years_experience": "70.5"}, "years_experience", "from 0 to 70"),
        ({"years_experience": "2.25"}, "years_experience", "one decimal"),
        ({"years_experience": "NaN"}, "years_experience", "from 0 to 70"),
        ({"years_experience": "lots"}, "years_experience", "from 0 to 70"),
        ({"place": ""}, "place", "where the person did this work"),
        ({"place": "moon"}, "place", "where the person did this work"),
        ({"last_year_worked": 1939}, "last_year_worked", "between 1940 and"),
        ({"last_year_worked": NEXT_YEAR}, "last_year_worked", "between 1940 and"),
        ({"last_year_worked": "20x1"}, "last_year_worked", "between 1940 and"),
    ],
)
def test_experience_refusals(app, world, changes, field, message):
    error = refusal(app, world, services.add_experience, {**EXPERIENCE, **changes})
    assert error.field == field and message in str(error.message)


def test_update_experience_audits_the_changed_fields(app, world):
    item_id = run(app, world, services.add_experience, EXPERIENCE)
    row = load(app, WorkExperience, item_id)
    changes = run(
        app,
        world,
        lambda case, *, actor: services.update_experience(
            case,
            db.session.get(WorkExperience, item_id),
            {**EXPERIENCE, "years_experience": "4", "place": "origin"},
            actor=actor,
            version=row.version,
        ),
    )
    assert set(changes) == {"years_experience", "place"}
    assert load(app, WorkExperience, item_id).version == 2
    entry = audit_entries(app)[-1]
    assert entry.action == "profile.experience_updated"
    assert entry.changes["place"] == ["abroad", "origin"]


def test_nothing_changed_writes_nothing(app, world):
    item_id = run(app, world, services.add_experience, EXPERIENCE)
    changes = run(
        app,
        world,
        lambda case, *, actor: services.update_experience(
            case, db.session.get(WorkExperience, item_id), EXPERIENCE, actor=actor, version=1
        ),
    )
    assert changes == {} and len(audit_entries(app)) == 1
    assert load(app, WorkExperience, item_id).version == 1


def test_a_stale_version_is_refused(app, world):
    item_id = run(app, world, services.add_experience, EXPERIENCE)
    with app.test_request_context(**ENGLISH):
        case = db.session.get(Case, world.case.id)
        row = db.session.get(WorkExperience, item_id)
        for version in (None, 0, 2):
            with pytest.raises(StaleEdit):
                services.update_experience(
                    case, row, {**EXPERIENCE, "place": "origin"}, actor=None, version=version
                )
            with pytest.raises(StaleEdit):
                rows.delete_item(case, row, section="experience", actor=None, version=version)
    assert load(app, WorkExperience, item_id).place is WorkPlace.ABROAD


def test_delete_is_audited(app, world):
    item_id = run(app, world, services.add_experience, EXPERIENCE)
    run(
        app,
        world,
        lambda case, *, actor: rows.delete_item(
            case,
            db.session.get(WorkExperience, item_id),
            section="experience",
            actor=actor,
            version=1,
        ),
    )
    assert load(app, WorkExperience, item_id) is None
    entry = audit_entries(app)[-1]
    assert entry.action == "profile.experience_deleted" and entry.target_id == str(item_id)


def test_a_closed_case_refuses_changes(app, world):
    with app.test_request_context(**ENGLISH):
        case = db.session.get(Case, world.case.id)
        case_services.change_stage(
            case, Stage.CLOSED, version=case.version, actor=None, close_reason=CloseReason.OTHER
        )
        db.session.commit()
    error = refusal(app, world, services.add_experience, EXPERIENCE)
    assert "closed" in str(error.message)


# --- skills -------------------------------------------------------------------------------


def test_skills_from_esco_or_in_own_words(app, world):
    esco = run(
        app,
        world,
        services.add_skill,
        {"skill": f"skill:{world.ids['bake']}", "level": "advanced", "evidence": "certified"},
    )
    own = run(
        app,
        world,
        services.add_skill,
        {"free_text": "  Decorating   cakes ", "level": "basic"},
    )
    row = load(app, ReturneeSkill, esco)
    assert row.esco_skill_id == world.ids["bake"] and row.free_text == ""
    assert row.evidence is SkillEvidence.CERTIFIED
    row = load(app, ReturneeSkill, own)
    assert row.esco_skill_id is None and row.free_text == "Decorating cakes"
    assert row.evidence is SkillEvidence.SELF_DECLARED
    added = [e for e in audit_entries(app) if e.action == "profile.skill_added"]
    # The counsellor's words are not copied into the audit trail.
    assert added[1].changes["free_text"] == "changed"
    assert added[0].changes["esco_skill_id"] == world.ids["bake"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "q", "Choose an ESCO skill"),
        ({"skill": "skill:999999"}, "q", "not in the list"),
        ({"skill": "occupation:1"}, "q", "not in the list"),
        ({"skill": "skill:1e5"}, "q", "not in the list"),
        ({"skill": "SKILL", "free_text": "Baking"}, "free_text", "not both"),
        ({"free_text": "x" * 201}, "free_text", "At most 200 characters"),
        ({"free_text": "x" * 10_000}, "free_text", "At most 200 characters"),
        ({"free_text": "Baking", "level": "expert"}, "level", "Choose the level"),
        ({"free_text": "Baking", "level": "basic", "evidence": "rumour"}, "evidence", ""),
    ],
)
def test_skill_refusals(app, world, data, field, message):
    data = {"level": "basic", **data}
    if data.get("skill") == "SKILL":
        data["skill"] = f"skill:{world.ids['bake']}"
    error = refusal(app, world, services.add_skill, data)
    assert error.field == field and message in str(error.message)


def test_the_same_skill_twice_is_refused(app, world):
    bake = f"skill:{world.ids['bake']}"
    run(app, world, services.add_skill, {"skill": bake, "level": "basic"})
    run(app, world, services.add_skill, {"free_text": "Decorating cakes", "level": "basic"})
    error = refusal(app, world, services.add_skill, {"skill": bake, "level": "advanced"})
    assert error.field == "q" and "already in the profile" in str(error.message)
    error = refusal(
        app, world, services.add_skill, {"free_text": "decorating  CAKES", "level": "basic"}
    )
    assert error.field == "free_text"


def test_editing_a_skill_into_a_duplicate_is_refused(app, world):
    bake, knead = (f"skill:{world.ids[name]}" for name in ("bake", "knead"))
    run(app, world, services.add_skill, {"skill": bake, "level": "basic"})
    second = run(app, world, services.add_skill, {"skill": knead, "level": "basic"})
    with app.test_request_context(**ENGLISH):
        case = db.session.get(Case, world.case.id)
        row = db.session.get(ReturneeSkill, second)
        with pytest.raises(Refusal, match="already"):
            services.update_skill(
                case, row, {"skill": bake, "level": "basic"}, actor=None, version=1
            )
        # Keeping its own skill is not a duplicate of itself.
        services.update_skill(
            case, row, {"skill": knead, "level": "advanced"}, actor=None, version=1
        )
        db.session.commit()
    assert load(app, ReturneeSkill, second).esco_skill_id == world.ids["knead"]


def test_a_duplicate_that_slips_past_the_checks_is_refused_and_the_session_stays_usable(app, world):
    """Two counsellors saving the same skill at once: the unique index answers, in a savepoint."""
    bake = world.ids["bake"]
    run(app, world, services.add_skill, {"skill": f"skill:{bake}", "level": "basic"})
    with app.test_request_context(**ENGLISH):
        case = db.session.get(Case, world.case.id)
        clean = {"esco_skill_id": bake, "free_text": "", "level": "basic", "evidence": "certified"}
        duplicate = ProfileError("duplicate", field="q")
        with pytest.raises(Refusal) as caught:
            rows.add_item(
                case, ReturneeSkill, clean, section="skill", actor=None, duplicate=duplicate
            )
        assert caught.value is duplicate
        # The request goes on and commits what it still has to.
        services.add_language(case, {"language": "es", "level": "native"}, actor=None)
        db.session.commit()
    with app.app_context():
        skills = db.session.scalars(
            select(ReturneeSkill).where(ReturneeSkill.returnee_id == world.case.returnee_id)
        ).all()
        assert len(skills) == 1
        assert db.session.scalar(select(func.count()).select_from(LanguageSkill)) == 1


# --- languages ----------------------------------------------------------------------------


def test_one_row_per_language(app, world):
    run(app, world, services.add_language, {"language": "qu", "level": "native"})
    english = run(app, world, services.add_language, {"language": "en", "level": "A2"})
    error = refusal(app, world, services.add_language, {"language": "qu", "level": "B1"})
    assert error.field == "language" and str(error.message) == "Quechua is already in the profile."
    with app.test_request_context(**ENGLISH):
        case = db.session.get(Case, world.case.id)
        row = db.session.get(LanguageSkill, english)
        with pytest.raises(Refusal, match="Quechua"):
            services.update_language(
                case, row, {"language": "qu", "level": "A2"}, actor=None, version=1
            )
        services.update_language(
            case, row, {"language": "en", "level": "B1"}, actor=None, version=1
        )
        db.session.commit()
    assert load(app, LanguageSkill, english).level.value == "B1"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"language": "xx", "level": "B1"}, "language"),
        ({"language": "spa", "level": "B1"}, "language"),
        ({"language": "", "level": "B1"}, "language"),
        ({"language": "es", "level": "D1"}, "level"),
        ({"language": "es"}, "level"),
    ],
)
def test_language_refusals(app, world, data, field):
    assert refusal(app, world, services.add_language, data).field == field


# --- qualifications and recognition -------------------------------------------------------


def test_a_recognised_qualification(app, world):
    item_id = run(
        app,
        world,
        credentials.add_qualification,
        {
            **QUALIFICATION,
            "recognition_status": "recognised",
            "recognition_authority": "SENESCYT",
            "recognition_requested_on": TODAY - timedelta(days=100),
            "recognition_resolved_on": TODAY,
            "recognition_notes": "Recognised\nwithout exams.",
        },
    )
    row = load(app, Qualification, item_id)
    assert row.recognition_status is RecognitionStatus.RECOGNISED
    assert row.recognition_resolved_on == TODAY
    assert row.recognition_notes == "Recognised\nwithout exams."
    entry = audit_entries(app)[-1]
    assert entry.action == "profile.qualification_added"
    assert entry.changes["recognition_status"] == "recognised"
    assert entry.changes["recognition_notes"] == "changed" and entry.changes["title"] == "changed"


def test_any_country_may_issue_a_qualification(app, world):
    item_id = run(
        app, world, credentials.add_qualification, {**QUALIFICATION, "issuing_country": "JP"}
    )
    assert load(app, Qualification, item_id).issuing_country == "JP"


LONG_AGO = TODAY - timedelta(days=200)
RECENTLY = TODAY - timedelta(days=10)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Write the title"),
        ({"title": " \x00 "}, "title", "Write the title"),
        ({"title": "x" * 10_000}, "title", "At most 300 characters"),
        ({"isced_level": "isced9"}, "isced_level", "Choose the level"),
        ({"issuing_country": "XX"}, "issuing_country", "country that issued"),
        ({"issuing_country": "EU"}, "issuing_country", "country that issued"),
        ({"issuing_country": ""}, "issuing_country", "country that issued"),
        ({"institution": "x" * 201}, "institution", "At most 200"),
        ({"year_awarded": 1939}, "year_awarded", "between 1940"),
        ({"year_awarded": NEXT_YEAR}, "year_awarded", "between 1940"),
        ({"recognition_status": ""}, "recognition_status", "needs to be recognised"),
        ({"recognition_status": "maybe"}, "recognition_status", "needs to be recognised"),
        (
            {"recognition_status": "requested"},
            "recognition_requested_on",
            "date the recognition was requested",
        ),
        (
            {"recognition_status": "in_progress"},
            "recognition_requested_on",
            "date the recognition was requested",
        ),
        (
            {"recognition_status": "recognised", "recognition_resolved_on": RECENTLY},
            "recognition_requested_on",
            "date the recognition was requested",
        ),
        (
            {"recognition_status": "rejected", "recognition_requested_on": LONG_AGO},
            "recognition_resolved_on",
            "date of the decision",
        ),
        (
            {
                "recognition_status": "in_progress",
                "recognition_requested_on": LONG_AGO,
                "recognition_resolved_on": RECENTLY,
            },
            "recognition_resolved_on",
            "Only a recognised or rejected",
        ),
        (
            {"recognition_status": "not_needed", "recognition_requested_on": LONG_AGO},
            "recognition_requested_on",
            "not needed has no request date",
        ),
        (
            {
                "recognition_status": "recognised",
                "recognition_requested_on": RECENTLY,
                "recognition_resolved_on": LONG_AGO,
            },
            "recognition_resolved_on",
            "cannot come before the request",
        ),
        (
            {
                "recognition_status": "requested",
                "recognition_requested_on": TODAY + timedelta(days=1),
            },
            "recognition_requested_on",
            "in the future",
        ),
        (
            {
                "recognition_status": "recognised",
                "recognition_requested_on": LONG_AGO,
                "recognition_resolved_on": TODAY + timedelta(days=3),
            },
            "recognition_resolved_on",
            "in the future",
        ),
        (
            {"recognition_status": "requested", "recognition_requested_on": date(1900, 1, 1)},
            "recognition_requested_on",
            "from 1940",
        ),
        (
            {"recognition_status": "requested", "recognition_requested_on": "2020-01-01"},
            "recognition_requested_on",
            "Enter a date",
        ),
    ],
)
def test_qualification_refusals(app, world, changes, field, message):
    error = refusal(app, world, credentials.add_qualification, {**QUALIFICATION, **changes})
    assert error.field == field and message in str(error.message)


def test_a_recognition_moves_through_its_statuses(app, world):
    item_id = run(
        app,
        world,
        credentials.add_qualification,
        {**QUALIFICATION, "recognition_status": "requested", "recognition_requested_on": LONG_AGO},
    )
    for version, changes in enumerate(
        (
            {"recognition_status": "in_progress"},
            {"recognition_status": "rejected", "recognition_resolved_on": RECENTLY},
        ),
        start=1,
    ):
        run(
            app,
            world,
            lambda case, *, actor, changes=changes, version=version: (
                credentials.update_qualification(
                    case,
                    db.session.get(Qualification, item_id),
                    {**QUALIFICATION, "recognition_requested_on": LONG_AGO, **changes},
                    actor=actor,
                    version=version,
                )
            ),
        )
    row = load(app, Qualification, item_id)
    assert row.recognition_status is RecognitionStatus.REJECTED and row.version == 3
    assert [e.changes.get("recognition_status") for e in audit_entries(app)][1:] == [
        ["requested", "in_progress"],
        ["in_progress", "rejected"],
    ]


# --- certificates -------------------------------------------------------------------------


def test_a_certificate(app, world):
    item_id = run(
        app,
        world,
        credentials.add_certificate,
        {
            "title": "Cocina",
            "code": "HOTR0408",
            "issuer": "SEPE",
            "issuing_country": "ES",
            "level": "2",
            "year_issued": 2019,
        },
    )
    row = load(app, CompetencyCertificate, item_id)
    assert (row.code, row.level, row.year_issued) == ("HOTR0408", 2, 2019)
    assert audit_entries(app)[-1].action == "profile.certificate_added"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"code": "x" * 41}, "code"),
        ({"level": 0}, "level"),
        ({"level": "6"}, "level"),
        ({"level": "two"}, "level"),
        ({"issuing_country": "ZZ"}, "issuing_country"),
        ({"year_issued": NEXT_YEAR}, "year_issued"),
    ],
)
def test_certificate_refusals(app, world, changes, field):
    data = {"title": "Cocina", "issuing_country": "ES", **changes}
    assert refusal(app, world, credentials.add_certificate, data).field == field


# --- work preferences ---------------------------------------------------------------------


def save_preferences(app, world, data, version):
    return run(app, world, services.save_preferences, data, version=version)


def preference_of(app, world) -> WorkPreference | None:
    with app.app_context():
        row = db.session.scalar(
            select(WorkPreference).where(WorkPreference.returnee_id == world.case.returnee_id)
        )
        if row is not None:
            db.session.expunge(row)
        return row


def test_preferences_are_created_then_updated(app, world):
    save_preferences(
        app,
        world,
        {
            "employment": "self",
            "regions": ["EC-A", "EC-P", "EC-A"],
            "expected_wage": Decimal("650"),
            "notes": "Wants to open a bakery.",
        },
        version=None,
    )
    row = preference_of(app, world)
    assert row.regions == ["EC-A", "EC-P"]
    assert row.expected_wage == Decimal("650.00") and row.wage_currency == "USD"
    changes = save_preferences(
        app, world, {"employment": "either", "regions": [], "expected_wage": None}, version=1
    )
    row = preference_of(app, world)
    assert row.version == 2 and row.wage_currency is None and row.expected_wage is None
    assert set(changes) >= {"employment", "regions", "expected_wage", "wage_currency", "notes"}
    assert [e.action for e in audit_entries(app)] == [
        "profile.preferences_added",
        "profile.preferences_updated",
    ]
    assert audit_entries(app)[-1].changes["notes"] == "changed"


def test_the_wage_is_in_the_currency_of_the_origin_country(app, make, world):
    case = make.case(office_id=world.office.id, origin_country="PE", region_code="")
    with app.test_request_context(**ENGLISH):
        services.save_preferences(
            db.session.get(Case, case.id),
            {"employment": "wage", "regions": ["PE-CUS"], "expected_wage": "1200.5"},
            actor=None,
            version=None,
        )
        db.session.commit()
        row = db.session.scalar(
            select(WorkPreference).where(WorkPreference.returnee_id == case.returnee_id)
        )
        assert (row.expected_wage, row.wage_currency) == (Decimal("1200.50"), "PEN")


def test_preferences_saved_meanwhile_are_a_conflict(app, world):
    save_preferences(app, world, {"employment": "self"}, version=None)
    with app.test_request_context(**ENGLISH):
        case = db.session.get(Case, world.case.id)
        for version in (None, 2):
            with pytest.raises(StaleEdit):
                services.save_preferences(case, {"employment": "wage"}, actor=None, version=version)
    assert preference_of(app, world).employment.value == "self"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"employment": ""}, "employment", "kind of work"),
        ({"regions": ["PE-LIM"]}, "regions", "is not a region of Ecuador"),
        ({"regions": ["EC-A", "XX-YY"]}, "regions", "is not a region of Ecuador"),
        ({"expected_wage": "-1"}, "expected_wage", "0 or more"),
        ({"expected_wage": Decimal("-0.01")}, "expected_wage", "0 or more"),
        ({"expected_wage": "1" * 13}, "expected_wage", "0 or more"),
        ({"expected_wage": "10.001"}, "expected_wage", "at most 2 decimals"),
        ({"expected_wage": "Infinity"}, "expected_wage", "0 or more"),
        ({"notes": "x" * 5001}, "notes", "At most 5000"),
    ],
)
def test_preference_refusals(app, world, changes, field, message):
    data = {"employment": "wage", **changes}
    error = refusal(app, world, services.save_preferences, data, version=None)
    assert error.field == field and message in str(error.message)
