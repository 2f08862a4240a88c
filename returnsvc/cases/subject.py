"""The person's rights over their data: the subject-access record (everything held about them)
and anonymisation (erasure of what identifies them), each assembled from the sections and
steps the case features registered (cases.workspace), so a feature's data is never forgotten
and `cases` names no feature."""

from sqlalchemy import select

from returnsvc.cases.models import Case
from returnsvc.cases.services import refresh_person_sort
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.cases.workspace import workspace
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
    the cases the viewer may see (each section decides what the viewer may read: confidential
    notes are counted, not shown, for those who may not read them)."""
    case_ids = visible_case_ids(returnee, viewer)
    return {
        section.name: section.collect(returnee, case_ids, viewer)
        for section in workspace().subject_sections
    }


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
