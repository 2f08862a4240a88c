"""What portal access hangs on the case workspace: the "Portal access" tab (counsellors, who
give it) and its events on the timeline: invited (again), revoked — case events written by
invitations.services — and the person choosing their password through an invitation or a
forgotten-password link, read from the audit log (auth writes it, knowing nothing of cases).
invitations.views contributes it.

No panel, subject-access section or erasure step: the account is the person's own (its e-mail
and name are theirs, shown on their data page by the portal), and anonymising a person already
deactivates and unlinks it (returnees.services.erase_identity).
"""

from flask_babel import gettext as _
from sqlalchemy import String, cast, select

from returnsvc.audit.models import AuditEntry
from returnsvc.cases.models import CaseEvent
from returnsvc.cases.workspace import (
    CASE_ID,
    RETURNEE_ID,
    CaseTab,
    EventKind,
    TimelineSource,
    event_columns,
    event_kind,
)
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.permissions import Permission
from returnsvc.invitations.services import INVITED, REVOKED
from returnsvc.returnees.models import Returnee

__all__ = ["TABS", "TIMELINE", "EVENTS"]

PASSWORD_SET = "portal_access.password_set"

TABS = (
    CaseTab("invitations.portal_access", _l("Portal access"), 85, Permission.GIVE_PORTAL_ACCESS),
)


def _event_rows(_confidential):
    return select(CaseEvent.actor_id.label("actor_id"), CaseEvent.data.label("data")).where(
        CaseEvent.case_id == CASE_ID, CaseEvent.kind.in_((INVITED, REVOKED))
    )


# The person's portal account (the audit log names it as its target, by id as text).
_ACCOUNT = cast(
    select(Returnee.user_id).where(Returnee.id == RETURNEE_ID).scalar_subquery(), String
)


def _password_rows(_confidential):
    """The person set their password with a one-time link (auth.use_password_link's entry):
    found by the audit log's (target_type, target_id) index."""
    return select(
        *event_columns(AuditEntry.actor_id, purpose=AuditEntry.changes["purpose"].astext)
    ).where(
        AuditEntry.action == "auth.password_set_by_link",
        AuditEntry.target_type == "user_account",
        AuditEntry.target_id == _ACCOUNT,
    )


TIMELINE = (
    TimelineSource(
        "portal access", CaseEvent.occurred_at, CaseEvent.kind, CaseEvent.id, _event_rows
    ),
    TimelineSource(
        "portal passwords",
        AuditEntry.occurred_at,
        event_kind(PASSWORD_SET),
        AuditEntry.id,
        _password_rows,
    ),
)


def _describe_invited(d):
    if d.created:
        title = _("Invited to the portal")
    elif d.reactivated:
        title = _("Portal access given back: invited again")
    else:
        title = _("Invited to the portal again")
    detail = _("The invitation was e-mailed.") if d.mailed else ""
    return title, detail


def _describe_revoked(d):
    return _("Portal access revoked"), _(
        "Signed out everywhere; unused invitations no longer work."
    )


def _describe_password(d):
    if d.purpose == "invite":
        return _("Portal invitation accepted: password chosen"), ""
    if d.purpose == "reset":
        return _("Portal password renewed with a one-time link"), ""
    return _("Portal password chosen"), ""


EVENTS = (
    EventKind(INVITED, "person", _describe_invited),
    EventKind(REVOKED, "person", _describe_revoked),
    EventKind(PASSWORD_SET, "person", _describe_password),
)
