"""guide_edition.content_version: bumped by the database whenever the content of an edition
changes (its demand entries or business opportunities, their texts, their required skills), by
any path (pages, CSV import, SQL). Matching keeps the scorer's entries of a current edition in
memory and reloads them when this number moves.

Statement-level triggers with transition tables: a CSV import of 10,000 rows bumps the number
once per statement, not once per row.

Revision ID: b6e1d3f9a027
Revises: a4d8e2c6f150
Create Date: 2026-12-13 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b6e1d3f9a027"
down_revision = "a4d8e2c6f150"
branch_labels = None
depends_on = None

# function name -> the edition ids of the changed rows (`changed_rows`, a transition table)
FUNCTIONS = {
    "guide_content_changed_entries": "SELECT edition_id FROM changed_rows",
    "guide_content_changed_demand_text": (
        "SELECT d.edition_id FROM demand_entry d JOIN changed_rows c ON c.entry_id = d.id"
    ),
    "guide_content_changed_opportunity_text": (
        "SELECT o.edition_id FROM business_opportunity o"
        " JOIN changed_rows c ON c.opportunity_id = o.id"
    ),
    "guide_content_changed_required_skills": (
        "SELECT d.edition_id FROM demand_entry d JOIN changed_rows c ON c.demand_entry_id = d.id"
        " UNION SELECT o.edition_id FROM business_opportunity o"
        " JOIN changed_rows c ON c.opportunity_id = o.id"
    ),
}
TABLES = {
    "demand_entry": "guide_content_changed_entries",
    "business_opportunity": "guide_content_changed_entries",
    "demand_entry_text": "guide_content_changed_demand_text",
    "business_opportunity_text": "guide_content_changed_opportunity_text",
    "required_skill": "guide_content_changed_required_skills",
}
EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}


def upgrade():
    op.add_column(
        "guide_edition",
        sa.Column("content_version", sa.Integer(), server_default="1", nullable=False),
    )
    for function, editions in FUNCTIONS.items():
        op.execute(
            f"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE guide_edition SET content_version = content_version + 1
                WHERE id IN ({editions});
                RETURN NULL;
            END $$
            """
        )
    for table, function in TABLES.items():
        for event, which in EVENTS.items():
            op.execute(
                f"CREATE TRIGGER {table}_content_{event} AFTER {event.upper()} ON {table}"
                f" REFERENCING {which} TABLE AS changed_rows"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )


def downgrade():
    for table in TABLES:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER {table}_content_{event} ON {table}")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION {function}()")
    op.drop_column("guide_edition", "content_version")
