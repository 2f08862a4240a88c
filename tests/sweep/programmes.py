"""Expected status per role for the managers' support-programme pages (MANAGE_GUIDES: managers and
admins). Placeholder names are prefixed so that they never replace another feature's. POSTs
without a version change nothing and redirect back to the programme."""

from tests.sweep.common import status

MANAGERS = status(302, 403, 403, 200, 200)
MANAGER_POSTS = status(302, 403, 403, 302, 302)
# Changing a programme is for managers of its country: the sweep's manager belongs to a Spanish
# office and the programme is Ecuador's (COUNTRY_SCOPED: what a manager of Ecuador gets).
FOREIGN = status(302, 403, 403, 403, 200)  # admins edit every country
FOREIGN_POST = status(302, 403, 403, 403, 302)
PAGE = "/manage/programmes/{managed_programme_id}"

EXPECTED = {
    "programmes.index": ("GET", "/manage/programmes/", MANAGERS),
    "programmes.create": ("GET", "/manage/programmes/new", MANAGERS),
    "programmes.detail": ("GET", PAGE, MANAGERS),
    "programmes.edit": ("GET", f"{PAGE}/edit", FOREIGN),
    "programmes.publish": ("POST", f"{PAGE}/publish", FOREIGN_POST),
    "programmes.unpublish": ("POST", f"{PAGE}/unpublish", FOREIGN_POST),
    "programmes.delete": ("GET", f"{PAGE}/delete", FOREIGN),
}

COUNTRY_SCOPED = {
    "programmes.edit": ("EC", 200),
    "programmes.publish": ("EC", 302),
    "programmes.unpublish": ("EC", 302),
    "programmes.delete": ("EC", 200),
}

PLACEHOLDERS = {"managed_programme_id": lambda world: world.make.programme("EC", published=False)}
