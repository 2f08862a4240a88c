"""The demo cases as the placement and referral generators (bench.seed.placements,
bench.seed.referrals) see them: when each opened and until when it was open (its first closing,
else now: nothing is written on a closed case, and a reopened one is left as it was before its
closing), where its person returned to and since when, their consent to sharing, who acts on it;
moments in office hours; draws fixed by the seed and the case alone; and the COPY that loads the
rows in the caller's transaction.
"""

import hashlib
import json
from datetime import date

from sqlalchemy import text

from bench.seed.copying import copy_rows
from bench.seed.rows import DAY, EPOCH_ORDINAL, NULL, Clock, Random
from bench.seed.words import UTC_OFFSET_HOURS
from returnsvc.core.enums import Role
from returnsvc.extensions import db

# Each case: id, returnee, origin and office countries, who acts on it (its counsellor, else
# the office's first), when it opened and until when it was open (the first closing, else now),
# the sharing consent, the return date, and whether it has placements or referrals already.
CASES = """
SELECT c.id, c.returnee_id, r.origin_country AS origin, o.country AS office_country,
       c.counsellor_id, c.office_id, extract(epoch FROM c.opened_at)::bigint AS opened,
       extract(epoch FROM least(coalesce(closing.at, now()), now()))::bigint AS open_until,
       extract(epoch FROM r.consent_sharing_at)::bigint AS sharing,
       m.actual_return_date AS returned,
       EXISTS (SELECT 1 FROM placement p WHERE p.case_id = c.id) AS placed,
       EXISTS (SELECT 1 FROM referral f WHERE f.case_id = c.id) AS referred
FROM case_file c
JOIN returnee r ON r.id = c.returnee_id
JOIN office o ON o.id = c.office_id
LEFT JOIN migration_history m ON m.returnee_id = r.id
LEFT JOIN (SELECT case_id, min(occurred_at) AS at FROM case_transition
           WHERE to_stage = 'closed' GROUP BY case_id) closing ON closing.case_id = c.id
WHERE c.is_demo AND r.anonymised_at IS NULL
ORDER BY c.id
"""


def draw(seed: int, case_id: int, what: str) -> float:
    """A number in [0, 1) fixed by the seed and the case alone."""
    digest = hashlib.blake2b(f"{seed}:{case_id}:{what}".encode(), digest_size=8).digest()
    return int.from_bytes(digest) / 2**64


def copy_text(value: str) -> str:
    """`value` as a field of COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "")


def json_text(value) -> str:
    """`value` as JSON in a field of COPY's text format."""
    return copy_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


class OpenCases:
    """The demo cases as `CASES` reads them, and the moments of their story."""

    def __init__(self, today: date | None):
        today = today or date.today()
        self.today = today.toordinal() - EPOCH_ORDINAL  # days since the epoch
        now = int(db.session.scalar(text("SELECT extract(epoch FROM now())")))
        self.limit = min(now, (self.today + 1) * DAY) - 60  # nothing after this
        self.rows = db.session.execute(text(CASES)).all()
        self.first_counsellor: dict[int, int] = {}
        for user_id, office_id in db.session.execute(
            text(
                "SELECT id, office_id FROM user_account WHERE role = :role AND is_active"
                " AND office_id IS NOT NULL ORDER BY id"
            ),
            {"role": Role.COUNSELLOR.value},
        ):
            self.first_counsellor.setdefault(office_id, user_id)
        self.clock = Clock()

    def actor(self, row) -> str:
        """Who acts on the case, as COPY text: its counsellor, else the office's first one."""
        user_id = row.counsellor_id or self.first_counsellor.get(row.office_id)
        return NULL if user_id is None else str(user_id)

    def moment(self, day: int, country: str, rng: Random, low: int, high: int) -> int:
        """A moment in office hours (08:00-18:00 where the office is) of `day`, kept within
        [low, high]."""
        moment = day * DAY + rng.between(8 * 3600, 18 * 3600 - 1) + UTC_OFFSET_HOURS[country] * 3600
        return min(max(moment, low), high)


def first_id(table: str) -> int:
    """The id the next generated row of `table` takes."""
    return db.session.scalar(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}"))


def load(tables, say) -> dict[str, int]:
    """COPY (table, columns, rows) in order, then move the sequences past the new ids."""
    conn = db.session.connection().connection.driver_connection
    counts = {}
    for table, columns, rows in tables:
        counts[table] = copy_rows(conn, table, columns, rows)
        say(f"  {table}: {counts[table]:,} rows")
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" greatest((SELECT coalesce(max(id), 0) FROM {table}), 1))"
            )
        )
    return counts
