"""What the Savings tab and its form pages look up: each plan or ledger entry within one case
only (another case's id answers 404), and the choices the forms offer (the case's businesses,
the banks and savings institutions of the person's country and of Spain)."""

from flask import abort
from sqlalchemy import select

from returnsvc.core.countries import HOST, country_name
from returnsvc.enterprise.models import Enterprise
from returnsvc.extensions import db
from returnsvc.partners.models import Partner
from returnsvc.savings.models import SavingsEntry, SavingsPlan
from returnsvc.savings.services import INSTITUTION_KINDS


def plan_or_404(case, plan_id: int) -> SavingsPlan:
    plan = db.session.scalar(
        select(SavingsPlan).where(SavingsPlan.id == plan_id, SavingsPlan.case_id == case.id)
    )
    if plan is None:
        abort(404)
    return plan


def entry_or_404(case, entry_id: int) -> SavingsEntry:
    entry = db.session.scalar(
        select(SavingsEntry)
        .join(SavingsPlan, SavingsPlan.id == SavingsEntry.plan_id)
        .where(SavingsEntry.id == entry_id, SavingsPlan.case_id == case.id)
    )
    if entry is None:
        abort(404)
    return entry


def enterprise_choices(case) -> list:
    """(id, name) of the case's businesses, oldest first."""
    rows = db.session.execute(
        select(Enterprise.id, Enterprise.name)
        .where(Enterprise.case_id == case.id)
        .order_by(Enterprise.id)
    )
    return [(row.id, row.name) for row in rows]


def institution_choices(country: str) -> list:
    """(id, name) of the active banks, savings cooperatives and microfinance institutions of
    the person's country and of Spain (the services accept those only), the country's first."""
    countries = (country, HOST)
    rows = db.session.execute(
        select(Partner.id, Partner.name, Partner.country)
        .where(
            Partner.is_active.is_(True),
            Partner.kind.in_(INSTITUTION_KINDS),
            Partner.country.in_(countries),
        )
        .order_by(Partner.country != country, Partner.name, Partner.id)
    )
    return [(row.id, f"{row.name} ({country_name(row.country)})") for row in rows]
