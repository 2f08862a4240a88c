"""Health professionals and the recognition of their qualifications (/reports/health), the
figures the MPDC programme asked for on doctors and nurses moving between Latin America and
Europe.

Who is counted: every person (not case) of the scope (reports.filters.scope_of: the viewer's
visible cases, narrowed by every filter but the period) who is a health professional (a work
experience in ISCO-08 221, 222 or 322) and has a case of the scope that was open at some time
in the period (opened before its end, not closed before its start). Anonymised people are left
out by the scope.

Each person is counted once in each dimension, by their sex:
- country of return (the person's) and year of return (the actual return date of their
  migration history; "not yet returned" when there is none);
- occupation group: the group (221, 222 or 322) of their most recent health experience (the
  latest year last worked; unknown years after known ones; then the most years of experience;
  then the latest recorded);
- recognition of qualifications, the best status among all their qualifications (they record
  no occupation): recognised, then in progress (requested or under way), then rejected, then not
  requested: every qualification marked "not needed", or no qualification recorded;
- current situation, the first that applies: placed in health (a placement, on a case of the
  scope, that has started by today, in a job of ISCO-08 sub-major group 22 health
  professionals or 32 health associate professionals, read from the match decision that
  recorded it), placed elsewhere (any other placement started by today, an unknown
  occupation included), business (an enterprise of theirs launched or operating, not paused or
  closed), seeking (none of those).

Recognition and situation are read as they stand today (a placement records no end, and the
stage of a business is kept without its dates of pause). One SQL statement (GROUPING SETS).

The report's tables are exported as CSV or XLSX (reports.export_views) by `export_sections`:
the page's numbers, labels in the reader's language; counts only, never a person.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, and_, case, cast, extract, func, or_, select, tuple_

from returnsvc.cases.figure_parts import BY_SEX_COLUMNS, SEX_LABELS, TOTAL, BySex
from returnsvc.core.clock import local_today
from returnsvc.core.countries import country_name
from returnsvc.core.enums import LabelledEnum
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import locale_code
from returnsvc.enterprise.models import Enterprise, EnterpriseStage
from returnsvc.extensions import db
from returnsvc.matching.models import MatchDecision, Placement
from returnsvc.reports.exports import Section
from returnsvc.reports.filters import HEALTH_ISCO_GROUPS
from returnsvc.returnees.models import MigrationHistory, Returnee, Sex
from returnsvc.skills.models import Qualification, RecognitionStatus, WorkExperience

# A job "in health": ISCO-08 sub-major groups 22 (health professionals: doctors, nurses,
# midwives, paramedical practitioners...) and 32 (health associate professionals).
HEALTH_JOB_SUB_MAJOR_GROUPS = ("22", "32")
# A business that is running.
RUNNING_STAGES = (EnterpriseStage.LAUNCHED.value, EnterpriseStage.OPERATING.value)


class HealthGroup(LabelledEnum):
    DOCTORS = "221", _l("Medical doctors (ISCO 221)")
    NURSES = "222", _l("Nursing and midwifery professionals (ISCO 222)")
    ASSOCIATES = "322", _l("Nursing and midwifery associate professionals (ISCO 322)")


class Recognition(LabelledEnum):
    """Where the recognition of a person's qualifications stands (the best of them)."""

    RECOGNISED = "recognised", _l("Recognised")
    IN_PROGRESS = "in_progress", _l("In progress (requested or under way)")
    REJECTED = "rejected", _l("Rejected")
    NOT_NEEDED = "not_needed", _l("Not requested: recognition not needed")
    NO_QUALIFICATION = "none", _l("Not requested: no qualification recorded")


class Situation(LabelledEnum):
    PLACED_IN_HEALTH = "placed_health", _l("Placed in a health job")
    PLACED_ELSEWHERE = "placed_elsewhere", _l("Placed in another job")
    BUSINESS = "business", _l("Running a business")
    SEEKING = "seeking", _l("Seeking")


@dataclass
class HealthReport:
    first_day: date
    last_day: date
    as_of: date  # the day recognition and situation are read on (today)
    # [((country code, year of return or None), BySex)] by country code then year, None last
    by_country_year: list = field(default_factory=list)
    by_occupation: list = field(default_factory=list)  # [(HealthGroup, BySex)]
    by_recognition: list = field(default_factory=list)  # [(Recognition, BySex)]
    by_situation: list = field(default_factory=list)  # [(Situation, BySex)]
    total: BySex = field(default_factory=BySex)

    @property
    def by_sex(self) -> list:
        """[(Sex, number of people)]."""
        return [(sex, self.total[sex]) for sex in Sex]

    @staticmethod
    def labelled(rows) -> list:
        return [(key.label, counts) for key, counts in rows]


def _recognition_rank():
    """1 recognised, 2 in progress, 3 rejected, 4 not needed (the lowest wins per person)."""
    status = Qualification.recognition_status
    return case(
        (status == RecognitionStatus.RECOGNISED.value, 1),
        (
            status.in_((RecognitionStatus.REQUESTED.value, RecognitionStatus.IN_PROGRESS.value)),
            2,
        ),
        (status == RecognitionStatus.REJECTED.value, 3),
        else_=4,
    )


_RANKS = {
    1: Recognition.RECOGNISED,
    2: Recognition.IN_PROGRESS,
    3: Recognition.REJECTED,
    4: Recognition.NOT_NEEDED,
    5: Recognition.NO_QUALIFICATION,
}
_SITUATIONS = dict(enumerate(Situation, start=1))


def health_report(scope, today: date | None = None) -> HealthReport:
    """The report for the scope (reports.filters.Scope). One statement."""
    today = today or local_today()
    cases = scope.cases
    open_in_period = and_(
        cases.c.opened_at < scope.ends_at,
        or_(cases.c.closed_at.is_(None), cases.c.closed_at >= scope.starts_at),
    )
    # Per case: whether it has a job started by today, and one in health; a running business.
    in_health = func.left(MatchDecision.entry_isco, 2).in_(HEALTH_JOB_SUB_MAJOR_GROUPS)
    jobs = (
        select(Placement.case_id, func.bool_or(in_health).label("in_health"))
        .join(MatchDecision, MatchDecision.id == Placement.decision_id)
        .where(Placement.start_date <= today)
        .group_by(Placement.case_id)
        .subquery("case_jobs")
    )
    businesses = (
        select(Enterprise.case_id)
        .where(Enterprise.stage.in_(RUNNING_STAGES))
        .group_by(Enterprise.case_id)
        .subquery("case_businesses")
    )
    # Each health professional's occupation group: that of their most recent health experience.
    # A unit group has four digits, so "in 221" is a range of codes: the planner estimates it
    # from the column's statistics (it misjudges left(code, 3) and picks nested loops).
    group = func.left(WorkExperience.isco_code, 3)
    occupation = (
        select(WorkExperience.returnee_id, group.label("occupation"))
        .where(
            or_(*(WorkExperience.isco_code.between(f"{g}0", f"{g}9") for g in HEALTH_ISCO_GROUPS))
        )
        .distinct(WorkExperience.returnee_id)
        .order_by(
            WorkExperience.returnee_id,
            WorkExperience.last_year_worked.desc().nulls_last(),
            WorkExperience.years_experience.desc().nulls_last(),
            WorkExperience.id.desc(),
        )
        .subquery("health_occupation")
    )
    # One row per health professional: their cases of the scope, kept when one was open in
    # the period.
    people = (
        select(
            cases.c.returnee_id,
            occupation.c.occupation,
            func.bool_or(func.coalesce(jobs.c.in_health, False)).label("health_job"),
            func.bool_or(jobs.c.case_id.is_not(None)).label("job"),
            func.bool_or(businesses.c.case_id.is_not(None)).label("business"),
        )
        .join(occupation, occupation.c.returnee_id == cases.c.returnee_id)
        .outerjoin(jobs, jobs.c.case_id == cases.c.case_id)
        .outerjoin(businesses, businesses.c.case_id == cases.c.case_id)
        .group_by(cases.c.returnee_id, occupation.c.occupation)
        .having(func.bool_or(open_in_period))
        .subquery("health_people")
    )
    recognition = (
        select(Qualification.returnee_id, func.min(_recognition_rank()).label("rank"))
        .group_by(Qualification.returnee_id)
        .subquery("recognition")
    )
    situation = case((people.c.health_job, 1), (people.c.job, 2), (people.c.business, 3), else_=4)
    rows = (
        select(
            Returnee.origin_country.label("country"),
            cast(extract("year", MigrationHistory.actual_return_date), Integer).label("year"),
            Returnee.sex.label("sex"),
            people.c.occupation,
            func.coalesce(recognition.c.rank, 5).label("recognition"),
            situation.label("situation"),
        )
        .select_from(people)
        .join(Returnee, Returnee.id == people.c.returnee_id)
        .outerjoin(MigrationHistory, MigrationHistory.returnee_id == Returnee.id)
        .outerjoin(recognition, recognition.c.returnee_id == people.c.returnee_id)
        .subquery("health_rows")
    )
    names = ("country", "year", "occupation", "recognition", "situation")
    sets = {
        "country_year": ("country", "year"),
        "occupation": ("occupation",),
        "recognition": ("recognition",),
        "situation": ("situation",),
    }
    # GROUPING(keys): a bit per key, 1 when the key is not in the row's set (first key highest).
    levels = {
        sum(1 << (len(names) - 1 - i) for i, key in enumerate(names) if key not in columns): name
        for name, columns in sets.items()
    }
    keys = [rows.c[name] for name in names]
    stmt = select(func.grouping(*keys), *keys, rows.c.sex, func.count()).group_by(
        func.grouping_sets(
            *(tuple_(*(rows.c[c] for c in columns), rows.c.sex) for columns in sets.values())
        )
    )
    found: dict[str, dict] = {name: {} for name in sets}
    for level, country, year, group_code, rank, place, sex, n in db.session.execute(stmt):
        name = levels[level]
        key = {
            "country_year": (country, year),
            "occupation": group_code,
            "recognition": rank,
            "situation": place,
        }[name]
        found[name].setdefault(key, BySex()).values[Sex(sex)] = n
    report = HealthReport(scope.first_day, scope.last_day, today)
    report.by_country_year = sorted(
        found["country_year"].items(),
        key=lambda item: (item[0][0], item[0][1] is None, item[0][1] or 0),
    )
    report.by_occupation = [(g, found["occupation"].get(g.value, BySex())) for g in HealthGroup]
    report.by_recognition = [
        (status, found["recognition"].get(rank, BySex())) for rank, status in _RANKS.items()
    ]
    report.by_situation = [
        (place, found["situation"].get(code, BySex())) for code, place in _SITUATIONS.items()
    ]
    for _group, counts in report.by_occupation:
        for sex, n in counts.values.items():
            report.total.values[sex] = report.total.values.get(sex, 0) + n
    return report


# --- the export ----------------------------------------------------------------------------


def _by_sex(counts: BySex) -> tuple:
    return counts.female, counts.male, counts.other, counts.total


def export_sections(report: HealthReport) -> list[Section]:
    """The page's tables, one section each (a sheet of the XLSX), in the current language:
    by country and year of return, by sex, by occupation group, by recognition, by current
    situation; each with its total row as on the page."""
    locale = locale_code()
    not_returned = _l("Not yet returned")
    places = [
        (country_name(country, locale), year if year is not None else not_returned,
         *_by_sex(counts))
        for (country, year), counts in report.by_country_year
    ]  # fmt: skip
    places.append((TOTAL, None, *_by_sex(report.total)))
    sexes = [(label, report.total[sex]) for sex, label in SEX_LABELS.items()]
    sexes.append((TOTAL, report.total.total))
    sections = [
        Section(
            str(_l("By country and year of return")),
            (_l("Country of return"), _l("Year of return"), *BY_SEX_COLUMNS),
            places,
        ),
        Section(str(_l("By sex")), (_l("Sex"), _l("People")), sexes),
    ]
    for title, first, rows in (
        (_l("By occupation group"), _l("Occupation group"), report.by_occupation),
        (_l("Recognition of qualifications"), _l("Recognition"), report.by_recognition),
        (_l("Current situation"), _l("Situation"), report.by_situation),
    ):
        table = [(key, *_by_sex(counts)) for key, counts in rows]
        table.append((TOTAL, *_by_sex(report.total)))
        sections.append(Section(str(title), (first, *BY_SEX_COLUMNS), table))
    return sections
