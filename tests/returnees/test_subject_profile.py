"""The skills profile in the subject-access export and in the anonymisation."""

import json
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.skills.models import (
    CefrLevel,
    CompetencyCertificate,
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
from returnsvc.taxonomy.models import EscoSkill, IscoGroup
from tests.cases.helpers import office_with_counsellor, other_client


def _profile(app, returnee_id) -> None:
    with app.app_context():
        for code in ("2", "22", "222", "2221"):
            if db.session.get(IscoGroup, code) is None:
                db.session.add(IscoGroup(code=code, level=len(code), parent_code=code[:-1] or None))
                db.session.flush()
        skill = EscoSkill(uri="https://demo.returnsvc.org/esco/skill/test-wound-care")
        db.session.add(skill)
        db.session.flush()
        db.session.add_all(
            [
                WorkExperience(
                    returnee_id=returnee_id,
                    isco_code="2221",
                    years_experience=Decimal("6.5"),
                    place=WorkPlace.ABROAD,
                    last_year_worked=2025,
                ),
                ReturneeSkill(
                    returnee_id=returnee_id,
                    esco_skill_id=skill.id,
                    level=SkillLevel.ADVANCED,
                    evidence=SkillEvidence.CERTIFIED,
                ),
                ReturneeSkill(
                    returnee_id=returnee_id,
                    free_text="Cuidado de la abuela de la familia Pérez",
                    level=SkillLevel.BASIC,
                    evidence=SkillEvidence.SELF_DECLARED,
                ),
                Qualification(
                    returnee_id=returnee_id,
                    title="Grado en Enfermería",
                    isced_level="isced6",
                    issuing_country="ES",
                    institution="Universidad de Murcia",
                    year_awarded=2016,
                    recognition_status=RecognitionStatus.IN_PROGRESS,
                    recognition_authority="SENESCYT",
                    recognition_requested_on=date(2026, 3, 2),
                    recognition_notes="Llamó el 3 de abril",
                ),
                CompetencyCertificate(
                    returnee_id=returnee_id,
                    title="Atención sociosanitaria a personas dependientes",
                    code="SSCS0208",
                    issuer="SEPE",
                    issuing_country="ES",
                    level=2,
                    year_issued=2019,
                ),
                LanguageSkill(returnee_id=returnee_id, language="es", level=CefrLevel.NATIVE),
                WorkPreference(
                    returnee_id=returnee_id,
                    employment="wage",
                    regions=["EC-P"],
                    expected_wage=Decimal("650.00"),
                    wage_currency="USD",
                    notes="Prefiere turnos de mañana",
                ),
            ]
        )
        db.session.commit()


def test_export_carries_the_profile_as_codes(app, client, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    _profile(app, case.returnee_id)
    data = json.loads(client.get(f"/cases/{case.id}/person/export.json").get_data(as_text=True))
    profile = data["skills_profile"]
    assert profile["work_experience"] == [
        {
            "isco_code": "2221",
            "esco_occupation": None,
            "years": "6.5",
            "where": "abroad",
            "last_year_worked": 2025,
        }
    ]
    assert [s["esco_skill"] for s in profile["skills"]][0].endswith("test-wound-care")
    assert profile["qualifications"][0]["recognition"]["status"] == "in_progress"
    assert profile["qualifications"][0]["recognition"]["requested_on"] == "2026-03-02"
    assert profile["competency_certificates"][0]["code"] == "SSCS0208"
    assert profile["languages"] == [{"language": "es", "level": "native"}]
    assert profile["work_preference"]["expected_wage"] == "650.00"
    assert profile["work_preference"]["currency"] == "USD"
    page = client.get(f"/cases/{case.id}/person/record")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Grado en Enfermería" in html and "SSCS0208" in html and "2221" in html


def test_anonymisation_blanks_profile_text_and_keeps_statistics(app, make, sign_in):
    _, _, case = office_with_counsellor(make, sign_in)
    _profile(app, case.returnee_id)
    manager = make.user("manager", office_id=case.office_id)
    browser = other_client(app, manager)
    done = browser.post(f"/cases/{case.id}/person/anonymise", data={"confirm_name": "guamán"})
    assert done.status_code == 302
    with app.app_context():
        rid = case.returnee_id
        skills = db.session.scalars(
            select(ReturneeSkill).where(ReturneeSkill.returnee_id == rid)
        ).all()
        assert sorted(s.free_text for s in skills) == ["", "—"]
        qualification = db.session.scalar(
            select(Qualification).where(Qualification.returnee_id == rid)
        )
        assert (qualification.title, qualification.institution) == ("—", "")
        assert qualification.recognition_notes == ""
        assert qualification.recognition_status is RecognitionStatus.IN_PROGRESS
        assert qualification.year_awarded == 2016
        certificate = db.session.scalar(
            select(CompetencyCertificate).where(CompetencyCertificate.returnee_id == rid)
        )
        assert (certificate.title, certificate.issuer, certificate.code) == ("—", "", "SSCS0208")
        preference = db.session.scalar(
            select(WorkPreference).where(WorkPreference.returnee_id == rid)
        )
        assert preference.notes == "" and preference.expected_wage == Decimal("650.00")
        assert preference.version == 2
        experience = db.session.scalar(
            select(WorkExperience).where(WorkExperience.returnee_id == rid)
        )
        assert experience.isco_code == "2221"
