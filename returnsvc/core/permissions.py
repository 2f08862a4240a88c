"""Who may do what: one role -> permission table, and the decorators every view wears.

Every endpoint declares its access with `@require_permission(...)` or `@public`; a
before-request guard (`enforce_declared_access`) refuses any endpoint that declares neither,
so a view added without a decision is denied, not open. Record-level scoping (which office's
cases) lives in each feature's `*_or_404` loaders; this table answers "may this role ever".
"""

from enum import StrEnum
from functools import wraps

from flask import abort, current_app, request, url_for
from flask.signals import Namespace
from flask_login import current_user
from werkzeug.local import LocalProxy

from returnsvc.core.enums import Role
from returnsvc.core.i18n import lazy_text as _l


class Permission(StrEnum):
    VIEW_HOME = "view_home"
    CHANGE_OWN_PASSWORD = "change_own_password"
    MANAGE_USERS = "manage_users"
    MANAGE_OFFICES = "manage_offices"
    VIEW_AUDIT_LOG = "view_audit_log"
    # Cases: which role may ever; each lookup is further scoped by office (cases.loaders).
    VIEW_CASES = "view_cases"
    WORK_ON_CASES = "work_on_cases"
    VIEW_CASE_ACCESS_LOG = "view_case_access_log"
    # Figures of the caseload by stage over every case one may see (programme managers: their
    # country; administrators: all), on the home page.
    VIEW_CASELOAD_FIGURES = "view_caseload_figures"
    # A returnee follows their own case (their home page; the portal builds on it).
    FOLLOW_OWN_CASE = "follow_own_case"
    # The programme-outcomes dashboard, its exports and the health-professionals report
    # (managers: the cases of their country's offices; administrators: all).
    VIEW_OUTCOMES = "view_outcomes"
    # Invite a person to the portal, re-invite them, revoke their access (from their case).
    GIVE_PORTAL_ACCESS = "give_portal_access"
    EXPORT_SUBJECT_DATA = "export_subject_data"
    ANONYMISE_RETURNEES = "anonymise_returnees"
    VIEW_PARTNERS = "view_partners"
    MANAGE_PARTNERS = "manage_partners"
    # Occupation and skill pickers, ISCO-08 browse: reference data, but staff tools only.
    SEARCH_TAXONOMY = "search_taxonomy"
    VIEW_REFERENCE_DATA = "view_reference_data"
    # Guide editions and their entries, support programmes, good practices (public once
    # published; every change is audited).
    MANAGE_GUIDES = "manage_guides"
    # Content of every country (guides, programmes, good practices, partners); without it,
    # MANAGE_GUIDES and MANAGE_PARTNERS reach only the content of one's office's country
    # (content_countries below).
    EDIT_ALL_COUNTRIES = "edit_all_countries"
    # The weights of the match score (a new version each save; matches keep theirs).
    MANAGE_MATCHING_WEIGHTS = "manage_matching_weights"
    # Micro-enterprise figures (PAR30, survival by cohort) over every case one may see, and
    # writing off what a micro-loan still owes (managers, in their country's cases).
    VIEW_ENTERPRISE_FIGURES = "view_enterprise_figures"
    WRITE_OFF_LOANS = "write_off_loans"
    # The corridors' remittance-cost figures the public calculator compares (administrators).
    MANAGE_REMITTANCE_COSTS = "manage_remittance_costs"
    # Savings campaigns: run them (materials, enrolments) and read their results. Managers,
    # for their country (campaigns.access); administrators, for every country.
    MANAGE_SAVINGS_CAMPAIGNS = "manage_savings_campaigns"


_EVERY_SIGNED_IN = {Permission.VIEW_HOME, Permission.CHANGE_OWN_PASSWORD}

# Admins see every case read-only (support, audits); managers see their country's cases
# read-only and never confidential notes; counsellors work on their office's cases.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        _EVERY_SIGNED_IN
        | {
            Permission.MANAGE_USERS,
            Permission.MANAGE_OFFICES,
            Permission.VIEW_AUDIT_LOG,
            Permission.VIEW_CASES,
            Permission.VIEW_CASE_ACCESS_LOG,
            Permission.VIEW_CASELOAD_FIGURES,
            Permission.VIEW_OUTCOMES,
            Permission.EXPORT_SUBJECT_DATA,
            Permission.VIEW_PARTNERS,
            Permission.MANAGE_PARTNERS,
            # Content of every country: the one who mends a guide any manager got wrong.
            Permission.MANAGE_GUIDES,
            Permission.EDIT_ALL_COUNTRIES,
            Permission.SEARCH_TAXONOMY,
            Permission.VIEW_REFERENCE_DATA,
            Permission.MANAGE_MATCHING_WEIGHTS,
            Permission.VIEW_ENTERPRISE_FIGURES,
            Permission.MANAGE_REMITTANCE_COSTS,
            Permission.MANAGE_SAVINGS_CAMPAIGNS,
        }
    ),
    Role.MANAGER: frozenset(
        _EVERY_SIGNED_IN
        | {
            Permission.VIEW_CASES,
            Permission.VIEW_CASE_ACCESS_LOG,
            Permission.VIEW_CASELOAD_FIGURES,
            Permission.VIEW_OUTCOMES,
            Permission.EXPORT_SUBJECT_DATA,
            Permission.ANONYMISE_RETURNEES,
            Permission.VIEW_PARTNERS,
            Permission.MANAGE_PARTNERS,
            Permission.SEARCH_TAXONOMY,
            Permission.MANAGE_GUIDES,
            Permission.VIEW_ENTERPRISE_FIGURES,
            Permission.WRITE_OFF_LOANS,
            Permission.MANAGE_SAVINGS_CAMPAIGNS,
        }
    ),
    Role.COUNSELLOR: frozenset(
        _EVERY_SIGNED_IN
        | {
            Permission.VIEW_CASES,
            Permission.WORK_ON_CASES,
            Permission.EXPORT_SUBJECT_DATA,
            Permission.VIEW_PARTNERS,
            Permission.SEARCH_TAXONOMY,
            Permission.GIVE_PORTAL_ACCESS,
        }
    ),
    Role.RETURNEE: frozenset(_EVERY_SIGNED_IN | {Permission.FOLLOW_OWN_CASE}),
}

# Endpoints outside our blueprints that need no declaration.
_FRAMEWORK_PUBLIC = {"static"}

ACCESS_ATTR = "_returnsvc_access"
PUBLIC = "public"


def has_permission(user, permission: Permission) -> bool:
    # `current_user` is a proxy that looks the user up again at every attribute: once here.
    user = user._get_current_object() if isinstance(user, LocalProxy) else user
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return permission in ROLE_PERMISSIONS.get(user.role, frozenset())


# Next to the country field of a form that offers only the user's countries, when a request
# names another one anyway (a hand-made request or a page left open).
OWN_COUNTRY_ONLY = _l("You can only add or change content of your own country: choose it.")


def content_countries(user=None) -> frozenset[str] | None:
    """The countries whose content (guide editions and entries, support programmes, good
    practices, partners) `user` may change: None for every country (EDIT_ALL_COUNTRIES), else
    their office's country (none without an office). Whether they may change content at all is
    MANAGE_GUIDES / MANAGE_PARTNERS; this is the record-level scope on top."""
    user = current_user if user is None else user
    user = user._get_current_object() if isinstance(user, LocalProxy) else user
    if has_permission(user, Permission.EDIT_ALL_COUNTRIES):
        return None
    office = getattr(user, "office", None) if getattr(user, "is_authenticated", False) else None
    return frozenset({office.country}) if office is not None else frozenset()


def may_edit_content(countries, user=None) -> bool:
    """May `user` (the signed-in one by default) change a record of `countries` (a country
    code, or a record's codes; none at all means it concerns every country, as a good practice
    with no country does, which only an editor of every country changes)."""
    allowed = content_countries(user)
    if allowed is None:
        return True
    codes = {countries} if isinstance(countries, str) else set(countries or ())
    return bool(codes) and codes <= allowed


def editable_country_choices(choices, user=None) -> list:
    """A country field's choices (WTForms SelectChoice) cut to the countries `user` may add
    content for (a blank choice, value "", is kept: the services say a country is needed)."""
    allowed = content_countries(user)
    if allowed is None:
        return list(choices)
    return [c for c in choices if c.value in allowed or c.value == ""]


def require_content_country(countries, target=None, user=None) -> None:
    """403 (audited) when the record is of a country whose content the user may not change.
    Such a record is not hidden (404) but read-only: managers see every country's content in
    their lists and its detail pages, as they would see a case they may read but not change."""
    if not may_edit_content(countries, user):
        deny("content of another country", target=target)


def require_permission(permission: Permission):
    """Only signed-in users whose role has `permission`; others are sent to sign in (anonymous)
    or refused with 403, and the refusal is written to the audit log."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if not has_permission(current_user, permission):
                deny(reason=f"missing permission {permission}")
            return view(*args, **kwargs)

        setattr(wrapped, ACCESS_ATTR, permission)
        return wrapped

    return decorator


def public(view):
    """Mark a view as open to everyone, signed in or not. A deliberate, greppable decision."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def declared_access(view):
    return getattr(view, ACCESS_ATTR, None)


def url_if_allowed(endpoint: str, **values) -> str | None:
    """The URL of `endpoint` when the app has it and the signed-in user may open it, else None.
    For links from one feature's page to another's that may be left out of the app (the guide
    pages link to matching's "who fits" this way, without knowing matching)."""
    view = current_app.view_functions.get(endpoint)
    access = declared_access(view) if view is not None else None
    if access is None:
        return None
    if access is not PUBLIC and not has_permission(current_user, access):
        return None
    return url_for(endpoint, **values)


# Sent on every refused authorisation, before the 403; the audit log records it (audit
# connects to it when its blueprint is registered: core knows no feature).
access_denied = Namespace().signal("access-denied")


def deny(reason: str, target=None):
    """Announce a failed authorisation (the audit log records it) and answer 403."""
    access_denied.send(
        current_app._get_current_object(),
        actor=current_user if current_user.is_authenticated else None,
        target=target,
        details={"endpoint": request.endpoint, "method": request.method, "reason": reason},
    )
    abort(403)


def enforce_declared_access():
    """before_request: deny any endpoint whose view declares no access (deny by default)."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in _FRAMEWORK_PUBLIC:
        return None  # 404/405 are answered by the router
    view = current_app.view_functions.get(endpoint)
    if declared_access(view) is None:
        current_app.logger.error("Endpoint %s declares no access; refused", endpoint)
        abort(403)
    return None
