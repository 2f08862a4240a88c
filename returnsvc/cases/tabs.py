"""The tab bar of the case page, from the tabs the features registered (cases.workspace).
Each tab is its own URL (works without JavaScript) taking `case_id`; some need a permission.

The bar is the same for every case but for the id: its URLs are built once per app, tab and
URL root, with a marker where the id goes (not nine url_for calls on every page)."""

from functools import lru_cache

from flask import current_app, request, url_for
from flask_login import current_user

from returnsvc.cases.workspace import workspace
from returnsvc.core.permissions import has_permission

_MARKER = 2_147_480_647  # an id of the right kind that no other part of our URLs holds


def case_tabs(case) -> list[dict]:
    tabs = []
    current = request.endpoint
    for tab in workspace().tabs:
        if tab.permission is not None and not has_permission(current_user, tab.permission):
            continue
        pattern = _url_pattern(current_app._get_current_object(), tab.endpoint, request.root_path)
        tabs.append(
            {
                "url": pattern.format(case.id),
                "label": tab.label,
                "active": current == tab.endpoint,
            }
        )
    return tabs


@lru_cache(maxsize=256)
def _url_pattern(app, endpoint: str, root: str) -> str:
    url = url_for(endpoint, case_id=_MARKER)
    return url.replace("{", "{{").replace("}", "}}").replace(str(_MARKER), "{}")
