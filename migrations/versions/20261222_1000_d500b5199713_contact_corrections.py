"""My data (issue #17): a returnee's requests, sent from the portal, to correct their contact
details (phone, e-mail, address, city), each waiting for a counsellor to approve or reject it;
one waiting request per person.

Revision ID: d500b5199713
Revises: e7a1c3b5d924
Create Date: 2026-12-22 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d500b5199713"
down_revision = "e7a1c3b5d924"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "contact_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                "replaced",
                name="contact_correction_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint(
            "phone IS NOT NULL OR email IS NOT NULL OR address IS NOT NULL OR city IS NOT NULL",
            name=op.f("ck_contact_correction_asks_for_something"),
        ),
        sa.CheckConstraint(
            "(status = 'pending') = (decided_at IS NULL)",
            name=op.f("ck_contact_correction_decided_unless_pending"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_contact_correction_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_contact_correction_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_contact_correction_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_contact_correction_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_correction")),
    )
    op.create_index(
        op.f("ix_contact_correction_case_id"), "contact_correction", ["case_id"], unique=False
    )
    op.create_index(
        "ix_contact_correction_returnee_id_id",
        "contact_correction",
        ["returnee_id", "id"],
        unique=False,
    )
    op.create_index(
        "uq_contact_correction_pending",
        "contact_correction",
        ["returnee_id"],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade():
    op.drop_index(
        "uq_contact_correction_pending",
        table_name="contact_correction",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.drop_index("ix_contact_correction_returnee_id_id", table_name="contact_correction")
    op.drop_index(op.f("ix_contact_correction_case_id"), table_name="contact_correction")
    op.drop_table("contact_correction")
