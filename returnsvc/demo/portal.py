"""Demo activity in the returnee portal (issue #17), written through the features' services as
the demo people themselves, so that the counsellor's home shows what a portal brings in: a
conversation with an unread message, a step the person says they did, and a request to
correct their phone number.

Only for the people whose demo account is linked (demo.services.link_demo_portal_accounts) and
whose case is open; `seed_demo_portal` writes nothing for a person who already has messages."""

from sqlalchemy import select

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, Stage
from returnsvc.extensions import db
from returnsvc.messages import services as messages
from returnsvc.messages.models import Message, MessageSender
from returnsvc.my_data.services import request_correction
from returnsvc.plans import services as plans
from returnsvc.plans.models import ActionStatus, PlanAction, PlanGoal
from returnsvc.returnees.models import Returnee

# (given names, first surname): what they write, what the counsellor answers, what they write
# after (unread), and the phone they ask to be corrected to (None: no request).
DEMO_PORTAL_ACTIVITY = (
    (
        ("Wilson Patricio", "Guamán"),
        "Buenos días. Ya estoy en Cuenca. ¿Cuándo puedo empezar el curso de microempresas?",
        "Bienvenido, Wilson. El curso empieza el día 15; le he apuntado. Traiga su cédula.",
        "Gracias. Otra pregunta: ¿el segundo pago del APRE llega a mi cuenta de la cooperativa?",
        "+593 99 765 4321",
    ),
    (
        ("Luz Dary", "Cárdenas"),
        "Hola, Diana. La panadería va bien, pero este mes me cuesta pagar la cuota.",
        "Gracias por avisar, Luz Dary. Hablemos el martes en la agencia para ver opciones.",
        None,
        None,
    ),
)


def seed_demo_portal() -> int:
    """Write the demo portal activity. Flushes. Returns for how many people."""
    done = 0
    for (given, surname), first, answer, later, phone in DEMO_PORTAL_ACTIVITY:
        case, person, account = _linked_case(given, surname)
        if case is None or _has_messages(case.id):
            continue
        messages.send_from_person(case, {"body": first}, actor=account)
        if case.counsellor is not None:
            messages.send_from_counsellor(case, {"body": answer}, actor=case.counsellor)
            messages.mark_read(case, MessageSender.PERSON)  # the person read the answer
        if later:
            messages.send_from_person(case, {"body": later}, actor=account)
        _report_a_step(case, account)
        if phone:
            request_correction(case, person, {"phone": phone}, actor=account)
        done += 1
    db.session.flush()
    return done


def _linked_case(given: str, surname: str):
    row = db.session.execute(
        select(Case, Returnee, User)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .join(User, User.id == Returnee.user_id)
        .where(
            Returnee.is_demo.is_(True),
            Returnee.given_names == given,
            Returnee.first_surname == surname,
            Case.stage != Stage.CLOSED,
        )
        .limit(1)
    ).first()
    return tuple(row) if row else (None, None, None)


def _has_messages(case_id: int) -> bool:
    return (
        db.session.scalar(select(Message.id).where(Message.case_id == case_id).limit(1)) is not None
    )


def _report_a_step(case: Case, account) -> None:
    """The person says they did their first open step of their own."""
    action = db.session.scalar(
        select(PlanAction)
        .join(PlanGoal, PlanGoal.id == PlanAction.goal_id)
        .where(
            PlanGoal.case_id == case.id,
            PlanAction.by_returnee.is_(True),
            PlanAction.status == ActionStatus.PENDING,
        )
        .order_by(PlanAction.due_date, PlanAction.id)
        .limit(1)
    )
    if action is not None:
        plans.report_action_done(action, actor=account)
