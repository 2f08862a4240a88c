"""Returnee portal (issue #17): only a returnee's account can be linked to a person's record,
and a linked account keeps the returnee role, enforced by the database (whatever path writes:
pages, CLI, SQL) on top of the services.

Revision ID: d2e4f6a8b013
Revises: c9d1f5a7b432
Create Date: 2026-12-21 09:00:00
"""

from alembic import op

revision = "d2e4f6a8b013"
down_revision = "c9d1f5a7b432"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        """
        CREATE FUNCTION returnee_account_is_a_returnees() RETURNS trigger AS $$
        BEGIN
            IF NEW.user_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM user_account WHERE id = NEW.user_id AND role::text = 'returnee'
            ) THEN
                RAISE EXCEPTION 'only a returnee account can be linked to a person'
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER returnee_account_is_a_returnees BEFORE INSERT OR UPDATE OF user_id"
        " ON returnee FOR EACH ROW EXECUTE FUNCTION returnee_account_is_a_returnees()"
    )
    op.execute(
        """
        CREATE FUNCTION linked_account_stays_a_returnee() RETURNS trigger AS $$
        BEGIN
            IF NEW.role::text <> 'returnee'
                AND EXISTS (SELECT 1 FROM returnee WHERE user_id = NEW.id) THEN
                RAISE EXCEPTION 'an account linked to a person keeps the returnee role'
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER linked_account_stays_a_returnee BEFORE UPDATE OF role"
        " ON user_account FOR EACH ROW EXECUTE FUNCTION linked_account_stays_a_returnee()"
    )


def downgrade():
    op.execute("DROP TRIGGER linked_account_stays_a_returnee ON user_account")
    op.execute("DROP FUNCTION linked_account_stays_a_returnee()")
    op.execute("DROP TRIGGER returnee_account_is_a_returnees ON returnee")
    op.execute("DROP FUNCTION returnee_account_is_a_returnees()")
