"""Writes on the partner directory and on referrals.

Services flush, never commit; they take the acting user explicitly, refuse bad input with a
PartnerError whose message is translated for the user, and audit every change. Free text
(purpose, reasons, outcomes) stays out of the audit trail: it may hold personal details and
must be erasable with the person's record; the trail keeps who, when, and the status codes.
"""

from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from returnsvc.audit.services import changed_fields, record
from returnsvc.cases.events import record_event
from returnsvc.cases.models import Case
from returnsvc.cases.services import require_open
from returnsvc.core import cleaning, countries
from returnsvc.core.conflicts import check_version
from returnsvc.core.db import utcnow
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.core.refusals import Refusal
from returnsvc.core.regions import is_region_of
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind, Referral, ReferralStatus
from returnsvc.returnees.models import ConsentKind

PARTNER_FIELDS = (
    "name",
    "kind",
    "country",
    "region_code",
    "city",
    "contact_name",
    "email",
    "phone",
    "services",
    "is_active",
)
_MAX_LENGTHS = {
    "name": 200,
    "city": 120,
    "contact_name": 200,
    "email": 320,
    "phone": 40,
    "services": 5000,
}
MAX_TEXT = 2000

# Where a referral may go next. Partners have no accounts: the counsellor records their answer.
TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.SENT: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CANCELLED}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.CANCELLED}),
}
OPEN_STATUSES = frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED})


class PartnerError(Refusal):
    """A refused operation; `message` is translated for the user, `field` names the form
    field it concerns (None: the form as a whole)."""


# --- the directory ------------------------------------------------------------------------


def _clean_partner(data: dict) -> dict:
    required = {"name": _l("Enter the organisation's name.")}
    clean = {
        field: cleaning.text(
            data,
            field,
            max_length=limit,
            required=required.get(field),
            multiline=field == "services",
        )
        for field, limit in _MAX_LENGTHS.items()
    }
    clean["region_code"] = cleaning.clean_text(data.get("region_code"))
    clean["is_active"] = bool(data.get("is_active", True))
    clean["kind"] = cleaning.choice(
        PartnerKind, data.get("kind"), _l("Choose the kind of organisation."), "kind"
    )
    country = data.get("country")
    if country not in countries.ALL:
        raise PartnerError(_l("Choose the country."), field="country")
    clean["country"] = country
    if clean["region_code"] and not is_region_of(clean["region_code"], country):
        raise PartnerError(_l("This region is not in the chosen country."), field="region_code")
    return clean


def _duplicate_error(clean: dict) -> PartnerError:
    message = message_with(
        _("There is already a partner called “%(name)s” in %(country)s."),
        name=clean["name"],
        country=countries.country_name(clean["country"]),
    )
    return PartnerError(message, field="name")


def _check_unique(clean: dict, exclude_id: int | None = None) -> None:
    """Same name in the same country, ignoring case (the unique index does the same)."""
    stmt = select(Partner.id).where(
        Partner.country == clean["country"],
        func.lower(Partner.name) == func.lower(clean["name"]),
    )
    if exclude_id is not None:
        stmt = stmt.where(Partner.id != exclude_id)
    if db.session.scalar(stmt) is not None:
        raise _duplicate_error(clean)


@contextmanager
def _unique_name_guard(clean: dict):
    """Write in a savepoint: when two managers save the same name at once, the second gets the
    message instead of a 500 (the check above cannot see the other's uncommitted row). The
    savepoint starts before anything changes, so only this write is undone."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        raise _duplicate_error(clean) from None


def create_partner(data: dict, *, actor, is_demo: bool = False) -> Partner:
    """Add an organisation to the directory; names are unique per country, ignoring case."""
    clean = _clean_partner(data)
    _check_unique(clean)
    partner = Partner(**clean, is_demo=is_demo)
    with _unique_name_guard(clean):
        db.session.add(partner)
    record(
        "partner.created",
        actor=actor,
        target=partner,
        changes={k: (v.value if isinstance(v, PartnerKind) else v) for k, v in clean.items()},
    )
    return partner


def update_partner(partner: Partner, data: dict, *, actor, version: int | None) -> dict:
    """Change a partner; refused (StaleEdit) when the form was loaded from an older version.
    Returns the changed fields ({} when nothing changed)."""
    check_version(partner, version)
    # Fields left out of `data` keep their stored values.
    clean = _clean_partner({name: getattr(partner, name) for name in PARTNER_FIELDS} | data)
    _check_unique(clean, exclude_id=partner.id)
    with _unique_name_guard(clean):
        changes = changed_fields(partner, clean)
    if changes:
        record("partner.updated", actor=actor, target=partner, changes=changes)
    return changes


# --- referrals ----------------------------------------------------------------------------


def send_referral(case: Case, data: dict, *, actor) -> Referral:
    """Refer the case to an active partner. Needs the person's consent to sharing their data
    with partner organisations; one open referral per partner and case."""
    require_open(case)
    person = case.returnee
    if person.is_anonymised:
        raise PartnerError(_l("This person's record has been anonymised."))
    if not person.has_consent(ConsentKind.SHARING):
        raise PartnerError(
            _l(
                "The person has not consented to sharing their data with partner "
                "organisations, so no referral can be sent. If they agree, record the consent "
                "on the Person tab first."
            )
        )
    partner_id = data.get("partner_id")
    partner = db.session.get(Partner, partner_id) if isinstance(partner_id, int) else None
    if partner is None or not partner.is_active:
        raise PartnerError(_l("Choose an active partner."), field="partner_id")
    purpose = cleaning.text(
        data,
        "purpose",
        max_length=MAX_TEXT,
        required=_l("Say what the person is referred for."),
        multiline=True,
    )
    already = db.session.scalar(
        select(Referral.id).where(
            Referral.case_id == case.id,
            Referral.partner_id == partner.id,
            Referral.status.in_(OPEN_STATUSES),
        )
    )
    if already is not None:
        message = message_with(
            _("This case already has an open referral to %(partner)s."), partner=partner.name
        )
        raise PartnerError(message, field="partner_id")
    referral = Referral(
        case_id=case.id,
        partner_id=partner.id,
        purpose=purpose,
        status=ReferralStatus.SENT,
        sent_at=utcnow(),
        sent_by_id=getattr(actor, "id", None),
    )
    db.session.add(referral)
    db.session.flush()
    record(
        "referral.sent",
        actor=actor,
        target=referral,
        changes={"case_id": case.id, "partner_id": partner.id, "status": "sent"},
    )
    return referral


def _move(referral: Referral, target: ReferralStatus, *, version: int | None) -> ReferralStatus:
    check_version(referral, version)
    require_open(db.session.get(Case, referral.case_id))
    if target not in TRANSITIONS.get(referral.status, frozenset()):
        raise PartnerError(
            _l(
                "A referral that is “%(current)s” cannot be marked “%(target)s”.",
                current=referral.status.label,
                target=target.label,
            )
        )
    previous = referral.status
    referral.status = target
    return previous


def _audit_move(referral: Referral, previous: ReferralStatus, *, actor) -> None:
    """Every status change goes to the case's timeline (a CaseEvent) and the audit log."""
    db.session.flush()
    record_event(
        referral.case_id, "referral.status", actor=actor, referral_id=referral.id,
        **{"from": previous.value, "to": referral.status.value},
    )  # fmt: skip
    record(
        f"referral.{referral.status.value}",
        actor=actor,
        target=referral,
        changes={
            "case_id": referral.case_id,
            "partner_id": referral.partner_id,
            "status": [previous.value, referral.status.value],
        },
    )


def accept_referral(referral: Referral, *, actor, version: int | None) -> None:
    """The partner took the person on (recorded by the counsellor)."""
    previous = _move(referral, ReferralStatus.ACCEPTED, version=version)
    referral.responded_at = utcnow()
    _audit_move(referral, previous, actor=actor)


def decline_referral(referral: Referral, data: dict, *, actor, version: int | None) -> None:
    """The partner said no; the reason is required."""
    reason = cleaning.text(
        data,
        "decline_reason",
        max_length=MAX_TEXT,
        required=_l("Say why the partner declined the referral."),
        multiline=True,
    )
    previous = _move(referral, ReferralStatus.DECLINED, version=version)
    referral.responded_at = utcnow()
    referral.decline_reason = reason
    _audit_move(referral, previous, actor=actor)


def complete_referral(referral: Referral, data: dict, *, actor, version: int | None) -> None:
    """The service was delivered; the outcome note is required."""
    outcome = cleaning.text(
        data,
        "outcome",
        max_length=MAX_TEXT,
        required=_l("Describe the outcome of the referral."),
        multiline=True,
    )
    previous = _move(referral, ReferralStatus.COMPLETED, version=version)
    referral.completed_at = utcnow()
    referral.outcome = outcome
    _audit_move(referral, previous, actor=actor)


def cancel_referral(referral: Referral, *, actor, version: int | None) -> None:
    """Withdraw a referral that is sent or accepted."""
    previous = _move(referral, ReferralStatus.CANCELLED, version=version)
    if referral.responded_at is None:
        # The model has one "answered at" time; an accepted referral keeps its acceptance time.
        referral.responded_at = utcnow()
    _audit_move(referral, previous, actor=actor)
