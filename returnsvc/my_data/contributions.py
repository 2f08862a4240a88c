"""What My data hangs on the case workspace: the portal's "My data" section (the person's
record, consents and correction requests, with its actions), the case summary's panel of a
correction request waiting for the counsellor, the requests and their answers on the case
timeline, the requests and the person's portal account in the subject-access record, and the
requests' erasure (anonymising a person already deactivates and unlinks their account)."""

from datetime import datetime

from flask import request
from flask_babel import gettext as _
from sqlalchemy import case as sql_case
from sqlalchemy import func, select, update

from returnsvc.auth.models import User
from returnsvc.cases.models import Case
from returnsvc.cases.workspace import (
    CASE_ID,
    RETURNEE_ID,
    ErasureStep,
    EventKind,
    PortalSection,
    SubjectSection,
    SummaryPanel,
    TimelineSource,
    event_columns,
    event_kind,
    json_object,
)
from returnsvc.core import codes
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import message_with
from returnsvc.extensions import db
from returnsvc.my_data import services
from returnsvc.my_data.forms import ContactCorrectionForm
from returnsvc.my_data.models import CONTACT_FIELDS, ContactCorrection, CorrectionStatus
from returnsvc.my_data.queries import MyData
from returnsvc.returnees.models import ConsentKind, Returnee
from returnsvc.returnees.services import PERSON_FIELD_LABELS

__all__ = ["PORTAL", "PANELS", "TIMELINE", "EVENTS", "SUBJECT", "ERASURE"]


# --- the portal section -----------------------------------------------------------------------


def _load(case, returnee, viewer) -> MyData:
    """Every linked person has their data to see (with or without a case)."""
    return MyData(case, returnee, viewer)


_WITHDRAWN = {
    ConsentKind.SHARING: _l(
        "Done. From now on we do not share your data with partner organisations."
    ),
    ConsentKind.STATISTICS: _l("Done. From now on your data is not used for statistics."),
}


def _first_error(form) -> str:
    for field in form:
        for error in field.errors:
            if field.name == "csrf_token":
                return _("The page had expired. Please try again.")
            return message_with(_("%(field)s: %(error)s"), field=field.label.text, error=error)
    return _("Please check what you wrote.")


def _action(case, returnee, viewer):
    """A POST to /my/data: "do" says which of the page's forms was sent."""
    do = request.form.get("do", "")
    if do == "correct":
        form = ContactCorrectionForm()
        if not form.validate():
            raise services.CorrectionError(_first_error(form))
        try:
            services.request_correction(case, returnee, form.values(), actor=viewer)
        except services.CorrectionError as refusal:
            if refusal.field:  # a detail the service refused: say which
                label = form[refusal.field].label.text
                refusal.message = message_with(
                    _("%(field)s: %(error)s"), field=label, error=refusal.message
                )
            raise
        return _l("Thank you. Your counsellor will check the new details and then change them.")
    if do == "withdraw":
        kind = request.form.get("consent", "")
        changed = services.withdraw_consent(case, returnee, kind, actor=viewer)
        if not changed:
            return _l("You had already withdrawn this consent.")
        return _WITHDRAWN[ConsentKind(kind)]
    raise services.CorrectionError(_l("Nothing was done. Please try again."))


PORTAL = (
    PortalSection(
        "data",
        _l("My data"),
        90,
        _load,
        "my_data/section.html",
        card="my_data/_card.html",
        action=_action,
    ),
)


# --- the case summary's panel -------------------------------------------------------------------


def _panel_column(_confidential):
    """The request of the case's person waiting for an answer, with their details now."""
    return (
        select(
            json_object(
                id=ContactCorrection.id,
                requested_at=ContactCorrection.requested_at,
                asked=json_object(
                    **{field: getattr(ContactCorrection, field) for field in CONTACT_FIELDS}
                ),
                now=json_object(**{field: getattr(Returnee, field) for field in CONTACT_FIELDS}),
            )
        )
        .join(Returnee, Returnee.id == ContactCorrection.returnee_id)
        .where(
            ContactCorrection.returnee_id == RETURNEE_ID,
            ContactCorrection.status == CorrectionStatus.PENDING,
        )
        .scalar_subquery()
    )


def _panel(value, case, viewer) -> dict | None:
    """None, or {id, requested_at, rows: [{field, label, now, asked}]} (the details asked for)."""
    if not value:
        return None
    return {
        "id": value["id"],
        "requested_at": datetime.fromisoformat(value["requested_at"]),
        "rows": [
            {
                "field": field,
                "label": PERSON_FIELD_LABELS[field],
                "now": value["now"].get(field) or "",
                "asked": value["asked"][field],
            }
            for field in CONTACT_FIELDS
            if value["asked"].get(field) is not None
        ],
    }


PANELS = (SummaryPanel("my_data", 5, "my_data/_panel.html", _panel_column, _panel),)


# --- the timeline -------------------------------------------------------------------------------

ASKED = "my_data.correction_asked"
ANSWERED = "my_data.correction_answered"


def _which() -> dict:
    """Which details a request concerns (booleans: the values stay off the timeline)."""
    return {field: getattr(ContactCorrection, field).is_not(None) for field in CONTACT_FIELDS}


def _asked_rows(_confidential):
    return select(*event_columns(ContactCorrection.requested_by_id, **_which())).where(
        ContactCorrection.case_id == CASE_ID
    )


def _answered_rows(_confidential):
    return select(
        *event_columns(
            ContactCorrection.decided_by_id,
            status=ContactCorrection.status,
            reason=ContactCorrection.reason,
            **_which(),
        )
    ).where(
        ContactCorrection.case_id == CASE_ID,
        ContactCorrection.status.in_((CorrectionStatus.APPROVED, CorrectionStatus.REJECTED)),
    )


def _fields(d) -> str:
    return ", ".join(str(PERSON_FIELD_LABELS[field]) for field in CONTACT_FIELDS if d.get(field))


def _describe_asked(d):
    return _("The person asked to correct their contact details (portal)"), _fields(d)


def _describe_answered(d):
    if d.status == CorrectionStatus.APPROVED.value:
        return _("Correction of contact details approved"), _fields(d)
    return _("Correction of contact details not accepted"), d.reason or ""


TIMELINE = (
    TimelineSource(
        "contact corrections asked",
        ContactCorrection.requested_at,
        event_kind(ASKED),
        ContactCorrection.id,
        _asked_rows,
    ),
    TimelineSource(
        "contact corrections answered",
        ContactCorrection.decided_at,
        event_kind(ANSWERED),
        ContactCorrection.id,
        _answered_rows,
    ),
)

EVENTS = (
    EventKind(ASKED, "person", _describe_asked),
    EventKind(ANSWERED, "person", _describe_answered),
)


# --- the subject-access record and erasure ------------------------------------------------------


def _account_record(returnee, case_ids, viewer) -> dict | None:
    """The person's portal account, if they have one: the address and name they sign in
    with, its language, whether it works, when they last chose a password and signed in
    (never the password's hash or the security counters)."""
    if returnee.user_id is None:
        return None
    account = db.session.get(User, returnee.user_id)
    return {
        "email": account.email,
        "name": account.full_name,
        "language": codes.language(account.preferred_locale),
        "active": account.is_active,
        "password_set_at": account.password_changed_at,
        "last_sign_in_at": account.last_login_at,
    }


def _record(returnee, case_ids, viewer) -> list[dict]:
    """The person's requests on the cases given, oldest first: what they asked for, when, and
    how it was answered."""
    rows = db.session.execute(
        select(ContactCorrection, Case.reference)
        .join(Case, Case.id == ContactCorrection.case_id)
        .where(ContactCorrection.case_id.in_(case_ids))
        .order_by(ContactCorrection.requested_at, ContactCorrection.id)
    ).all()
    return [
        {
            "case": reference,
            "asked": correction.asked,
            "requested_at": correction.requested_at,
            "status": correction.status,
            "answered_at": correction.decided_at,
            "reason": correction.reason,
        }
        for correction, reference in rows
    ]


SUBJECT = (
    SubjectSection(
        "portal_account",
        12,
        _l("Portal account"),
        _account_record,
        "my_data/_account_record.html",
    ),
    SubjectSection(
        "contact_corrections",
        15,
        _l("Requests to correct contact details"),
        _record,
        "my_data/_record.html",
    ),
)


def _erase(returnee_id: int, case_ids) -> None:
    """The details asked for and the reasons are blanked (a detail asked for stays marked as
    asked: "" instead of NULL); a request still waiting is closed as not accepted."""
    blanked = {
        field: sql_case((getattr(ContactCorrection, field).is_(None), None), else_="")
        for field in CONTACT_FIELDS
    }
    waiting = ContactCorrection.status == CorrectionStatus.PENDING
    db.session.execute(
        update(ContactCorrection)
        .where(ContactCorrection.returnee_id == returnee_id)
        .values(
            **blanked,
            reason="",
            status=sql_case(
                (waiting, CorrectionStatus.REJECTED.value), else_=ContactCorrection.status
            ),
            decided_at=func.coalesce(ContactCorrection.decided_at, func.now()),
        )
        .execution_options(synchronize_session=False)
    )


ERASURE = (ErasureStep("contact corrections", _erase),)
