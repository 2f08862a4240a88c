"""The managers' page of micro-enterprise figures: PAR30 and delinquency buckets per currency,
survival by launch cohort; filters (country for administrators, office) in the query string,
odd values ignored rather than refused."""

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from returnsvc.core.clock import local_today
from returnsvc.core.countries import ORIGINS
from returnsvc.core.enums import Role
from returnsvc.core.numbers import parse_id
from returnsvc.core.permissions import Permission, require_permission
from returnsvc.enterprise import figures
from returnsvc.enterprise.figures import SURVIVAL_MONTHS
from returnsvc.extensions import db
from returnsvc.offices.models import Office
from returnsvc.returnees.models import Sex

bp = Blueprint("enterprise_figures", __name__, url_prefix="/enterprise")


def _offices(user, country: str | None) -> list[tuple[int, str, str]]:
    """(id, name, country) of the offices the viewer may filter by: a manager's country's,
    every origin country's for an administrator (one of them when a country is chosen)."""
    stmt = select(Office.id, Office.name, Office.country).where(Office.country.in_(ORIGINS))
    if user.role is not Role.ADMIN:
        stmt = stmt.where(Office.country == (user.office.country if user.office else None))
    elif country:
        stmt = stmt.where(Office.country == country)
    return [tuple(row) for row in db.session.execute(stmt.order_by(Office.name, Office.id))]


def _survival_rows(survival: figures.Survival) -> dict[str, list]:
    """The survival tables as (group, row) lists, grouped rows in the group's order."""
    return {
        "all": [(None, row) for row in survival.cohorts],
        "country": [
            (code, row) for code, rows in sorted(survival.by_country.items()) for row in rows
        ],
        "office": [
            (name, row)
            for (_id, name), rows in sorted(survival.by_office.items(), key=lambda i: i[0][1])
            for row in rows
        ],
        "sex": [
            (sex, row) for sex in Sex if sex in survival.by_sex for row in survival.by_sex[sex]
        ],
    }


@bp.route("/figures")
@require_permission(Permission.VIEW_ENTERPRISE_FIGURES)
def index():
    user = current_user._get_current_object()
    is_admin = user.role is Role.ADMIN
    country = request.args.get("country", "")
    country = country if is_admin and country in ORIGINS else None
    offices = _offices(user, country)
    office_id = parse_id(request.args.get("office", ""))
    if office_id not in {office[0] for office in offices}:
        office_id = None
    today = local_today()
    survival = figures.survival(user, today, country=country, office_id=office_id)
    return render_template(
        "enterprise/figures.html",
        portfolio=figures.loan_portfolio(user, today, country=country, office_id=office_id),
        survival=survival,
        survival_rows=_survival_rows(survival),
        months=SURVIVAL_MONTHS,
        buckets=figures.BUCKETS,
        countries=ORIGINS if is_admin else (),
        country=country,
        offices=offices,
        office_id=office_id,
        today=today,
    )
