"""Expected status per role for the managers' guide pages: only managers (MANAGE_GUIDES) may
open them; POST actions redirect back after doing their work."""

from tests.guides.helpers import build
from tests.sweep.common import status

MANAGERS = status(302, 403, 403, 200, 403)
MANAGERS_POST = status(302, 403, 403, 302, 403)


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
    "guides.edit": ("GET", EDITION + "/edit", MANAGERS),
    "guides.publish": ("POST", EDITION + "/publish", MANAGERS_POST),
    "guides.unpublish": ("POST", EDITION + "/unpublish", MANAGERS_POST),
    "guides.delete": ("GET", EDITION + "/delete", MANAGERS),
    "guides.copy": ("GET", EDITION + "/copy", MANAGERS),
    "guides.new_entry": ("GET", EDITION + "/demand/new", MANAGERS),
    "guides.edit_entry": ("GET", DEMAND, MANAGERS),
    "guides.delete_entry": ("GET", DEMAND + "/delete", MANAGERS),
    "guides.entry_skills": (
        "GET",
        "/manage/guides/{guide_business_id}/opportunities/{opportunity_id}/skills",
        MANAGERS,
    ),
    "guides.remove_skill": ("POST", DEMAND + "/skills/1/remove", MANAGERS_POST),
}

PLACEHOLDERS = {
    "guide_edition_id": lambda world: _edition(world, "labour_market")[0],
    "demand_entry_id": lambda world: _edition(world, "labour_market")[1],
    "guide_business_id": lambda world: _edition(world, "business")[0],
    "opportunity_id": lambda world: _edition(world, "business")[1],
}
