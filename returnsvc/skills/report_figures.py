"""The recognition figure of the programme-outcomes dashboard (registered as FIGURES in
skills.contributions): the qualifications of the selection's people (`scope.cases`) whose
recognition was requested in the period, where each stands today (recognised, rejected, still
waiting), and the median days from the request to the decision, by the person's sex.

A qualification belongs to the person, not to a case: a person with two cases in the
selection counts once. One SQL statement (GROUPING SETS: by sex, and everyone).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, tuple_

from returnsvc.cases.figure_parts import BY_SEX_COLUMNS, SEX_LABELS, SEXES, BySex
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.extensions import db
from returnsvc.returnees.models import Sex
from returnsvc.skills.models import Qualification, RecognitionStatus

MEASURES = ("requested", "recognised", "rejected", "waiting")
LABELS = {
    "requested": _l("Requested"),
    "recognised": _l("Recognised"),
    "rejected": _l("Rejected"),
    "waiting": _l("Still waiting for a decision"),
}
DECIDED = (RecognitionStatus.RECOGNISED, RecognitionStatus.REJECTED)
WAITING = (RecognitionStatus.REQUESTED, RecognitionStatus.IN_PROGRESS)


@dataclass
class RecognitionFigure:
    first_day: date
    last_day: date
    counts: dict = field(default_factory=lambda: {m: BySex() for m in MEASURES})
    median_days: dict = field(default_factory=dict)  # {Sex or None (everyone): Decimal}
    decided: dict = field(default_factory=dict)  # {Sex or None: decisions in the median}

    @property
    def rows(self) -> list:
        """[(label, BySex)]: requested, recognised, rejected, still waiting."""
        return [(LABELS[m], self.counts[m]) for m in MEASURES]

    @property
    def median_rows(self) -> list:
        """[(label, median days or None, decisions)]: everyone, then women, men, other."""
        groups = [(_l("Everyone"), None)] + [(SEX_LABELS[sex], sex) for sex in SEXES]
        return [
            (label, self.median_days.get(key), self.decided.get(key, 0)) for label, key in groups
        ]

    @property
    def median_chart(self) -> list:
        """[(label, median days)] of the groups with a decision."""
        return [(label, days) for label, days, _n in self.median_rows if days is not None]


def recognition_procedures(scope) -> RecognitionFigure:
    """Qualifications of the scope's people whose recognition was requested from the period's
    first to its last day: requested, recognised, rejected, still waiting (today), and the
    median days from the request to the decision of those decided, by sex. One statement."""
    people = (
        select(scope.cases.c.returnee_id, scope.cases.c.sex).distinct().subquery("scope_people")
    )
    status = Qualification.recognition_status
    decided = status.in_(DECIDED) & Qualification.recognition_resolved_on.is_not(None)
    days = Qualification.recognition_resolved_on - Qualification.recognition_requested_on
    stmt = (
        select(
            func.grouping(people.c.sex).label("everyone"),
            people.c.sex,
            func.count(),
            func.count().filter(status == RecognitionStatus.RECOGNISED),
            func.count().filter(status == RecognitionStatus.REJECTED),
            func.count().filter(status.in_(WAITING)),
            func.count().filter(decided),
            func.percentile_cont(0.5).within_group(days).filter(decided),
        )
        .join(people, people.c.returnee_id == Qualification.returnee_id)
        .where(
            Qualification.recognition_requested_on.between(scope.first_day, scope.last_day),
            status != RecognitionStatus.NOT_NEEDED,
        )
        .group_by(func.grouping_sets(tuple_(people.c.sex), tuple_()))
    )
    result = RecognitionFigure(scope.first_day, scope.last_day)
    for everyone, sex, requested, recognised, rejected, waiting, n, median in db.session.execute(
        stmt
    ):
        key = None if everyone else Sex(sex)
        result.decided[key] = n
        if median is not None:
            result.median_days[key] = Decimal(str(median))
        if key is None:
            continue
        for measure, value in zip(
            MEASURES, (requested, recognised, rejected, waiting), strict=True
        ):
            result.counts[measure].values[key] = value
    return result


def recognition_export(figure: RecognitionFigure):
    header = (_l("Figure"), *BY_SEX_COLUMNS)
    rows = [
        (LABELS[measure], c.female, c.male, c.other, c.total)
        for measure, c in ((m, figure.counts[m]) for m in MEASURES)
    ]
    rows.append(
        (_l("Median days from the request to the decision"),
         *(figure.median_days.get(s) for s in SEXES), figure.median_days.get(None))
    )  # fmt: skip
    return header, rows
