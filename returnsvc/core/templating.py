"""Jinja globals and filters: locale, countries, money, dates, navigation per role."""

from flask import request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.core.countries import country_name
from returnsvc.core.forms import render_select
from returnsvc.core.money import format_money
from returnsvc.core.permissions import Permission, has_permission

# (endpoint, label, permission): the menu shows what the role may open. A courtesy only:
# the views check permissions themselves.
NAVIGATION = (
    ("main.home", _l("Home"), Permission.VIEW_HOME),
    ("cases.index", _l("Cases"), Permission.VIEW_CASES),
    ("partners.index", _l("Partners"), Permission.VIEW_PARTNERS),
    ("users.index", _l("Users"), Permission.MANAGE_USERS),
    ("offices.index", _l("Offices"), Permission.MANAGE_OFFICES),
    ("audit.index", _l("Audit log"), Permission.VIEW_AUDIT_LOG),
)

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def navigation_items():
    items = []
    for endpoint, label, permission in NAVIGATION:
        if has_permission(current_user, permission):
            items.append(
                {
                    "url": url_for(endpoint),
                    "label": label,
                    "active": request.endpoint is not None
                    and request.endpoint.split(".")[0] == endpoint.split(".")[0],
                }
            )
    return items


def locale_code() -> str:
    return str(get_locale())


def register_templating(app):
    app.jinja_env.globals.update(
        get_locale=locale_code,
        navigation_items=navigation_items,
        country_name=country_name,
        language_names=LANGUAGE_NAMES,
        has_permission=has_permission,
        render_select=render_select,
        Permission=Permission,
    )
    app.jinja_env.filters.update(
        money=lambda amount, currency: format_money(amount, currency),
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
    )
