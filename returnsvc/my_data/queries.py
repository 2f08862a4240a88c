"""Reads of My data: what the portal section shows the person (their record as the
subject-access record has it, their consents with dates, their latest correction request),
their own subject-access record for the download, the request a counsellor answers, and the
requests waiting for a counsellor (a part of their home's list of things to do)."""

from datetime import datetime, timedelta
from functools import cached_property

from flask import abort, request
from sqlalchemy import Date, String, bindparam, cast, func, literal, select
from sqlalchemy import case as sql_case

from returnsvc.audit.models import AuditEntry
from returnsvc.cases.models import Case, Stage
from returnsvc.cases.subject import sections
from returnsvc.core.db import inline, utcnow
from returnsvc.extensions import db
from returnsvc.my_data.forms import ContactCorrectionForm
from returnsvc.my_data.models import CONTACT_FIELDS, ContactCorrection, CorrectionStatus
from returnsvc.my_data.services import WITHDRAWABLE
from returnsvc.returnees.models import ConsentKind, Returnee
from returnsvc.returnees.queries import person_record
from returnsvc.returnees.services import PERSON_FIELD_LABELS

# How long the portal home still tells the person how their request was answered.
ANSWER_SHOWN_FOR = timedelta(days=30)
# The anchor of the case page's panel of a waiting request (templates/my_data/_panel.html).
CORRECTION = "contact-correction"


def latest_correction(returnee_id: int) -> ContactCorrection | None:
    """The person's latest request (waiting or answered), or None."""
    return db.session.scalars(
        select(ContactCorrection)
        .where(ContactCorrection.returnee_id == returnee_id)
        .order_by(ContactCorrection.id.desc())
        .limit(1)
    ).first()


def consent_withdrawals(returnee_id: int) -> dict[ConsentKind, datetime]:
    """When each consent was last withdrawn (the audit log keeps it: the record only says it
    is not given). One statement."""
    kind = AuditEntry.changes["consent"].astext
    rows = db.session.execute(
        select(kind, AuditEntry.occurred_at)
        .where(
            AuditEntry.target_type == Returnee.__tablename__,
            AuditEntry.target_id == str(returnee_id),
            AuditEntry.action == "returnee.consent_withdrawn",
        )
        .order_by(kind, AuditEntry.id.desc())
        .distinct(kind)
    )
    found = {}
    for code, at in rows:
        try:
            found[ConsentKind(code)] = at
        except ValueError:
            continue
    return found


class MyData:
    """What the "My data" section loads for the person: computed when a template first reads
    it (the portal loads every section for its menu; the home reads only `latest`)."""

    def __init__(self, case: Case | None, returnee: Returnee, account=None):
        self.case = case
        self.returnee = returnee
        self.account = account  # the person's own, signed in

    @property
    def can_request(self) -> bool:
        """A correction needs an open case: its counsellor answers."""
        return self.case is not None and self.case.is_open

    @cached_property
    def record(self) -> dict:
        """The person's part of the subject-access record (returnees.queries.person_record):
        identity, consents, migration history; values with labels."""
        return person_record(self.returnee)

    @cached_property
    def latest(self) -> ContactCorrection | None:
        return latest_correction(self.returnee.id)

    @property
    def latest_asked(self) -> list[tuple]:
        """[(label, value asked for)] of the latest request ("" asks to clear a detail)."""
        latest = self.latest
        if latest is None:
            return []
        return [(PERSON_FIELD_LABELS[field], value) for field, value in latest.asked.items()]

    @property
    def recent_answer(self) -> ContactCorrection | None:
        """The latest request when it waits, or was answered in the last ANSWER_SHOWN_FOR."""
        latest = self.latest
        if latest is None or latest.status is CorrectionStatus.REPLACED:
            return None
        if latest.status is CorrectionStatus.PENDING:
            return latest
        return latest if latest.decided_at >= utcnow() - ANSWER_SHOWN_FOR else None

    @cached_property
    def withdrawn_at(self) -> dict[ConsentKind, datetime]:
        return consent_withdrawals(self.returnee.id)

    @property
    def consents(self) -> list[dict]:
        """[{kind, given_at, withdrawn_at, withdrawable}] in the order of ConsentKind."""
        return [
            {
                "kind": kind,
                "given_at": given_at,
                "withdrawn_at": None if given_at else self.withdrawn_at.get(kind),
                "withdrawable": kind in WITHDRAWABLE and given_at is not None,
            }
            for kind, given_at in self.record["consents"].items()
        ]

    @cached_property
    def form(self) -> ContactCorrectionForm:
        """The correction form, filled with the details held now; when the person's correction
        was just refused (the page is shown again at once), with what they typed."""
        if request.method == "POST" and request.form.get("do") == "correct":
            return ContactCorrectionForm()  # the request's values
        current = {field: getattr(self.returnee, field) or "" for field in CONTACT_FIELDS}
        return ContactCorrectionForm(formdata=None, data=current)


def own_case_ids(returnee: Returnee) -> list[int]:
    """Every case of the person, oldest first (their own record is all of it: no office's
    visibility applies to the person themselves)."""
    return list(
        db.session.scalars(
            select(Case.id).where(Case.returnee_id == returnee.id).order_by(Case.opened_at)
        )
    )


def own_subject_record(returnee: Returnee, viewer, case_ids) -> dict:
    """The subject-access record of the person for the person (`viewer`: their account), as
    the staff export assembles it (cases.subject): every registered section over all their
    cases. Each section applies its own rule for this viewer, so what only some staff may read
    stays out (confidential notes are left out and counted, as for any viewer who may not
    read them)."""
    return {section.name: section.collect(returnee, case_ids, viewer) for section in sections()}


def correction_or_404(case: Case, correction_id: int) -> ContactCorrection:
    """A request of the case's person (404 for any other id)."""
    correction = db.session.scalars(
        select(ContactCorrection).where(
            ContactCorrection.id == correction_id,
            ContactCorrection.returnee_id == case.returnee_id,
        )
    ).one_or_none()
    if correction is None:
        abort(404)
    return correction


def waiting_part(half: int, shown: int, person_columns, visible):
    """The requests waiting for the user (the counsellor of the person's open case, visible
    by `visible`), oldest first, as a part of the counsellor home's list of things to do
    (home.work_lists): the columns (half, id, title, due_date, *person_columns), where `title`
    holds the codes of the details asked for ("phone email": `asked_labels` names them) and
    `due_date` is the day asked, in the viewer's zone (bound as "zone_name"); the user is
    bound as "me". At most `shown` + 1 rows."""
    asked = func.concat_ws(
        " ",
        *(
            sql_case((getattr(ContactCorrection, field).is_not(None), literal(field)))
            for field in CONTACT_FIELDS
        ),
    )
    asked_on = cast(
        func.timezone(bindparam("zone_name", type_=String), ContactCorrection.requested_at), Date
    )
    return (
        select(inline(half).label("half"), ContactCorrection.id, asked, asked_on, *person_columns)
        .select_from(ContactCorrection)
        .join(Case, Case.returnee_id == ContactCorrection.returnee_id)
        .join(Returnee, Returnee.id == ContactCorrection.returnee_id)
        .where(
            ContactCorrection.status == CorrectionStatus.PENDING,
            Case.counsellor_id == bindparam("me"),
            Case.stage != Stage.CLOSED,
            visible,
        )
        .order_by(ContactCorrection.requested_at, ContactCorrection.id)
        .limit(inline(shown + 1))
    )


def asked_labels(codes: str) -> str:
    """ "phone email" (waiting_part's title) as the details' names: "Phone, E-mail"."""
    return ", ".join(
        str(PERSON_FIELD_LABELS[code]) for code in codes.split() if code in CONTACT_FIELDS
    )
