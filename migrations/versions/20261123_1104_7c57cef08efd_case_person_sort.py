"""A surname sort key on case_file, so the case list sorts by name from an index.

Reviewed by hand: the column is filled for existing cases from their returnee, folded the
way returnsvc.core.text.fold does for Spanish names (lower case, accents dropped); the app
keeps it up to date from then on.

Revision ID: 7c57cef08efd
Revises: 2cfa9cc36811
Create Date: 2026-11-23 11:04:10.833155
"""

import sqlalchemy as sa
from alembic import op

revision = "7c57cef08efd"
down_revision = "2cfa9cc36811"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "case_file",
        sa.Column("person_sort", sa.String(length=400), server_default="", nullable=False),
    )
    op.create_index(
        "ix_case_file_office_person_sort",
        "case_file",
        ["office_id", "person_sort", "id"],
        unique=False,
    )
    op.create_index("ix_case_file_person_sort", "case_file", ["person_sort", "id"], unique=False)
    op.execute(
        """
        UPDATE case_file SET person_sort = translate(
            lower(trim(regexp_replace(returnee.first_surname || ' ' || returnee.second_surname
                  || ' ' || returnee.given_names, '\\s+', ' ', 'g'))),
            'áàâäãéèêëíìîïóòôöõúùûüñç', 'aaaaaeeeeiiiiooooouuuunc')
        FROM returnee
        WHERE returnee.id = case_file.returnee_id AND returnee.anonymised_at IS NULL
        """
    )


def downgrade():
    op.drop_index("ix_case_file_person_sort", table_name="case_file")
    op.drop_index("ix_case_file_office_person_sort", table_name="case_file")
    op.drop_column("case_file", "person_sort")
