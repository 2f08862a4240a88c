"""The work a counsellor has done on an open demo case: one to three notes (the third
confidential), a task (overdue on some cases), an appointment in the office's hours and, once a
plan is agreed, a plan goal with its actions and a referral to a partner of the person's country
(with their consent to sharing). Written through the casework, plans and partners services by
the case's counsellor (audited)."""

from datetime import datetime, time, timedelta

from returnsvc.cases.models import Stage
from returnsvc.casework import services as casework
from returnsvc.core.clock import local_today, to_utc, zone_named
from returnsvc.core.db import utcnow
from returnsvc.partners import services as referrals
from returnsvc.plans import services as plans
from returnsvc.returnees.models import ConsentKind, Sex

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


def add_demo_casework(case, counsellor, index: int, partners) -> None:
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
