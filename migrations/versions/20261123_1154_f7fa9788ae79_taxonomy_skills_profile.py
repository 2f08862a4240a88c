"""ISCO-08 groups and ESCO occupations and skills with labels per locale (trigram and prefix
indexes on the folded labels for the pickers), the import log, and the returnee's skills
profile: work experience, skills, qualifications with recognition tracking, competency
certificates, languages and work preferences.

Reviewed by hand: every constraint is named by the metadata's convention; pg_trgm already
exists (created by d3c51e329920); the downgrade drops the tables in dependency order.

Revision ID: f7fa9788ae79
Revises: f040af525b94
Create Date: 2026-11-23 11:54:32.227755
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "f7fa9788ae79"
down_revision = "f040af525b94"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "esco_skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uri", sa.String(length=255), nullable=False),
        sa.Column("skill_type", sa.String(length=40), server_default="", nullable=False),
        sa.Column(
            "reuse_level",
            sa.Enum(
                "transversal",
                "cross-sector",
                "sector-specific",
                "occupation-specific",
                name="reuse_level",
                native_enum=False,
                create_constraint=True,
                length=27,
            ),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esco_skill")),
        sa.UniqueConstraint("uri", name=op.f("uq_esco_skill_uri")),
    )
    op.create_table(
        "isco_group",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("parent_code", sa.String(length=4), nullable=True),
        sa.CheckConstraint("code ~ '^[0-9]{1,4}$'", name=op.f("ck_isco_group_code_digits")),
        sa.CheckConstraint(
            "(level = 1 AND parent_code IS NULL)"
            " OR (level > 1 AND parent_code = left(code, level - 1))",
            name=op.f("ck_isco_group_parent_is_prefix"),
        ),
        sa.CheckConstraint("level = length(code)", name=op.f("ck_isco_group_level_matches_code")),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["isco_group.code"],
            name=op.f("fk_isco_group_parent_code_isco_group"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_isco_group")),
    )
    op.create_index(op.f("ix_isco_group_parent_code"), "isco_group", ["parent_code"], unique=False)
    op.create_table(
        "taxonomy_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "isco",
                "esco",
                name="import_kind",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_import")),
    )
    op.create_table(
        "esco_occupation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uri", sa.String(length=255), nullable=False),
        sa.Column("isco_code", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["isco_code"],
            ["isco_group.code"],
            name=op.f("fk_esco_occupation_isco_code_isco_group"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esco_occupation")),
        sa.UniqueConstraint("uri", name=op.f("uq_esco_occupation_uri")),
    )
    op.create_index(
        op.f("ix_esco_occupation_isco_code"), "esco_occupation", ["isco_code"], unique=False
    )
    op.create_table(
        "esco_skill_label",
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("label", sa.String(length=400), nullable=False),
        sa.Column("is_preferred", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["esco_skill.id"],
            name=op.f("fk_esco_skill_label_skill_id_esco_skill"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esco_skill_label")),
        sa.UniqueConstraint("skill_id", "locale", "label", name="uq_esco_skill_label"),
    )
    op.create_index(
        "ix_esco_skill_label_search_prefix",
        "esco_skill_label",
        ["search_text"],
        unique=False,
        postgresql_ops={"search_text": "text_pattern_ops"},
    )
    op.create_index(
        "ix_esco_skill_label_search_trgm",
        "esco_skill_label",
        ["search_text"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.create_index(
        "uq_esco_skill_label_preferred",
        "esco_skill_label",
        ["skill_id", "locale"],
        unique=True,
        postgresql_where=sa.text("is_preferred"),
    )
    op.create_table(
        "isco_group_label",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code"],
            ["isco_group.code"],
            name=op.f("fk_isco_group_label_code_isco_group"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("code", "locale", name=op.f("pk_isco_group_label")),
    )
    op.create_index(
        "ix_isco_group_label_search_prefix",
        "isco_group_label",
        ["search_text"],
        unique=False,
        postgresql_ops={"search_text": "text_pattern_ops"},
    )
    op.create_index(
        "ix_isco_group_label_search_trgm",
        "isco_group_label",
        ["search_text"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.create_table(
        "esco_occupation_label",
        sa.Column("occupation_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("label", sa.String(length=400), nullable=False),
        sa.Column("is_preferred", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["occupation_id"],
            ["esco_occupation.id"],
            name=op.f("fk_esco_occupation_label_occupation_id_esco_occupation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_esco_occupation_label")),
        sa.UniqueConstraint("occupation_id", "locale", "label", name="uq_esco_occupation_label"),
    )
    op.create_index(
        "ix_esco_occupation_label_search_prefix",
        "esco_occupation_label",
        ["search_text"],
        unique=False,
        postgresql_ops={"search_text": "text_pattern_ops"},
    )
    op.create_index(
        "ix_esco_occupation_label_search_trgm",
        "esco_occupation_label",
        ["search_text"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.create_index(
        "uq_esco_occupation_label_preferred",
        "esco_occupation_label",
        ["occupation_id", "locale"],
        unique=True,
        postgresql_where=sa.text("is_preferred"),
    )
    op.create_table(
        "competency_certificate",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("code", sa.String(length=40), server_default="", nullable=False),
        sa.Column("issuer", sa.String(length=200), server_default="", nullable=False),
        sa.Column("issuing_country", sa.String(length=2), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=True),
        sa.Column("year_issued", sa.SmallInteger(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "level IS NULL OR level BETWEEN 1 AND 5", name=op.f("ck_competency_certificate_level")
        ),
        sa.CheckConstraint(
            "year_issued IS NULL OR year_issued BETWEEN 1940 AND 2100",
            name=op.f("ck_competency_certificate_year"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_competency_certificate_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_competency_certificate_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competency_certificate")),
    )
    op.create_index(
        op.f("ix_competency_certificate_returnee_id"),
        "competency_certificate",
        ["returnee_id"],
        unique=False,
    )
    op.create_table(
        "language_skill",
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "A1",
                "A2",
                "B1",
                "B2",
                "C1",
                "C2",
                "native",
                name="cefr_level",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_language_skill_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_language_skill_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_language_skill")),
        sa.UniqueConstraint("returnee_id", "language", name="uq_language_skill_language"),
    )
    op.create_index(
        op.f("ix_language_skill_returnee_id"), "language_skill", ["returnee_id"], unique=False
    )
    op.create_table(
        "qualification",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "isced_level",
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
                name="isced_level",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=False,
        ),
        sa.Column("issuing_country", sa.String(length=2), nullable=False),
        sa.Column("institution", sa.String(length=200), server_default="", nullable=False),
        sa.Column("year_awarded", sa.SmallInteger(), nullable=True),
        sa.Column(
            "recognition_status",
            sa.Enum(
                "not_needed",
                "requested",
                "in_progress",
                "recognised",
                "rejected",
                name="recognition_status",
                native_enum=False,
                create_constraint=True,
                length=19,
            ),
            nullable=False,
        ),
        sa.Column(
            "recognition_authority", sa.String(length=200), server_default="", nullable=False
        ),
        sa.Column("recognition_requested_on", sa.Date(), nullable=True),
        sa.Column("recognition_resolved_on", sa.Date(), nullable=True),
        sa.Column("recognition_notes", sa.Text(), server_default="", nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "recognition_resolved_on IS NULL OR recognition_requested_on IS NULL"
            " OR recognition_resolved_on >= recognition_requested_on",
            name=op.f("ck_qualification_recognition_dates"),
        ),
        sa.CheckConstraint(
            "year_awarded IS NULL OR year_awarded BETWEEN 1940 AND 2100",
            name=op.f("ck_qualification_year_awarded"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_qualification_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_qualification_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualification")),
    )
    op.create_index(
        "ix_qualification_open_recognition",
        "qualification",
        ["recognition_requested_on"],
        unique=False,
        postgresql_where=sa.text("recognition_status IN ('requested', 'in_progress')"),
    )
    op.create_index(
        op.f("ix_qualification_returnee_id"), "qualification", ["returnee_id"], unique=False
    )
    op.create_table(
        "returnee_skill",
        sa.Column("esco_skill_id", sa.Integer(), nullable=True),
        sa.Column("free_text", sa.String(length=200), server_default="", nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "basic",
                "intermediate",
                "advanced",
                name="skill_level",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "evidence",
            sa.Enum(
                "self_declared",
                "verified",
                "certified",
                name="skill_evidence",
                native_enum=False,
                create_constraint=True,
                length=21,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(esco_skill_id IS NOT NULL AND free_text = '')"
            " OR (esco_skill_id IS NULL AND free_text <> '')",
            name=op.f("ck_returnee_skill_esco_or_free_text"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_returnee_skill_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["esco_skill_id"],
            ["esco_skill.id"],
            name=op.f("fk_returnee_skill_esco_skill_id_esco_skill"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_returnee_skill_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returnee_skill")),
    )
    op.create_index(
        op.f("ix_returnee_skill_returnee_id"), "returnee_skill", ["returnee_id"], unique=False
    )
    op.create_index(
        "uq_returnee_skill_esco",
        "returnee_skill",
        ["returnee_id", "esco_skill_id"],
        unique=True,
        postgresql_where=sa.text("esco_skill_id IS NOT NULL"),
    )
    op.create_table(
        "work_experience",
        sa.Column("isco_code", sa.String(length=4), nullable=False),
        sa.Column("esco_occupation_id", sa.Integer(), nullable=True),
        sa.Column("years_experience", sa.Numeric(precision=3, scale=1), nullable=True),
        sa.Column(
            "place",
            sa.Enum(
                "abroad",
                "origin",
                name="work_place",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=False,
        ),
        sa.Column("last_year_worked", sa.SmallInteger(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "last_year_worked IS NULL OR last_year_worked BETWEEN 1940 AND 2100",
            name=op.f("ck_work_experience_last_year_worked"),
        ),
        sa.CheckConstraint(
            "length(isco_code) = 4", name=op.f("ck_work_experience_isco_unit_group")
        ),
        sa.CheckConstraint(
            "years_experience IS NULL OR years_experience BETWEEN 0 AND 70",
            name=op.f("ck_work_experience_years"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_work_experience_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["esco_occupation_id"],
            ["esco_occupation.id"],
            name=op.f("fk_work_experience_esco_occupation_id_esco_occupation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["isco_code"],
            ["isco_group.code"],
            name=op.f("fk_work_experience_isco_code_isco_group"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_work_experience_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_experience")),
    )
    op.create_index(
        op.f("ix_work_experience_isco_code"), "work_experience", ["isco_code"], unique=False
    )
    op.create_index(
        op.f("ix_work_experience_returnee_id"), "work_experience", ["returnee_id"], unique=False
    )
    op.create_table(
        "work_preference",
        sa.Column(
            "employment",
            sa.Enum(
                "wage",
                "self",
                "either",
                name="employment_preference",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=False,
        ),
        sa.Column(
            "regions", postgresql.ARRAY(sa.String(length=10)), server_default="{}", nullable=False
        ),
        sa.Column("expected_wage", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("wage_currency", sa.String(length=3), nullable=True),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(expected_wage IS NULL) = (wage_currency IS NULL)",
            name=op.f("ck_work_preference_wage_has_currency"),
        ),
        sa.CheckConstraint(
            "expected_wage IS NULL OR expected_wage >= 0",
            name=op.f("ck_work_preference_expected_wage"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_work_preference_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_work_preference_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_preference")),
        sa.UniqueConstraint("returnee_id", name="uq_work_preference_returnee"),
    )
    op.create_index(
        op.f("ix_work_preference_returnee_id"), "work_preference", ["returnee_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_work_preference_returnee_id"), table_name="work_preference")
    op.drop_table("work_preference")
    op.drop_index(op.f("ix_work_experience_returnee_id"), table_name="work_experience")
    op.drop_index(op.f("ix_work_experience_isco_code"), table_name="work_experience")
    op.drop_table("work_experience")
    op.drop_index(
        "uq_returnee_skill_esco",
        table_name="returnee_skill",
        postgresql_where=sa.text("esco_skill_id IS NOT NULL"),
    )
    op.drop_index(op.f("ix_returnee_skill_returnee_id"), table_name="returnee_skill")
    op.drop_table("returnee_skill")
    op.drop_index(op.f("ix_qualification_returnee_id"), table_name="qualification")
    op.drop_index(
        "ix_qualification_open_recognition",
        table_name="qualification",
        postgresql_where=sa.text("recognition_status IN ('requested', 'in_progress')"),
    )
    op.drop_table("qualification")
    op.drop_index(op.f("ix_language_skill_returnee_id"), table_name="language_skill")
    op.drop_table("language_skill")
    op.drop_index(
        op.f("ix_competency_certificate_returnee_id"), table_name="competency_certificate"
    )
    op.drop_table("competency_certificate")
    op.drop_index(
        "uq_esco_occupation_label_preferred",
        table_name="esco_occupation_label",
        postgresql_where=sa.text("is_preferred"),
    )
    op.drop_index(
        "ix_esco_occupation_label_search_trgm",
        table_name="esco_occupation_label",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.drop_index(
        "ix_esco_occupation_label_search_prefix",
        table_name="esco_occupation_label",
        postgresql_ops={"search_text": "text_pattern_ops"},
    )
    op.drop_table("esco_occupation_label")
    op.drop_index(
        "ix_isco_group_label_search_trgm",
        table_name="isco_group_label",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.drop_index(
        "ix_isco_group_label_search_prefix",
        table_name="isco_group_label",
        postgresql_ops={"search_text": "text_pattern_ops"},
    )
    op.drop_table("isco_group_label")
    op.drop_index(
        "uq_esco_skill_label_preferred",
        table_name="esco_skill_label",
        postgresql_where=sa.text("is_preferred"),
    )
    op.drop_index(
        "ix_esco_skill_label_search_trgm",
        table_name="esco_skill_label",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    )
    op.drop_index(
        "ix_esco_skill_label_search_prefix",
        table_name="esco_skill_label",
        postgresql_ops={"search_text": "text_pattern_ops"},
    )
    op.drop_table("esco_skill_label")
    op.drop_index(op.f("ix_esco_occupation_isco_code"), table_name="esco_occupation")
    op.drop_table("esco_occupation")
    op.drop_table("taxonomy_import")
    op.drop_index(op.f("ix_isco_group_parent_code"), table_name="isco_group")
    op.drop_table("isco_group")
    op.drop_table("esco_skill")
