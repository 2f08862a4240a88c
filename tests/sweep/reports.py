"""Expected status per role for the programme-outcomes dashboard: managers and administrators."""

from tests.sweep.common import status

OUTCOMES = status(302, 403, 403, 200, 200)

EXPECTED = {
    "reports.dashboard": ("GET", "/reports/", OUTCOMES),
    "reports.help": ("GET", "/reports/help", OUTCOMES),
    "reports.health": ("GET", "/reports/health", OUTCOMES),
}
