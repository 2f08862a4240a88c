"""Demo returnees and their cases: invented people with plausible Andean names, regions and
return programmes, spread over the demo offices and stages. All marked is_demo."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases import services as cases
from returnsvc.cases.models import CaseTransition, CloseReason, Stage
from returnsvc.casework import services as casework
from returnsvc.core.clock import local_today, to_utc, zone_named
from returnsvc.core.db import utcnow
from returnsvc.demo.profiles import add_demo_profile, date_demo_profile
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.partners import services as referrals
from returnsvc.plans import services as plans
from returnsvc.returnees.models import ConsentKind, Sex
from returnsvc.returnees.services import register_returnee

# (given names, first surname, second surname, sex, birth date, country, region, city,
#  programme, years abroad, last occupation abroad, ISIC section, counsellor e-mail, stages)
DEMO_RETURNEES = (
    (
        "Wilson Patricio",
        "Guamán",
        "Loja",
        "male",
        date(1979, 4, 2),
        "EC",
        "EC-A",
        "Cuenca",
        "apre",
        16,
        "Albañil",
        "F",
        "counsellor.madrid",
        ("assessed", "plan_agreed", "in_support"),
    ),
    (
        "María Fernanda",
        "Quizhpi",
        "Sarmiento",
        "female",
        date(1986, 9, 14),
        "EC",
        "EC-A",
        "Gualaceo",
        "apre",
        12,
        "Cuidadora de personas mayores",
        "Q",
        "counsellor.madrid",
        ("assessed",),
    ),
    (
        "Jorge Enrique",
        "Paredes",
        "Vaca",
        "male",
        date(1975, 1, 30),
        "EC",
        "EC-P",
        "Quito",
        "iom_avrr",
        18,
        "Camarero",
        "I",
        "counsellor.quito",
        ("assessed", "plan_agreed"),
    ),
    (
        "Nancy Beatriz",
        "Chicaiza",
        "Toapanta",
        "female",
        date(1990, 6, 8),
        "EC",
        "EC-P",
        "Sangolquí",
        "own_means",
        9,
        "Empleada de hogar",
        "T",
        "counsellor.quito",
        (),
    ),
    (
        "Luz Dary",
        "Cárdenas",
        "Mejía",
        "female",
        date(1981, 11, 23),
        "CO",
        "CO-RIS",
        "Pereira",
        "apre",
        14,
        "Auxiliar de enfermería",
        "Q",
        "counsellor.pereira",
        ("assessed", "plan_agreed", "in_support", "follow_up"),
    ),
    (
        "John Fredy",
        "Osorio",
        "Giraldo",
        "male",
        date(1984, 2, 17),
        "CO",
        "CO-RIS",
        "Dosquebradas",
        "other_public",
        11,
        "Conductor de reparto",
        "H",
        "counsellor.pereira",
        ("assessed",),
    ),
    (
        "Diana Marcela",
        "Restrepo",
        "Álvarez",
        "female",
        date(1992, 8, 5),
        "CO",
        "CO-CAL",
        "Manizales",
        "own_means",
        7,
        "Recolectora agrícola",
        "A",
        "counsellor.murcia",
        ("assessed", "plan_agreed", "in_support", "follow_up", "closed"),
    ),
    (
        "Freddy",
        "Vargas",
        "Mendoza",
        "male",
        date(1977, 3, 12),
        "BO",
        "BO-S",
        "Santa Cruz de la Sierra",
        "iom_avrr",
        15,
        "Peón de construcción",
        "F",
        "counsellor.cochabamba",
        ("assessed", "plan_agreed", "in_support"),
    ),
    (
        "Rosa",
        "Mamani",
        "Quispe",
        "female",
        date(1983, 12, 1),
        "BO",
        "BO-C",
        "Cochabamba",
        "apre",
        13,
        "Cocinera",
        "I",
        "counsellor.cochabamba",
        ("assessed",),
    ),
    (
        "Juan Carlos",
        "Choque",
        "Condori",
        "male",
        date(1988, 5, 20),
        "BO",
        "BO-L",
        "El Alto",
        "own_means",
        8,
        "Invernadero (agricultura)",
        "A",
        "counsellor.murcia",
        (),
    ),
    (
        "Milagros",
        "Huamán",
        "Flores",
        "female",
        date(1985, 7, 9),
        "PE",
        "PE-LIM",
        "Lima",
        "apre",
        10,
        "Dependienta de comercio",
        "G",
        "counsellor.lima",
        ("assessed", "plan_agreed"),
    ),
    (
        "César Augusto",
        "Quispe",
        "Mamani",
        "male",
        date(1972, 10, 28),
        "PE",
        "PE-CUS",
        "Cusco",
        "iom_avrr",
        19,
        "Guía turístico",
        "N",
        "counsellor.lima",
        ("assessed",),
    ),
    (
        "Yessenia",
        "Vásquez",
        "Chávez",
        "female",
        date(1994, 2, 3),
        "PE",
        "PE-LAL",
        "Trujillo",
        "own_means",
        6,
        "Ayudante de cocina",
        "I",
        "counsellor.madrid",
        (),
    ),
)


# Months since the return of the people whose business (demo/enterprises.py) opened long ago;
# the others returned 2, 3, 4... months ago in the order above.
RETURNED_MONTHS_AGO = {"Jorge Enrique": 17, "Nancy Beatriz": 11, "Luz Dary": 11, "Freddy": 11}


def seed_demo_cases(partners=()) -> int:
    """Register the demo people, open their cases and walk them through their stages."""
    counsellors = {
        u.email.split("@")[0]: u
        for u in db.session.scalars(select(User).where(User.is_demo.is_(True)))
    }
    now = utcnow()
    created = 0
    for index, row in enumerate(DEMO_RETURNEES):
        (
            given,
            first,
            second,
            sex,
            born,
            country,
            region,
            city,
            programme,
            years,
            occupation,
            sector,
            counsellor_key,
            path,
        ) = row
        counsellor = counsellors[counsellor_key]
        person = {
            "given_names": given, "first_surname": first, "second_surname": second, "sex": sex,
            "birth_date": born, "nationality": country, "document_type": "national_id",
            "document_number": f"{9_100_000 + index * 7919:010d}", "document_country": country,
            "phone": _demo_phone(country, index), "email": "", "origin_country": country,
            "region_code": region, "city": city, "address": "", "household_size": 2 + index % 4,
            "dependants": index % 3, "education_level": ("isced2", "isced3", "isced4")[index % 3],
            "languages": ["es", "qu"] if country in ("BO", "PE") and index % 2 else ["es"],
        }  # fmt: skip
        migration = {
            "departure_year": now.year - years, "years_abroad": years,
            "return_programme": programme, "last_occupation_abroad": occupation,
            "last_sector_abroad": sector,
            "actual_return_date": (
                now - timedelta(days=30 * RETURNED_MONTHS_AGO.get(given, index + 2))
            ).date(),
        }  # fmt: skip
        consents = {ConsentKind.SERVICE, ConsentKind.STATISTICS}
        if index % 4:
            consents.add(ConsentKind.SHARING)
        returnee = register_returnee(person, migration, consents, actor=counsellor, is_demo=True)
        add_demo_profile(returnee, counsellor)
        office = db.session.get(Office, counsellor.office_id)
        case = cases.open_case(returnee, office=office, counsellor=counsellor, actor=counsellor)
        for stage in path:
            reason = CloseReason.EMPLOYED if stage == "closed" else None
            cases.change_stage(
                case, Stage(stage), version=case.version, actor=counsellor, close_reason=reason
            )
        if case.is_open:
            _demo_casework(case, counsellor, index, partners)
        _spread_over_time(case, returnee, days_per_stage=18 + index * 3)
        created += 1
    return created


def _spread_over_time(case, returnee, days_per_stage: int) -> None:
    """Demo histories happen over months, not in the second the seed ran."""
    history = db.session.scalars(
        select(CaseTransition).where(CaseTransition.case_id == case.id).order_by(CaseTransition.id)
    ).all()
    start = utcnow() - timedelta(days=days_per_stage * len(history) + 5)
    for step, transition in enumerate(history):
        transition.occurred_at = start + timedelta(days=days_per_stage * step)
    returnee.created_at = case.opened_at = start - timedelta(hours=1)
    case.stage_changed_at = history[-1].occurred_at
    if case.closed_at is not None:
        case.closed_at = history[-1].occurred_at
    # The profile is recorded while the case is being assessed: before the second stage.
    date_demo_profile(returnee.id, history[min(1, len(history) - 1)].occurred_at)


def _demo_phone(country: str, index: int) -> str:
    prefix = {"EC": "+593 9", "CO": "+57 3", "BO": "+591 7", "PE": "+51 9"}[country]
    return f"{prefix}{index % 10}{(4_300_000 + index * 131) % 10_000_000:07d}"


DEMO_NOTES = (
    (
        "phone",
        # {o}: the ending that agrees with the person ("instalado", "instalada").
        "Primera llamada tras el retorno. Está instalad{o} con su familia y busca empleo.",
        False,
    ),
    ("visit", "Visita a la oficina. Trae el certificado de estudios para homologar.", False),
    ("internal", "Refiere ansiedad por las deudas; se propone derivar a apoyo psicosocial.", True),
)


def _office_hour(office, *, days_ahead: int, hour: int) -> datetime:
    zone = zone_named(office.time_zone)
    day = local_today(zone) + timedelta(days=days_ahead)
    return to_utc(datetime.combine(day, time(hour)), zone)


def _demo_casework(case, counsellor, index: int, partners) -> None:
    """Notes, a task, an appointment, a plan goal and a referral, as a counsellor would add."""
    now = utcnow()
    ending = "a" if Sex(case.returnee.sex) is Sex.FEMALE else "o"
    for step, (kind, body, confidential) in enumerate(DEMO_NOTES[: 1 + index % 3]):
        text = body.format(o=ending)
        note = casework.add_note(
            case, {"kind": kind, "body": text, "is_confidential": confidential}, actor=counsellor
        )
        note.occurred_at = now - timedelta(days=20 - step * 6)
    task = casework.add_task(
        case,
        {
            "title": "Llamar para confirmar la cita con el SENA"
            if case.returnee.origin_country == "CO"
            else "Revisar documentos para la homologación del título",
            "due_date": (now + timedelta(days=index % 9)).date(),
            "assignee_id": counsellor.id,
        },
        actor=counsellor,
    )
    if index % 3 == 0:
        task.due_date = (now - timedelta(days=2)).date()  # one overdue task on some cases
    casework.schedule_appointment(
        case,
        {
            # Office hours of the office's own day: 9:00 to 12:00 local time.
            "starts_at": _office_hour(case.office, days_ahead=1 + index % 5, hour=9 + index % 4),
            "location": case.office.name,
            "purpose": "Revisión del plan de reintegración",
            "counsellor_id": counsellor.id,
        },
        actor=counsellor,
    )
    if case.stage in (Stage.PLAN_AGREED, Stage.IN_SUPPORT, Stage.FOLLOW_UP):
        goal = plans.add_goal(
            case,
            {
                "dimension": "economic",
                "title": "Poner en marcha un pequeño negocio",
                "description": "Con el pago APRE y ahorros propios.",
            },
            actor=counsellor,
        )
        plans.add_action(
            goal,
            {
                "title": "Curso de gestión de microempresas",
                "responsible": "Persona retornada",
                "due_date": (now + timedelta(days=30)).date(),
                "by_returnee": True,  # the person can say "I did this" in the portal
            },
            actor=counsellor,
        )
        plans.add_action(
            goal,
            {
                "title": "Abrir una cuenta de ahorro para el negocio",
                "responsible": "Persona retornada",
                "due_date": (now + timedelta(days=10)).date(),
                "by_returnee": True,
            },
            actor=counsellor,
        )
        plans.add_action(
            goal,
            {
                "title": "Revisar el plan de negocio con la persona",
                "responsible": counsellor.full_name,
                "due_date": (now + timedelta(days=21)).date(),
            },
            actor=counsellor,
        )
        country_partners = [p for p in partners if p.country == case.returnee.origin_country]
        if country_partners and case.returnee.has_consent(ConsentKind.SHARING):
            referrals.send_referral(
                case,
                {
                    "partner_id": country_partners[0].id,
                    "purpose": "Formación en gestión de negocios",
                },
                actor=counsellor,
            )
