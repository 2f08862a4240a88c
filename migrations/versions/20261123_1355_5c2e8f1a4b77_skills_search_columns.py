"""demand_entry_text / business_opportunity_text: skills_search (folded other_skills)

The explorer matches a visitor's words against the entries' free-text skills, accent- and
case-insensitively. Folding the stored text at query time (regular expressions with accent
classes) cost ~10 ms per 2,000 entries; the folded copy is written with the text instead
(core.text.fold, as for the taxonomy labels). Existing rows are filled here with the same
function.

Revision ID: 5c2e8f1a4b77
Revises: 3b1f7c2d9a10
Create Date: 2026-11-23 13:55:00
"""

import sqlalchemy as sa
from alembic import op

from returnsvc.core.text import fold

revision = "5c2e8f1a4b77"
down_revision = "3b1f7c2d9a10"
branch_labels = None
depends_on = None

TABLES = (("demand_entry_text", "entry_id"), ("business_opportunity_text", "opportunity_id"))


def upgrade():
    connection = op.get_bind()
    for table, parent in TABLES:
        op.add_column(
            table, sa.Column("skills_search", sa.Text(), server_default="", nullable=False)
        )
        rows = connection.execute(
            sa.text(f"SELECT {parent}, locale, other_skills FROM {table} WHERE other_skills <> ''")
        ).all()
        if rows:
            connection.execute(
                sa.text(
                    f"UPDATE {table} SET skills_search = :folded"
                    f" WHERE {parent} = :parent AND locale = :locale"
                ),
                [{"folded": fold(text), "parent": pid, "locale": loc} for pid, loc, text in rows],
            )


def downgrade():
    for table, _parent in TABLES:
        op.drop_column(table, "skills_search")
