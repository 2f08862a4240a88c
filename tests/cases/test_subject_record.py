"""The printable subject-access record reads as a document for the person, in the page's
language: labels, names and local dates, never a code, a field name, an ISO timestamp or an
ESCO URI; the JSON download keeps the codes and documents them."""

import html
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from returnsvc.cases.models import Case, CaseTransfer, CaseTransition, Stage, TransferStatus
from returnsvc.casework.models import Appointment, CaseNote, NoteKind, Task
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind, Referral, ReferralStatus
from returnsvc.plans.models import ActionStatus, Dimension, GoalStatus, PlanAction, PlanGoal
from returnsvc.returnees.models import MigrationHistory
from returnsvc.skills.models import (
    CefrLevel,
    CompetencyCertificate,
    EmploymentPreference,
    LanguageSkill,
    Qualification,
    RecognitionStatus,
    ReturneeSkill,
    SkillEvidence,
    SkillLevel,
    WorkExperience,
    WorkPlace,
    WorkPreference,
)
from returnsvc.taxonomy.models import (
    EscoOccupation,
    EscoOccupationLabel,
    EscoSkill,
    EscoSkillLabel,
    IscoGroup,
    IscoGroupLabel,
)
from tests.cases.helpers import office_with_counsellor, other_client

OCCUPATION_URI = "https://demo.returnsvc.org/esco/occupation/test-record-nurse"
SKILL_URI = "https://demo.returnsvc.org/esco/skill/test-record-wound-care"

# Codes the data below stores, which must never reach the printed page (whole words).
CODES = (
    "female", "national_id", "isced3", "isced6", "apre", "plan_agreed", "assessed",
    "registered", "visit", "economic", "in_progress", "pending", "accepted", "self_declared",
    "certified", "advanced", "native", "Q", "EC", "ES", "EC-A", "EC-P", "2221",
)  # fmt: skip
ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T|\d{2}:\d{2}:\d{2}\.\d+")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def _labels(model, key: str, ident, es: str, en: str, field="label", **extra):
    return [
        model(**{key: ident, field: text}, locale=locale, search_text=fold(text), **extra)
        for locale, text in (("es", es), ("en", en))
    ]


def _fill_every_section(app, case_id: int, returnee_id: int, other_office_id: int) -> None:
    """A case with something in every section of the record, as people enter it."""
    at = datetime(2026, 3, 3, 15, 30, 12, 345678, tzinfo=UTC)
    with app.app_context():
        for code in ("2", "22", "222", "2221"):
            if db.session.get(IscoGroup, code) is None:
                db.session.add(IscoGroup(code=code, level=len(code), parent_code=code[:-1] or None))
                db.session.flush()
        if db.session.get(IscoGroupLabel, ("2221", "es")) is None:
            db.session.add_all(
                _labels(
                    IscoGroupLabel, "code", "2221",
                    "Profesionales de enfermería", "Nursing professionals", field="title",
                )
            )  # fmt: skip
        occupation = EscoOccupation(uri=OCCUPATION_URI, isco_code="2221")
        skill = EscoSkill(uri=SKILL_URI)
        db.session.add_all([occupation, skill])
        db.session.flush()
        db.session.add_all(
            _labels(
                EscoOccupationLabel, "occupation_id", occupation.id,
                "enfermero/enfermera", "nurse responsible for general care", is_preferred=True,
            )
            + _labels(
                EscoSkillLabel, "skill_id", skill.id,
                "curar heridas", "treat wounds", is_preferred=True,
            )
        )  # fmt: skip
        case = db.session.get(Case, case_id)
        case.stage = Stage.PLAN_AGREED
        person = case.returnee
        person.birth_date = date(1988, 5, 17)
        person.languages = ["es", "qu"]
        person.phone = "+593 99 123 4567"
        migration = db.session.scalar(
            select(MigrationHistory).where(MigrationHistory.returnee_id == returnee_id)
        )
        migration.last_sector_abroad = "Q"
        migration.planned_return_date = date(2026, 4, 1)
        migration.last_occupation_abroad = "Cuidadora"
        mine = {"case_id": case_id}
        goal = PlanGoal(
            **mine, dimension=Dimension.ECONOMIC, title="Abrir una tienda", status=GoalStatus.OPEN
        )
        partner = Partner(
            name="Cooperativa Jardín Azuayo", kind=PartnerKind.MICROFINANCE, country="EC"
        )
        db.session.add_all([goal, partner])
        db.session.flush()
        db.session.add_all(
            [
                CaseTransition(**mine, from_stage=Stage.REGISTERED, to_stage=Stage.ASSESSED,
                               occurred_at=at, note="Perfil completo"),
                CaseTransition(**mine, from_stage=Stage.ASSESSED, to_stage=Stage.PLAN_AGREED,
                               occurred_at=at),
                CaseTransfer(**mine, from_office_id=case.office_id, to_office_id=other_office_id,
                             status=TransferStatus.PENDING, reason="Se muda a Quito",
                             requested_at=at),
                CaseNote(**mine, kind=NoteKind.VISIT, body="Visita al domicilio", occurred_at=at),
                Appointment(**mine, starts_at=at, location="Oficina de Cuenca",
                            purpose="Revisar el plan", attended=True),
                Task(**mine, title="Llamar a la cooperativa", due_date=date(2026, 3, 10),
                     done_at=at),
                PlanAction(goal_id=goal.id, title="Pedir un microcrédito",
                           responsible="María José", due_date=date(2026, 5, 1),
                           status=ActionStatus.IN_PROGRESS),
                Referral(**mine, partner_id=partner.id, purpose="Microcrédito",
                         status=ReferralStatus.ACCEPTED, sent_at=at, responded_at=at),
                WorkExperience(returnee_id=returnee_id, isco_code="2221",
                               esco_occupation_id=occupation.id,
                               years_experience=Decimal("6.5"), place=WorkPlace.ABROAD,
                               last_year_worked=2025),
                ReturneeSkill(returnee_id=returnee_id, esco_skill_id=skill.id,
                              level=SkillLevel.ADVANCED, evidence=SkillEvidence.CERTIFIED),
                ReturneeSkill(returnee_id=returnee_id, free_text="Cocina",
                              level=SkillLevel.BASIC, evidence=SkillEvidence.SELF_DECLARED),
                Qualification(returnee_id=returnee_id, title="Grado en Enfermería",
                              isced_level="isced6", issuing_country="ES",
                              institution="Universidad de Murcia", year_awarded=2016,
                              recognition_status=RecognitionStatus.IN_PROGRESS,
                              recognition_authority="SENESCYT",
                              recognition_requested_on=date(2026, 3, 2)),
                CompetencyCertificate(returnee_id=returnee_id, title="Atención sociosanitaria",
                                      code="SSCS0208", issuer="SEPE", issuing_country="ES",
                                      level=2, year_issued=2019),
                LanguageSkill(returnee_id=returnee_id, language="es", level=CefrLevel.NATIVE),
                WorkPreference(returnee_id=returnee_id, employment=EmploymentPreference.WAGE,
                               regions=["EC-P"], expected_wage=Decimal("650.00"),
                               wage_currency="USD"),
            ]
        )  # fmt: skip
        db.session.commit()


def _main_text(page: str) -> str:
    """What a reader sees of the document: the text of <main>, without tags or attributes."""
    main = page[page.index("<main") : page.index("</main>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def record_case(app, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    other = make.office("EC", city="Quito")
    _fill_every_section(app, case.id, case.returnee_id, other.id)
    return office, me, case


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("es", ("Mujer", "Ecuador", "Español, Quechua", "Plan acordado", "curar heridas")),
        (
            "en",
            (
                "Woman",
                "Upper secondary education (ISCED 3)",
                "Spanish, Quechua",
                "Human health and social work activities",
                "Plan agreed",
                "Visit",
                "nurse responsible for general care",
                "Nursing professionals",
                "treat wounds",
                "Mother tongue",
                "Agreed on",
                "Azuay",
            ),
        ),
    ],
)
def test_printable_record_shows_no_code(app, make, record_case, locale, words):
    office, _, case = record_case
    reader = make.user("counsellor", office_id=office.id, locale=locale)
    page = other_client(app, reader).get(f"/cases/{case.id}/person/record")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    text = _main_text(body)
    for word in words:
        assert word in text, word
    # Everything entered is there, in words.
    everything = (
        "Guamán", "Visita al domicilio", "Abrir una tienda", "Se muda a Quito",
        "Cooperativa Jardín Azuayo", "Grado en Enfermería", "SSCS0208", "Cocina",
    )  # fmt: skip
    for entered in everything:
        assert entered in text, entered
    assert not ISO_INSTANT.search(text), ISO_INSTANT.search(text)
    assert not ISO_DATE.search(text), ISO_DATE.search(text)
    assert "http://" not in text and "https://" not in text
    assert "['" not in text and "Idiomas: es" not in text
    assert not SNAKE_CASE.search(text), SNAKE_CASE.search(text)
    for code in CODES:
        found = re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)
        assert found is None, (code, text[max(found.start() - 60, 0) : found.end() + 60])
    # A document: issued by the office, on a date, printable on A4.
    assert office.name in text
    assert 'media="print"' in body and "css/print.css" in body


def test_print_stylesheet_is_a4_and_served(client):
    css = client.get("/static/css/print.css")
    try:
        assert css.status_code == 200
        assert "size: A4" in css.get_data(as_text=True)
    finally:
        css.close()


def test_json_export_keeps_codes_and_documents_them(app, client, record_case):
    _, _, case = record_case
    data = json.loads(client.get(f"/cases/{case.id}/person/export.json").get_data(as_text=True))
    identity = data["person"]["identity"]
    assert identity["sex"] == "female" and identity["languages"] == ["es", "qu"]
    assert data["person"]["migration_history"]["last_sector_abroad"] == "Q"
    assert data["cases"][0]["stage"] == "plan_agreed"
    assert data["cases"][0]["stage_history"][0]["at"] == "2026-03-03T15:30:12.345678+00:00"
    experience = data["skills_profile"]["work_experience"][0]
    assert experience["isco_code"] == "2221" and experience["esco_occupation"] == OCCUPATION_URI
    assert data["skills_profile"]["skills"][0]["esco_skill"] == SKILL_URI
    # Every code used is documented with its name in the download's language (Spanish here).
    codes = data["codes"]
    assert codes["sex"]["female"] == "Mujer"
    assert codes["stage"]["plan_agreed"]
    assert codes["isic_section"]["Q"]
    assert codes["country (ISO 3166-1 alpha-2)"]["EC"] == "Ecuador"
    assert codes["language (ISO 639-1)"]["qu"]
    assert codes["skill (ESCO URI)"][SKILL_URI] == "curar heridas"
    assert codes["occupation group (ISCO-08)"]["2221"] == "Profesionales de enfermería"
    assert set(data["formats"]) == {"dates", "instants", "amounts", "codes"}
