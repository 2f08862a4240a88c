"""The tab bar of the case page, from the tabs the features registered (cases.workspace).
Each tab is its own URL (works without JavaScript) taking `case_id`; some need a permission."""

from flask import request, url_for
from flask_login import current_user

from returnsvc.cases.workspace import workspace
from returnsvc.core.permissions import has_permission


def case_tabs(case) -> list[dict]:
    tabs = []
    for tab in workspace().tabs:
        if tab.permission is not None and not has_permission(current_user, tab.permission):
            continue
        tabs.append(
            {
                "url": url_for(tab.endpoint, case_id=case.id),
                "label": tab.label,
                "active": request.endpoint == tab.endpoint,
            }
        )
    return tabs
