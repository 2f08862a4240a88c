"""The dashboard's filters, read from the URL (shareable, no JavaScript), and the cases they
select.

Filters: country (the person's country of return; a manager sees only the cases of their own
country's offices anyway), office, sex, age band (age on the day the case was opened), period
(from-to, or a year with an optional quarter; default: this year), return programme, and
whether the person is a health professional (a work experience in ISCO-08 221, 222 or 322).

A bad value never fails the page: it is dropped and named in `problems`, in the reader's
language.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    MetaData,
    Table,
    and_,
    cast,
    exists,
    extract,
    func,
    literal,
    select,
)

from returnsvc.cases.models import Case
from returnsvc.cases.visibility import visible_cases_clause
from returnsvc.core.clock import day_start, local_today
from returnsvc.core.countries import ORIGINS
from returnsvc.core.enums import Role
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.numbers import parse_id, parse_whole_number
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import MigrationHistory, Returnee, ReturnProgramme, Sex
from returnsvc.skills.models import WorkExperience

# ISCO-08 groups of health professionals the MPDC programme counts: medical doctors (221),
# nursing and midwifery professionals (222), nursing and midwifery associate professionals (322).
HEALTH_ISCO_GROUPS = ("221", "222", "322")

# (code, label, lowest age, highest age or None)
AGE_BANDS = (
    ("under_30", _l("Under 30"), 0, 29),
    ("30_44", _l("30 to 44"), 30, 44),
    ("45_59", _l("45 to 59"), 45, 59),
    ("60_plus", _l("60 and over"), 60, None),
)
QUARTERS = (1, 2, 3, 4)
FIRST_YEAR = 2000
LAST_YEAR = 2100


@dataclass(frozen=True)
class Filters:
    country: str | None = None
    office_id: int | None = None
    sex: Sex | None = None
    age_band: str | None = None
    first_day: date = date(2000, 1, 1)
    last_day: date = date(2000, 12, 31)
    year: int | None = None
    quarter: int | None = None
    programme: ReturnProgramme | None = None
    health: bool | None = None
    problems: tuple = field(default=(), compare=False)

    def query_args(self) -> dict:
        """The filters as URL query arguments (links, exports, the form's values)."""
        args = {
            "country": self.country,
            "office": self.office_id,
            "sex": self.sex.value if self.sex else None,
            "age": self.age_band,
            "programme": self.programme.value if self.programme else None,
            "health": None if self.health is None else ("yes" if self.health else "no"),
        }
        if self.year is not None:
            args |= {"year": self.year, "quarter": self.quarter}
        else:
            args |= {"from": self.first_day.isoformat(), "to": self.last_day.isoformat()}
        return {name: value for name, value in args.items() if value not in (None, "")}

    def without_period(self) -> "Filters":
        return replace(self, year=None, quarter=None)


def _date(text) -> date | None:
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def _quarter_days(year: int, quarter: int | None) -> tuple[date, date]:
    if quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def countries_for(user) -> tuple[str, ...]:
    """The countries of return `user` may choose (managers: their office's, when it is one;
    a manager in Spain and administrators: all)."""
    office = getattr(user, "office", None)
    if user.role is Role.MANAGER and office is not None and office.country in ORIGINS:
        return (office.country,)
    return ORIGINS


def parse_filters(args, user) -> Filters:
    """The filters of the query string `args` (a MultiDict) for `user`."""
    problems = []
    countries = countries_for(user)
    country = args.get("country") or None
    if country is not None and country not in countries:
        problems.append(_l("That country is not one you can see."))
        country = None
    if country is None and len(countries) == 1:
        country = countries[0]
    office_id = None
    if args.get("office"):
        office_id = parse_id(args.get("office"))
        office = db.session.get(Office, office_id) if office_id else None
        if office is None or (country is not None and office.country not in (country, "ES")):
            problems.append(_l("Choose an office of the list."))
            office_id = None
    sex = None
    if args.get("sex"):
        try:
            sex = Sex(args.get("sex"))
        except ValueError:
            problems.append(_l("Choose women, men or other."))
    age_band = args.get("age") or None
    if age_band is not None and age_band not in {code for code, *_ in AGE_BANDS}:
        problems.append(_l("Choose an age band of the list."))
        age_band = None
    programme = None
    if args.get("programme"):
        try:
            programme = ReturnProgramme(args.get("programme"))
        except ValueError:
            problems.append(_l("Choose a return programme of the list."))
    health = {"yes": True, "no": False}.get(args.get("health") or "", None)
    if args.get("health") and health is None:
        problems.append(_l("Choose yes or no for health professionals."))
    year = quarter = None
    first_day = _date(args.get("from"))
    last_day = _date(args.get("to"))
    if args.get("year"):
        year = parse_whole_number(args.get("year"), maximum=LAST_YEAR)
        if year is None or year < FIRST_YEAR:
            problems.append(
                _l("Enter a year from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR)
            )
            year = None
        elif args.get("quarter"):
            quarter = parse_whole_number(args.get("quarter"), maximum=4)
            if quarter not in QUARTERS:
                problems.append(_l("Choose a quarter from 1 to 4."))
                quarter = None
    if year is not None:
        first_day, last_day = _quarter_days(year, quarter)
    elif first_day is None or last_day is None or last_day < first_day:
        if args.get("from") or args.get("to"):
            problems.append(_l("Enter the period as two dates, the first on or before the second."))
        year = local_today().year
        first_day, last_day = _quarter_days(year, None)
    return Filters(
        country=country,
        office_id=office_id,
        sex=sex,
        age_band=age_band,
        first_day=first_day,
        last_day=last_day,
        year=year,
        quarter=quarter,
        programme=programme,
        health=health,
        problems=tuple(problems),
    )


def is_health_professional(returnee_id_column):
    """SQL: the person has a work experience in one of the health ISCO groups."""
    return exists(
        select(WorkExperience.id).where(
            WorkExperience.returnee_id == returnee_id_column,
            func.left(WorkExperience.isco_code, 3).in_(HEALTH_ISCO_GROUPS),
        )
    )


def _age_condition(band: str):
    _code, _label, low, high = next(b for b in AGE_BANDS if b[0] == band)
    age = extract("year", func.age(func.date(Case.opened_at), Returnee.birth_date))
    condition = and_(Returnee.birth_date.is_not(None), age >= low)
    return and_(condition, age <= high) if high is not None else condition


@dataclass(frozen=True)
class Scope:
    """The cases a figure counts: `cases` is a subquery (case_id, returnee_id, office_id, sex,
    opened_at, closed_at, stage, close_reason, opened_on, period_starts_at, period_ends_at) of
    the viewer's visible cases narrowed by every filter but the period, which each figure
    applies its own way (registered in the period, closed in it, cohorts...). `first_day`/
    `last_day` are the period; days are those of the case's office (its time zone):
    `opened_on` is the day the case was opened there, and an instant is in the period when
    period_starts_at <= it < period_ends_at, the period's bounds at the case's office."""

    filters: Filters
    cases: object
    first_day: date
    last_day: date
    starts_at: datetime  # the period's first instant (UTC) where the viewer is
    ends_at: datetime  # the instant after its last day (UTC): instants < ends_at are in it


def _office_instant(day: date):
    """SQL: the instant `day` begins where the case's office is (needs Office joined)."""
    return func.timezone(Office.time_zone, cast(literal(day), DateTime))


def scope_of(filters: Filters, user) -> Scope:
    conditions = [visible_cases_clause(user), Returnee.anonymised_at.is_(None)]
    if filters.country:
        conditions.append(Returnee.origin_country == filters.country)
    if filters.office_id:
        conditions.append(Case.office_id == filters.office_id)
    if filters.sex:
        conditions.append(Returnee.sex == filters.sex)
    if filters.age_band:
        conditions.append(_age_condition(filters.age_band))
    if filters.programme:
        conditions.append(
            exists(
                select(MigrationHistory.id).where(
                    MigrationHistory.returnee_id == Returnee.id,
                    MigrationHistory.return_programme == filters.programme,
                )
            )
        )
    if filters.health is not None:
        healthy = is_health_professional(Returnee.id)
        conditions.append(healthy if filters.health else ~healthy)
    # Each office's bounds of the period, worked out once per office (OFFSET 0 keeps
    # PostgreSQL from folding the subquery into the join and converting them for every case).
    offices = (
        select(
            Office.id,
            Office.time_zone,
            _office_instant(filters.first_day).label("period_starts_at"),
            _office_instant(filters.last_day + timedelta(days=1)).label("period_ends_at"),
        )
        .offset(0)
        .subquery("offices")
    )
    cases = (
        select(
            Case.id.label("case_id"),
            Case.returnee_id,
            Case.office_id,
            Returnee.sex,
            Case.opened_at,
            Case.closed_at,
            Case.stage,
            Case.close_reason,
            # The period and the opening day where the case's office is: worked out once per
            # case here, so that a figure compares instants instead of turning every row it
            # reads into a day of an office's zone.
            cast(func.timezone(offices.c.time_zone, Case.opened_at), Date).label("opened_on"),
            offices.c.period_starts_at,
            offices.c.period_ends_at,
        )
        .join(Returnee, Returnee.id == Case.returnee_id)
        .join(offices, offices.c.id == Case.office_id)
        .where(*conditions)
        .subquery("scope_cases")
    )
    return Scope(
        filters,
        cases,
        filters.first_day,
        filters.last_day,
        day_start(filters.first_day),
        day_start(filters.last_day + timedelta(days=1)),
    )


# One temporary table per request is enough: its name is fixed, and it goes with the
# transaction (ON COMMIT DROP), so a second dashboard in the same request replaces it.
_SCOPE_TABLE = "report_scope_cases"


# For the rest of the transaction (set_config(..., true) = SET LOCAL), in one round trip:
# - work_mem: the figures sort and group tens of thousands of rows (a year of a country's
#   savings entries, stage changes); with the default 4 MB they spilled to disk (~20 ms each);
# - default_statistics_target: ANALYZE of the scope samples 300 x this many rows: 3,000
#   instead of 30,000 took it from ~44 ms to ~5 ms for 35,000 cases, and the planner only
#   needs the row count and rough distributions of the ids;
# - no parallel workers (starting one costs 20-30 ms, more than the scans they would share).
_FIGURE_SETTINGS = (
    "SELECT set_config('work_mem', '64MB', true),"
    " set_config('default_statistics_target', '10', true),"
    " set_config('max_parallel_workers_per_gather', '0', true)"
)


def materialised(scope: Scope) -> Scope:
    """The same scope with its cases written once into a temporary table (dropped with the
    transaction) and analysed, for a page that runs many figures over it: each figure then
    reads a small table instead of joining cases to people and filtering again (about 15 ms a
    figure at 100,000 cases), and the planner knows how many cases there are."""
    # The scope's SELECT with its values bound (never written into the SQL), as the driver
    # takes it.
    compiled = scope.cases.element.compile(
        dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True}
    )
    connection = db.session.connection()
    connection.exec_driver_sql(_FIGURE_SETTINGS)
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS pg_temp.{_SCOPE_TABLE}")
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {_SCOPE_TABLE} ON COMMIT DROP AS {compiled}",
        compiled.construct_params(),
    )
    connection.exec_driver_sql(f"ANALYZE {_SCOPE_TABLE}")
    return replace(scope, cases=_scope_table(scope))


_scope_tables: dict = {}


def _scope_table(scope: Scope) -> Table:
    """The temporary table's description, made once (per set of column names): the same Table
    object on every request lets SQLAlchemy reuse the figures' compiled SQL (a new one per
    request made every statement compile again, ~40 ms, and filled the statement cache with
    copies that the garbage collector then walked)."""
    names = tuple(scope.cases.c.keys())
    table = _scope_tables.get(names)
    if table is None:
        columns = [Column(c.name, c.type) for c in scope.cases.c]
        table = Table(_SCOPE_TABLE, MetaData(), *columns, prefixes=["TEMPORARY"])
        table = _scope_tables.setdefault(names, table)
    return table
