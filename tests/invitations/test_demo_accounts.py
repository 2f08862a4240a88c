"""The demo's returnee accounts (returnee.ec/co/bo) belong to no office and are linked to their
demo people through the invitations' linking; seeding stays re-runnable."""

from sqlalchemy import select

from returnsvc.auth.services import find_user_by_email
from returnsvc.core.enums import Role
from returnsvc.demo.services import DEMO_PORTAL_ACCOUNTS, link_demo_portal_accounts
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee


def test_demo_returnees_are_linked_to_their_people(app, tx):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        for email, given_names, first_surname in DEMO_PORTAL_ACCOUNTS:
            user = find_user_by_email(email)
            assert user.role is Role.RETURNEE and user.office_id is None
            person = db.session.scalar(select(Returnee).where(Returnee.user_id == user.id))
            assert (person.given_names, person.first_surname) == (given_names, first_surname)
        assert link_demo_portal_accounts() == 0  # again: nothing to do, nothing refused
        db.session.rollback()

    again = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert again.exit_code == 0, again.output

    line = next(line for line in result.output.splitlines() if "returnee.ec@" in line)
    email, password = line.split()[1], line.split()[2]
    client = app.test_client()
    assert (
        client.post("/account/sign-in", data={"email": email, "password": password}).status_code
        == 302
    )
    home = client.get("/my").get_data(as_text=True)
    assert "Wilson Patricio" in home
