"""Expected status per role for the managers' good-practice pages (MANAGE_GUIDES: managers
only). Placeholder names are prefixed so they do not replace the public pages' `practice_id`
(a published practice). POSTs without a version change nothing and redirect back to the practice."""

from tests.sweep.programmes import FOREIGN, FOREIGN_POST, MANAGERS

PAGE = "/manage/practices/{managed_practice_id}"

EXPECTED = {
    "practices.index": ("GET", "/manage/practices/", MANAGERS),
    "practices.create": ("GET", "/manage/practices/new", MANAGERS),
    "practices.detail": ("GET", PAGE, MANAGERS),
    "practices.edit": ("GET", f"{PAGE}/edit", FOREIGN),
    "practices.publish": ("POST", f"{PAGE}/publish", FOREIGN_POST),
    "practices.unpublish": ("POST", f"{PAGE}/unpublish", FOREIGN_POST),
    "practices.delete": ("GET", f"{PAGE}/delete", FOREIGN),
}

# A practice of Ecuador: for managers of Ecuador (the sweep's manager is of a Spanish office).
COUNTRY_SCOPED = {
    "practices.edit": ("EC", 200),
    "practices.publish": ("EC", 302),
    "practices.unpublish": ("EC", 302),
    "practices.delete": ("EC", 200),
}

PLACEHOLDERS = {"managed_practice_id": lambda world: world.make.practice(["EC"], published=False)}
