"""Reads on the partner directory and on referrals. Referral lookups are scoped to a case, so
an id from another case finds nothing (no IDOR). Lists fetch one row more than a page to know
whether there is a next page, instead of counting."""

from sqlalchemy import case as sql_case
from sqlalchemy import func, select

from returnsvc.cases.models import Case
from returnsvc.core.paging import cut_page
from returnsvc.core.text import fold
from returnsvc.extensions import db
from returnsvc.partners.models import Partner, PartnerKind, Referral

PAGE_SIZE = 50
MAX_PAGE = 2000

# Accented letters PostgreSQL's translate() folds, so the name search ignores accents the same
# way core.text.fold() folds the query (the embedded server has no `unaccent`).
_ACCENTED = "áàäâãéèëêíìïîóòöôõúùüûñç"
_PLAIN = "aaaaaeeeeiiiiooooouuuunc"


def _folded_name():
    return func.translate(func.lower(Partner.name), _ACCENTED, _PLAIN)


def partner_page(
    filters: dict | None = None, page: int = 1, per_page: int | None = None
) -> tuple[list[Partner], bool]:
    """One page of the directory, by country and name: (partners, has_next).

    filters: q (words that must all appear in the name, accents and case ignored), country,
    kind, status ("active" by default, "inactive" or "all")."""
    filters = filters or {}
    per_page = per_page or PAGE_SIZE
    page = min(max(page, 1), MAX_PAGE)
    stmt = select(Partner)
    status = filters.get("status") or "active"
    if status == "active":
        stmt = stmt.where(Partner.is_active.is_(True))
    elif status == "inactive":
        stmt = stmt.where(Partner.is_active.is_(False))
    if filters.get("country"):
        stmt = stmt.where(Partner.country == filters["country"])
    if filters.get("kind"):
        stmt = stmt.where(Partner.kind == PartnerKind(filters["kind"]))
    for word in fold((filters.get("q") or "").replace("\x00", "")).split()[:8]:
        stmt = stmt.where(_folded_name().contains(word, autoescape=True))
    rows = db.session.scalars(
        stmt.order_by(Partner.country, func.lower(Partner.name), Partner.id)
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    )
    return cut_page(rows, per_page)


def referral_partners(case: Case) -> list[Partner]:
    """Active partners a case may be referred to: in the country of return first, then in the
    office's country and in Spain (preparation before the return)."""
    origin = case.returnee.origin_country
    countries = {origin, case.office.country, "ES"}
    return list(
        db.session.scalars(
            select(Partner)
            .where(Partner.is_active.is_(True), Partner.country.in_(countries))
            .order_by(
                sql_case((Partner.country == origin, 0), else_=1),
                Partner.country,
                func.lower(Partner.name),
            )
        )
    )


def referrals_of(case: Case) -> list[Referral]:
    """The case's referrals, newest first, with partner and sender (joined: one statement)."""
    return list(
        db.session.scalars(
            select(Referral)
            .where(Referral.case_id == case.id)
            .order_by(Referral.sent_at.desc(), Referral.id.desc())
        )
    )


def referral_of_case(case: Case, referral_id: int) -> Referral | None:
    return db.session.scalar(
        select(Referral).where(Referral.id == referral_id, Referral.case_id == case.id)
    )
