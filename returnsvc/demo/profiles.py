"""Skills profiles of the demo people: occupations, skills, qualifications (two with a
recognition procedure waiting long enough to show on the counsellor's home), certificates,
languages and work preferences, on the demo taxonomy subset (taxonomy/demo_data)."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select, update

from returnsvc.core.countries import currency_of
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.skills.models import (
    PROFILE_TABLES,
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
from returnsvc.taxonomy.demo_data import DEMO_URI_PREFIX
from returnsvc.taxonomy.models import EscoSkill

# given names -> (occupations [(ISCO unit group, years, where, last year worked)],
#  skills [(demo skill slug or free text, level, evidence)], languages [(code, CEFR)],
#  preference (employment, regions, expected monthly wage in local currency))
PROFILES = {
    "Wilson Patricio": (
        [("7112", 14, "abroad", 2025), ("9313", 3, "origin", 2009)],
        [
            ("lay-bricks", "advanced", "verified"),
            ("mix-mortar-and-concrete", "advanced", "verified"),
            ("read-construction-drawings", "intermediate", "self_declared"),
            ("occupational-health-and-safety", "intermediate", "certified"),
        ],
        [("es", "native")],
        ("either", ["EC-A"], "650"),
    ),
    "María Fernanda": (
        [("5322", 11, "abroad", 2025), ("5321", 2, "abroad", 2014)],
        [
            ("care-for-older-people-at-home", "advanced", "certified"),
            ("assist-people-with-personal-hygiene", "advanced", "verified"),
            ("measure-vital-signs", "intermediate", "certified"),
            ("Cocina para dietas especiales", "intermediate", "self_declared"),
        ],
        [("es", "native"), ("en", "A2")],
        ("wage", ["EC-A", "EC-U"], "550"),
    ),
    "Jorge Enrique": (
        [("5131", 9, "abroad", 2024), ("5120", 3, "abroad", 2025)],
        [
            ("serve-food-and-drinks", "advanced", "verified"),
            ("handle-cash-and-card-payments", "intermediate", "self_declared"),
            ("apply-food-safety-and-hygiene-rules", "intermediate", "certified"),
        ],
        [("es", "native"), ("en", "B1")],
        ("self", ["EC-P"], None),
    ),
    "Luz Dary": (
        [("3221", 8, "abroad", 2025), ("5321", 4, "origin", 2012)],
        [
            ("administer-medication", "advanced", "certified"),
            ("measure-vital-signs", "advanced", "certified"),
            ("infection-prevention-and-control", "intermediate", "verified"),
            ("keep-patient-records", "intermediate", "self_declared"),
        ],
        [("es", "native"), ("en", "A2")],
        ("wage", ["CO-RIS", "CO-CAL"], "2400000"),
    ),
    "John Fredy": (
        [("8322", 6, "abroad", 2025), ("8332", 4, "origin", 2014)],
        [
            ("drive-heavy-goods-vehicles", "advanced", "certified"),
            ("secure-cargo", "intermediate", "self_declared"),
        ],
        [("es", "native")],
        ("either", ["CO-RIS"], "2100000"),
    ),
    "Rosa": (
        [("5120", 10, "abroad", 2025)],
        [
            ("use-cooking-techniques", "advanced", "verified"),
            ("prepare-ingredients", "advanced", "verified"),
            ("apply-food-safety-and-hygiene-rules", "intermediate", "certified"),
        ],
        [("es", "native"), ("qu", "B2")],
        ("self", ["BO-C"], None),
    ),
    # Every case past "registered" has a complete profile (assessment needs one).
    "Diana Marcela": (
        [("9211", 7, "abroad", 2024), ("6111", 3, "origin", 2016)],
        [
            ("harvest-crops", "advanced", "verified"),
            ("irrigate-crops", "intermediate", "self_declared"),
            ("operate-farm-machinery", "basic", "self_declared"),
        ],
        [("es", "native")],
        ("either", ["CO-CAL"], "1800000"),
    ),
    "Freddy": (
        [("9313", 15, "abroad", 2025), ("7112", 2, "origin", 2009)],
        [
            ("mix-mortar-and-concrete", "advanced", "verified"),
            ("lay-bricks", "intermediate", "verified"),
            ("occupational-health-and-safety", "intermediate", "certified"),
        ],
        [("es", "native"), ("qu", "A2")],
        ("wage", ["BO-S"], "3500"),
    ),
    "Milagros": (
        [("5223", 10, "abroad", 2025)],
        [
            ("serve-customers", "advanced", "verified"),
            ("handle-cash-and-card-payments", "advanced", "verified"),
            ("manage-warehouse-stock", "intermediate", "self_declared"),
        ],
        [("es", "native"), ("en", "A2")],
        ("self", ["PE-LIM"], None),
    ),
    "César Augusto": (
        [("5113", 7, "origin", 2013), ("4224", 5, "abroad", 2025)],
        [
            ("check-guests-in-and-out", "advanced", "verified"),
            ("Guiado en quechua y español", "advanced", "self_declared"),
            ("work-in-a-team", "advanced", "self_declared"),
        ],
        [("es", "native"), ("qu", "C1"), ("en", "B2")],
        ("self", ["PE-CUS"], None),
    ),
}

# given names -> (title, ISCED, country, institution, year, recognition status, authority,
#  requested days ago, resolved days ago)
QUALIFICATIONS = {
    "María Fernanda": ("Técnico en Cuidados Auxiliares de Enfermería", "isced3", "ES",
                       "IES Ciudad de Madrid", 2017, "in_progress", "SENESCYT", 150, None),
    "Luz Dary": ("Técnico en Cuidados Auxiliares de Enfermería", "isced3", "ES",
                 "IES Benjamín Rúa, Móstoles", 2019, "requested",
                 "Ministerio de Educación Nacional", 120, None),
    "Wilson Patricio": ("Bachillerato técnico en construcción", "isced3", "EC",
                        "Colegio Técnico Cuenca", 1997, "not_needed", "", None, None),
    "César Augusto": ("Guía Oficial de Turismo", "isced5", "PE", "Instituto Khipu, Cusco",
                      2008, "not_needed", "", None, None),
    "Jorge Enrique": ("Cocina y gastronomía (ciclo medio)", "isced3", "ES", "CIFP Madrid",
                      2016, "recognised", "Ministerio de Educación del Ecuador", 260, 200),
}  # fmt: skip

CERTIFICATES = {
    "María Fernanda": ("Atención sociosanitaria a personas en el domicilio", "SSCS0108",
                       "Comunidad de Madrid", 2),
    "Wilson Patricio": ("Fábricas de albañilería", "EOCB0108", "SEPE", 2),
    "Jorge Enrique": ("Servicios de restaurante", "HOTR0608", "SEPE", 2),
}  # fmt: skip


def add_demo_profile(returnee, counsellor) -> None:
    """The profile of one demo person, if the table above has one (the others stay empty:
    a counsellor sees both a complete and a missing profile in the demo)."""
    spec = PROFILES.get(returnee.given_names)
    if spec is None:
        return
    occupations, skills, languages, (employment, regions, wage) = spec
    mine = {"returnee_id": returnee.id, "created_by_id": counsellor.id}
    for isco, years, place, last_year in occupations:
        db.session.add(
            WorkExperience(
                **mine, isco_code=isco, years_experience=Decimal(years),
                place=WorkPlace(place), last_year_worked=last_year,
            )
        )  # fmt: skip
    skill_ids = _demo_skill_ids()
    for name, level, evidence in skills:
        concept = skill_ids.get(name)
        db.session.add(
            ReturneeSkill(
                **mine, esco_skill_id=concept, free_text="" if concept else name,
                level=SkillLevel(level), evidence=SkillEvidence(evidence),
            )
        )  # fmt: skip
    for code, level in languages:
        db.session.add(LanguageSkill(**mine, language=code, level=CefrLevel(level)))
    db.session.add(
        WorkPreference(
            **mine, employment=EmploymentPreference(employment), regions=regions,
            expected_wage=Decimal(wage) if wage else None,
            wage_currency=currency_of(returnee.origin_country) if wage else None,
        )
    )  # fmt: skip
    _add_qualification(returnee.given_names, mine)
    certificate = CERTIFICATES.get(returnee.given_names)
    if certificate:
        title, code, issuer, level = certificate
        db.session.add(
            CompetencyCertificate(
                **mine, title=title, code=code, issuer=issuer, issuing_country="ES",
                level=level, year_issued=utcnow().year - 3,
            )
        )  # fmt: skip
    db.session.flush()


def date_demo_profile(returnee_id: int, at) -> None:
    """Date the profile rows `at` minus a day (the seed writes them "now")."""
    when = at - timedelta(days=1)
    for model in PROFILE_TABLES:
        db.session.execute(
            update(model)
            .where(model.returnee_id == returnee_id)
            .values(created_at=when, updated_at=when)
            .execution_options(synchronize_session=False)
        )


def _add_qualification(given_names: str, mine: dict) -> None:
    spec = QUALIFICATIONS.get(given_names)
    if spec is None:
        return
    title, isced, country, institution, year, status, authority, requested, resolved = spec
    today = utcnow().date()
    db.session.add(
        Qualification(
            **mine, title=title, isced_level=isced, issuing_country=country,
            institution=institution, year_awarded=year,
            recognition_status=RecognitionStatus(status), recognition_authority=authority,
            recognition_requested_on=today - timedelta(days=requested) if requested else None,
            recognition_resolved_on=today - timedelta(days=resolved) if resolved else None,
        )
    )  # fmt: skip


def _demo_skill_ids() -> dict[str, int]:
    prefix = f"{DEMO_URI_PREFIX}skill/"
    rows = db.session.execute(
        select(EscoSkill.uri, EscoSkill.id).where(EscoSkill.uri.startswith(prefix))
    ).all()
    return {uri.removeprefix(prefix): skill_id for uri, skill_id in rows}
