"""The case list: one page of the cases a user may see, with search, filters and sorting, and
the transfers waiting for the user's office.

Lists never count the whole table: they fetch one row more than a page to know whether a next
page exists. Every query is filtered by the visibility rules (cases.visibility.VISIBLE).

The statements are built once per shape (the kind of viewer, which filters are set, the sort,
the page) with every value a bound parameter: building and keying a statement of this size cost
SQLAlchemy about 1 ms, more than PostgreSQL takes to run it. A counsellor's cases are read as
two scopes, their office's and those being transferred to it, so that each can follow the index
of its sort (one OR across both made PostgreSQL filter the whole table's sort index: 2-20 ms
instead of 0.3-8).
"""

from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Integer, bindparam, false, func, or_, select, true, union_all
from sqlalchemy.orm import aliased

from returnsvc.auth.models import User
from returnsvc.cases.models import Case, CaseTransfer, Stage, TransferStatus
from returnsvc.cases.stages import ORDER
from returnsvc.cases.visibility import VIEWER_OFFICE, VISIBLE, viewer_kind, viewer_params
from returnsvc.core.countries import country_name
from returnsvc.core.db import inline
from returnsvc.core.regions import region_name
from returnsvc.core.templating import date_formatter, url_pattern
from returnsvc.core.text import fold, normalise_document_number
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import MigrationHistory, Returnee, display_name

PAGE_SIZE = 50
MAX_PAGE = 2000
MAX_WORDS = 8

# Sort keys: (column, descending). "recent" and "name" follow an index that starts with the
# office; "opened" has none (an index on (office_id, opened_at, id) would give it one).
SORTS = {
    "recent": ((Case.stage_changed_at, True), (Case.id, True)),
    "opened": ((Case.opened_at, True), (Case.id, True)),
    "name": ((Case.person_sort, False), (Case.id, False)),
}


def _ordered(keys, sort: str) -> list:
    """ORDER BY terms: `keys` (the sort's columns, or the union's) in the sort's directions."""
    directions = (descending for _, descending in SORTS[sort])
    return [key.desc() if down else key for key, down in zip(keys, directions, strict=True)]


def search_words(q: str) -> list[tuple[str, ...]]:
    """Every word must appear in the folded name, document or phone digits (any order): per
    word, the variants to look for (the word, and its form as a document number)."""
    words = []
    for word in fold(q).split()[:MAX_WORDS]:
        variants = {word, normalise_document_number(word).lower()} - {""}
        words.append(tuple(sorted(variants)))
    return words


def _like_pattern(text: str) -> str:
    """`%text%` with LIKE's wildcards taken literally (escape character "/")."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


class CaseRow(NamedTuple):
    """One line of the case list: only the columns the page shows (no ORM objects, so a page
    costs one light query and no per-row loading)."""

    id: int
    reference: str
    stage: Stage
    stage_changed_at: datetime
    given_names: str
    first_surname: str
    second_surname: str
    returnee_id: int
    anonymised_at: datetime | None
    origin_country: str
    region_code: str
    office_name: str
    counsellor_name: str | None

    @property
    def person(self) -> str:
        if self.anonymised_at is not None:
            return f"#{self.returnee_id}"
        surnames = " ".join(p for p in (self.first_surname, self.second_surname) if p)
        return f"{surnames}, {self.given_names}" if self.given_names else surnames


_Counsellor = aliased(User)
_LIST_COLUMNS = (
    Case.id, Case.reference, Case.stage, Case.stage_changed_at, Returnee.given_names,
    Returnee.first_surname, Returnee.second_surname, Returnee.id, Returnee.anonymised_at,
    Returnee.origin_country, Returnee.region_code, Office.name, _Counsellor.full_name,
)  # fmt: skip
_ME = bindparam("me", type_=Integer)  # the user, for "assigned to me"


def viewer_values(user) -> dict:
    """The bound values of statements built per kind of viewer (`visibility.viewer_kind`):
    the VISIBLE condition's, and the user's own id as `me`."""
    return {**viewer_params(user), "me": getattr(user, "id", None)}


class _Shape(NamedTuple):
    """What decides the statement's text: everything else is a bound parameter."""

    viewer: str | None  # visibility.viewer_kind
    status: str  # "open", "all" or a stage code
    words: tuple[int, ...]  # variants per search word
    office: bool
    counsellor: str  # "", "me", "none" or "id"
    sex: bool
    country: bool
    programme: bool
    sort: str
    offset: int
    limit: int


def case_list_page(user, filters: dict | None = None, page: int = 1, per_page: int | None = None):
    """One page of the cases `user` may see: (rows, has_next)."""
    filters = filters or {}
    per_page = per_page or PAGE_SIZE
    page = min(max(page, 1), MAX_PAGE)
    words = search_words(filters.get("q") or "")
    counsellor = filters.get("counsellor") or ""
    status = filters.get("stage") or "open"
    shape = _Shape(
        viewer=viewer_kind(user),
        status=status if status in ("open", "all") else Stage(status).value,
        words=tuple(len(variants) for variants in words),
        office=bool(filters.get("office")),
        counsellor=counsellor if counsellor in ("", "me", "none") else "id",
        sex=bool(filters.get("sex")),
        country=bool(filters.get("country")),
        programme=bool(filters.get("programme")),
        sort=filters["sort"] if filters.get("sort") in SORTS else "recent",
        offset=(page - 1) * per_page,
        limit=per_page + 1,
    )
    params = {
        **viewer_values(user),
        "office": int(filters["office"]) if shape.office else None,
        "counsellor": int(counsellor) if shape.counsellor == "id" else None,
        "sex": filters.get("sex"),
        "country": filters.get("country"),
        "programme": filters.get("programme"),
    }
    for i, variants in enumerate(words):
        for j, variant in enumerate(variants):
            params[f"word_{i}_{j}"] = _like_pattern(variant)
    connection = db.session.connection()
    # A search is planned for its words (its generic plan took 30 ms instead of 10); the
    # other shapes were planned anew on every request (3 ms, for 0.5 ms of execution) while
    # their generic plan is as good: the office's index either way.
    set_planner(connection, generic_plans=not words)
    result = connection.execute(_list_statement(shape), params)
    rows = [CaseRow(*row) for row in result]
    return rows[:per_page], len(rows) > per_page


_PLANNER_SETTINGS = select(
    func.set_config("plan_cache_mode", bindparam("plan_cache_mode"), true()),
    func.set_config("max_parallel_workers_per_gather", "0", true()),
)


def set_planner(connection, *, generic_plans: bool) -> None:
    """Planner settings for the rest of the request's transaction, in one round trip.

    `generic_plans`: statements whose values do not change their best plan (an office, a
    user) are planned once per connection. PostgreSQL's own choice kept planning the lists
    and the dashboard for their values, 1-3 ms a statement, for the same plan. Otherwise
    they are planned for their values (a search's words decide its plan).
    No parallel workers: starting one took 20-30 ms, for scans of a few milliseconds."""
    mode = "force_generic_plan" if generic_plans else "force_custom_plan"
    connection.execute(_PLANNER_SETTINGS, {"plan_cache_mode": mode})


@lru_cache(maxsize=512)
def _list_statement(shape: _Shape):
    """The page's case ids are found on case_file (and returnee, when a filter needs it) in
    the sort's order, then only they are joined to their person, office and counsellor: a sort
    without an index of its own ("date opened") sorts an office's 13,000 cases, not 13,000
    rows joined to their people first (7 ms instead of 110)."""
    visible = VISIBLE[shape.viewer] if shape.viewer else false()
    if shape.viewer == "counsellor":
        # The two halves of the counsellor's rule, each ANDed with the whole rule.
        incoming = select(CaseTransfer.case_id).where(
            CaseTransfer.to_office_id == VIEWER_OFFICE,
            CaseTransfer.status == TransferStatus.PENDING,
        )
        scopes = [
            visible & (Case.office_id == VIEWER_OFFICE),
            visible & Case.id.in_(incoming) & (Case.office_id != VIEWER_OFFICE),
        ]
    else:
        scopes = [visible]
    keys = [column.label(f"sort_{i}") for i, (column, _) in enumerate(SORTS[shape.sort])]
    order = _ordered([column for column, _ in SORTS[shape.sort]], shape.sort)
    enough = inline(shape.offset + shape.limit)
    parts = [
        _filtered(select(Case.id.label("page_id"), *keys), shape)
        .where(scope)
        .order_by(*order)
        .limit(enough)
        for scope in scopes
    ]
    # Each scope's first offset+limit cases, merged in the same order.
    page = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("page")
    return (
        select(*_LIST_COLUMNS)
        .select_from(page)
        .join(Case, Case.id == page.c.page_id)
        .join(Returnee, Case.returnee_id == Returnee.id)
        .join(Office, Case.office_id == Office.id)
        .outerjoin(_Counsellor, Case.counsellor_id == _Counsellor.id)
        .order_by(*_ordered([page.c[key.name] for key in keys], shape.sort))
        .offset(inline(shape.offset))
        .limit(inline(shape.limit))
    )


def _filtered(stmt, shape: _Shape):
    if shape.words or shape.sex or shape.country or shape.programme:
        stmt = stmt.join(Returnee, Case.returnee_id == Returnee.id)
    if shape.status == "open":
        stmt = stmt.where(Case.stage != Stage.CLOSED)
    elif shape.status != "all":
        stmt = stmt.where(Case.stage == inline(Stage(shape.status), Case.stage.type))
    for i, count in enumerate(shape.words):
        stmt = stmt.where(
            or_(
                *(
                    Returnee.search_text.like(bindparam(f"word_{i}_{j}"), escape="/")
                    for j in range(count)
                )
            )
        )
    if shape.office:
        stmt = stmt.where(Case.office_id == bindparam("office"))
    if shape.counsellor == "me":
        stmt = stmt.where(Case.counsellor_id == _ME)
    elif shape.counsellor == "none":
        stmt = stmt.where(Case.counsellor_id.is_(None))
    elif shape.counsellor == "id":
        stmt = stmt.where(Case.counsellor_id == bindparam("counsellor"))
    if shape.sex:
        stmt = stmt.where(Returnee.sex == bindparam("sex"))
    if shape.country:
        stmt = stmt.where(Returnee.origin_country == bindparam("country"))
    if shape.programme:
        stmt = stmt.where(
            Returnee.id.in_(
                select(MigrationHistory.returnee_id).where(
                    MigrationHistory.return_programme == bindparam("programme")
                )
            )
        )
    return stmt


class CaseLine(NamedTuple):
    """A row of the list as the page shows it: every cell already a string (the template
    only escapes them), the link built from one url_for."""

    url: str
    person: str
    reference: str
    stage: str
    stage_label: str
    office: str
    counsellor: str
    returns_to: str
    changed: str


def case_lines(rows: list[CaseRow], locale: str) -> list[CaseLine]:
    detail = url_pattern("cases.detail", "case_id")
    labels = _stage_labels(locale)
    changed = date_formatter("short", locale)
    lines = []
    for row in rows:
        place = country_name(row.origin_country, locale)
        if row.region_code:
            place = f"{place} · {region_name(row.region_code)}"
        lines.append(
            CaseLine(
                url=detail.format(row.id),
                person=row.person,
                reference=row.reference,
                stage=row.stage.value,
                stage_label=labels[row.stage],
                office=row.office_name,
                counsellor=row.counsellor_name or "–",
                returns_to=place,
                changed=changed(row.stage_changed_at),
            )
        )
    return lines


@lru_cache(maxsize=8)  # one entry per language; called in a request of that language
def _stage_labels(locale: str) -> dict[Stage, str]:
    return {stage: str(stage.label) for stage in ORDER}


def offices_for_filter(user) -> list:
    """Offices whose cases the user may see (the office filter's choices: id and name)."""
    stmt = select(Office).where(Office.is_active).order_by(Office.country, Office.name)
    kind = viewer_kind(user)
    if kind == "admin":
        return db.session.scalars(stmt).all()
    if kind == "manager":
        return db.session.scalars(stmt.where(Office.country == user.office.country)).all()
    return [user.office] if kind == "counsellor" else []


class IncomingTransfer(NamedTuple):
    """A line of the case list's "transfers waiting for your office" panel."""

    case_id: int
    reference: str
    requested_at: datetime
    from_office_name: str
    given_names: str
    first_surname: str
    second_surname: str
    returnee_id: int
    anonymised_at: datetime | None

    @property
    def person(self) -> str:
        """As Returnee.full_name shows the person (a number once anonymised)."""
        return display_name(
            self.returnee_id,
            self.given_names,
            self.first_surname,
            self.second_surname,
            self.anonymised_at,
        )


_INCOMING = (
    select(
        CaseTransfer.case_id, Case.reference, CaseTransfer.requested_at, Office.name,
        Returnee.given_names, Returnee.first_surname, Returnee.second_surname, Returnee.id,
        Returnee.anonymised_at,
    )
    .join(Case, CaseTransfer.case_id == Case.id)
    .join(Returnee, Case.returnee_id == Returnee.id)
    .join(Office, CaseTransfer.from_office_id == Office.id)
    .where(
        CaseTransfer.to_office_id == VIEWER_OFFICE, CaseTransfer.status == TransferStatus.PENDING
    )
    .order_by(CaseTransfer.requested_at)
    .limit(inline(100))
)  # fmt: skip


def incoming_transfers(user) -> list[IncomingTransfer]:
    """Transfers waiting for the user's office to answer: one light query of the columns the
    panel shows (it runs on every list page, mostly to find nothing)."""
    if user.office_id is None:
        return []
    rows = db.session.connection().execute(_INCOMING, {"viewer_office": user.office_id})
    return [IncomingTransfer(*row) for row in rows]
