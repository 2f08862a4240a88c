"""The building blocks the statements of the counsellor's home share: the columns that name a
row's case and person, the person's name as the page shows it, the filters of the cases the
viewer may see (all of them, or the open ones: closed cases take no work), and dates written
into the SQL.
"""

from sqlalchemy import and_, bindparam, false

from returnsvc.cases.models import Case, Stage
from returnsvc.cases.visibility import VISIBLE
from returnsvc.returnees.models import Returnee, display_name

# The person of a case as Returnee.full_name shows them (a number once anonymised).
PERSON = (
    Case.id.label("case_id"), Case.reference, Returnee.id.label("returnee_id"),
    Returnee.anonymised_at, Returnee.given_names, Returnee.first_surname,
    Returnee.second_surname,
)  # fmt: skip


def person_of(row) -> dict:
    person = display_name(
        row.returnee_id, row.given_names, row.first_surname, row.second_surname, row.anonymised_at
    )
    return {"case_id": row.case_id, "reference": row.reference, "person": person}


def written_day(name: str, column):
    """A date written into the SQL when the statement runs: PostgreSQL's one plan for every
    date (the generic plan of a prepared statement) read all of a counsellor's tasks or
    appointments, 3-8 ms instead of 0.2-1 ms."""
    return bindparam(name, type_=column.type, literal_execute=True)


def visible(kind):
    return VISIBLE[kind] if kind else false()


def open_visible(kind):
    return and_(visible(kind), Case.stage != Stage.CLOSED)
