"""Returnees, cases (stages, transitions, transfers, access log), notes, appointments, tasks,
reintegration plans, partners and referrals.

Reviewed by hand: pg_trgm is created first (the trigram index on returnee.search_text needs it;
the extension is left in place on downgrade since other objects may use it). Partial unique
indexes enforce one open case per returnee and one pending transfer per case.

Revision ID: d3c51e329920
Revises: 7f410c4f5952
Create Date: 2026-11-23 09:40:15.735127
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "d3c51e329920"
down_revision = "7f410c4f5952"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "training",
                "microfinance",
                "employer",
                "health",
                "psychosocial",
                "other",
                name="partner_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region_code", sa.String(length=10), server_default="", nullable=False),
        sa.Column("city", sa.String(length=120), server_default="", nullable=False),
        sa.Column("contact_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("email", sa.String(length=320), server_default="", nullable=False),
        sa.Column("phone", sa.String(length=40), server_default="", nullable=False),
        sa.Column("services", sa.Text(), server_default="", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("is_demo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "country IN ('ES', 'BO', 'CO', 'EC', 'PE')", name=op.f("ck_partner_country")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner")),
    )
    op.create_index(
        "uq_partner_country_name",
        "partner",
        ["country", sa.literal_column("lower(name)")],
        unique=True,
    )
    op.create_table(
        "returnee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("given_names", sa.String(length=120), nullable=False),
        sa.Column("first_surname", sa.String(length=120), nullable=False),
        sa.Column("second_surname", sa.String(length=120), server_default="", nullable=False),
        sa.Column(
            "sex",
            sa.Enum(
                "female",
                "male",
                "other",
                name="sex",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=False,
        ),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("nationality", sa.String(length=2), nullable=False),
        sa.Column(
            "document_type",
            sa.Enum(
                "national_id",
                "passport",
                "foreigner_id",
                "other",
                name="document_type",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("document_number", sa.String(length=40), nullable=True),
        sa.Column("document_country", sa.String(length=2), nullable=True),
        sa.Column("phone", sa.String(length=40), server_default="", nullable=False),
        sa.Column("phone_digits", sa.String(length=40), server_default="", nullable=False),
        sa.Column("email", sa.String(length=320), server_default="", nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=False),
        sa.Column("region_code", sa.String(length=10), server_default="", nullable=False),
        sa.Column("city", sa.String(length=120), server_default="", nullable=False),
        sa.Column("address", sa.String(length=300), server_default="", nullable=False),
        sa.Column("household_size", sa.Integer(), nullable=True),
        sa.Column("dependants", sa.Integer(), nullable=True),
        sa.Column(
            "education_level",
            sa.Enum(
                "isced0",
                "isced1",
                "isced2",
                "isced3",
                "isced4",
                "isced5",
                "isced6",
                "isced7",
                "isced8",
                name="education_level",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=True,
        ),
        sa.Column(
            "languages", postgresql.ARRAY(sa.String(length=3)), server_default="{}", nullable=False
        ),
        sa.Column("consent_service_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_service_by_id", sa.Integer(), nullable=True),
        sa.Column("consent_sharing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_sharing_by_id", sa.Integer(), nullable=True),
        sa.Column("consent_statistics_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_statistics_by_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), server_default="", nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_demo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "origin_country IN ('BO', 'CO', 'EC', 'PE')", name=op.f("ck_returnee_origin_country")
        ),
        sa.CheckConstraint(
            "dependants IS NULL OR dependants BETWEEN 0 AND 50", name=op.f("ck_returnee_dependants")
        ),
        sa.CheckConstraint(
            "household_size IS NULL OR household_size BETWEEN 1 AND 50",
            name=op.f("ck_returnee_household_size"),
        ),
        sa.ForeignKeyConstraint(
            ["consent_service_by_id"],
            ["user_account.id"],
            name=op.f("fk_returnee_consent_service_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["consent_sharing_by_id"],
            ["user_account.id"],
            name=op.f("fk_returnee_consent_sharing_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["consent_statistics_by_id"],
            ["user_account.id"],
            name=op.f("fk_returnee_consent_statistics_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_returnee_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_returnee_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returnee")),
        sa.UniqueConstraint(
            "document_type", "document_number", "document_country", name="uq_returnee_document"
        ),
        sa.UniqueConstraint("user_id", name=op.f("uq_returnee_user_id")),
    )
    op.create_index("ix_returnee_birth_date", "returnee", ["birth_date"], unique=False)
    op.create_index("ix_returnee_phone_digits", "returnee", ["phone_digits"], unique=False)
    op.create_index(
        "ix_returnee_search_text_trgm",
        "returnee",
        ["search_text"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.create_table(
        "case_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("counsellor_id", sa.Integer(), nullable=True),
        sa.Column(
            "stage",
            sa.Enum(
                "registered",
                "assessed",
                "plan_agreed",
                "in_support",
                "follow_up",
                "closed",
                "reopened",
                name="stage",
                native_enum=False,
                create_constraint=True,
                length=19,
            ),
            nullable=False,
        ),
        sa.Column("stage_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "close_reason",
            sa.Enum(
                "employed",
                "self_employed",
                "in_training",
                "re_migrated",
                "lost_contact",
                "withdrew",
                "deceased",
                "other",
                name="close_reason",
                native_enum=False,
                create_constraint=True,
                length=21,
            ),
            nullable=True,
        ),
        sa.Column("is_demo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(stage = 'closed') = (closed_at IS NOT NULL)",
            name=op.f("ck_case_file_closed_has_date"),
        ),
        sa.CheckConstraint(
            "stage <> 'closed' OR close_reason IS NOT NULL",
            name=op.f("ck_case_file_closed_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["counsellor_id"],
            ["user_account.id"],
            name=op.f("fk_case_file_counsellor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_case_file_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_case_file_returnee_id_returnee"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_file")),
        sa.UniqueConstraint("reference", name=op.f("uq_case_file_reference")),
    )
    op.create_index("ix_case_file_changed", "case_file", ["stage_changed_at", "id"], unique=False)
    op.create_index(
        "ix_case_file_counsellor_stage", "case_file", ["counsellor_id", "stage"], unique=False
    )
    op.create_index(
        "ix_case_file_office_changed",
        "case_file",
        ["office_id", "stage_changed_at", "id"],
        unique=False,
    )
    op.create_index(op.f("ix_case_file_returnee_id"), "case_file", ["returnee_id"], unique=False)
    op.create_index(
        "uq_case_file_open_per_returnee",
        "case_file",
        ["returnee_id"],
        unique=True,
        postgresql_where=sa.text("stage <> 'closed'"),
    )
    op.create_table(
        "duplicate_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("similar_to_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_duplicate_override_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_duplicate_override_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["similar_to_id"],
            ["returnee.id"],
            name=op.f("fk_duplicate_override_similar_to_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_override")),
    )
    op.create_index(
        op.f("ix_duplicate_override_returnee_id"),
        "duplicate_override",
        ["returnee_id"],
        unique=False,
    )
    op.create_table(
        "migration_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("host_country", sa.String(length=2), server_default="ES", nullable=False),
        sa.Column("departure_year", sa.Integer(), nullable=True),
        sa.Column("years_abroad", sa.Integer(), nullable=True),
        sa.Column("planned_return_date", sa.Date(), nullable=True),
        sa.Column("actual_return_date", sa.Date(), nullable=True),
        sa.Column(
            "return_programme",
            sa.Enum(
                "apre",
                "iom_avrr",
                "other_public",
                "own_means",
                name="return_programme",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "last_occupation_abroad", sa.String(length=200), server_default="", nullable=False
        ),
        sa.Column("last_sector_abroad", sa.String(length=1), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "departure_year IS NULL OR departure_year BETWEEN 1950 AND 2100",
            name=op.f("ck_migration_history_departure_year"),
        ),
        sa.CheckConstraint(
            "years_abroad IS NULL OR years_abroad BETWEEN 0 AND 80",
            name=op.f("ck_migration_history_years_abroad"),
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_migration_history_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_migration_history")),
        sa.UniqueConstraint("returnee_id", name=op.f("uq_migration_history_returnee_id")),
    )
    op.create_index(
        op.f("ix_migration_history_return_programme"),
        "migration_history",
        ["return_programme"],
        unique=False,
    )
    op.create_table(
        "appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("counsellor_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_appointment_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["counsellor_id"],
            ["user_account.id"],
            name=op.f("fk_appointment_counsellor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_appointment_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
    )
    op.create_index(
        "ix_appointment_case_starts", "appointment", ["case_id", "starts_at"], unique=False
    )
    op.create_index(
        "ix_appointment_counsellor_starts",
        "appointment",
        ["counsellor_id", "starts_at"],
        unique=False,
    )
    op.create_table(
        "case_access",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.String(length=40), server_default="case", nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_access_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_case_access_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_access")),
    )
    op.create_index("ix_case_access_case_id_id", "case_access", ["case_id", "id"], unique=False)
    op.create_table(
        "case_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "visit",
                "phone",
                "message",
                "internal",
                name="note_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_confidential", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_case_note_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_note_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note")),
    )
    op.create_index(
        "ix_case_note_case_occurred", "case_note", ["case_id", "occurred_at"], unique=False
    )
    op.create_table(
        "case_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_office_id", sa.Integer(), nullable=False),
        sa.Column("to_office_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "declined",
                "cancelled",
                name="transfer_status",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_transfer_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_case_transfer_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["from_office_id"], ["office.id"], name=op.f("fk_case_transfer_from_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_case_transfer_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["to_office_id"], ["office.id"], name=op.f("fk_case_transfer_to_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transfer")),
    )
    op.create_index(op.f("ix_case_transfer_case_id"), "case_transfer", ["case_id"], unique=False)
    op.create_index(
        "ix_case_transfer_to_office_status",
        "case_transfer",
        ["to_office_id", "status"],
        unique=False,
    )
    op.create_index(
        "uq_case_transfer_pending",
        "case_transfer",
        ["case_id"],
        unique=True,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "case_transition",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_stage",
            sa.Enum(
                "registered",
                "assessed",
                "plan_agreed",
                "in_support",
                "follow_up",
                "closed",
                "reopened",
                name="from_stage",
                native_enum=False,
                create_constraint=True,
                length=19,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_stage",
            sa.Enum(
                "registered",
                "assessed",
                "plan_agreed",
                "in_support",
                "follow_up",
                "closed",
                "reopened",
                name="to_stage",
                native_enum=False,
                create_constraint=True,
                length=19,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "close_reason",
            sa.Enum(
                "employed",
                "self_employed",
                "in_training",
                "re_migrated",
                "lost_contact",
                "withdrew",
                "deceased",
                "other",
                name="transition_close_reason",
                native_enum=False,
                create_constraint=True,
                length=21,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_case_transition_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_transition_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transition")),
    )
    op.create_index(
        "ix_case_transition_case_at", "case_transition", ["case_id", "occurred_at"], unique=False
    )
    op.create_table(
        "plan_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "dimension",
            sa.Enum(
                "economic",
                "social",
                "psychosocial",
                name="dimension",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "achieved",
                "dropped",
                name="goal_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_plan_goal_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_plan_goal_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goal")),
    )
    op.create_index("ix_plan_goal_case", "plan_goal", ["case_id", "id"], unique=False)
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "sent",
                "accepted",
                "declined",
                "completed",
                "cancelled",
                name="referral_status",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), server_default="", nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_referral_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partner.id"], name=op.f("fk_referral_partner_id_partner")
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["user_account.id"],
            name=op.f("fk_referral_sent_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    op.create_index("ix_referral_case", "referral", ["case_id", "id"], unique=False)
    op.create_index(
        "ix_referral_partner_status", "referral", ["partner_id", "status"], unique=False
    )
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["user_account.id"],
            name=op.f("fk_task_assignee_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_task_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_task_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["done_by_id"],
            ["user_account.id"],
            name=op.f("fk_task_done_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    op.create_index(
        "ix_task_assignee_open_due",
        "task",
        ["assignee_id", "due_date"],
        unique=False,
        postgresql_where=sa.text("done_at IS NULL"),
    )
    op.create_index("ix_task_case_due", "task", ["case_id", "due_date"], unique=False)
    op.create_table(
        "plan_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("responsible", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "in_progress",
                "done",
                "cancelled",
                name="action_status",
                native_enum=False,
                create_constraint=True,
                length=19,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["plan_goal.id"],
            name=op.f("fk_plan_action_goal_id_plan_goal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_action")),
    )
    op.create_index(op.f("ix_plan_action_goal_id"), "plan_action", ["goal_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_plan_action_goal_id"), table_name="plan_action")
    op.drop_table("plan_action")
    op.drop_index("ix_task_case_due", table_name="task")
    op.drop_index(
        "ix_task_assignee_open_due", table_name="task", postgresql_where=sa.text("done_at IS NULL")
    )
    op.drop_table("task")
    op.drop_index("ix_referral_partner_status", table_name="referral")
    op.drop_index("ix_referral_case", table_name="referral")
    op.drop_table("referral")
    op.drop_index("ix_plan_goal_case", table_name="plan_goal")
    op.drop_table("plan_goal")
    op.drop_index("ix_case_transition_case_at", table_name="case_transition")
    op.drop_table("case_transition")
    op.drop_index(
        "uq_case_transfer_pending",
        table_name="case_transfer",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.drop_index("ix_case_transfer_to_office_status", table_name="case_transfer")
    op.drop_index(op.f("ix_case_transfer_case_id"), table_name="case_transfer")
    op.drop_table("case_transfer")
    op.drop_index("ix_case_note_case_occurred", table_name="case_note")
    op.drop_table("case_note")
    op.drop_index("ix_case_access_case_id_id", table_name="case_access")
    op.drop_table("case_access")
    op.drop_index("ix_appointment_counsellor_starts", table_name="appointment")
    op.drop_index("ix_appointment_case_starts", table_name="appointment")
    op.drop_table("appointment")
    op.drop_index(op.f("ix_migration_history_return_programme"), table_name="migration_history")
    op.drop_table("migration_history")
    op.drop_index(op.f("ix_duplicate_override_returnee_id"), table_name="duplicate_override")
    op.drop_table("duplicate_override")
    op.drop_index(
        "uq_case_file_open_per_returnee",
        table_name="case_file",
        postgresql_where=sa.text("stage <> 'closed'"),
    )
    op.drop_index(op.f("ix_case_file_returnee_id"), table_name="case_file")
    op.drop_index("ix_case_file_office_changed", table_name="case_file")
    op.drop_index("ix_case_file_counsellor_stage", table_name="case_file")
    op.drop_index("ix_case_file_changed", table_name="case_file")
    op.drop_table("case_file")
    op.drop_index(
        "ix_returnee_search_text_trgm",
        table_name="returnee",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.drop_index("ix_returnee_phone_digits", table_name="returnee")
    op.drop_index("ix_returnee_birth_date", table_name="returnee")
    op.drop_table("returnee")
    op.drop_index("uq_partner_country_name", table_name="partner")
    op.drop_table("partner")
