"""Expected status per role for the managers' guide pages: managers and admins (MANAGE_GUIDES) may
open them; POST actions redirect back after doing their work."""

from tests.guides.helpers import build
from tests.sweep.common import status

MANAGERS = status(302, 403, 403, 200, 200)
MANAGERS_POST = status(302, 403, 403, 302, 302)
# Changing an edition or its entries is for managers of the edition's country: the sweep's
# manager belongs to a Spanish office and the editions are Ecuador's, so they are refused.
# COUNTRY_SCOPED gives what a manager of Ecuador gets (test_permission_sweep signs one in, and
# one of Bolivia, who is refused too).
FOREIGN = status(302, 403, 403, 403, 200)  # admins edit every country
FOREIGN_POST = status(302, 403, 403, 403, 302)


def _edition(world, kind: str) -> int:
    """One draft edition of each kind per sweep world, with one entry (shared by the URL's
    placeholders so edition and entry ids match)."""
    cache = world.__dict__.setdefault("_guide_editions", {})
    if kind not in cache:
        built = build(world.app, kind)
        cache[kind] = (built["edition"], built["entries"][0])
    return cache[kind]


EDITION = "/manage/guides/{guide_edition_id}"
DEMAND = EDITION + "/demand/{demand_entry_id}"
EXPECTED = {
    "guides.index": ("GET", "/manage/guides/?country=EC&kind=business&status=draft", MANAGERS),
    "guides.create": ("GET", "/manage/guides/new", MANAGERS),
    "guides.edition": ("GET", EDITION, MANAGERS),
    "guides.edit": ("GET", EDITION + "/edit", FOREIGN),
    "guides.publish": ("POST", EDITION + "/publish", FOREIGN_POST),
    "guides.unpublish": ("POST", EDITION + "/unpublish", FOREIGN_POST),
    "guides.delete": ("GET", EDITION + "/delete", FOREIGN),
    "guides.copy": ("GET", EDITION + "/copy", FOREIGN),
    "guides.new_entry": ("GET", EDITION + "/demand/new", FOREIGN),
    "guides.edit_entry": ("GET", DEMAND, FOREIGN),
    "guides.delete_entry": ("GET", DEMAND + "/delete", FOREIGN),
    "guides.entry_skills": (
        "GET",
        "/manage/guides/{guide_business_id}/opportunities/{opportunity_id}/skills",
        FOREIGN,
    ),
    "guides.remove_skill": ("POST", DEMAND + "/skills/1/remove", FOREIGN_POST),
}

# endpoint: (the country of the content its URL names, what a manager of that country gets)
COUNTRY_SCOPED = {
    endpoint: ("EC", 302 if EXPECTED[endpoint][0] == "POST" else 200)
    for endpoint, (_method, _url, statuses) in EXPECTED.items()
    if statuses is FOREIGN or statuses is FOREIGN_POST
}

PLACEHOLDERS = {
    "guide_edition_id": lambda world: _edition(world, "labour_market")[0],
    "demand_entry_id": lambda world: _edition(world, "labour_market")[1],
    "guide_business_id": lambda world: _edition(world, "business")[0],
    "opportunity_id": lambda world: _edition(world, "business")[1],
}
