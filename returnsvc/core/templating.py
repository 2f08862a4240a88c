"""Jinja globals and filters: locale, countries, money, dates, navigation per role."""

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from flask import request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.core.countries import country_name
from returnsvc.core.forms import render_select
from returnsvc.core.languages import LOCALE_NAMES, language_name
from returnsvc.core.money import format_money
from returnsvc.core.permissions import Permission, has_permission

# (endpoint, label, permission or None for everyone, endpoints it is "current" for): the menu
# shows what the role may open. A courtesy only: the views check permissions themselves.
_MANAGING_GUIDES = ("guides.", "programmes.", "practices.", "guide_files.")
NAVIGATION = (
    ("home.home", _l("Home"), Permission.VIEW_HOME, ("home.home",)),
    ("cases.index", _l("Cases"), Permission.VIEW_CASES, ("cases.",)),
    ("partners.index", _l("Partners"), Permission.VIEW_PARTNERS, ("partners.",)),
    ("guides.index", _l("Manage guides"), Permission.MANAGE_GUIDES, _MANAGING_GUIDES),
    ("users.index", _l("Users"), Permission.MANAGE_USERS, ("users.",)),
    ("offices.index", _l("Offices"), Permission.MANAGE_OFFICES, ("offices.",)),
    ("audit.index", _l("Audit log"), Permission.VIEW_AUDIT_LOG, ("audit.",)),
    ("taxonomy.index", _l("Reference data"), Permission.VIEW_REFERENCE_DATA, ("taxonomy.",)),
    # Public pages, for everyone signed in or not.
    ("explorer.explore", _l("Opportunity explorer"), None, ("explorer.explore",)),
    ("explorer.index", _l("Country guides"), None, ("explorer.",)),
)


def navigation_items():
    items = []
    current = request.endpoint or ""
    found_current = False
    for endpoint, label, permission, current_for in NAVIGATION:
        if permission is None or has_permission(current_user, permission):
            # One item is current: the first whose endpoints match (the explorer before the
            # other public guide pages).
            active = not found_current and current.startswith(current_for)
            found_current = found_current or active
            items.append({"url": url_for(endpoint), "label": label, "active": active})
    return items


def locale_code() -> str:
    return str(get_locale())


def register_templating(app):
    app.jinja_env.globals.update(
        get_locale=locale_code,
        navigation_items=navigation_items,
        country_name=country_name,
        language_names=LOCALE_NAMES,
        language_name=language_name,
        has_permission=has_permission,
        render_select=render_select,
        Permission=Permission,
    )
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
    # `locale` (optional): a page that formats a date per row resolves the locale once
    # (`{% set locale = get_locale() %}`) and passes it, instead of one lookup per cell.
    app.jinja_env.filters.update(
        money=lambda amount, currency: format_money(amount, currency),
        datetime=lambda value, fmt="medium", locale=None: _format_datetime(
            value, fmt, zone, locale
        ),
        date=lambda value, fmt="medium", locale=None: _format_date(value, fmt, zone, locale),
    )


# Lists show a date per row; the same dates repeat page after page, so formatted dates are
# memoised per (date, format, locale) instead of going through Flask-Babel's per-call lookups.
# Times are shown in the app's time zone (BABEL_DEFAULT_TIMEZONE; no per-user zones yet).
@lru_cache(maxsize=8192)
def _cached_date(value: date, fmt: str, locale: str) -> str:
    return babel_dates.format_date(value, format=fmt, locale=locale)


def _format_date(value, fmt: str, zone: ZoneInfo, locale: str | None = None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(zone).date()
    return _cached_date(value, fmt, locale or locale_code())


def _format_datetime(value, fmt: str, zone: ZoneInfo, locale: str | None = None) -> str:
    if not value:
        return ""
    # Babel parses a locale given by name on every call; timelines format dozens of times.
    parsed = _parsed_locale(locale) if locale else get_locale()
    return babel_dates.format_datetime(value, format=fmt, tzinfo=zone, locale=parsed)


@lru_cache(maxsize=8)
def _parsed_locale(code: str) -> Locale:
    return Locale.parse(code)
