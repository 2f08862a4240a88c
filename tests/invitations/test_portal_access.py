"""Portal access from the case (#17): invite, the link's status on the tab, the link working
once and for seven days, a new invitation spending the old link, revoking (sessions end) and
re-inviting (the same account back); refusals, escaping, scoping and the case timeline."""

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from returnsvc.auth.models import PasswordLink, User
from returnsvc.cases.models import CaseEvent
from returnsvc.core.db import utcnow
from returnsvc.core.enums import Role
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from tests.helpers import audit_actions
from tests.invitations.helpers import (
    EN,
    NEW_PASSWORD,
    counsellor_and_case,
    invite,
    set_password,
    tab,
)


def _account_of(app, returnee_id) -> User | None:
    with app.app_context():
        returnee = db.session.get(Returnee, returnee_id)
        if returnee.user_id is None:
            return None
        user = db.session.get(User, returnee.user_id)
        db.session.expunge(user)
        return user


def _links(app, user_id) -> list[PasswordLink]:
    with app.app_context():
        links = db.session.scalars(
            select(PasswordLink).where(PasswordLink.user_id == user_id).order_by(PasswordLink.id)
        ).all()
        for link in links:
            db.session.expunge(link)
        return links


def test_invitation_journey(app, client, make, sign_in):
    counsellor, case = counsellor_and_case(
        make, sign_in, given_names="Wilson Patricio", first_surname="Guamán", email="w@example.org"
    )
    html = tab(client, case.id)
    assert "Never invited" in html
    assert 'value="w@example.org"' in html  # prefilled from the person's record

    # Invite: an account of the returnee role without an office, linked to the person; the
    # link is in the answer to the POST, which no cache keeps.
    response, token = invite(client, case.id, email="Wilson.Guaman@Example.org", locale="en")
    assert response.status_code == 200 and token
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "This is the only time the link is shown." in page
    assert "<svg" in page and "print" in page.lower()
    account = _account_of(app, case.returnee_id)
    assert account.role is Role.RETURNEE and account.office_id is None
    assert account.email == "wilson.guaman@example.org" and account.preferred_locale == "en"
    assert account.full_name == "Wilson Patricio Guamán Loja" and account.password_hash is None
    (link,) = _links(app, account.id)
    assert link.purpose == "invite" and link.expires_at - link.created_at == timedelta(days=7)

    # The tab: invited, until when.
    html = tab(client, case.id)
    assert "Invited" in html and "expires on" in html
    assert "Send a new invitation" in html and "Revoke portal access" in html

    # The person opens the link (a 360 px phone is the browser test's), sets a password, is
    # signed in and lands on the portal.
    person = app.test_client()
    opened = person.get(f"/account/password-link/{token}", headers=EN)
    assert opened.status_code == 200
    assert "Welcome! With your password" in opened.get_data(as_text=True)
    done = set_password(person, token)
    assert done.status_code == 302 and done.headers["Location"].endswith("/my")
    home = person.get("/my")
    assert home.status_code == 200 and "Wilson Patricio" in home.get_data(as_text=True)
    # Once only.
    assert app.test_client().get(f"/account/password-link/{token}").status_code == 410
    assert set_password(app.test_client(), token).status_code == 410

    html = tab(client, case.id)
    assert "Active" in html and "password set" in html and "Last sign-in" in html

    # Re-inviting (a forgotten password): the same account, a new link; the earlier unused
    # link stops working, the new one works; the password they had keeps working meanwhile.
    _, second = invite(client, case.id, email="wilson.guaman@example.org", locale="en")
    _, third = invite(client, case.id, email="wilson.guaman@example.org", locale="en")
    assert _account_of(app, case.returnee_id).id == account.id
    assert app.test_client().get(f"/account/password-link/{second}").status_code == 410
    assert app.test_client().get(f"/account/password-link/{third}").status_code == 200
    assert "sent, not used yet; expires on" in tab(client, case.id)

    # Expiry: the invitation works for seven days, not one second more.
    with app.app_context():
        db.session.execute(
            update(PasswordLink)
            .where(PasswordLink.user_id == account.id, PasswordLink.used_at.is_(None))
            .values(
                created_at=PasswordLink.created_at - timedelta(days=7),
                expires_at=utcnow() - timedelta(seconds=1),
            )
        )
        db.session.commit()
    assert app.test_client().get(f"/account/password-link/{third}").status_code == 410

    # Revoke: the person's open session ends at once, unused links die, sign-in is refused.
    _, fourth = invite(client, case.id, email="wilson.guaman@example.org", locale="en")
    assert person.get("/my").status_code == 200
    revoked = client.post(f"/cases/{case.id}/portal-access/revoke", headers=EN)
    assert revoked.status_code == 302
    assert person.get("/my").status_code == 302  # signed out
    assert app.test_client().get(f"/account/password-link/{fourth}").status_code == 410
    again = app.test_client().post(
        "/account/sign-in", data={"email": account.email, "password": NEW_PASSWORD}
    )
    assert again.status_code == 200  # refused, with the one message for every failure
    html = tab(client, case.id)
    assert "Revoked" in html and "Give access again" in html
    assert "Revoke portal access</button>" not in html
    assert _account_of(app, case.returnee_id).id == account.id  # still linked

    # Re-invite: the same account, active again, a link that works.
    _, fifth = invite(client, case.id, email="wilson.guaman@example.org", locale="en")
    back = _account_of(app, case.returnee_id)
    assert back.id == account.id and back.is_active
    other = app.test_client()
    assert set_password(other, fifth, "another long and fresh one").status_code == 302
    assert other.get("/my").status_code == 200

    actions = audit_actions(app, target_type="returnee", target_id=str(case.returnee_id))
    assert actions.count("portal_access.invited") == 5
    assert actions.count("portal_access.revoked") == 1
    assert "portal_access.linked" in actions
    assert "user.password_link_invite" in audit_actions(app, target_id=str(account.id))
    with app.app_context():
        kinds = db.session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).all()
    assert kinds.count("portal_access.invited") == 5 and "portal_access.revoked" in kinds

    # The case timeline tells the story.
    summary = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    for title in (
        "Invited to the portal",
        "Invited to the portal again",
        "Portal invitation accepted: password chosen",
        "Portal access revoked",
        "Portal access given back: invited again",
    ):
        assert title in summary, title


def test_the_status_shows_an_invitation_not_used_in_time(app, client, make, sign_in):
    _, case = counsellor_and_case(make, sign_in)
    _, token = invite(client, case.id)
    account = _account_of(app, case.returnee_id)
    with app.app_context():
        db.session.execute(
            update(PasswordLink)
            .where(PasswordLink.user_id == account.id)
            .values(expires_at=utcnow() - timedelta(days=1))
        )
        db.session.commit()
    html = tab(client, case.id)
    assert "Invitation not used" in html and "expired on" in html


def test_an_email_of_another_account_is_refused(app, client, make, sign_in):
    counsellor, case = counsellor_and_case(make, sign_in)
    other_case = make.case(office_id=case.office_id)
    someone = make.portal_account(other_case.returnee_id)
    staff = make.user("manager", email="Jefa.Oficina@example.org")
    with app.app_context():
        users_before = db.session.scalar(select(func.count(User.id)))
    for email in (someone.email, "jefa.oficina@example.org", counsellor.email.upper()):
        response, token = invite(client, case.id, email=email)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and token is None
        assert "already used by another account" in html, email
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == users_before
        assert db.session.get(Returnee, case.returnee_id).user_id is None
        assert db.session.get(User, staff.id).email == "Jefa.Oficina@example.org"

    # Once the person has an account, another person's address is refused for it too.
    _, token = invite(client, case.id, email="own.address@example.org")
    assert token
    response, token = invite(client, case.id, email=someone.email)
    assert token is None and "already used by another account" in response.get_data(as_text=True)
    assert _account_of(app, case.returnee_id).email == "own.address@example.org"


def test_markup_typed_in_the_email_field_comes_back_escaped(client, make, sign_in):
    _, case = counsellor_and_case(make, sign_in)
    typed = '"><script>alert(1)</script>@example.org'
    response, token = invite(client, case.id, email=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and token is None
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Enter a valid e-mail address." in html


def test_an_empty_form_gets_messages_not_an_error(client, make, sign_in):
    _, case = counsellor_and_case(make, sign_in)
    response = client.post(
        f"/cases/{case.id}/portal-access/invite",
        data={"email": "", "preferred_locale": "fr"},
        headers=EN,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter the person&#39;s e-mail address." in html and "Not a valid choice" in html


def test_staff_accounts_are_never_linked(app, make):
    import pytest

    from returnsvc.invitations.services import InvitationError, link_account

    case = make.case()
    staff = make.user("counsellor")
    returnee_account = make.user("returnee")
    with app.test_request_context(headers=EN):
        person = db.session.get(Returnee, case.returnee_id)
        with pytest.raises(InvitationError, match="Staff accounts never are"):
            link_account(person, db.session.get(User, staff.id), actor=None)
        assert link_account(person, db.session.get(User, returnee_account.id), actor=None)
        assert not link_account(person, db.session.get(User, returnee_account.id), actor=None)
        other = db.session.get(Returnee, make.case().returnee_id)
        with pytest.raises(InvitationError, match="another person"):
            link_account(other, db.session.get(User, returnee_account.id), actor=None)
        db.session.rollback()


def test_other_offices_and_other_roles_are_kept_out(app, client, make, sign_in):
    case = make.case(office_id=make.office("ES").id)
    urls = [
        ("GET", f"/cases/{case.id}/portal-access"),
        ("POST", f"/cases/{case.id}/portal-access/invite"),
        ("POST", f"/cases/{case.id}/portal-access/revoke"),
    ]
    data = {"email": "someone@example.org", "preferred_locale": "es"}
    for method, url in urls:
        assert client.open(url, method=method, data=data).status_code == 302  # anonymous
    sign_in("counsellor", office_id=make.office("ES").id)  # another office
    for method, url in urls:
        assert client.open(url, method=method, data=data).status_code == 404, url
    for role in ("manager", "admin", "returnee"):
        client.post("/account/sign-out")
        sign_in(role, office_id=case.office_id if role == "manager" else None)
        for method, url in urls:
            assert client.open(url, method=method, data=data).status_code == 403, (role, url)
    assert _account_of(app, case.returnee_id) is None


def test_the_tab_is_only_for_counsellors(client, make, sign_in):
    office = make.office("ES")
    case = make.case(office_id=office.id)
    sign_in("manager", office_id=office.id)
    html = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert "Portal access" not in html
    client.post("/account/sign-out")
    sign_in("counsellor", office_id=office.id, locale="en")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'href="/cases/{case.id}/portal-access"' in html


def test_a_closed_case_revokes_but_does_not_invite(app, client, make, sign_in):
    from returnsvc.cases.models import Case, CloseReason, Stage
    from returnsvc.cases.services import change_stage

    counsellor, case = counsellor_and_case(make, sign_in)
    _, token = invite(client, case.id)
    with app.test_request_context():
        row = db.session.get(Case, case.id)
        change_stage(
            row,
            Stage.CLOSED,
            version=row.version,
            actor=db.session.get(User, counsellor.id),
            close_reason=CloseReason.EMPLOYED,
        )
        db.session.commit()
    html = tab(client, case.id)
    assert "reopen it to invite" in html and "Revoke portal access" in html
    assert invite(client, case.id)[0].status_code == 409
    assert client.post(f"/cases/{case.id}/portal-access/revoke").status_code == 302
    assert not _account_of(app, case.returnee_id).is_active


def test_nothing_to_revoke_is_a_message(client, make, sign_in):
    _, case = counsellor_and_case(make, sign_in)
    response = client.post(
        f"/cases/{case.id}/portal-access/revoke", headers=EN, follow_redirects=True
    )
    assert "This person has no portal access to revoke." in response.get_data(as_text=True)


def test_odd_case_ids_are_not_found(client, make, sign_in):
    counsellor_and_case(make, sign_in)
    for odd in ("²", "-1", "2147483648", "١٢", "0"):
        assert client.get(f"/cases/{odd}/portal-access").status_code == 404, odd
        assert client.post(f"/cases/{odd}/portal-access/invite").status_code == 404, odd


def test_an_anonymised_person_cannot_be_invited(app, client, make, sign_in):
    from returnsvc.cases.subject import anonymise

    counsellor, case = counsellor_and_case(make, sign_in)
    _, token = invite(client, case.id)
    with app.test_request_context():
        anonymise(db.session.get(Returnee, case.returnee_id), actor=None)
        db.session.commit()
    response, token = invite(client, case.id)
    assert token is None
    assert "anonymised" in response.get_data(as_text=True)


def test_the_invitation_page_carries_the_qr_code_of_the_link(client, make, sign_in):
    import segno

    _, case = counsellor_and_case(make, sign_in)
    response, token = invite(client, case.id)
    html = response.get_data(as_text=True)
    link = f"https://returnsvc.test/account/password-link/{token}"
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert _modules_of(svg) == _dark_modules(segno.make(link, error="m", micro=False))
    assert link in html  # also as text, to type or copy


def _modules_of(svg: str) -> set[tuple[int, int]]:
    """The dark modules an SVG of segno's (one unit per module, drawn as horizontal strokes
    along `y + 0.5`) paints: read back from its path, relative moves and all."""
    path = re.search(r'<path stroke="#000"[^>]*\bd="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, args in re.findall(r"([MmHhVv])([^MmHhVv]*)", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            (length,) = numbers
            for column in range(int(x), int(x + length)):
                dark.add((int(y - 0.5), column))
            x += length
        else:  # segno draws no other commands
            raise AssertionError(command)
    return dark


def _dark_modules(code) -> set[tuple[int, int]]:
    border = 4
    return {
        (row + border, column + border)
        for row, line in enumerate(code.matrix)
        for column, value in enumerate(line)
        if value
    }
