"""The weights a match is scored with: per kind of match (a job in demand, a business
opportunity) its components, an integer weight each summing to 100, and the version a recorded
match keeps, so that a later change of weights does not rewrite the score of a decision. The
defaults ship here; admins save new versions (matching.services, read by matching.weights).

Pure like the scorer (standard library only, no Flask, no database).
"""

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    DEMAND = "demand"
    OPPORTUNITY = "opportunity"


COMPONENTS = {
    Kind.DEMAND: (
        "occupation", "skills", "experience", "education",
        "certifications", "region", "demand_level", "recognition",
    ),
    Kind.OPPORTUNITY: ("occupation", "skills", "region", "capital", "training"),
}  # fmt: skip


@dataclass(frozen=True)
class Weights:
    """Integer weights per component of one kind, summing to 100, and the version a match keeps.
    Validated on construction, so an admin's edit cannot produce a set that breaks the scale."""

    kind: Kind
    values: tuple[tuple[str, int], ...]
    version: str

    def __post_init__(self):
        known = COMPONENTS[self.kind]
        names = [name for name, _ in self.values]
        unknown = sorted(set(names) - set(known))
        missing = [name for name in known if name not in names]
        if unknown:
            raise ValueError(f"unknown {self.kind.value} weight components: {', '.join(unknown)}")
        if missing:
            raise ValueError(f"missing {self.kind.value} weight components: {', '.join(missing)}")
        if len(names) != len(set(names)):
            raise ValueError("a weight component is given twice")
        for name, value in self.values:
            if type(value) is not int or value < 0:
                raise ValueError(f"weight {name!r} must be a non-negative integer, not {value!r}")
        total = sum(value for _, value in self.values)
        if total != 100:
            raise ValueError(f"{self.kind.value} weights must sum to 100, not {total}")
        if not isinstance(self.version, str) or not self.version.strip():
            raise ValueError("weights need a version")

    @classmethod
    def from_mapping(cls, mapping: dict, version: str, kind: Kind | str = Kind.DEMAND) -> "Weights":
        kind = Kind(kind)
        return cls(kind, tuple((name, mapping[name]) for name in sorted(mapping)), version)

    def of(self, name: str) -> int:
        return self._by_name[name]

    @property
    def _by_name(self) -> dict[str, int]:
        # Read once per component and match: built once per Weights, not on every read.
        cached = self.__dict__.get("_cache")
        if cached is None:
            cached = dict(self.values)
            object.__setattr__(self, "_cache", cached)
        return cached

    def as_dict(self) -> dict[str, int]:
        return dict(self.values)


DEFAULT_DEMAND_WEIGHTS = Weights.from_mapping(
    {"occupation": 30, "skills": 20, "experience": 10, "education": 10, "certifications": 5,
     "region": 10, "demand_level": 5, "recognition": 10},
    "2026-12-default",
)  # fmt: skip
DEFAULT_OPPORTUNITY_WEIGHTS = Weights.from_mapping(
    {"occupation": 25, "skills": 20, "region": 15, "capital": 25, "training": 15},
    "2026-12-default",
    Kind.OPPORTUNITY,
)
