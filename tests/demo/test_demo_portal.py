"""Demo portal activity (#17): the linked demo people wrote to their counsellors, said they did
a step and asked to correct their phone — through the services, as themselves — so the
counsellor's home has something to act on."""

from sqlalchemy import func, select

from returnsvc.audit.models import AuditEntry
from returnsvc.demo.portal import seed_demo_portal
from returnsvc.extensions import db
from returnsvc.messages.models import Message, MessageSender
from returnsvc.my_data.models import ContactCorrection
from returnsvc.plans.models import PlanAction
from returnsvc.returnees.models import Returnee


def test_demo_people_used_their_portal(app, tx):
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.execute(select(Message.sender, Message.read_at, Message.author_id)).all()
        assert {sender for sender, _, _ in rows} == {MessageSender.PERSON, MessageSender.COUNSELLOR}
        unread = [r for r in rows if r.sender is MessageSender.PERSON and r.read_at is None]
        assert len(unread) >= 1
        linked = set(
            db.session.scalars(select(Returnee.user_id).where(Returnee.user_id.is_not(None)))
        )
        assert {r.author_id for r in rows if r.sender is MessageSender.PERSON} <= linked
        assert (
            db.session.scalar(select(func.count()).where(PlanAction.reported_done_at.is_not(None)))
            >= 1
        )
        assert db.session.scalar(select(func.count(ContactCorrection.id))) == 1
        audited = db.session.scalar(select(func.count()).where(AuditEntry.actor_id.in_(linked)))
        assert audited >= 4  # messages, the step, the correction, written as the people
        assert seed_demo_portal() == 0  # again: nothing more
