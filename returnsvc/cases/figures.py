"""The cases package's figures on the programme-outcomes dashboard (registered as FIGURES in
cases.contributions): the caseload by stage. Each reads the scope's cases (reports.filters)."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from returnsvc.cases.models import CaseTransition, Stage
from returnsvc.cases.stages import ORDER as STAGE_ORDER
from returnsvc.core.clock import local_today
from returnsvc.extensions import db
from returnsvc.returnees.models import Sex

SEXES = tuple(Sex)


@dataclass
class BySex:
    """Counts of people by sex (women, men, other or not said) and their total."""

    values: dict = field(default_factory=dict)

    def __getitem__(self, sex: Sex) -> int:
        # A sex or nothing: any other key is a KeyError, so that Jinja's attribute lookups
        # (`rows|map(attribute='1.total')`, which try [key] first) read the property, not 0.
        if not isinstance(sex, Sex):
            try:
                sex = Sex(sex)
            except ValueError:
                raise KeyError(sex) from None
        return self.values.get(sex, 0)

    @property
    def total(self) -> int:
        return sum(self.values.values())

    @property
    def female(self) -> int:
        return self[Sex.FEMALE]

    @property
    def male(self) -> int:
        return self[Sex.MALE]

    @property
    def other(self) -> int:
        return self[Sex.OTHER]


@dataclass
class StageCounts:
    as_of: object  # the day the stages are read on
    rows: list  # [(Stage, BySex)] in the stages' order

    @property
    def labelled_rows(self) -> list:
        return [(stage.label, counts) for stage, counts in self.rows]

    @property
    def total(self) -> BySex:
        total = BySex()
        for _stage, counts in self.rows:
            for sex, n in counts.values.items():
                total.values[sex] = total.values.get(sex, 0) + n
        return total


def caseload_by_stage(scope) -> StageCounts:
    """Every case of the scope opened by the end of the period, in the stage it was in then
    (its last stage change before the period's end; today's stage when the period reaches
    today), by sex. One statement."""
    cases = scope.cases
    today = local_today()
    if scope.last_day >= today:
        stage = cases.c.stage
        source = select(stage.label("stage"), cases.c.sex).where(cases.c.opened_at < scope.ends_at)
    else:
        last = (
            select(CaseTransition.case_id, CaseTransition.to_stage)
            .where(CaseTransition.occurred_at < scope.ends_at)
            .distinct(CaseTransition.case_id)
            .order_by(
                CaseTransition.case_id, CaseTransition.occurred_at.desc(), CaseTransition.id.desc()
            )
            .subquery("last_stage")
        )
        source = (
            select(
                func.coalesce(last.c.to_stage, Stage.REGISTERED.value).label("stage"), cases.c.sex
            )
            .select_from(cases)
            .outerjoin(last, last.c.case_id == cases.c.case_id)
            .where(cases.c.opened_at < scope.ends_at)
        )
    source = source.subquery("staged")
    counts: dict = {}
    for stage, sex, n in db.session.execute(
        select(source.c.stage, source.c.sex, func.count()).group_by(source.c.stage, source.c.sex)
    ):
        counts.setdefault(Stage(stage), BySex()).values[Sex(sex)] = n
    return StageCounts(
        as_of=min(scope.last_day, today),
        rows=[(stage, counts.get(stage, BySex())) for stage in STAGE_ORDER],
    )


def caseload_export(figure: StageCounts):
    header = ("stage", "women", "men", "other", "total")
    rows = [
        (str(stage.label), c[Sex.FEMALE], c[Sex.MALE], c[Sex.OTHER], c.total)
        for stage, c in figure.rows
    ]
    return header, rows
