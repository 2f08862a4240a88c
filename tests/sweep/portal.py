"""Expected status per role for the returnee portal: the signed-in returnee (linked to a person
of their own by the sweep) reads it; staff have no portal."""

from tests.sweep.common import status

PORTAL = status(302, 200, 403, 403, 403)

EXPECTED = {
    "portal.home": ("GET", "/my", PORTAL),
    # "My data" is there for everyone linked to a record.
    "portal.section": ("GET", "/my/data", PORTAL),
}
