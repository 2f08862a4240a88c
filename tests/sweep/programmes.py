"""Expected status per role for the managers' support-programme pages (MANAGE_GUIDES: managers
only). Placeholder names are prefixed so that they never replace another feature's. POSTs
without a version change nothing and redirect back to the programme."""

from tests.sweep.common import status

MANAGERS = status(302, 403, 403, 200, 403)
MANAGER_POSTS = status(302, 403, 403, 302, 403)
PAGE = "/manage/programmes/{managed_programme_id}"

EXPECTED = {
    "programmes.index": ("GET", "/manage/programmes/", MANAGERS),
    "programmes.create": ("GET", "/manage/programmes/new", MANAGERS),
    "programmes.detail": ("GET", PAGE, MANAGERS),
    "programmes.edit": ("GET", f"{PAGE}/edit", MANAGERS),
    "programmes.publish": ("POST", f"{PAGE}/publish", MANAGER_POSTS),
    "programmes.unpublish": ("POST", f"{PAGE}/unpublish", MANAGER_POSTS),
    "programmes.delete": ("GET", f"{PAGE}/delete", MANAGERS),
}

PLACEHOLDERS = {"managed_programme_id": lambda world: world.make.programme("EC", published=False)}
