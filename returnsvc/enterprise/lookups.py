"""What the Enterprise tab and its form pages look up: each enterprise, funding source, loan
or repayment within one case only (another case's id answers 404), and the choices the forms
offer and the names the tab shows next to ids (partners, support programmes, business
opportunities), in the page's language."""

from flask import abort
from flask_babel import get_locale
from sqlalchemy import select

from returnsvc.core.languages import LOCALES
from returnsvc.enterprise.models import Enterprise, FundingSource, Loan, Repayment
from returnsvc.extensions import db
from returnsvc.guides.models import OPPORTUNITY_TEXT, BusinessOpportunity
from returnsvc.guides.queries import current_edition_ids
from returnsvc.partners.models import Partner
from returnsvc.programmes.models import PROGRAMME_TEXT, SupportProgramme
from returnsvc.publishing.models import PublicationStatus

# --- lookups within the case ------------------------------------------------------------------


def _within_case(stmt, case):
    """The one row of `stmt` (which joins Enterprise) that belongs to `case`, else 404."""
    found = db.session.scalar(stmt.where(Enterprise.case_id == case.id))
    if found is None:
        abort(404)
    return found


def _to_enterprise(stmt):
    """`stmt` on FundingSource joined to its enterprise."""
    return stmt.join(Enterprise, Enterprise.id == FundingSource.enterprise_id)


def enterprise_or_404(case, enterprise_id: int) -> Enterprise:
    return _within_case(select(Enterprise).where(Enterprise.id == enterprise_id), case)


def funding_or_404(case, funding_id: int) -> FundingSource:
    stmt = _to_enterprise(select(FundingSource)).where(FundingSource.id == funding_id)
    return _within_case(stmt, case)


def loan_or_404(case, loan_id: int) -> Loan:
    stmt = select(Loan).join(FundingSource, FundingSource.id == Loan.funding_id)
    return _within_case(_to_enterprise(stmt).where(Loan.id == loan_id), case)


def repayment_or_404(case, repayment_id: int) -> Repayment:
    stmt = (
        select(Repayment)
        .join(Loan, Loan.id == Repayment.loan_id)
        .join(FundingSource, FundingSource.id == Loan.funding_id)
    )
    return _within_case(_to_enterprise(stmt).where(Repayment.id == repayment_id), case)


def enterprise_of_funding(funding_source: FundingSource) -> Enterprise:
    return db.session.get(Enterprise, funding_source.enterprise_id)


# --- choices ----------------------------------------------------------------------------------


def page_locale() -> str:
    """The page's language, one of LOCALES."""
    locale = str(get_locale() or LOCALES[0])
    return locale if locale in LOCALES else LOCALES[0]


def opportunity_choices(country: str, locale: str, keep: int | None = None) -> list:
    """(id, title) of the business opportunities of the country's current business guide (and
    the one the business already names, if it is elsewhere)."""
    stmt, text = OPPORTUNITY_TEXT.joined(
        select(BusinessOpportunity.id), BusinessOpportunity.id, locale
    )
    wanted = BusinessOpportunity.edition_id.in_(current_edition_ids([country]))
    if keep is not None:
        wanted = wanted | (BusinessOpportunity.id == keep)
    rows = db.session.execute(stmt.add_columns(text.title).where(wanted).order_by(text.title))
    return [(row.id, row.title or f"#{row.id}") for row in rows]


def programme_choices(country: str, locale: str, kinds=None) -> list:
    """(id, name) of the published support programmes of the country (of `kinds`)."""
    stmt, text = PROGRAMME_TEXT.joined(select(SupportProgramme.id), SupportProgramme.id, locale)
    stmt = stmt.add_columns(text.name).where(
        SupportProgramme.country == country,
        SupportProgramme.status == PublicationStatus.PUBLISHED,
    )
    if kinds:
        stmt = stmt.where(SupportProgramme.kind.in_(list(kinds)))
    return [
        (row.id, row.name or f"#{row.id}") for row in db.session.execute(stmt.order_by(text.name))
    ]


def partner_choices(country: str) -> list:
    rows = db.session.execute(
        select(Partner.id, Partner.name)
        .where(Partner.country == country, Partner.is_active)
        .order_by(Partner.name, Partner.id)
    )
    return [(row.id, row.name) for row in rows]


def tab_names(views, locale: str) -> dict:
    """Names the tab shows next to ids: {"partner": {id: name}, "programme": {...},
    "opportunity": {...}} (three statements at most)."""
    partner_ids, programme_ids, opportunity_ids = set(), set(), set()
    for view in views:
        if view.enterprise.opportunity_id:
            opportunity_ids.add(view.enterprise.opportunity_id)
        for item in view.funding:
            if item.funding.partner_id:
                partner_ids.add(item.funding.partner_id)
            if item.funding.programme_id:
                programme_ids.add(item.funding.programme_id)
    names = {"partner": {}, "programme": {}, "opportunity": {}}
    if partner_ids:
        names["partner"] = dict(
            db.session.execute(
                select(Partner.id, Partner.name).where(Partner.id.in_(partner_ids))
            ).all()
        )
    if programme_ids:
        stmt, text = PROGRAMME_TEXT.joined(select(SupportProgramme.id), SupportProgramme.id, locale)
        names["programme"] = dict(
            db.session.execute(
                stmt.add_columns(text.name).where(SupportProgramme.id.in_(programme_ids))
            ).all()
        )
    if opportunity_ids:
        stmt, text = OPPORTUNITY_TEXT.joined(
            select(BusinessOpportunity.id), BusinessOpportunity.id, locale
        )
        names["opportunity"] = dict(
            db.session.execute(
                stmt.add_columns(text.title).where(BusinessOpportunity.id.in_(opportunity_ids))
            ).all()
        )
    return names
