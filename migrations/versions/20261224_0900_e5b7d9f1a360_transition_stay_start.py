"""Programme outcomes (issue #18): each change of stage knows when the stay it ends began.

The dashboard's "time in each stage" figure measures stays: from a change of stage (or the
opening) to the case's next change. It used to find each stay's start with a window over the
whole stage history of the selection's cases (every change since they opened: ~140 ms for one
country at 100,000 cases). `case_transition.stay_began_at` holds the previous change's
`occurred_at` (NULL for a case's first row, its opening), so the stays that ended in a period
are one range of a covering index.

The database keeps it true, whoever writes (the app, a migration, the demo, a test, SQL by
hand): statement-level triggers recompute the column for every case whose history an INSERT,
UPDATE or DELETE touched, with the same window as before, and change only the rows whose value
differs (so the triggers' own UPDATE finds nothing more to do and stops).

Revision ID: e5b7d9f1a360
Revises: c4e8a2f6b913
Create Date: 2026-12-24 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e5b7d9f1a360"
down_revision = "c4e8a2f6b913"
branch_labels = None
depends_on = None

# The cases named in the table `touched` (case_id) get their stays recomputed.
_RECOMPUTE = """
    UPDATE case_transition AS t
    SET stay_began_at = w.began_at
    FROM (
        SELECT id, lag(occurred_at) OVER (PARTITION BY case_id ORDER BY occurred_at, id)
               AS began_at
        FROM case_transition
        WHERE case_id IN (SELECT case_id FROM touched)
    ) AS w
    WHERE t.id = w.id AND t.stay_began_at IS DISTINCT FROM w.began_at
"""


def upgrade():
    op.add_column(
        "case_transition", sa.Column("stay_began_at", sa.DateTime(timezone=True), nullable=True)
    )
    # Every case's history, once.
    op.execute(_RECOMPUTE.replace("WHERE case_id IN (SELECT case_id FROM touched)", ""))
    # After an INSERT or a DELETE: the cases of the rows added or removed.
    for event, rows in (("insert", "added"), ("delete", "removed")):
        op.execute(
            f"""
            CREATE FUNCTION case_transition_stays_after_{event}() RETURNS trigger AS $$
            BEGIN
                WITH touched AS (SELECT DISTINCT case_id FROM {rows})
                {_RECOMPUTE};
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """
        )
    # Only rows whose time or case changed matter. The triggers' own UPDATE (of stay_began_at
    # alone) fires this once more with none: it returns before writing anything (a statement
    # trigger fires even for an UPDATE of no rows, so writing nothing is what ends it).
    op.execute(
        f"""
        CREATE FUNCTION case_transition_stays_after_update() RETURNS trigger AS $$
        BEGIN
            IF NOT EXISTS (
                SELECT 1 FROM before_rows AS o JOIN after_rows AS n ON n.id = o.id
                WHERE n.occurred_at IS DISTINCT FROM o.occurred_at
                   OR n.case_id IS DISTINCT FROM o.case_id
            ) THEN
                RETURN NULL;
            END IF;
            WITH moved AS (
                SELECT o.case_id AS old_case, n.case_id AS new_case
                FROM before_rows AS o JOIN after_rows AS n ON n.id = o.id
                WHERE n.occurred_at IS DISTINCT FROM o.occurred_at
                   OR n.case_id IS DISTINCT FROM o.case_id
            ), touched AS (
                SELECT old_case AS case_id FROM moved UNION SELECT new_case FROM moved
            )
            {_RECOMPUTE};
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER case_transition_stays_after_insert AFTER INSERT ON case_transition"
        " REFERENCING NEW TABLE AS added"
        " FOR EACH STATEMENT EXECUTE FUNCTION case_transition_stays_after_insert()"
    )
    op.execute(
        "CREATE TRIGGER case_transition_stays_after_delete AFTER DELETE ON case_transition"
        " REFERENCING OLD TABLE AS removed"
        " FOR EACH STATEMENT EXECUTE FUNCTION case_transition_stays_after_delete()"
    )
    op.execute(
        "CREATE TRIGGER case_transition_stays_after_update AFTER UPDATE ON case_transition"
        " REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION case_transition_stays_after_update()"
    )
    # The stays that ended in a period, from the index alone (the case, the stage left and
    # when its stay began are included).
    op.create_index(
        "ix_case_transition_stays",
        "case_transition",
        ["occurred_at"],
        postgresql_include=["case_id", "from_stage", "stay_began_at"],
        postgresql_where=sa.text("stay_began_at IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_case_transition_stays", table_name="case_transition")
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER case_transition_stays_after_{event} ON case_transition")
        op.execute(f"DROP FUNCTION case_transition_stays_after_{event}()")
    op.drop_column("case_transition", "stay_began_at")
