"""case_event: what happened on a case that has no row of its own (reassignments, consents,
edits of the person's record, status changes of plan actions and referrals), for the case
timeline.

Reviewed by hand. Existing history is not lost: the events are rebuilt from the audit log,
which recorded every one of them (case.assigned, returnee.updated, returnee.consent_*,
plan.action_updated with a status change, referral.<status>). A person's edit or consent goes
to the case of theirs that was open then (the newest one opened before it). Only codes and
ids are copied, never values of the person's fields.

Revision ID: e532d7305379
Revises: 5c2e8f1a4b77
Create Date: 2026-12-06 12:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e532d7305379"
down_revision = "5c2e8f1a4b77"
branch_labels = None
depends_on = None

# The case of a person's audit entry: their newest case opened before it (else their first).
_CASE_OF_RETURNEE = """(
    SELECT c.id FROM case_file c
    WHERE c.returnee_id = a.target_id::int
    ORDER BY (c.opened_at <= a.occurred_at) DESC, c.opened_at DESC
    LIMIT 1
)"""

BACKFILL = (
    # Reassignments: {"counsellor_id": [old, new]} on the case.
    """INSERT INTO case_event (case_id, occurred_at, kind, actor_id, data)
    SELECT a.target_id::int, a.occurred_at, 'case.assigned', a.actor_id,
           jsonb_build_object('to', a.changes -> 'counsellor_id' -> 1)
    FROM audit_entry a JOIN case_file c ON c.id = a.target_id::int
    WHERE a.action = 'case.assigned' AND a.target_type = 'case_file'""",
    # Edits of the person: the names of the changed fields, never their values.
    f"""INSERT INTO case_event (case_id, occurred_at, kind, actor_id, data)
    SELECT {_CASE_OF_RETURNEE}, a.occurred_at, 'person.edited', a.actor_id,
           jsonb_build_object('fields', (SELECT jsonb_agg(k ORDER BY k)
                                         FROM jsonb_object_keys(a.changes) AS k))
    FROM audit_entry a
    WHERE a.action = 'returnee.updated' AND a.target_type = 'returnee'
      AND {_CASE_OF_RETURNEE} IS NOT NULL""",
    f"""INSERT INTO case_event (case_id, occurred_at, kind, actor_id, data)
    SELECT {_CASE_OF_RETURNEE}, a.occurred_at, 'person.consent', a.actor_id,
           jsonb_build_object('consent', a.changes ->> 'consent',
                              'given', a.action = 'returnee.consent_given')
    FROM audit_entry a
    WHERE a.action IN ('returnee.consent_given', 'returnee.consent_withdrawn')
      AND a.target_type = 'returnee' AND {_CASE_OF_RETURNEE} IS NOT NULL""",
    # Status changes of plan actions: {"case_id": .., "status": [old, new]}.
    """INSERT INTO case_event (case_id, occurred_at, kind, actor_id, data)
    SELECT (a.changes ->> 'case_id')::int, a.occurred_at, 'plan.action_status', a.actor_id,
           jsonb_build_object('action_id', a.target_id::int,
                              'from', a.changes -> 'status' ->> 0,
                              'to', a.changes -> 'status' ->> 1)
    FROM audit_entry a JOIN plan_action p ON p.id = a.target_id::int
    WHERE a.action = 'plan.action_updated' AND a.target_type = 'plan_action'
      AND a.changes ? 'status'""",
    # Answers to referrals: referral.<status> with {"case_id": .., "status": [old, new]}.
    """INSERT INTO case_event (case_id, occurred_at, kind, actor_id, data)
    SELECT (a.changes ->> 'case_id')::int, a.occurred_at, 'referral.status', a.actor_id,
           jsonb_build_object('referral_id', a.target_id::int,
                              'from', a.changes -> 'status' ->> 0,
                              'to', a.changes -> 'status' ->> 1)
    FROM audit_entry a JOIN referral r ON r.id = a.target_id::int
    WHERE a.action IN ('referral.accepted', 'referral.declined', 'referral.completed',
                       'referral.cancelled')
      AND a.target_type = 'referral'""",
)


def upgrade():
    op.create_table(
        "case_event",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "data", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_case_event_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_event_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
    )
    op.create_index(
        "ix_case_event_case_occurred", "case_event", ["case_id", "occurred_at", "id"]
    )
    for statement in BACKFILL:
        op.execute(statement)


def downgrade():
    op.drop_index("ix_case_event_case_occurred", table_name="case_event")
    op.drop_table("case_event")
