"""Each loan keeps where it stands: the principal still outstanding and the due date of its
oldest instalment not fully paid (NULL once repaid), written by the services with every
repayment and reversal (enterprise.funding.refresh_loan_state). Both depend only on the total
repaid (the schedule is fixed), and days past due on a date is that date minus the due date:
PAR30 over a country's loans becomes one aggregate instead of every schedule rebuilt.

Loans existing before this revision get their state from the repayments here, with the same
arithmetic (enterprise.loans, pure).

Revision ID: e2b6d8f4a193
Revises: d9a3c5e7f182
Create Date: 2026-12-16 09:00:00
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

from returnsvc.enterprise import loans

revision = "e2b6d8f4a193"
down_revision = "d9a3c5e7f182"
branch_labels = None
depends_on = None

_STANDING = """
SELECT l.id, l.principal, l.annual_rate, l.term_months, l.method, l.grace_months,
       l.disbursed_on, l.currency,
       coalesce((SELECT sum(r.amount) FROM repayment r
                 WHERE r.loan_id = l.id AND r.reverses_id IS NULL
                   AND NOT EXISTS (SELECT 1 FROM repayment x WHERE x.reverses_id = r.id)), 0)
FROM loan l
"""


def upgrade():
    op.add_column("loan", sa.Column("outstanding_principal", sa.Numeric(14, 2), nullable=True))
    op.add_column("loan", sa.Column("first_unpaid_due", sa.Date(), nullable=True))
    bind = op.get_bind()
    for row in bind.execute(sa.text(_STANDING)).all():
        terms = loans.LoanTerms(
            principal=row[1], annual_rate=row[2], term_months=row[3], method=row[4],
            grace_months=row[5], disbursed_on=row[6], currency=row[7],
        )  # fmt: skip
        paid = [loans.Payment(row[6], row[8])] if row[8] > 0 else []
        position = loans.position(terms, paid, date.max)
        bind.execute(
            sa.text(
                "UPDATE loan SET outstanding_principal = :o, first_unpaid_due = :d WHERE id = :i"
            ),
            {"o": position.outstanding_principal,
             "d": position.next_due.due_on if position.next_due else None, "i": row[0]},
        )  # fmt: skip
    op.alter_column("loan", "outstanding_principal", nullable=False)
    op.create_check_constraint(
        "outstanding", "loan", "outstanding_principal >= 0 AND outstanding_principal <= principal"
    )


def downgrade():
    op.drop_constraint("outstanding", "loan", type_="check")
    op.drop_column("loan", "first_unpaid_due")
    op.drop_column("loan", "outstanding_principal")
