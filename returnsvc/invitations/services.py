"""Giving, renewing and taking away a person's access to the returnee portal.

- `link_account(returnee, user)`: a returnee-role account becomes the person's (Returnee.user_id;
  staff accounts never, which the database refuses too). Used by invitations and the demo data.
- `invite_to_portal(case, data)`: the person gets an account if they have none (returnee role,
  no office), a revoked one is reactivated, and a single-use link for purpose "invite" is issued
  (PORTAL_INVITATION_LIFETIME; earlier links stop working). Returns the raw token once.
- `mail_invitation(invitation)`: the invitation e-mailed in the person's language.
- `revoke_portal_access(case)`: the account is deactivated, every session and outstanding link
  ends; the link to the record stays, so the case shows "revoked" and a new invitation
  reactivates the same account.

Services flush, never commit. Each step is audited (`portal_access.*`, and the account's own
entries from auth) and written on the case timeline as a CaseEvent (INVITED, REVOKED).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from returnsvc.audit.services import record
from returnsvc.auth import services as accounts
from returnsvc.auth.models import User
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case, CaseEvent
from returnsvc.core.enums import Role
from returnsvc.core.i18n import in_locale
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.languages import LOCALES
from returnsvc.core.mail import compose, send
from returnsvc.core.refusals import Refusal
from returnsvc.core.security import public_url
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee

log = logging.getLogger(__name__)

# CaseEvent kinds this feature writes (and shows on the timeline, invitations.contributions).
INVITED = "portal_access.invited"
REVOKED = "portal_access.revoked"


class InvitationError(Refusal):
    """A refused portal-access operation; `message` is translated, `field` names the form's
    field it belongs next to."""


EMAIL_TAKEN = _l(
    "This e-mail address is already used by another account. Ask the person for an address "
    "of their own."
)


@dataclass
class Invitation:
    """What an invitation left: the account, the raw token (shown once, never stored) and when
    it stops working."""

    returnee: Returnee
    account: User
    token: str
    expires_at: datetime
    created: bool
    reactivated: bool
    event: CaseEvent

    @property
    def link(self) -> str:
        """The full link to hand over (PUBLIC_BASE_URL, never the request's host)."""
        return public_url("auth.set_password", token=self.token)

    @property
    def locale(self) -> str:
        return self.account.preferred_locale


def _locked_returnee(returnee_id: int) -> Returnee:
    """The person's row, locked: two invitations of one person at once are one after the other
    (one account, one live link)."""
    return db.session.scalar(
        select(Returnee)
        .where(Returnee.id == returnee_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def link_account(returnee: Returnee, user: User, *, actor) -> bool:
    """Make `user` the person's portal account. Only a returnee-role account that is nobody
    else's; a person keeps the account they have (re-inviting reuses it). Returns False when
    it was already theirs (nothing written)."""
    if user.role is not Role.RETURNEE:
        raise InvitationError(
            _l("Only a returnee account can be linked to a person. Staff accounts never are.")
        )
    if returnee.is_anonymised:
        raise InvitationError(_l("This person's record has been anonymised."))
    if returnee.user_id == user.id:
        return False
    if returnee.user_id is not None:
        raise InvitationError(_l("This person already has a portal account."))
    other = db.session.scalar(select(Returnee.id).where(Returnee.user_id == user.id))
    if other is not None:
        raise InvitationError(_l("This account already belongs to another person."))
    returnee.user_id = user.id
    db.session.flush()
    record("portal_access.linked", actor=actor, target=returnee, changes={"user_id": user.id})
    return True


def invite_to_portal(case: Case, data: dict, *, actor) -> Invitation:
    """Invite the person of `case` to the portal (or again). `data`: email (the address they
    will sign in with), preferred_locale ("es" by default)."""
    returnee = _locked_returnee(case.returnee_id)
    if returnee.is_anonymised:
        raise InvitationError(_l("This person's record has been anonymised."))
    email = (data.get("email") or "").strip().lower()
    locale = data.get("preferred_locale") or LOCALES[0]
    if locale not in LOCALES:
        locale = LOCALES[0]
    account = db.session.get(User, returnee.user_id) if returnee.user_id else None
    holder = accounts.find_user_by_email(email)
    if holder is not None and (account is None or holder.id != account.id):
        raise InvitationError(EMAIL_TAKEN, field="email")

    created = reactivated = False
    if account is None:
        account = _create_account(returnee, email, locale, actor=actor)
        link_account(returnee, account, actor=actor)
        created = True
    else:
        reactivated = not account.is_active
        changes = {
            "email": email,
            "preferred_locale": locale,
            "full_name": returnee.full_name[:200],
            "is_active": True,
        }
        accounts.update_user(account, changes, version=account.version, actor=actor)

    token = accounts.issue_password_link(account, purpose="invite", actor=actor)
    expires_at = accounts.find_usable_link(token).expires_at
    event = record_event(
        case.id,
        INVITED,
        actor=actor,
        user_id=account.id,
        created=created,
        reactivated=reactivated,
    )
    record(
        "portal_access.invited",
        actor=actor,
        target=returnee,
        changes={
            "case_id": case.id,
            "user_id": account.id,
            "created": created,
            "reactivated": reactivated,
        },
    )
    db.session.flush()
    return Invitation(returnee, account, token, expires_at, created, reactivated, event)


def _create_account(returnee: Returnee, email: str, locale: str, *, actor) -> User:
    """A returnee-role account without an office (they follow their own case wherever it
    is). A savepoint: the same address taken at the same moment by another invitation is the
    person's message, not a server error."""
    try:
        with db.session.begin_nested():
            return accounts.create_user(
                {
                    "email": email,
                    "full_name": returnee.full_name[:200],
                    "role": Role.RETURNEE.value,
                    "office_id": None,
                    "preferred_locale": locale,
                },
                actor=actor,
            )
    except IntegrityError:
        raise InvitationError(EMAIL_TAKEN, field="email") from None
    except accounts.AccountError:
        raise InvitationError(EMAIL_TAKEN, field="email") from None


def invitation_mail(invitation: Invitation, case: Case, *, actor):
    """The invitation as an e-mail in the person's language (None when the address cannot be
    written into a message)."""
    config = current_app.config
    with in_locale(invitation.locale):
        service = config["SERVICE_NAME"]
        subject = _("Your invitation to %(service)s", service=service)
        body = render_template(
            "invitations/invitation_mail.txt",
            name=invitation.returnee.given_names or invitation.account.full_name,
            counsellor=getattr(actor, "full_name", ""),
            office=case.office.name,
            service=service,
            link=invitation.link,
            sign_in=public_url("auth.login"),
            email=invitation.account.email,
            expires_at=invitation.expires_at,
        )
    try:
        return compose(invitation.account.email, subject, body)
    except ValueError:
        log.warning("invitation mail not written for account %s", invitation.account.id)
        return None


def mail_invitation(invitation: Invitation, case: Case, *, actor) -> bool:
    """E-mail the invitation (SMTP configured: core.mail). Whether it went is audited and, when
    it did, said on the timeline. Never raises: a failure is False."""
    message = invitation_mail(invitation, case, actor=actor)
    sent = message is not None and send(message)
    record(
        "portal_access.mailed" if sent else "portal_access.mail_failed",
        actor=actor,
        target=invitation.returnee,
        changes={"case_id": case.id, "user_id": invitation.account.id},
    )
    if sent:
        # The event was written by this request a moment ago: it now says how it went.
        invitation.event.data = {**invitation.event.data, "mailed": True}
    db.session.flush()
    return sent


def revoke_portal_access(case: Case, *, actor) -> User:
    """End the person's access: the account is deactivated (it cannot sign in), every session
    ends at once (session version) and every outstanding link stops working. The account
    stays linked to the record: the case says "revoked", and a new invitation reactivates it."""
    returnee = _locked_returnee(case.returnee_id)
    account = db.session.get(User, returnee.user_id) if returnee.user_id else None
    if account is None or not account.is_active:
        raise InvitationError(_l("This person has no portal access to revoke."))
    accounts.update_user(account, {"is_active": False}, version=account.version, actor=actor)
    spent = accounts.spend_password_links(account)
    record_event(case.id, REVOKED, actor=actor, user_id=account.id)
    record(
        "portal_access.revoked",
        actor=actor,
        target=returnee,
        changes={"case_id": case.id, "user_id": account.id, "links_spent": spent},
    )
    db.session.flush()
    return account
