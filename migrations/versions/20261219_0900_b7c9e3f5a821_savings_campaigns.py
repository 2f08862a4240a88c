"""Savings campaigns (issue #16): campaigns of an origin country (period, audience, channel,
targets), their materials (links, or PDF files stored outside the web root under random names)
and the people enrolled. Results are read from the savings ledger, never stored.

Chained after the savings revision (f3a7c1d9e285): feature branches open at the same time
each revise it, and the lead chains them.

Revision ID: b7c9e3f5a821
Revises: a5b8d2e4f619
Create Date: 2026-12-19 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b7c9e3f5a821"
down_revision = "a5b8d2e4f619"
branch_labels = None
depends_on = None

_AUDIENCES = ("migrants_in_spain", "office", "country")
_CHANNELS = (
    "consulate_event",
    "association_event",
    "radio_tv",
    "social_media",
    "workshop",
    "leaflet",
    "other",
)


def _enum(values, name, length):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade():
    op.create_table(
        "savings_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("audience", _enum(_AUDIENCES, "campaign_audience", 25), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("channel", _enum(_CHANNELS, "campaign_channel", 25), nullable=False),
        sa.Column("target_plans", sa.Integer(), nullable=True),
        sa.Column("target_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("target_currency", sa.String(length=3), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(audience = 'office') = (office_id IS NOT NULL)",
            name=op.f("ck_savings_campaign_office"),
        ),
        sa.CheckConstraint(
            "country IN ('BO', 'CO', 'EC', 'PE')", name=op.f("ck_savings_campaign_country")
        ),
        sa.CheckConstraint(
            "(target_amount IS NULL) = (target_currency IS NULL)"
            " AND (target_amount IS NULL OR target_amount > 0)",
            name=op.f("ck_savings_campaign_target_amount"),
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_savings_campaign_period")),
        sa.CheckConstraint(
            "target_plans IS NULL OR target_plans >= 0",
            name=op.f("ck_savings_campaign_target_plans"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_savings_campaign_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["office.id"],
            name=op.f("fk_savings_campaign_office_id_office"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_savings_campaign")),
    )
    op.create_index(
        "ix_savings_campaign_country", "savings_campaign", ["country", "starts_on", "id"]
    )

    op.create_table(
        "campaign_enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("returnee_id", sa.Integer(), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("enrolled_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["savings_campaign.id"],
            name=op.f("fk_campaign_enrolment_campaign_id_savings_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrolled_by_id"],
            ["user_account.id"],
            name=op.f("fk_campaign_enrolment_enrolled_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["returnee_id"],
            ["returnee.id"],
            name=op.f("fk_campaign_enrolment_returnee_id_returnee"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_enrolment")),
        sa.UniqueConstraint("campaign_id", "returnee_id", name="uq_campaign_enrolment_person"),
    )
    op.create_index("ix_campaign_enrolment_returnee", "campaign_enrolment", ["returnee_id"])

    op.create_table(
        "campaign_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum(("link", "file"), "material_kind", 12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("stored_name", sa.String(length=40), nullable=True),
        sa.Column("file_label", sa.String(length=200), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'link') = (url IS NOT NULL) AND (kind = 'file') = (stored_name IS NOT NULL)",
            name=op.f("ck_campaign_material_kind_fields"),
        ),
        sa.CheckConstraint(
            "stored_name ~ '^[0-9a-f]{32}\\.pdf$'", name=op.f("ck_campaign_material_stored_name")
        ),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user_account.id"],
            name=op.f("fk_campaign_material_added_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["savings_campaign.id"],
            name=op.f("fk_campaign_material_campaign_id_savings_campaign"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_material")),
        sa.UniqueConstraint("stored_name", name="uq_campaign_material_stored_name"),
    )
    op.create_index("ix_campaign_material_campaign", "campaign_material", ["campaign_id", "id"])


    # The results read the ledger (campaigns.results): a plan's entries of a period with what
    # is added up, from the index alone; and a plan's reversals, a small share of the ledger.
    op.create_index(
        "ix_savings_entry_plan_day_amounts",
        "savings_entry",
        ["plan_id", "booked_on"],
        postgresql_include=["kind", "amount", "currency"],
    )
    op.create_index(
        "ix_savings_entry_plan_reversals",
        "savings_entry",
        ["plan_id"],
        postgresql_where=sa.text("kind = 'reversal'"),
    )


def downgrade():
    op.drop_index("ix_savings_entry_plan_reversals", table_name="savings_entry")
    op.drop_index("ix_savings_entry_plan_day_amounts", table_name="savings_entry")
    op.drop_index("ix_campaign_material_campaign", table_name="campaign_material")
    op.drop_table("campaign_material")
    op.drop_index("ix_campaign_enrolment_returnee", table_name="campaign_enrolment")
    op.drop_table("campaign_enrolment")
    op.drop_index("ix_savings_campaign_country", table_name="savings_campaign")
    op.drop_table("savings_campaign")
