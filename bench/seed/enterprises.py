"""Micro-enterprises and micro-loans for the benchmark's people (issue #15's "seed scale grows
enterprises and loans, about 15 % of cases"): `python -m bench.seed --enterprises`, or
`bench.enterprise` before a run.

About 15 % of the demo cases without an enterprise get one, drawn from one seeded generator:
stages from idea to operating, some paused or closed; the launched ones a launch date in the
last four years (closed ones a closing date after it); about 60 % of the launched ones a
micro-loan (a funding source of that kind, disbursed, with loan terms: flat or declining, 12 to
48 % a year, 6 to 36 months, sometimes grace, in the country's currency, now and then in EUR,
lent by one of the country's partners when there are any) and its repayments: most borrowers pay
each instalment of the schedule (loans.schedule) on or a few days after its due date, some
stopped paying some months ago, some pay part of each instalment; a few loans are written off.
Rows are streamed with COPY in the caller's transaction; a second run adds nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import text

from bench.seed.copying import copy_rows
from bench.seed.rows import NULL, Random, weights
from returnsvc.core.countries import currency_of
from returnsvc.enterprise import loans
from returnsvc.extensions import db

SHARE = 0.15
LOAN_SHARE = 0.6
STAGES = weights((("idea", 10), ("plan", 10), ("training", 5), ("financing", 10),
                  ("launched", 15), ("operating", 35), ("paused", 5), ("closed", 10)))  # fmt: skip
LAUNCHED = {"launched", "operating", "paused", "closed"}
BEHAVIOUR = weights((("on_time", 70), ("stopped", 15), ("partial", 10), ("written_off", 5)))
SECTORS = ("A", "C", "G", "H", "I", "N", "S")
STAMP = ("created_at", "updated_at", "version")
ENTERPRISE_COLUMNS = ("id", "case_id", "name", "sector", "region_code", "stage", "launched_on",
                      "closed_on", *STAMP)  # fmt: skip
FUNDING_COLUMNS = ("id", "enterprise_id", "kind", "amount", "currency", "partner_id", "status",
                   *STAMP)  # fmt: skip
LOAN_COLUMNS = ("id", "funding_id", "principal", "currency", "annual_rate", "term_months",
                "method", "grace_months", "disbursed_on", "lender_id", "written_off_on",
                "outstanding_principal", "first_unpaid_due", *STAMP)  # fmt: skip
REPAYMENT_COLUMNS = ("loan_id", "paid_on", "amount", "recorded_at")
TABLES = ("enterprise", "funding_source", "loan", "repayment")


def _first_id(table: str) -> int:
    return db.session.scalar(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))


def seed_enterprises(seed: int = 42, today: date | None = None, progress=None) -> dict[str, int]:
    """Enterprises, loans and repayments for ~15 % of the demo cases that have no enterprise;
    returns rows written per table. Runs in the caller's transaction, never commits."""
    say = progress or (lambda _message: None)
    today = today or date.today()
    cases = db.session.execute(
        text(
            "SELECT c.id, r.origin_country, r.region_code FROM case_file c"
            " JOIN returnee r ON r.id = c.returnee_id WHERE c.is_demo AND NOT EXISTS"
            " (SELECT 1 FROM enterprise e WHERE e.case_id = c.id) ORDER BY c.id"
        )
    ).all()
    counts = dict.fromkeys(TABLES, 0)
    if not cases:
        return counts
    lenders: dict[str, list[int]] = {}
    for partner_id, country in db.session.execute(
        text("SELECT id, country FROM partner WHERE is_active ORDER BY id")
    ):
        lenders.setdefault(country, []).append(partner_id)
    rng = Random(f"{seed}:{cases[0][0]}:enterprises")
    r, pick, between, weighted = rng.random, rng.pick, rng.between, rng.weighted
    now = db.session.scalar(text("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SSOF')"))
    stamp = f"\t{now}\t{now}\t1\n"
    ids = {table: _first_id(table) for table in ("enterprise", "funding_source", "loan")}
    enterprises, fundings, loan_rows, repayments = [], [], [], []
    four_years = 4 * 365
    for case_id, country, region in cases:
        if r() >= SHARE:
            continue
        stage = weighted(STAGES)
        launched = closed = None
        if stage in LAUNCHED:
            launched = today - timedelta(days=between(10, four_years))
            if stage == "closed":
                closed = min(today, launched + timedelta(days=between(30, 900)))
        enterprise_id = ids["enterprise"]
        ids["enterprise"] += 1
        enterprises.append(
            f"{enterprise_id}\t{case_id}\tNegocio {enterprise_id}\t{pick(SECTORS)}\t{region}"
            f"\t{stage}\t{launched or NULL}\t{closed or NULL}{stamp}"
        )
        if launched is None or r() >= LOAN_SHARE:
            continue
        currency = "EUR" if r() < 0.05 else currency_of(country)
        terms = loans.LoanTerms(
            principal=Decimal(between(20, 500) * 10),
            annual_rate=Decimal(between(12, 48)),
            term_months=pick((6, 12, 12, 18, 24, 24, 36)),
            method=pick(loans.METHODS),
            grace_months=pick((0, 0, 0, 0, 1, 2)),
            disbursed_on=max(launched - timedelta(days=between(0, 60)), date(2020, 1, 1)),
            currency=currency,
        )
        funding_id, loan_id = ids["funding_source"], ids["loan"]
        ids["funding_source"] += 1
        ids["loan"] += 1
        lender = pick(lenders[country]) if lenders.get(country) else None
        behaviour = weighted(BEHAVIOUR)
        written_off = NULL
        if behaviour == "written_off":
            written_off = today - timedelta(days=between(0, 300))
            if written_off <= terms.disbursed_on:
                written_off = NULL
        fundings.append(
            f"{funding_id}\t{enterprise_id}\tmicro_loan\t{terms.principal}\t{currency}"
            f"\t{lender or NULL}\tdisbursed{stamp}"
        )
        stop = today - timedelta(days=between(35, 400)) if behaviour != "on_time" else today
        paid = Decimal(0)
        for row in loans.schedule(terms):
            paid_on = row.due_on + timedelta(days=pick((0, 0, 0, 1, 2, 5, 12)))
            if paid_on > stop or paid_on > today:
                break
            amount = row.total
            if behaviour == "partial":
                amount = (row.total * Decimal("0.8")).quantize(Decimal("0.01"))
            if amount > 0:
                paid += amount
                repayments.append(f"{loan_id}\t{paid_on}\t{amount}\t{now}\n")
        # Where the loan stands (as funding.refresh_loan_state writes it): from the total paid.
        state = loans.position(
            terms, [loans.Payment(terms.disbursed_on, paid)] if paid else [], date.max
        )
        unpaid = state.next_due.due_on if state.next_due else NULL
        loan_rows.append(
            f"{loan_id}\t{funding_id}\t{terms.principal}\t{currency}\t{terms.annual_rate}"
            f"\t{terms.term_months}\t{terms.method}\t{terms.grace_months}\t{terms.disbursed_on}"
            f"\t{lender or NULL}\t{written_off}\t{state.outstanding_principal}\t{unpaid}{stamp}"
        )
    conn = db.session.connection().connection.driver_connection
    for table, columns, rows in (
        ("enterprise", ENTERPRISE_COLUMNS, enterprises),
        ("funding_source", FUNDING_COLUMNS, fundings),
        ("loan", LOAN_COLUMNS, loan_rows),
        ("repayment", REPAYMENT_COLUMNS, repayments),
    ):
        counts[table] = copy_rows(conn, table, columns, rows)
        say(f"  {table}: {counts[table]:,} rows")
    for table in TABLES:
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" greatest((SELECT coalesce(max(id), 0) FROM {table}), 1))"
            )
        )
    return counts
