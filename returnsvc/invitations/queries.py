"""Where a person's portal access stands, for the case's Portal access tab."""

from dataclasses import dataclass

from sqlalchemy import select

from returnsvc.auth.models import PasswordLink, User
from returnsvc.core.db import utcnow
from returnsvc.core.enums import LabelledEnum
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee


class AccessState(LabelledEnum):
    NOT_INVITED = "not_invited", _l("Never invited")
    INVITED = "invited", _l("Invited")
    EXPIRED = "expired", _l("Invitation not used")
    ACTIVE = "active", _l("Active")
    REVOKED = "revoked", _l("Revoked")


@dataclass(frozen=True)
class PortalAccess:
    """`account`: the linked account (None before any invitation); `link`: its unused link,
    if any (at most one: a new link spends the others), whether it still works or not."""

    state: AccessState
    account: User | None = None
    link: PasswordLink | None = None

    @property
    def link_works(self) -> bool:
        return self.link is not None and self.link.expires_at > utcnow()

    @property
    def invitation_pending(self) -> bool:
        """An invitation sent and not used yet that still works (also for an account that
        can already sign in: a new invitation lets them choose a new password)."""
        return self.link_works and self.link.purpose == "invite"

    @property
    def can_revoke(self) -> bool:
        return self.account is not None and self.account.is_active


def portal_access(returnee: Returnee) -> PortalAccess:
    """The state of the person's access: never invited / invited (until when) / invitation not
    used in time / active (password set, last sign-in) / revoked."""
    if returnee.user_id is None:
        return PortalAccess(AccessState.NOT_INVITED)
    account = db.session.get(User, returnee.user_id)
    link = db.session.scalar(
        select(PasswordLink)
        .where(PasswordLink.user_id == account.id, PasswordLink.used_at.is_(None))
        .order_by(PasswordLink.created_at.desc(), PasswordLink.id.desc())
        .limit(1)
    )
    if not account.is_active:
        state = AccessState.REVOKED
    elif account.password_hash is not None:
        state = AccessState.ACTIVE
    elif link is not None and link.expires_at > utcnow():
        state = AccessState.INVITED
    else:
        state = AccessState.EXPIRED
    return PortalAccess(state, account, link)
