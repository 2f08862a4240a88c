"""Expected status per role for the managers' good-practice pages (MANAGE_GUIDES: managers
only). Placeholder names are prefixed so they do not replace the public pages' `practice_id`
(a published practice). POSTs without a version change nothing and redirect back to the practice."""

from tests.sweep.programmes import MANAGER_POSTS, MANAGERS

PAGE = "/manage/practices/{managed_practice_id}"

EXPECTED = {
    "practices.index": ("GET", "/manage/practices/", MANAGERS),
    "practices.create": ("GET", "/manage/practices/new", MANAGERS),
    "practices.detail": ("GET", PAGE, MANAGERS),
    "practices.edit": ("GET", f"{PAGE}/edit", MANAGERS),
    "practices.publish": ("POST", f"{PAGE}/publish", MANAGER_POSTS),
    "practices.unpublish": ("POST", f"{PAGE}/unpublish", MANAGER_POSTS),
    "practices.delete": ("GET", f"{PAGE}/delete", MANAGERS),
}

PLACEHOLDERS = {"managed_practice_id": lambda world: world.make.practice(published=False)}
