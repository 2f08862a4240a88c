"""The case page's timeline: every kind of event, newest first, with who did it, in the page's
language, and confidential notes only for the owning office."""

import re
from datetime import date, timedelta

from returnsvc.cases.models import CaseTransfer, TransferStatus
from returnsvc.casework.models import Appointment, CaseNote, NoteKind, Task
from returnsvc.core.db import utcnow
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind, Referral, ReferralStatus
from returnsvc.plans.models import Dimension, PlanGoal
from returnsvc.returnees.models import DuplicateOverride
from tests.cases.helpers import office_with_counsellor, other_client


def _one_of_each(app, make, case, office, me) -> None:
    """One row of every source, a minute apart after the case was opened."""
    elsewhere = make.office("EC", name="Oficina Quito")
    other_person = make.returnee()
    start = utcnow() + timedelta(minutes=1)

    def at(minutes):
        return start + timedelta(minutes=minutes)

    with app.app_context():
        partner = Partner(name="SECAP Quito", kind=PartnerKind.TRAINING, country="EC")
        db.session.add(partner)
        db.session.flush()
        db.session.add_all(
            [
                CaseTransfer(
                    case_id=case.id, from_office_id=office.id, to_office_id=elsewhere.id,
                    status=TransferStatus.DECLINED, reason="Moves to Quito",
                    requested_by_id=me.id, requested_at=at(1), decided_at=at(2),
                    decline_reason="No capacity",
                ),
                CaseNote(
                    case_id=case.id, kind=NoteKind.PHONE, body="Called about the course",
                    occurred_at=at(3), author_id=me.id,
                ),
                CaseNote(
                    case_id=case.id, kind=NoteKind.VISIT, body="Health details",
                    is_confidential=True, occurred_at=at(4), author_id=me.id,
                ),
                Appointment(
                    case_id=case.id, starts_at=at(6), location="Office", purpose="Plan review",
                    attended=True, counsellor_id=me.id, created_by_id=me.id, created_at=at(5),
                ),
                Task(
                    case_id=case.id, title="Send the CV", due_date=date.today(),
                    created_by_id=me.id, created_at=at(7), done_at=at(8), done_by_id=me.id,
                ),
                PlanGoal(
                    case_id=case.id, dimension=Dimension.ECONOMIC, title="Open a workshop",
                    created_by_id=me.id, created_at=at(9),
                ),
                Referral(
                    case_id=case.id, partner_id=partner.id, purpose="Welding course",
                    status=ReferralStatus.COMPLETED, sent_at=at(10), sent_by_id=me.id,
                    responded_at=at(11), completed_at=at(12), outcome="Certified welder",
                ),
                Referral(
                    case_id=case.id, partner_id=partner.id, purpose="Microcredit",
                    status=ReferralStatus.CANCELLED, sent_at=at(13), sent_by_id=me.id,
                    updated_at=at(14),
                ),
                DuplicateOverride(
                    returnee_id=case.returnee_id, similar_to_id=other_person, rule="name_birth",
                    reason="Different person, same name", actor_id=me.id, created_at=at(15),
                ),
            ]
        )  # fmt: skip
        db.session.commit()


def _titles(html: str) -> list[str]:
    timeline = html[html.index('<ol class="timeline">') :]
    return re.findall(r"<p><strong>(.*?)</strong></p>", timeline)


def test_every_kind_of_event_newest_first(app, client, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    _one_of_each(app, make, case, office, me)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert _titles(html) == [
        "Registrada pese a un posible duplicado",
        "Derivación a SECAP Quito cancelada",
        "Derivación enviada a SECAP Quito",
        "Derivación completada: SECAP Quito",
        "Derivación aceptada por SECAP Quito",
        "Derivación enviada a SECAP Quito",
        "Objetivo del plan (Económica): Open a workshop",
        "Tarea realizada: Send the CV",
        "Tarea añadida: Send the CV",
        "Asistió a la cita",
        "Cita programada: Plan review",
        "Nota confidencial (Visita)",
        "Nota (Llamada telefónica)",
        "Traslado a Oficina Quito rechazado",
        "Traslado a Oficina Quito solicitado",
        "Caso abierto",
        "Persona registrada",
    ]
    assert "No capacity" in html and "Certified welder" in html
    assert html.count(f"· {make.load_user(me.id).full_name}") >= 12  # who did it


def test_in_english_and_without_confidential_notes_for_other_offices(app, make, sign_in):
    office, me, case = office_with_counsellor(make, sign_in)
    _one_of_each(app, make, case, office, me)
    manager = make.user("manager", office_id=office.id, locale="en")
    html = other_client(app, manager).get(f"/cases/{case.id}").get_data(as_text=True)
    titles = _titles(html)
    assert "Confidential note (Visit)" not in titles and "Health details" not in html
    assert titles[:3] == [
        "Registered despite a possible duplicate",
        "Referral to SECAP Quito cancelled",
        "Referred to SECAP Quito",
    ]
    assert "Transfer to Oficina Quito declined" in titles
    assert "Plan goal (Economic): Open a workshop" in titles
