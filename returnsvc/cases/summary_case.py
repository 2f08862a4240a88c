"""The case as the summary tab reads it: one narrow statement (no ORM objects) for the header,
the person's facts the summary shows and the consents, with the same visibility as every case
lookup. The summary is the most visited page of the app; the other tabs load the ORM case
(cases.loaders), which services need."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.cases.services import record_case_view
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import Returnee, Sex


class OfficeView(NamedTuple):
    name: str
    country: str


class CounsellorView(NamedTuple):
    full_name: str


@dataclass(frozen=True)
class PersonView:
    id: int
    given_names: str
    first_surname: str
    second_surname: str
    anonymised_at: datetime | None
    origin_country: str
    region_code: str
    city: str
    sex: Sex
    birth_date: date | None
    consent_service_at: datetime | None
    consent_sharing_at: datetime | None
    consent_statistics_at: datetime | None

    # The same rules as the model's (returnees.models.Returnee).
    full_name = Returnee.full_name
    is_anonymised = Returnee.is_anonymised
    has_consent = Returnee.has_consent


@dataclass(frozen=True)
class CaseView:
    id: int
    reference: str
    stage: Stage
    opened_at: datetime
    closed_at: datetime | None
    close_reason: CloseReason | None
    office_id: int
    counsellor_id: int | None
    returnee_id: int
    version: int
    office: OfficeView
    counsellor: CounsellorView | None
    returnee: PersonView

    is_open = Case.is_open


_counsellor = aliased(User)
_CASE = (
    Case.id, Case.reference, Case.stage, Case.opened_at, Case.closed_at, Case.close_reason,
    Case.office_id, Case.counsellor_id, Case.returnee_id, Case.version,
)  # fmt: skip
_PERSON = (
    Returnee.id, Returnee.given_names, Returnee.first_surname, Returnee.second_surname,
    Returnee.anonymised_at, Returnee.origin_country, Returnee.region_code, Returnee.city,
    Returnee.sex, Returnee.birth_date, Returnee.consent_service_at, Returnee.consent_sharing_at,
    Returnee.consent_statistics_at,
)  # fmt: skip


def summary_case_or_404(case_id: int, user) -> CaseView:
    """The case for its summary tab, if the user may see it (404 otherwise); the view goes
    to the access log."""
    row = db.session.execute(
        select(*_CASE, Office.name, Office.country, _counsellor.full_name, *_PERSON)
        .join(Office, Office.id == Case.office_id)
        .join(Returnee, Returnee.id == Case.returnee_id)
        .outerjoin(_counsellor, _counsellor.id == Case.counsellor_id)
        .where(Case.id == case_id, visible_cases_clause(user))
    ).one_or_none()
    if row is None:
        abort(404)
    case_part, rest = row[: len(_CASE)], row[len(_CASE) :]
    office_name, office_country, counsellor_name, *person = rest
    case = CaseView(
        *case_part,
        office=OfficeView(office_name, office_country),
        counsellor=CounsellorView(counsellor_name) if counsellor_name is not None else None,
        returnee=PersonView(*person),
    )
    record_case_view(case, user, "summary")
    return case

