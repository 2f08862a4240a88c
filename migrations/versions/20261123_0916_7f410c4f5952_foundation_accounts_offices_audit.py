"""Accounts, offices, password links and the audit log: the foundation schema.

Reviewed by hand from autogenerate: named constraints throughout; the e-mail and office
uniqueness are functional indexes (case-insensitive).

Revision ID: 7f410c4f5952
Revises:
Create Date: 2026-11-23 09:16:00.770846
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "7f410c4f5952"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=120), server_default="", nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("is_demo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "country IN ('ES', 'BO', 'CO', 'EC', 'PE')", name=op.f("ck_office_country")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
    )
    op.create_index(
        "uq_office_country_city_name",
        "office",
        ["country", sa.literal_column("lower(city)"), sa.literal_column("lower(name)")],
        unique=True,
    )

    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "manager",
                "counsellor",
                "returnee",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("preferred_locale", sa.String(length=5), server_default="es", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("is_demo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_login_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("session_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "office_id IS NOT NULL OR role IN ('admin', 'returnee')",
            name=op.f("ck_user_account_staff_office"),
        ),
        sa.CheckConstraint(
            "preferred_locale IN ('es', 'en')", name=op.f("ck_user_account_preferred_locale")
        ),
        sa.CheckConstraint(
            "failed_login_count >= 0", name=op.f("ck_user_account_failed_login_count")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_user_account_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
    )
    op.create_index(op.f("ix_user_account_office_id"), "user_account", ["office_id"], unique=False)
    op.create_index(
        "uq_user_account_email_lower",
        "user_account",
        [sa.literal_column("lower(email)")],
        unique=True,
    )

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=320), nullable=True),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("target_type", sa.String(length=60), nullable=True),
        sa.Column("target_id", sa.String(length=60), nullable=True),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_audit_entry_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index("ix_audit_entry_action_id", "audit_entry", ["action", "id"], unique=False)
    op.create_index("ix_audit_entry_actor_id_id", "audit_entry", ["actor_id", "id"], unique=False)
    op.create_index(
        op.f("ix_audit_entry_occurred_at"), "audit_entry", ["occurred_at"], unique=False
    )
    op.create_index(
        "ix_audit_entry_target", "audit_entry", ["target_type", "target_id", "id"], unique=False
    )

    op.create_table(
        "password_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_password_link_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_password_link_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_link_token_hash")),
    )
    op.create_index(op.f("ix_password_link_user_id"), "password_link", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_password_link_user_id"), table_name="password_link")

    op.drop_table("password_link")
    op.drop_index("ix_audit_entry_target", table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_occurred_at"), table_name="audit_entry")
    op.drop_index("ix_audit_entry_actor_id_id", table_name="audit_entry")
    op.drop_index("ix_audit_entry_action_id", table_name="audit_entry")

    op.drop_table("audit_entry")
    op.drop_index("uq_user_account_email_lower", table_name="user_account")
    op.drop_index(op.f("ix_user_account_office_id"), table_name="user_account")

    op.drop_table("user_account")
    op.drop_index("uq_office_country_city_name", table_name="office")

    op.drop_table("office")
