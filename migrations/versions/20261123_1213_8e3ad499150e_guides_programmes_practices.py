"""Guides per origin country (dated editions, draft/published) with demand entries and
business opportunities, required ESCO skills, support programmes (linked to opportunities) and
good practices; translatable text in one *_text table per content table (a row per locale).

Reviewed by hand: every constraint is named by the metadata's convention; GIN indexes on the
region, occupation, country and theme arrays for the public explorer's filters; the downgrade
drops the tables in dependency order.

Revision ID: 8e3ad499150e
Revises: f7fa9788ae79
Create Date: 2026-11-23 12:13:29.598877
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "8e3ad499150e"
down_revision = "f7fa9788ae79"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "good_practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column(
            "countries", postgresql.ARRAY(sa.String(length=2)), server_default="{}", nullable=False
        ),
        sa.Column(
            "themes", postgresql.ARRAY(sa.String(length=40)), server_default="{}", nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                name="publication_status",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_demo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "key ~ '^[a-z0-9][a-z0-9-]{1,79}$'", name=op.f("ck_good_practice_key_format")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_good_practice_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_good_practice")),
        sa.UniqueConstraint("key", name="uq_good_practice_key"),
    )
    op.create_index(
        "ix_good_practice_countries",
        "good_practice",
        ["countries"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_good_practice_themes", "good_practice", ["themes"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "guide_edition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "labour_market",
                "business",
                name="guide_kind",
                native_enum=False,
                create_constraint=True,
                length=21,
            ),
            nullable=False,
        ),
        sa.Column("edition_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                name="publication_status",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_demo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "country IN ('BO', 'CO', 'EC', 'PE')", name=op.f("ck_guide_edition_country")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_guide_edition_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_edition")),
    )
    op.create_index(
        "ix_guide_edition_country_kind",
        "guide_edition",
        ["country", "kind", "status"],
        unique=False,
    )
    op.create_table(
        "support_programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "training",
                "seed_capital",
                "micro_credit",
                "savings_product",
                "advisory",
                name="programme_kind",
                native_enum=False,
                create_constraint=True,
                length=23,
            ),
            nullable=False,
        ),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column(
            "regions", postgresql.ARRAY(sa.String(length=10)), server_default="{}", nullable=False
        ),
        sa.Column("contact", sa.String(length=300), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                name="publication_status",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_demo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "country IN ('BO', 'CO', 'EC', 'PE')", name=op.f("ck_support_programme_country")
        ),
        sa.CheckConstraint(
            "key ~ '^[a-z0-9][a-z0-9-]{1,79}$'", name=op.f("ck_support_programme_key_format")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_support_programme_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_programme")),
        sa.UniqueConstraint("key", name="uq_support_programme_key"),
    )
    op.create_index(
        "ix_support_programme_country", "support_programme", ["country", "status"], unique=False
    )
    op.create_table(
        "business_opportunity",
        sa.Column("investment_min", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("investment_max", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "risk_level",
            sa.Enum(
                "low",
                "medium",
                "high",
                name="risk_level",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=False,
        ),
        sa.Column(
            "occupations",
            postgresql.ARRAY(sa.String(length=4)),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column(
            "isic_section",
            sa.Enum(
                "A",
                "B",
                "C",
                "D",
                "E",
                "F",
                "G",
                "H",
                "I",
                "J",
                "K",
                "L",
                "M",
                "N",
                "O",
                "P",
                "Q",
                "R",
                "S",
                "T",
                "U",
                name="isic_section",
                native_enum=False,
                create_constraint=True,
                length=9,
            ),
            nullable=False,
        ),
        sa.Column(
            "regions", postgresql.ARRAY(sa.String(length=10)), server_default="{}", nullable=False
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "key ~ '^[a-z0-9][a-z0-9-]{1,79}$'", name=op.f("ck_business_opportunity_key_format")
        ),
        sa.CheckConstraint(
            "investment_max IS NULL OR investment_min IS NULL OR investment_max >= investment_min",
            name=op.f("ck_business_opportunity_investment_range"),
        ),
        sa.CheckConstraint(
            "investment_min IS NULL OR investment_min >= 0",
            name=op.f("ck_business_opportunity_investment_min"),
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["guide_edition.id"],
            name=op.f("fk_business_opportunity_edition_id_guide_edition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_opportunity")),
        sa.UniqueConstraint("edition_id", "key", name="uq_business_opportunity_key"),
    )
    op.create_index(
        "ix_business_opportunity_occupations",
        "business_opportunity",
        ["occupations"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_business_opportunity_regions",
        "business_opportunity",
        ["regions"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_table(
        "demand_entry",
        sa.Column("isco_code", sa.String(length=4), nullable=False),
        sa.Column(
            "demand_level",
            sa.Enum(
                "low",
                "medium",
                "high",
                "very_high",
                name="demand_level",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=False,
        ),
        sa.Column("wage_min", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("wage_max", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column(
            "min_education",
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
                name="min_education",
                native_enum=False,
                create_constraint=True,
                length=14,
            ),
            nullable=True,
        ),
        sa.Column("experience_years", sa.SmallInteger(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column(
            "isic_section",
            sa.Enum(
                "A",
                "B",
                "C",
                "D",
                "E",
                "F",
                "G",
                "H",
                "I",
                "J",
                "K",
                "L",
                "M",
                "N",
                "O",
                "P",
                "Q",
                "R",
                "S",
                "T",
                "U",
                name="isic_section",
                native_enum=False,
                create_constraint=True,
                length=9,
            ),
            nullable=False,
        ),
        sa.Column(
            "regions", postgresql.ARRAY(sa.String(length=10)), server_default="{}", nullable=False
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "key ~ '^[a-z0-9][a-z0-9-]{1,79}$'", name=op.f("ck_demand_entry_key_format")
        ),
        sa.CheckConstraint(
            "experience_years IS NULL OR experience_years BETWEEN 0 AND 40",
            name=op.f("ck_demand_entry_experience"),
        ),
        sa.CheckConstraint("length(isco_code) = 4", name=op.f("ck_demand_entry_isco_unit_group")),
        sa.CheckConstraint(
            "wage_max IS NULL OR wage_min IS NULL OR wage_max >= wage_min",
            name=op.f("ck_demand_entry_wage_range"),
        ),
        sa.CheckConstraint(
            "wage_min IS NULL OR wage_min >= 0", name=op.f("ck_demand_entry_wage_min")
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["guide_edition.id"],
            name=op.f("fk_demand_entry_edition_id_guide_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["isco_code"],
            ["isco_group.code"],
            name=op.f("fk_demand_entry_isco_code_isco_group"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_entry")),
        sa.UniqueConstraint("edition_id", "key", name="uq_demand_entry_key"),
    )
    op.create_index("ix_demand_entry_isco", "demand_entry", ["isco_code"], unique=False)
    op.create_index(
        "ix_demand_entry_regions", "demand_entry", ["regions"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "good_practice_text",
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["good_practice.id"],
            name=op.f("fk_good_practice_text_practice_id_good_practice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("practice_id", "locale", name=op.f("pk_good_practice_text")),
    )
    op.create_table(
        "guide_edition_text",
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=500), server_default="", nullable=False),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["guide_edition.id"],
            name=op.f("fk_guide_edition_text_edition_id_guide_edition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("edition_id", "locale", name=op.f("pk_guide_edition_text")),
    )
    op.create_table(
        "support_programme_text",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("conditions", sa.Text(), server_default="", nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["support_programme.id"],
            name=op.f("fk_support_programme_text_programme_id_support_programme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("programme_id", "locale", name=op.f("pk_support_programme_text")),
    )
    op.create_table(
        "business_opportunity_text",
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("market_notes", sa.Text(), server_default="", nullable=False),
        sa.Column("other_skills", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["business_opportunity.id"],
            name=op.f("fk_business_opportunity_text_opportunity_id_business_opportunity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "opportunity_id", "locale", name=op.f("pk_business_opportunity_text")
        ),
    )
    op.create_table(
        "demand_entry_text",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("certifications", sa.Text(), server_default="", nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("other_skills", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["demand_entry.id"],
            name=op.f("fk_demand_entry_text_entry_id_demand_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "locale", name=op.f("pk_demand_entry_text")),
    )
    op.create_table(
        "opportunity_programme",
        sa.Column("opportunity_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["business_opportunity.id"],
            name=op.f("fk_opportunity_programme_opportunity_id_business_opportunity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["support_programme.id"],
            name=op.f("fk_opportunity_programme_programme_id_support_programme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "opportunity_id", "programme_id", name=op.f("pk_opportunity_programme")
        ),
    )
    op.create_table(
        "required_skill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("demand_entry_id", sa.Integer(), nullable=True),
        sa.Column("opportunity_id", sa.Integer(), nullable=True),
        sa.Column("esco_skill_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(demand_entry_id IS NULL) <> (opportunity_id IS NULL)",
            name=op.f("ck_required_skill_one_parent"),
        ),
        sa.ForeignKeyConstraint(
            ["demand_entry_id"],
            ["demand_entry.id"],
            name=op.f("fk_required_skill_demand_entry_id_demand_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["esco_skill_id"],
            ["esco_skill.id"],
            name=op.f("fk_required_skill_esco_skill_id_esco_skill"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["opportunity_id"],
            ["business_opportunity.id"],
            name=op.f("fk_required_skill_opportunity_id_business_opportunity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_required_skill")),
        sa.UniqueConstraint("demand_entry_id", "esco_skill_id", name="uq_required_skill_demand"),
        sa.UniqueConstraint(
            "opportunity_id", "esco_skill_id", name="uq_required_skill_opportunity"
        ),
    )
    op.create_index(
        "ix_required_skill_esco_skill", "required_skill", ["esco_skill_id"], unique=False
    )


def downgrade():
    op.drop_index("ix_required_skill_esco_skill", table_name="required_skill")
    op.drop_table("required_skill")
    op.drop_table("opportunity_programme")
    op.drop_table("demand_entry_text")
    op.drop_table("business_opportunity_text")
    op.drop_table("support_programme_text")
    op.drop_table("guide_edition_text")
    op.drop_table("good_practice_text")
    op.drop_index("ix_demand_entry_regions", table_name="demand_entry", postgresql_using="gin")
    op.drop_index("ix_demand_entry_isco", table_name="demand_entry")
    op.drop_table("demand_entry")
    op.drop_index(
        "ix_business_opportunity_regions", table_name="business_opportunity", postgresql_using="gin"
    )
    op.drop_index(
        "ix_business_opportunity_occupations",
        table_name="business_opportunity",
        postgresql_using="gin",
    )
    op.drop_table("business_opportunity")
    op.drop_index("ix_support_programme_country", table_name="support_programme")
    op.drop_table("support_programme")
    op.drop_index("ix_guide_edition_country_kind", table_name="guide_edition")
    op.drop_table("guide_edition")
    op.drop_index("ix_good_practice_themes", table_name="good_practice", postgresql_using="gin")
    op.drop_index("ix_good_practice_countries", table_name="good_practice", postgresql_using="gin")
    op.drop_table("good_practice")
