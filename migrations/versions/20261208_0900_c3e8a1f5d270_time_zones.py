"""Time zones: each office's IANA zone (its staff read and type local times in it; existing
offices get their country's), and a person's own zone (NULL: their office's).

Revision ID: c3e8a1f5d270
Revises: b7d2f0c4e913
Create Date: 2026-12-08 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c3e8a1f5d270"
down_revision = "b7d2f0c4e913"
branch_labels = None
depends_on = None

# Frozen here (not imported from the app): what this migration did must not change later.
COUNTRY_ZONES = {
    "ES": "Europe/Madrid",
    "BO": "America/La_Paz",
    "CO": "America/Bogota",
    "EC": "America/Guayaquil",
    "PE": "America/Lima",
}


def upgrade():
    # The server default fills the column for existing rows; they then get their country's
    # zone, and the default goes (the app sets a zone on every office it creates).
    op.add_column(
        "office",
        sa.Column(
            "time_zone", sa.String(length=64), nullable=False, server_default="Europe/Madrid"
        ),
    )
    office = sa.table("office", sa.column("country", sa.String), sa.column("time_zone", sa.String))
    for country, zone in COUNTRY_ZONES.items():
        op.execute(office.update().where(office.c.country == country).values(time_zone=zone))
    op.alter_column("office", "time_zone", server_default=None)
    op.add_column("user_account", sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column("user_account", "time_zone")
    op.drop_column("office", "time_zone")
