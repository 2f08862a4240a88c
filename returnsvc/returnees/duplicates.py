"""Possible-duplicate detection at intake. Never merges: it only warns.

Rules (any one is enough):
- document: the same identity document number issued by the same country (any type);
- phone: the same phone number, compared on its last 9 digits (so "+593 99 123 4567" and
  "099 123 4567" match);
- name_birth: the same date of birth and a similar name — trigram similarity of the folded
  (accent- and case-free) full names of at least NAME_SIMILARITY, computed like pg_trgm does.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from returnsvc.core.text import digits, fold, normalise_document_number
from returnsvc.extensions import db
from returnsvc.returnees.models import Returnee

NAME_SIMILARITY = 0.5
PHONE_TAIL = 9
MAX_MATCHES = 20


@dataclass(frozen=True)
class PossibleDuplicate:
    returnee: Returnee
    rule: str  # "document", "phone" or "name_birth"
    similarity: float | None = None


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams = set()
    for word in fold(text).split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def find_possible_duplicates(
    person: dict, exclude_id: int | None = None
) -> list[PossibleDuplicate]:
    """Registered people who may be the one described by `person` (form data)."""
    found: dict[int, PossibleDuplicate] = {}

    def add(candidates, rule, score=None):
        for candidate in candidates:
            if candidate.id != exclude_id and candidate.id not in found:
                found[candidate.id] = PossibleDuplicate(candidate, rule, score)

    base = select(Returnee).where(Returnee.anonymised_at.is_(None)).limit(MAX_MATCHES)
    number = normalise_document_number(person.get("document_number"))
    if number:
        add(
            db.session.scalars(
                base.where(
                    Returnee.document_number == number,
                    Returnee.document_country == person.get("document_country"),
                )
            ),
            "document",
        )
    tail = digits(person.get("phone"))[-PHONE_TAIL:]
    if len(tail) >= 7:
        add(
            db.session.scalars(base.where(func.right(Returnee.phone_digits, PHONE_TAIL) == tail)),
            "phone",
        )
    birth_date: date | None = person.get("birth_date")
    if birth_date:
        name = " ".join(
            person.get(f) or "" for f in ("given_names", "first_surname", "second_surname")
        )
        same_day = db.session.scalars(
            select(Returnee)
            .where(Returnee.birth_date == birth_date, Returnee.anonymised_at.is_(None))
            .limit(500)
        )
        scored = [(similarity(name, r.full_name), r) for r in same_day]
        for score, candidate in sorted(scored, key=lambda pair: -pair[0]):
            if score >= NAME_SIMILARITY:
                add([candidate], "name_birth", round(score, 2))
    return list(found.values())[:MAX_MATCHES]
