"""The tabs of the case page. Each tab is its own URL (works without JavaScript) taking
`case_id`; tabs of features not installed are skipped, and some need a permission."""

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from returnsvc.core.permissions import Permission, has_permission

CASE_TABS = (
    ("cases.detail", _l("Summary"), None),
    ("returnees.profile", _l("Person"), None),
    ("skills.profile", _l("Skills profile"), None),
    ("casework.notes", _l("Notes"), None),
    ("casework.appointments", _l("Appointments"), None),
    ("casework.tasks", _l("Tasks"), None),
    ("plans.plan", _l("Plan"), None),
    ("partners.case_referrals", _l("Referrals"), None),
    ("cases.access_log", _l("Who viewed it"), Permission.VIEW_CASE_ACCESS_LOG),
)


def case_tabs(case) -> list[dict]:
    tabs = []
    for endpoint, label, permission in CASE_TABS:
        if endpoint not in current_app.view_functions:
            continue
        if permission is not None and not has_permission(current_user, permission):
            continue
        tabs.append(
            {
                "url": url_for(endpoint, case_id=case.id),
                "label": label,
                "active": request.endpoint == endpoint,
            }
        )
    return tabs
