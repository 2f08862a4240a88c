"""Jinja globals and filters: locale, countries, money, dates, navigation per role."""

from datetime import date, datetime, time
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from flask import current_app, request, url_for
from flask_babel import format_decimal
from flask_login import current_user

from returnsvc.core.clock import viewer_zone, viewer_zone_label
from returnsvc.core.countries import country_name
from returnsvc.core.flashes import flashed_messages
from returnsvc.core.forms import render_select
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.i18n import locale_code
from returnsvc.core.languages import LOCALE_NAMES, language_name
from returnsvc.core.money import format_money
from returnsvc.core.permissions import (
    ROLE_PERMISSIONS,
    Permission,
    has_permission,
    url_if_allowed,
)
from returnsvc.core.security import public_url

# (endpoint, label, permission or None for everyone, endpoints it is "current" for, group or
# None): the menu shows what the role may open. A courtesy only: the views check permissions
# themselves. Items of a group sit together under one disclosure (an admin's seven pages would
# wrap the header); a group of which a role sees one item shows that item alone.
_MANAGING_GUIDES = ("guides.", "programmes.", "practices.", "guide_files.")
_ADMINISTRATION = _l("Administration")
NAVIGATION = (
    ("home.home", _l("Home"), Permission.VIEW_HOME, ("home.home",), None),
    ("cases.index", _l("Cases"), Permission.VIEW_CASES, ("cases.",), None),
    ("partners.index", _l("Partners"), Permission.VIEW_PARTNERS, ("partners.",), None),
    ("guides.index", _l("Manage guides"), Permission.MANAGE_GUIDES, _MANAGING_GUIDES, None),
    ("reports.dashboard", _l("Outcomes"), Permission.VIEW_OUTCOMES, ("reports.",), None),
    ("users.index", _l("Users"), Permission.MANAGE_USERS, ("users.",), _ADMINISTRATION),
    ("offices.index", _l("Offices"), Permission.MANAGE_OFFICES, ("offices.",), _ADMINISTRATION),
    ("audit.index", _l("Audit log"), Permission.VIEW_AUDIT_LOG, ("audit.",), _ADMINISTRATION),
    (
        "taxonomy.index",
        _l("Reference data"),
        Permission.VIEW_REFERENCE_DATA,
        ("taxonomy.",),
        _ADMINISTRATION,
    ),
    (
        "matching.weights",
        _l("Matching weights"),
        Permission.MANAGE_MATCHING_WEIGHTS,
        ("matching.weights",),
        _ADMINISTRATION,
    ),
    (
        "matching.how_scores_work",
        _l("How match scores work"),
        Permission.MANAGE_MATCHING_WEIGHTS,
        ("matching.how_scores_work",),
        _ADMINISTRATION,
    ),
    (
        "remittances.index",
        _l("Remittance costs"),
        Permission.MANAGE_REMITTANCE_COSTS,
        ("remittances.index", "remittances.create", "remittances.import_figures"),
        _ADMINISTRATION,
    ),
    # Public pages, for everyone signed in or not.
    ("explorer.explore", _l("Opportunity explorer"), None, ("explorer.explore",), None),
    ("explorer.index", _l("Country guides"), None, ("explorer.",), None),
)


class NavItem(NamedTuple):
    """A link of the menu, or a group (no url) whose `children` are links."""

    url: str
    label: str
    active: bool
    children: tuple["NavItem", ...] = ()


def navigation_items() -> tuple[NavItem, ...]:
    """The menu for this request: the items the user's role may open, one marked current.

    The same for everyone of a role in a language (no personal data), so it is built once per
    role, language, endpoint and URL root instead of with ten permission checks and ten
    url_for calls on every page."""
    user = current_user._get_current_object()
    role = user.role if user.is_authenticated and user.is_active else None
    app = current_app._get_current_object()
    return _navigation(app, role, locale_code(), request.endpoint or "", request.script_root)


@lru_cache(maxsize=1024)  # endpoints are the app's own: a bounded set
def _navigation(app, role, locale: str, current: str, root: str) -> tuple[NavItem, ...]:
    allowed = ROLE_PERMISSIONS.get(role, frozenset())
    # (group label or None, links): consecutive items of one group gathered.
    runs: list[tuple[object, list[NavItem]]] = []
    found_current = False
    for endpoint, label, permission, current_for, group in NAVIGATION:
        if permission is None or permission in allowed:
            # One item is current: the first whose endpoints match (the explorer before the
            # other public guide pages).
            active = not found_current and current.startswith(current_for)
            found_current = found_current or active
            link = NavItem(url_for(endpoint), str(label), active)
            if group is not None and runs and runs[-1][0] is group:
                runs[-1][1].append(link)
            else:
                runs.append((group, [link]))
    items = []
    for group, links in runs:
        if group is None or len(links) == 1:
            items.extend(links)
        else:
            active = any(link.active for link in links)
            items.append(NavItem("", str(group), active, tuple(links)))
    return tuple(items)


def url_pattern(endpoint: str, key: str, **values) -> str:
    """The URL of `endpoint` with `{}` where the integer `key` goes: one url_for for a list
    of links that differ only by an id (`url_pattern("cases.detail", "case_id").format(7)`)."""
    app = current_app._get_current_object()
    return _url_pattern(app, endpoint, key, request.script_root, tuple(sorted(values.items())))


_MARKER = 2_147_480_647  # an id no URL part of ours contains otherwise


@lru_cache(maxsize=256)
def _url_pattern(app, endpoint: str, key: str, root: str, values: tuple) -> str:
    url = url_for(endpoint, **dict(values), **{key: _MARKER})
    if url.count(str(_MARKER)) != 1:
        raise ValueError(f"cannot make a pattern of {url}")
    return url.replace(str(_MARKER), "{}")


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
        time_zone_name=viewer_zone_label,
        flashed_messages=flashed_messages,
        public_url=public_url,
        url_if_allowed=url_if_allowed,
    )
    # `locale` and `zone` (optional): a page that formats a date per row resolves them once
    # (`{% set locale = get_locale() %}`) and passes them, instead of one lookup per cell.
    # Instants are shown in the viewer's zone (core.clock: their own, else their office's).
    app.jinja_env.filters.update(
        money=lambda amount, currency: format_money(amount, currency),
        # A number as the page's language writes it ("30,5" in Spanish, "30.5" in English).
        decimal=lambda value: format_decimal(value) if value is not None else "",
        datetime=lambda value, fmt="medium", locale=None, zone=None: _format_datetime(
            value, fmt, zone or viewer_zone(), locale
        ),
        date=lambda value, fmt="medium", locale=None, zone=None: _format_date(
            value, fmt, zone or viewer_zone(), locale
        ),
    )


def date_formatter(fmt: str = "medium", locale: str | None = None, zone: ZoneInfo | None = None):
    """The `date` filter as a function of the value, for code that prepares a list's cells in
    Python: the zone and the locale are looked up once, not once per row."""
    zone, locale = zone or viewer_zone(), locale or locale_code()
    return lambda value: _format_date(value, fmt, zone, locale)


# Lists show a date per row; the same dates repeat page after page, so formatted dates are
# memoised per (date, format, locale) instead of going through Flask-Babel's per-call lookups.
# An instant is first turned into the viewer's local date or time, so these caches hold local
# parts and serve every zone; dates that are days (due dates) are shown as they are.
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
    return _cached_datetime(value, fmt, zone, locale or locale_code())


def _cached_datetime(value: datetime, fmt: str, zone: ZoneInfo, locale: str) -> str:
    """Babel's format_datetime (about 30 µs a call) put together from cached parts: the date
    (per day), the time (per hour, minute and second) and the locale's pattern joining them,
    exactly as Babel joins them. A timeline shows a dozen instants, each different."""
    local = value.astimezone(zone)
    pattern = _datetime_pattern(fmt, locale)
    if pattern is None:  # a custom pattern, not a standard length: Babel formats it
        return babel_dates.format_datetime(
            value, format=fmt, tzinfo=zone, locale=_parsed_locale(locale)
        )
    day = _cached_date(local.date(), fmt, locale)
    clock = _cached_time(local.hour, local.minute, local.second, fmt, locale)
    return pattern.replace("{0}", clock).replace("{1}", day)


@lru_cache(maxsize=32)
def _datetime_pattern(fmt: str, locale: str) -> str | None:
    if fmt not in ("short", "medium"):  # the longer ones show the time zone
        return None
    return babel_dates.get_datetime_format(fmt, locale=locale).replace("'", "")


@lru_cache(maxsize=8192)
def _cached_time(hour: int, minute: int, second: int, fmt: str, locale: str) -> str:
    from_parts = time(hour, minute, second)
    return babel_dates.format_time(from_parts, format=fmt, locale=_parsed_locale(locale))


@lru_cache(maxsize=8)
def _parsed_locale(code: str) -> Locale:
    return Locale.parse(code)
