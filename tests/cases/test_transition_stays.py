"""case_transition.stay_began_at (migration e5b7d9f1a360): each change of stage knows when the
stay it ends began (the case's previous change, NULL for the opening), kept by the database's
triggers whoever writes: the services, an UPDATE that moves a change in time or to another
case, a DELETE, a bulk INSERT. Checked against the window it replaces."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from returnsvc.cases.models import Case, CloseReason, Stage
from returnsvc.cases.services import change_stage
from returnsvc.extensions import db

# The window the column replaces, for every case: (id, stay_began_at, what it should be).
DIFFERENCES = text(
    """
    SELECT id, stay_began_at, expected FROM (
        SELECT id, stay_began_at,
               lag(occurred_at) OVER (PARTITION BY case_id ORDER BY occurred_at, id) AS expected
        FROM case_transition
    ) AS t
    WHERE stay_began_at IS DISTINCT FROM expected
    """
)


def _history(case_id):
    return db.session.execute(
        text(
            "SELECT id, occurred_at, stay_began_at FROM case_transition"
            " WHERE case_id = :c ORDER BY occurred_at, id"
        ),
        {"c": case_id},
    ).all()


def test_stays_follow_inserts_moves_and_deletes(ctx, make):
    case = make.case()
    other = make.case()
    at = datetime(2025, 3, 1, 12, tzinfo=UTC)
    db.session.execute(
        text("UPDATE case_transition SET occurred_at = :at WHERE case_id = :c"),
        {"at": at, "c": case.id},
    )
    opening = _history(case.id)
    assert len(opening) == 1 and opening[0].stay_began_at is None  # the opening ends no stay

    # Through the service: the new change's stay began at the opening.
    record = db.session.get(Case, case.id)
    change_stage(record, Stage.CLOSED, version=record.version, actor=None,
                 close_reason=CloseReason.EMPLOYED)  # fmt: skip
    db.session.flush()
    first, closing = _history(case.id)
    assert closing.stay_began_at == first.occurred_at == at

    # A bulk INSERT of two changes, out of order: each one's stay begins at its predecessor.
    db.session.execute(
        text(
            "INSERT INTO case_transition (case_id, from_stage, to_stage, occurred_at, note)"
            " VALUES (:c, 'closed', 'reopened', :late, ''), (:c, 'reopened', 'closed', :later, '')"
        ),
        {"c": case.id, "late": closing.occurred_at + timedelta(days=9),
         "later": closing.occurred_at + timedelta(days=30)},
    )  # fmt: skip
    rows = _history(case.id)
    assert [r.stay_began_at for r in rows[1:]] == [r.occurred_at for r in rows[:-1]]

    # Moving the closing before the opening reorders the case's stays.
    db.session.execute(
        text("UPDATE case_transition SET occurred_at = :at WHERE id = :id"),
        {"at": at - timedelta(days=1), "id": closing.id},
    )
    assert db.session.execute(DIFFERENCES).all() == []
    assert _history(case.id)[0].id == closing.id and _history(case.id)[0].stay_began_at is None

    # Moving a change to another case mends both histories; deleting one mends the rest.
    db.session.execute(
        text("UPDATE case_transition SET case_id = :o WHERE id = :id"),
        {"o": other.id, "id": rows[2].id},
    )
    assert db.session.execute(DIFFERENCES).all() == []
    db.session.execute(text("DELETE FROM case_transition WHERE id = :id"), {"id": first.id})
    assert db.session.execute(DIFFERENCES).all() == []
    # An UPDATE of another column leaves the stays alone (and the triggers stop at once).
    db.session.execute(text("UPDATE case_transition SET note = 'x' WHERE case_id = :c"),
                       {"c": case.id})  # fmt: skip
    assert db.session.execute(DIFFERENCES).all() == []
