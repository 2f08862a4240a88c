"""Expected status per role for matching: the weights page for admins, the help page on how
scores work for every staff role."""

from tests.sweep.common import ADMIN_ONLY, status

STAFF = status(302, 403, 200, 200, 200)

EXPECTED = {
    "matching.weights": ("GET", "/matching/weights", ADMIN_ONLY),
    "matching.how_scores_work": ("GET", "/matching/how-scores-work", STAFF),
}
