"""Writing rows for COPY: random draws that are cheap in hot loops, timestamps from lookup
tables, ids made unique by bijections, and the column order of each loaded table.

Hot loops: 100,000 people and 1,000,000 notes. The stdlib's randint/choice/choices cost about a
microsecond each, so the loops use `Random`'s helpers on `random()` and pre-rendered text.
"""

import bisect
import random
from datetime import UTC, date, datetime

DAY = 86_400
NULL = "\\N"
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class Random(random.Random):
    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both included."""
        return low + int(self.random() * (high - low + 1))

    def weighted(self, table):
        values, cumulative = table
        return values[bisect.bisect_right(cumulative, self.random())]


def weights(pairs):
    """(values, cumulative fractions) for `Random.weighted` from (value, ..., weight) rows."""
    total = sum(p[-1] for p in pairs)
    cumulative, running = [], 0
    for p in pairs:
        running += p[-1]
        cumulative.append(running / total)
    cumulative[-1] = 1.0
    return [p[0] for p in pairs], cumulative


def permute(n: int, multiplier: int, modulus: int) -> int:
    """A bijection on 0..modulus-1 (multiplier coprime with modulus): unique, random-looking."""
    return (n * multiplier + 7_654_321) % modulus


def nie_letter(number: int) -> str:
    return "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def year_of(epoch: int) -> int:
    return datetime.fromtimestamp(epoch, UTC).year


def amount(country: str, rng: Random) -> str:
    value = 500 + 50 * rng.between(0, 90)
    if country == "CO":
        return f"{value * 1000:,} COP".replace(",", ".")
    if country == "BO":
        return f"Bs {value * 7:,}".replace(",", ".")
    if country == "PE":
        return f"S/ {value * 4:,}".replace(",", ".")
    return f"{value:,} {'EUR' if country == 'ES' else 'USD'}".replace(",", ".")


class Clock:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM:SS+00' for COPY, from two lookup tables."""

    def __init__(self):
        self._days: dict[int, str] = {}
        self._hms = [
            f" {h:02d}:{m:02d}:{s:02d}+00" for h in range(24) for m in range(60) for s in range(60)
        ]

    def day(self, epoch_day: int) -> str:
        text_ = self._days.get(epoch_day)
        if text_ is None:
            text_ = self._days[epoch_day] = date.fromordinal(EPOCH_ORDINAL + epoch_day).isoformat()
        return text_

    def ts(self, epoch: int) -> str:
        day, seconds = divmod(epoch, DAY)
        return (self._days.get(day) or self.day(day)) + self._hms[seconds]


RETURNEE_COLUMNS = (
    "id", "given_names", "first_surname", "second_surname", "sex", "birth_date", "nationality",
    "document_type", "document_number", "document_country", "phone", "phone_digits", "email",
    "origin_country", "region_code", "city", "address", "household_size", "dependants",
    "education_level", "languages", "consent_service_at", "consent_service_by_id",
    "consent_sharing_at", "consent_sharing_by_id", "consent_statistics_at",
    "consent_statistics_by_id", "search_text", "created_by_id", "is_demo", "created_at",
    "updated_at", "version",
)  # fmt: skip
MIGRATION_COLUMNS = (
    "id", "returnee_id", "host_country", "departure_year", "years_abroad",
    "planned_return_date", "actual_return_date", "return_programme", "last_occupation_abroad",
    "last_sector_abroad", "created_at", "updated_at", "version",
)  # fmt: skip
CASE_COLUMNS = (
    "id", "reference", "returnee_id", "office_id", "counsellor_id", "stage", "stage_changed_at",
    "opened_at", "closed_at", "close_reason", "is_demo", "created_at", "updated_at", "version",
    "person_sort",
)  # fmt: skip
TRANSITION_COLUMNS = (
    "id", "case_id", "from_stage", "to_stage", "actor_id", "occurred_at", "close_reason",
)  # fmt: skip
NOTE_COLUMNS = (
    "id", "case_id", "kind", "body", "is_confidential", "occurred_at", "author_id", "created_at",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "case_id", "title", "due_date", "assignee_id", "done_at", "done_by_id",
    "created_by_id", "created_at", "updated_at", "version",
)  # fmt: skip
APPOINTMENT_COLUMNS = (
    "id", "case_id", "starts_at", "location", "purpose", "attended", "counsellor_id",
    "created_by_id", "created_at", "updated_at", "version",
)  # fmt: skip
