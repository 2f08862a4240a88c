"""What the scorer (matching.scoring) compares, as plain values: what the person brings
(Profile), a job in demand from a published guide (DemandEntry) and a business opportunity
(Opportunity), with the codes they may hold and the form own-words skills are compared in.

Pure like the scorer (standard library only, no Flask, no database): the callers build these
from rows (matching.queries, matching.guide_inputs, the explorer's own profile) and every one of
them ranks the same way.
"""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

RECOGNITION_STATUSES = ("recognised", "requested", "in_progress", "not_requested", "not_needed")
# Shares as (numerator, denominator): integer arithmetic keeps the scorer exact and fast.
DEMAND_LEVELS = {"high": (1, 1), "medium": (3, 5), "low": (3, 10)}
# Health professionals and associate professionals need a recognised qualification; the guide
# flags any other regulated entry itself (DemandEntry.regulated).
REGULATED_ISCO_PREFIXES = ("221", "222", "322")


def is_regulated_isco(code: str) -> bool:
    """Unit groups under 221 (medical doctors), 222 (nursing and midwifery), 322 (associates)."""
    return code.startswith(REGULATED_ISCO_PREFIXES)


def fold(text: str) -> str:
    """The form own-words skills are compared in: case and accents dropped, spaces collapsed.
    Callers fold both sides once, outside the hot loop ("Albañil " and "albanil" are one)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Profile:
    """What the person brings. `occupations` holds (ISCO unit group, years or None) from work
    experience, ESCO occupations already folded into their unit group by the caller;
    `qualifications` holds (ISCO code it qualifies for or None, recognition status, authority)."""

    occupations: tuple[tuple[str, Decimal | None], ...] = ()
    skills: frozenset[str] = frozenset()
    own_words: frozenset[str] = frozenset()
    education: int | None = None
    certifications: frozenset[str] = frozenset()
    preferred_regions: frozenset[str] = frozenset()
    willing_to_move: bool = False
    capital: Decimal | None = None
    entrepreneurship_trained: bool = False
    qualifications: tuple[tuple[str | None, str, str], ...] = ()

    def __post_init__(self):
        for _code, status, _authority in self.qualifications:
            if status not in RECOGNITION_STATUSES:
                raise ValueError(f"unknown recognition status {status!r}")


@dataclass(frozen=True)
class DemandEntry:
    """A job in demand from a published guide. Empty `regions` means nationwide."""

    isco: str
    regions: frozenset[str] = frozenset()
    demand_level: str = "medium"
    skills: frozenset[str] = frozenset()
    own_words: frozenset[str] = frozenset()
    min_years: Decimal | None = None
    min_education: int | None = None
    certifications: frozenset[str] = frozenset()
    regulated: bool = False

    def __post_init__(self):
        if self.demand_level not in DEMAND_LEVELS:
            raise ValueError(f"unknown demand level {self.demand_level!r}")


@dataclass(frozen=True)
class Opportunity:
    """A business opportunity. Empty `isco` (fitting unit groups) or `regions` means any."""

    isco: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    investment_min: Decimal | None = None
    investment_max: Decimal | None = None
    needs_entrepreneurship_training: bool = False
