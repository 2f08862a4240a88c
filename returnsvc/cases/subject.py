"""The person's rights over their data: the subject-access record (everything held about them)
and anonymisation (erasure of what identifies them), each assembled from the sections and
steps the case features registered (cases.workspace), so a feature's data is never forgotten
and `cases` names no feature."""

import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.cases.services import refresh_person_sort
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.cases.workspace import workspace
from returnsvc.core.codes import code_lists
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee
from returnsvc.returnees.services import erase_identity


def visible_case_ids(returnee: Returnee, viewer) -> list[int]:
    """The person's cases the viewer may see, oldest first."""
    return list(
        db.session.scalars(
            select(Case.id)
            .where(Case.returnee_id == returnee.id, visible_cases_clause(viewer))
            .order_by(Case.opened_at)
        )
    )


def sections():
    """The registered sections, in order (the printable record shows each with its template)."""
    return workspace().subject_sections


def subject_record(returnee: Returnee, viewer) -> dict:
    """{section name: its data}, in the registered order: everything held about the person in
    the cases the viewer may see, as values (enums and core.codes values: codes with labels;
    dates and instants; Decimals), which `subject_json` writes as codes and the printable
    record shows as labels (each section decides what the viewer may read: confidential
    notes are counted, not shown, for those who may not read them)."""
    case_ids = visible_case_ids(returnee, viewer)
    return {
        section.name: section.collect(returnee, case_ids, viewer)
        for section in workspace().subject_sections
    }


# How the download writes what is not a code (codes are documented one by one under "codes").
FORMATS = {
    "dates": "ISO 8601 calendar dates (YYYY-MM-DD)",
    "instants": "ISO 8601 date and time in UTC (+00:00)",
    "amounts": "decimal numbers as strings, with the ISO 4217 currency beside them",
    "codes": "each code used above, grouped by the list it comes from, with its name in the "
    "language of the download",
}


def _json_value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not part of the subject-access record")


def subject_json(data: dict) -> str:
    """The record for machines: every section as codes, ISO dates and decimal strings, followed
    by "formats" and "codes" (each code used, with its name: the export documents itself)."""
    document = {**data, "formats": FORMATS, "codes": code_lists(data)}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_value)


def anonymise(returnee: Returnee, *, actor) -> None:
    """Erase the person's identity (returnees.erase_identity) and run every registered
    erasure step over all their cases: what was written about them is blanked, the codes,
    dates and outcomes that statistics need are kept."""
    erase_identity(returnee, actor=actor)
    refresh_person_sort(returnee)
    case_ids = list(db.session.scalars(select(Case.id).where(Case.returnee_id == returnee.id)))
    steps = workspace().erasure_steps
    for step in steps:
        step.erase(returnee.id, case_ids)
    # The steps write with UPDATE statements: nothing loaded before may show the old text.
    db.session.expire_all()
